import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/n8nVersion';
import { isRepeat, isRepeatShared } from './replay';
import { decryptWebhookData, verifyDapiSignature, verifySvixSignature, type Verdict } from './signature';
import { nothingToRegister } from '../shared/webhookMethods';

assertSupportedN8n();

const DEFAULT_REPLAY_WINDOW = 300;
const MIN_REPLAY_WINDOW = 10;
const MAX_REPLAY_WINDOW = 3600;

interface TriggerOptions {
	replayWindowSeconds?: number;
}

/**
 * The operations Dapi reports by webhook, as endpoint patterns; "/*" covers every endpoint under a path.
 * Options are sorted by name, as n8n lists them.
 */
const KNOWN_OPERATIONS = [
	{ name: 'ACH Pull (US)', value: '/ach/pull/create' },
	{ name: 'Batch (Any Batch Call)', value: '/batch/*' },
	{ name: 'Data (Any Data Call)', value: '/data/*' },
	{ name: 'Transfer', value: '/payment/transfer/create' },
	{ name: 'Transfer Autoflow', value: '/payment/transfer/autoflow' },
	{ name: 'Wire Transfer (US)', value: '/wire/transfer/create' },
	{ name: 'Wire Transfer Autoflow (US)', value: '/wire/transfer/autoflow' },
];

/** Whether an endpoint is one a pattern names: the same path, or under a path ending in "/*". */
function matchesEndpoint(pattern: string, endpoint: string): boolean {
	return pattern.endsWith('/*') ? endpoint.startsWith(pattern.slice(0, -1)) : endpoint === pattern;
}

/** The endpoint an event is about, where the payload names it (Dapi documents no webhook schema). */
function endpointOf(payload: IDataObject): string | undefined {
	const opInfo = payload.opInfo as IDataObject | undefined;
	const named = opInfo?.type ?? payload.endpoint ?? payload.action;
	return typeof named === 'string' ? named.replace(/^\/v2(?=\/)/, '') : undefined;
}

export class DapiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi Trigger',
		name: 'dapiTrigger',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["signatureScheme"] === "svix" ? "Svix signature" : "Dapi signature" }}',
		// n8n shows this text for the whole Dapi app (node and trigger) in the node creator.
		description: "Bank data and payments across the Middle East; starts workflows from Dapi's signed webhooks",
		defaults: { name: 'Dapi Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dapiApi', required: true }],
		// responseData '': without it n8n answers an accepted delivery with the text "firstEntryJson";
		// with it, n8n sends the node's webhookResponse once the execution is started.
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
		properties: [
			{
				displayName:
					"Paste this node's production URL into the webhook URLs of your app in the Dapi dashboard, and the dashboard's webhook secret into the Dapi API credential.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Signature Scheme',
				name: 'signatureScheme',
				type: 'options',
				options: [
					{
						name: 'Dapi Signature (Dapi-Signature, Dapi-Ts)',
						value: 'dapiSignature',
						description: "HMAC-SHA256 of the timestamp and body, as Dapi's Node SDK verifies it",
					},
					{
						name: 'Svix, Encrypted Payload',
						value: 'svix',
						description: "Svix headers and an AES-CFB encrypted payload, as Dapi's 2024 Go SDK verifies it",
					},
				],
				default: 'dapiSignature',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Done', value: 'done' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'User Input Required', value: 'user_input_required' },
				],
				default: [],
				description: 'Start only for these operation statuses; none selected means all',
			},
			{
				displayName: 'Operations',
				name: 'operations',
				type: 'multiOptions',
				options: KNOWN_OPERATIONS,
				default: [],
				description:
					'Start only for events about these operations (with Custom Endpoints); none selected and no custom endpoint means all. Events that name no endpoint do not pass this filter.',
			},
			{
				// Named "endpoints" since the first version, so saved workflows keep their filter.
				displayName: 'Custom Endpoints',
				name: 'endpoints',
				type: 'string',
				default: '',
				placeholder: '/payment/beneficiaries/create, /wire/*',
				description:
					'More endpoints to start for, comma-separated; a path ending in /* covers every endpoint under it. Events that name no endpoint do not pass this filter.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Replay Window (Seconds)',
						name: 'replayWindowSeconds',
						type: 'number',
						typeOptions: { minValue: MIN_REPLAY_WINDOW, maxValue: MAX_REPLAY_WINDOW, numberPrecision: 0 },
						default: DEFAULT_REPLAY_WINDOW,
						description:
							'Deliveries whose timestamp is further from now than this are refused, and a repeated delivery inside it is ignored',
					},
				],
			},
		],
	};

	// Dapi's webhook URLs are set in the Dapi dashboard; there is no API to register them, so there is
	// nothing to create or delete when the workflow is activated.
	webhookMethods = {
		default: nothingToRegister,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const refuse = (status: number, reason: string): IWebhookResponseData => {
			response.status(status).json({ received: false, reason });
			return { noWebhookResponse: true };
		};

		const credentials = await this.getCredentials('dapiApi');
		const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
		if (secret.trim() === '') return refuse(401, 'no webhook secret is configured');

		const scheme = this.getNodeParameter('signatureScheme') as string;
		const { replayWindowSeconds: rawWindow = DEFAULT_REPLAY_WINDOW } = this.getNodeParameter(
			'options',
			{},
		) as TriggerOptions;
		const replayWindowSeconds = Number(rawWindow);
		// A window that is not a sane whole number would switch the timestamp check off (NaN compares false).
		if (
			!Number.isInteger(replayWindowSeconds) ||
			replayWindowSeconds < MIN_REPLAY_WINDOW ||
			replayWindowSeconds > MAX_REPLAY_WINDOW
		) {
			return refuse(
				500,
				`the trigger's Replay Window must be a whole number of seconds from ${MIN_REPLAY_WINDOW} to ${MAX_REPLAY_WINDOW}`,
			);
		}
		const rawBody = (request as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '';
		const nowMs = Date.now();
		const verify = scheme === 'svix' ? verifySvixSignature : verifyDapiSignature;
		const verdict: Verdict = verify(request.headers, rawBody, secret, Math.floor(nowMs / 1000), replayWindowSeconds);
		if (!verdict.ok) return refuse(401, verdict.reason);

		let payload: unknown;
		try {
			const parsed = JSON.parse(rawBody) as IDataObject;
			payload =
				scheme === 'svix'
					? JSON.parse(decryptWebhookData(String(parsed.data ?? ''), String(credentials.webhookEncryptionSecret ?? '')))
					: parsed;
		} catch {
			payload = undefined;
		}
		if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
			return refuse(400, 'the signed body is not the expected JSON');
		}

		const triggerKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		const windowMs = replayWindowSeconds * 1000;
		if (
			isRepeat(triggerKey, verdict.deliveryId, nowMs, windowMs) ||
			isRepeatShared(this.getWorkflowStaticData('node'), verdict.deliveryId, nowMs, windowMs)
		) {
			response.status(200).json({ received: true, duplicate: true });
			return { noWebhookResponse: true };
		}

		const statuses = this.getNodeParameter('statuses', []) as string[];
		const custom = (this.getNodeParameter('endpoints', '') as string).split(',');
		const patterns = [...(this.getNodeParameter('operations', []) as string[]), ...custom]
			.map((pattern) =>
				String(pattern)
					.trim()
					.replace(/^\/v2(?=\/)/, ''),
			)
			.filter(Boolean);
		const endpoint = endpointOf(payload as IDataObject);
		const filteredOut =
			(statuses.length > 0 && !statuses.includes(String((payload as IDataObject).status))) ||
			(patterns.length > 0 && (!endpoint || !patterns.some((pattern) => matchesEndpoint(pattern, endpoint))));
		if (filteredOut) {
			response.status(200).json({ received: true, filtered: true });
			return { noWebhookResponse: true };
		}

		const headers = request.headers;
		const received: IDataObject =
			scheme === 'svix'
				? { scheme, svixId: headers['svix-id'], svixTimestamp: headers['svix-timestamp'] }
				: { scheme, dapiTs: headers['dapi-ts'] };
		return {
			webhookResponse: { received: true },
			workflowData: [
				[
					{
						json: {
							...payload,
							webhook: { ...received, endpoint: endpoint ?? null, receivedAt: new Date(nowMs).toISOString() },
						},
					},
				],
			],
		};
	}
}
