/**
 * The Connect Trigger's webhook() as n8n calls it, with a minimal webhook context whose HTTP helper
 * sends to the simulator (or a hostile server): the exchange is real; no WorkflowExecute, so no engine.
 */
import type { IDataObject, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { DapiConnectTrigger } from '../../nodes/DapiConnectTrigger/DapiConnectTrigger.node';
import type { Simulator } from '../../simulator';

export const APP_SECRET = 'connect-trigger-unit-app-secret';
export const APP_KEY = 'connect-trigger-unit-app-key';
export const SEALING_SECRET = 'connect-trigger-unit-sealing-secret-0123456789';
export const N8N = 'http://n8n.test:5678';
export const HOOKS = 'http://hooks.test:5678';
export const PATH = '/webhook/11111111-2222-4333-8444-555555555555/connect';

export interface Sent {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
}

let nodeCounter = 0;

/** Just enough of n8n's webhook context to run the trigger's webhook() as n8n would. */
export function trigger(
	sim: Simulator,
	{
		parameters = {},
		credentials = {},
		nodeId = `node-${++nodeCounter}`,
		editorBaseUrl = `${N8N}/`,
		webhookBaseUrl = `${HOOKS}/`,
		database = { staticData: '{}' },
		Trigger = DapiConnectTrigger,
	}: {
		parameters?: IDataObject;
		credentials?: IDataObject;
		nodeId?: string;
		editorBaseUrl?: string;
		webhookBaseUrl?: string;
		/** The workflow's static data as n8n's database holds it, shared by every n8n process. */
		database?: { staticData: string };
		/** The node as this n8n process loaded it (see anotherProcess). */
		Trigger?: typeof DapiConnectTrigger;
	} = {},
) {
	const params: IDataObject = {
		environment: 'sandbox',
		countries: 'AE, us, nonsense',
		output: 'sealed',
		pageTitle: 'Connect <b>your</b> bank',
		pageText: 'Text & "quotes"',
		buttonText: 'Go',
		successText: 'Done',
		failureText: 'Not done',
		options: { connectScriptUrl: `${sim.url}/connect/v3/connector.js` },
		...parameters,
	};
	const creds: IDataObject = {
		appSecret: APP_SECRET,
		appKey: APP_KEY,
		baseUrl: sim.baseUrl,
		sealingSecret: SEALING_SECRET,
		...credentials,
	};

	async function call(
		method: 'GET' | 'POST',
		query: Record<string, string> = {},
		body?: unknown,
		headers: Record<string, string> = {},
	) {
		const sent: Sent = { headers: {} };
		let credentialReads = 0;
		const res = {
			status(code: number) {
				sent.status = code;
				return res;
			},
			setHeader(name: string, value: string) {
				sent.headers[name.toLowerCase()] = value;
			},
			send(text: string) {
				sent.body = text;
			},
			json(value: unknown) {
				sent.body = value;
			},
		};
		// n8n loads the workflow's static data for each production webhook call and saves it after the
		// node answered (when the node answers itself, before the run starts).
		const staticData = JSON.parse(database.staticData) as Record<string, IDataObject>;
		const fake = {
			getWorkflowStaticData: (type: string) => (staticData[`${type}:Dapi Connect Trigger`] ??= {}),
			getWebhookName: () => (method === 'GET' ? 'setup' : 'default'),
			getQueryData: () => query,
			getBodyData: () => body ?? {},
			getRequestObject: () => ({
				headers: { host: 'hooks.test:5678', ...headers },
				protocol: 'http',
				originalUrl: `${PATH}?${new URLSearchParams(query)}`,
			}),
			getResponseObject: () => res,
			getInstanceBaseUrl: () => editorBaseUrl,
			getNodeWebhookUrl: () => `${webhookBaseUrl}${PATH.slice(1)}`,
			getCredentials: async () => {
				credentialReads++;
				return { ...creds };
			},
			getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
			getWorkflow: () => ({ id: 'wf-connect' }),
			getNode: () => ({
				id: nodeId,
				name: 'Dapi Connect Trigger',
				credentials: { dapiApi: { id: 'c1', name: 'Dapi' } },
			}),
			helpers: {
				// n8n's generic authenticate puts the app secret into the body, as the credential declares.
				async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
					const response = await fetch(options.url, {
						method: options.method,
						headers: options.headers as Record<string, string>,
						body: JSON.stringify({ ...(options.body as object), appSecret: creds.appSecret }),
					});
					return { statusCode: response.status, headers: {}, body: await response.json() };
				},
			},
		};
		const result = await new Trigger().webhook.call(fake as unknown as IWebhookFunctions);
		database.staticData = JSON.stringify(staticData);
		return { result, sent, credentialReads };
	}

	return {
		nodeId,
		page: (query: Record<string, string> = {}) => call('GET', query),
		/** The widget window, asked for on `host`. */
		window: (query: Record<string, string>, host = 'hooks.test:5678') =>
			call('GET', { window: '1', ...query }, undefined, { host }),
		post: (body: unknown) => call('POST', {}, body),
		/** A state as the Connect page would carry it. */
		async state(ref = 'customer-1') {
			const { sent } = await call('GET', { ref });
			return /"state":"([^"]+)"/.exec(sent.body as string)![1];
		},
	};
}
