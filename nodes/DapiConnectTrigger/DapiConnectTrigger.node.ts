import { randomBytes } from 'crypto';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { explainExchangeFailure, spec as exchangeSpec } from '../Dapi/actions/auth/exchangeAccessCode.operation';
import { assertSupportedN8n } from '../shared/n8nVersion';
import { sealConnection, sealingKeysFrom, type ConnectionSecrets, type SealingKey } from '../shared/seal';
import { apiRequest } from '../shared/transport';
import { saysUnsuccessful } from '../shared/transport/answer';
import { hostKey, isHostSource, n8nOrigins, scriptUrlProblem, sourceCoversOrigin, trustedHosts } from './isolation';
import { connectPage, problemPage, type Page } from './pages';
import { widgetWindowPage } from './widget';
import { REF_PATTERN, issueState, readState, stateKey, useSharedState, usedStates, type ConnectEvent } from './state';
import { nothingToRegister } from '../shared/webhookMethods';

assertSupportedN8n();

export const DEFAULT_CONNECT_SCRIPT_URL = 'https://cdn.dapi.com/connect/v3/connector.js';
const DEFAULT_WIDGET_ORIGINS = 'https://*.dapi.com https://*.dapi.co';

interface TriggerOptions {
	connectScriptUrl?: string;
	widgetOrigins?: string;
	isExperimental?: boolean;
	failedConnectionsOutput?: boolean;
}

interface Setup {
	appSecret: string;
	appKey: string;
	sealingKey?: SealingKey;
	sealed: boolean;
	options: TriggerOptions;
	/** Hosts the credential trusts for Connect's script, besides Dapi's CDN. */
	scriptHosts: string[];
}

/** What the page posts back: Connect's payload, or why there is none. */
interface Result {
	state?: unknown;
	event?: unknown;
	payload?: Record<string, unknown>;
	error?: Record<string, unknown>;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const shortText = (value: unknown): string | undefined => text(value)?.slice(0, 200);
/** An ID from the browser's post: only a plain token of ID characters is taken. */
const shortId = (value: unknown): string | undefined => {
	const id = text(value);
	return id && /^[A-Za-z0-9_.:=+/-]{1,200}$/.test(id) ? id : undefined;
};

export class DapiConnectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi Connect Trigger',
		name: 'dapiConnectTrigger',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["output"] === "plain" ? "Plain token" : "Sealed connection" }}',
		description:
			'Serves a page where a customer connects a bank with Dapi Connect; starts the workflow with the connection',
		defaults: { name: 'Dapi Connect Trigger' },
		inputs: [],
		outputs: `={{ ($parameter.options || {}).failedConnectionsOutput ? [{ type: "main", displayName: "Connected" }, { type: "main", displayName: "Failed" }] : [{ type: "main", displayName: "Connected" }] }}`,
		credentials: [{ name: 'dapiApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'connect' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'connect' },
		],
		properties: [
			{
				displayName:
					"Send each customer this node's Production URL with their own ref, e.g. …/connect?ref=customer-42. The ref comes back with the connection. Needs the App Key (and, for sealed output, a Connection Sealing Key) in the Dapi API credential.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Environment',
				name: 'environment',
				type: 'options',
				options: [
					{ name: 'Sandbox', value: 'sandbox' },
					{ name: 'Production', value: 'production' },
				],
				default: 'sandbox',
				description: "Dapi Connect's environment; it must match the app and the Base URL of the credential",
			},
			{
				displayName: 'Countries',
				name: 'countries',
				type: 'string',
				default: 'AE',
				placeholder: 'AE, SA',
				description: 'Countries whose banks Connect offers, as two-letter codes separated by commas',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'Sealed Connection',
						value: 'sealed',
						description: 'One encrypted value (sealedConnection) holding the token, user secret and IDs',
					},
					{
						name: 'Access Token and User Secret',
						value: 'plain',
						description: 'The token and user secret as plain fields; they end up in execution data',
					},
				],
				default: 'sealed',
			},
			{
				displayName: 'Page Title',
				name: 'pageTitle',
				type: 'string',
				default: 'Connect your bank',
			},
			{
				displayName: 'Page Text',
				name: 'pageText',
				type: 'string',
				typeOptions: { rows: 3 },
				default:
					'We use Dapi to connect to your bank. You log in to your bank in a secure window; we never see your password.',
			},
			{
				displayName: 'Button Text',
				name: 'buttonText',
				type: 'string',
				default: 'Connect my bank',
			},
			{
				displayName: 'Success Text',
				name: 'successText',
				type: 'string',
				default: 'Your bank is connected. You can close this page.',
				description: 'What the page says once the connection is made and stored',
			},
			{
				displayName: 'Failure Text',
				name: 'failureText',
				type: 'string',
				default: 'Your bank was not connected. You can try again.',
				description: 'What the page says when the customer cancels or the connection fails',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Connect Script URL',
						name: 'connectScriptUrl',
						type: 'string',
						default: DEFAULT_CONNECT_SCRIPT_URL,
						description:
							"Where Dapi's Connect Layer script is loaded from: Dapi's CDN, this computer (the local Dapi simulator) or a host the Dapi API credential lists under Connect Script Hosts",
					},
					{
						displayName: 'Experimental Banks',
						name: 'isExperimental',
						type: 'boolean',
						default: false,
						description: 'Whether Connect also offers banks Dapi marks as experimental (beta)',
					},
					{
						displayName: 'Output Failed Connections',
						name: 'failedConnectionsOutput',
						type: 'boolean',
						default: false,
						description:
							'Whether a cancelled, abandoned or failed connection starts the workflow on a second output (Failed); otherwise it starts nothing',
					},
					{
						displayName: 'Widget Origins',
						name: 'widgetOrigins',
						type: 'string',
						default: DEFAULT_WIDGET_ORIGINS,
						description:
							"Besides the script's own origin, the origins the widget may load from and talk to (space-separated, e.g. https://*.dapi.com). Nothing else can be reached from its window.",
					},
				],
			},
		],
	};

	// The Connect page is served by this node; there is nothing to register anywhere.
	webhookMethods = {
		setup: nothingToRegister,
		default: nothingToRegister,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const setup = await readSetup.call(this);
		if (this.getWebhookName() === 'setup') {
			const query = this.getQueryData() as Record<string, unknown>;
			const page =
				query.window !== undefined ? widgetWindowFor.call(this, setup, query) : connectPageFor.call(this, setup, query);
			send.call(this, page);
			return { noWebhookResponse: true };
		}
		return await receiveResult.call(this, setup);
	}
}

async function readSetup(this: IWebhookFunctions): Promise<Setup | { problem: string }> {
	const credentials: ICredentialDataDecryptedObject = await this.getCredentials('dapiApi');
	const appSecret = text(credentials.appSecret);
	const appKey = text(credentials.appKey);
	if (!appSecret) return { problem: 'The Dapi API credential has no App Secret.' };
	if (!appKey) return { problem: 'The Dapi API credential has no App Key; Dapi Connect needs it.' };
	const sealed = this.getNodeParameter('output', 'sealed') === 'sealed';
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const scriptHosts = trustedHosts(credentials.connectScriptHosts);
	if (!sealed) return { appSecret, appKey, sealed, options, scriptHosts };
	const keys = sealingKeysFrom(credentials.sealingSecret, credentials.previousSealingSecret);
	if (keys.problem || !keys.current) {
		return {
			problem:
				keys.problem ?? 'The Dapi API credential has no Connection Sealing Key; the Output is a sealed connection.',
		};
	}
	return { appSecret, appKey, sealed, sealingKey: keys.current, options, scriptHosts };
}

function triggerId(this: IWebhookFunctions): string {
	return `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
}

function send(this: IWebhookFunctions, page: Page): void {
	const response = this.getResponseObject();
	response.status(page.status);
	for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
	response.send(page.body);
}

const NOT_SET_UP = 'This page is not set up yet';

interface Placement {
	/** This trigger's URL on the webhook host, where the widget window runs and posts. */
	webhookUrl: string;
	editorOrigin: string;
}

/**
 * Where the widget window is served, or why it cannot be: on the webhook host only, which must not
 * share cookies with the editor's, and with a script and origins that are none of n8n's (isolation.ts).
 */
function placementOf(this: IWebhookFunctions, setup: Setup): Placement | { problem: string } {
	const origins = n8nOrigins(this.getInstanceBaseUrl(), this.getNodeWebhookUrl('default'));
	if ('problem' in origins) return origins;
	const path = requestPath.call(this);
	if (!path) return { problem: 'The address this page was opened at cannot be used.' };
	const scriptUrl = scriptUrlOf(setup);
	const problem = scriptUrlProblem(scriptUrl, setup.scriptHosts);
	if (problem) return { problem };
	const widgetOrigins = widgetOriginsOf(setup);
	if (widgetOrigins.some((origin) => !isHostSource(origin))) {
		return { problem: 'Widget Origins must be origins like https://*.dapi.com, separated by spaces.' };
	}
	const n8n = [origins.editor, origins.webhook];
	const scriptSource = new URL(scriptUrl).origin;
	if ([scriptSource, ...widgetOrigins].some((source) => n8n.some((origin) => sourceCoversOrigin(source, origin)))) {
		return {
			problem:
				"The Connect Script URL and the Widget Origins must not include this n8n's own addresses: serve a proxy of the script from another host.",
		};
	}
	return { webhookUrl: `${origins.webhook}${path}`, editorOrigin: origins.editor };
}

const scriptUrlOf = (setup: Setup) => text(setup.options.connectScriptUrl) ?? DEFAULT_CONNECT_SCRIPT_URL;
const widgetOriginsOf = (setup: Setup) => (text(setup.options.widgetOrigins) ?? DEFAULT_WIDGET_ORIGINS).split(/\s+/);

function connectPageFor(
	this: IWebhookFunctions,
	setup: Setup | { problem: string },
	query: Record<string, unknown>,
): Page {
	if ('problem' in setup) return problemPage(500, NOT_SET_UP, setup.problem);
	const placement = placementOf.call(this, setup);
	if ('problem' in placement) return problemPage(500, NOT_SET_UP, placement.problem);
	const ref = query.ref;
	if (typeof ref !== 'string' || !REF_PATTERN.test(ref)) {
		return problemPage(
			400,
			'This link is incomplete',
			'The link must name who connects, for example ?ref=customer-42 (1 to 128 letters, digits or . _ : @ + -). Ask for a new link.',
		);
	}
	const now = Date.now();
	const { token, state } = issueState(stateKey(setup.appSecret, triggerId.call(this)), ref, now);
	return connectPage(
		{
			title: this.getNodeParameter('pageTitle', '') as string,
			text: this.getNodeParameter('pageText', '') as string,
			button: this.getNodeParameter('buttonText', '') as string,
			success: this.getNodeParameter('successText', '') as string,
			failure: this.getNodeParameter('failureText', '') as string,
		},
		{ token, lifetimeMs: state.expiresAt - now, windowUrl: placement.webhookUrl },
	);
}

/** This trigger's path as the browser asked for it (test or production URL). */
function requestPath(this: IWebhookFunctions): string | undefined {
	const request = this.getRequestObject();
	const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
	return /^\/[A-Za-z0-9._~/-]*$/.test(path) ? path : undefined;
}

function widgetWindowFor(
	this: IWebhookFunctions,
	setup: Setup | { problem: string },
	query: Record<string, unknown>,
): Page {
	if ('problem' in setup) return problemPage(500, NOT_SET_UP, setup.problem);
	const placement = placementOf.call(this, setup);
	if ('problem' in placement) return problemPage(500, NOT_SET_UP, placement.problem);
	// Never on the editor's host, whatever path reaches it (the window checks its origin too).
	if (hostKey(String(this.getRequestObject().headers.host ?? '')) === hostKey(new URL(placement.editorOrigin).host)) {
		return problemPage(400, 'Open the link you were sent', 'This page opens only from the Connect link.');
	}
	const checked = readState(stateKey(setup.appSecret, triggerId.call(this)), query.state, Date.now());
	if (!checked.ok) {
		return problemPage(400, 'This link has expired', 'Open the link you were sent again to connect your bank.');
	}
	const countries = (this.getNodeParameter('countries', '') as string)
		.split(',')
		.map((code) => code.trim().toUpperCase())
		.filter((code) => /^[A-Z]{2}$/.test(code));
	return widgetWindowPage({
		environment: this.getNodeParameter('environment', 'sandbox') === 'production' ? 'production' : 'sandbox',
		appKey: setup.appKey,
		countries,
		isExperimental: setup.options.isExperimental === true,
		scriptUrl: scriptUrlOf(setup),
		widgetOrigins: widgetOriginsOf(setup),
		postUrl: placement.webhookUrl,
		state: query.state as string,
		nonce: randomBytes(16).toString('base64'),
	});
}

/** Answers the page with JSON: whether the connection was made (no secret, ever). */
function answer(this: IWebhookFunctions, status: number, body: IDataObject): void {
	const response = this.getResponseObject();
	response.status(status);
	response.setHeader('Cache-Control', 'no-store');
	response.json(body);
}

async function receiveResult(
	this: IWebhookFunctions,
	setup: Setup | { problem: string },
): Promise<IWebhookResponseData> {
	if ('problem' in setup) {
		answer.call(this, 500, { ok: false, reason: NOT_SET_UP });
		return { noWebhookResponse: true };
	}
	const body = (this.getBodyData() ?? {}) as Result;
	const now = Date.now();
	const checked = readState(stateKey(setup.appSecret, triggerId.call(this)), body.state, now);
	if (!checked.ok) {
		answer.call(this, checked.problem === 'expired' ? 410 : 403, { ok: false, reason: `${checked.problem} state` });
		return { noWebhookResponse: true };
	}
	const event: ConnectEvent = body.event === 'success' || body.event === 'abandoned' ? body.event : 'failure';
	// This process's memory first (exact for copies arriving here at once), then the workflow's record
	// that every webhook process reads and that outlives restarts.
	if (
		!usedStates.use(triggerId.call(this), checked.state, now, event) ||
		!useSharedState(this.getWorkflowStaticData('node'), checked.state, now, event)
	) {
		answer.call(this, 409, { ok: false, reason: 'used state' });
		return { noWebhookResponse: true };
	}
	const { ref } = checked.state;
	const withFailedOutput = setup.options.failedConnectionsOutput === true;
	const failed = (json: IDataObject): IWebhookResponseData =>
		withFailedOutput
			? {
					noWebhookResponse: true,
					workflowData: [[], [{ json: { ref, ...json, failedAt: new Date(now).toISOString() } }]],
				}
			: { noWebhookResponse: true };

	if (body.event !== 'success') {
		const status = body.event === 'abandoned' ? 'abandoned' : 'failed';
		answer.call(this, 200, { ok: false, recorded: true });
		return failed({
			status,
			error: { type: shortText(body.error?.type) ?? null, msg: shortText(body.error?.msg) ?? null },
		});
	}

	const payload = body.payload ?? {};
	const accessCode = text(payload.accessCode);
	// From the browser: only an ID-shaped value goes into the exchange, the output and the seal.
	const connectionID = shortId(payload.connectionID);
	const userSecret = text(payload.userSecret);
	if (saysUnsuccessful(payload.success) || !accessCode || !connectionID || !userSecret) {
		answer.call(this, 400, { ok: false, reason: 'incomplete Connect result' });
		return failed({
			status: 'failed',
			error: { type: 'INCOMPLETE_RESULT', msg: "Connect's result lacks the access code, connection ID or user secret" },
		});
	}
	const bankId = text(payload.bankId);

	let exchanged: IDataObject;
	try {
		// The transport is typed for executing nodes; what it uses (getNode, getCredentials and the
		// request helpers) is the same in a webhook.
		const response = await apiRequest.call(this, 0, {
			endpoint: exchangeSpec.path,
			body: { accessCode, connectionID },
			auth: { source: 'none' },
			// A code works once: the exchange is sent once, whatever happens.
			sideEffect: exchangeSpec.sideEffect,
			unknownOutcomeAdvice: 'If Dapi used the code, it cannot be exchanged again: the customer connects again.',
			secrets: [accessCode, userSecret],
			explain: explainExchangeFailure,
		});
		exchanged = (response.body ?? {}) as IDataObject;
		if (text(exchanged.accessToken) === undefined) {
			throw new NodeOperationError(this.getNode(), 'Dapi answered without an access token');
		}
	} catch (error) {
		const known = error instanceof NodeApiError || error instanceof NodeOperationError;
		const message = known ? error.message : 'The access code could not be exchanged';
		answer.call(this, 502, { ok: false, reason: 'exchange failed' });
		return failed({
			status: 'failed',
			error: {
				type: known && typeof error.context.type === 'string' ? error.context.type : 'EXCHANGE_FAILED',
				msg: message,
			},
		});
	}

	// Dapi's docs show the exchange answering with the access token alone; Connect's result names the
	// user and token too, so it fills what the exchange leaves out.
	const tokenID = text(exchanged.tokenID) ?? shortId(payload.tokenID);
	const userID = text(exchanged.userID) ?? shortId(payload.userID);
	const connection: ConnectionSecrets = {
		accessToken: exchanged.accessToken as string,
		userSecret,
		connectionID,
		...(tokenID ? { tokenID } : {}),
		...(userID ? { userID } : {}),
		...(bankId && /^[A-Za-z0-9_.-]{1,64}$/.test(bankId) ? { bankId } : {}),
	};
	const item: IDataObject = {
		ref,
		connectionID,
		userID: connection.userID ?? null,
		tokenID: connection.tokenID ?? null,
		...(connection.bankId ? { bankId: connection.bankId } : {}),
		connectedAt: new Date(now).toISOString(),
	};
	if (setup.sealingKey) item.sealedConnection = sealConnection(connection, setup.sealingKey);
	else Object.assign(item, { accessToken: connection.accessToken, userSecret: connection.userSecret });

	answer.call(this, 200, { ok: true });
	const connected: INodeExecutionData[] = [{ json: item }];
	return { noWebhookResponse: true, workflowData: withFailedOutput ? [connected, []] : [connected] };
}
