/**
 * The transport's contract with n8n: the exact options it hands to httpRequestWithAuthentication, and
 * that it sends once, reads the answer itself and accepts only Dapi's envelope. n8n's helper is replaced
 * by a recorder here; test/engine/faults.test.ts runs the same paths through the real helper.
 */
import { Readable } from 'node:stream';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { Run } from '../../../../nodes/shared/run';
import { dapiRequest } from '../../../../nodes/shared/transport';

interface Sent {
	credentialType: string;
	options: IHttpRequestOptions;
	extra: { credentialsDecrypted?: { data: Record<string, unknown> } };
	context: IExecuteFunctions;
}

const CREDENTIALS = { appSecret: 'app-secret-0123456789', appKey: 'app-key', baseUrl: 'https://api.dapi.com/v2' };

function fakeContext(answer: (sent: Sent) => Promise<unknown>) {
	const sent: Sent[] = [];
	const cancel = new AbortController();
	const context = {
		getNode: () => ({
			name: 'Dapi',
			type: 'n8n-nodes-dapi.dapi',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			id: 'n',
			credentials: { dapiApi: { id: 'c1', name: 'Dapi' } },
		}),
		getCredentials: async () => ({ ...CREDENTIALS }),
		getExecutionCancelSignal: () => cancel.signal,
		helpers: {
			async httpRequestWithAuthentication(
				this: IExecuteFunctions,
				credentialType: string,
				options: IHttpRequestOptions,
				extra: Sent['extra'],
			) {
				const call = { credentialType, options, extra, context: this };
				sent.push(call);
				return await answer(call);
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, sent, cancel };
}

const streamed =
	(statusCode: number, body: string, headers: Record<string, string> = {}) =>
	async () => ({
		statusCode,
		headers: { 'content-type': 'application/json', ...headers },
		body: Readable.from([Buffer.from(body)]),
	});

const auth = { source: 'fields' as const, accessToken: 'token-value-0123456789', userSecret: 'user-secret-0123456789' };

describe('what the transport hands to n8n', () => {
	it('a user call: POST to the Base URL, Bearer token, userSecret in the body, the answer streamed, no redirects', async () => {
		const { context, sent } = fakeContext(streamed(200, '{"success":true,"status":"done","accounts":[]}'));
		const response = await dapiRequest(new Run(context), 0, {
			endpoint: '/data/accounts/get',
			body: { accountID: 'a1' },
			auth,
			timeout: 5000,
		});
		expect(response.body).toEqual({ success: true, status: 'done', accounts: [] });
		expect(sent).toHaveLength(1);
		const { credentialType, options, extra } = sent[0];
		expect(credentialType).toBe('dapiApi');
		expect(options).toMatchObject({
			method: 'POST',
			url: 'https://api.dapi.com/v2/data/accounts/get',
			headers: { 'Content-Type': 'application/json', Authorization: 'Bearer token-value-0123456789' },
			body: { accountID: 'a1', userSecret: 'user-secret-0123456789' },
			json: true,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 5000,
		});
		// The app secret is added by the credential's authenticate, never by the node.
		expect(JSON.stringify(options.body)).not.toContain('app-secret');
		expect(extra.credentialsDecrypted?.data).toMatchObject(CREDENTIALS);
	});

	it.each([
		['/data/accounts/get', 135_000],
		['/operation/get', 135_000],
		['/payment/beneficiaries/create', 135_000],
		['/payment/transfer/create', 300_000],
		['/payment/transfer/autoflow', 300_000],
		['/wire/transfer/create', 300_000],
		['/wire/transfer/autoflow', 300_000],
		['/ach/pull/create', 300_000],
	])(
		'with no Timeout set, %s waits %i ms: longer than Dapi works on a call, as its SDKs wait',
		async (endpoint, expected) => {
			const { context, sent } = fakeContext(streamed(200, '{"success":true,"status":"done"}'));
			await dapiRequest(new Run(context), 0, {
				endpoint,
				auth,
				sideEffect: endpoint.includes('create') ? 'x' : undefined,
			});
			expect(sent[0].options.timeout).toBe(expected);
		},
	);

	it("the abort signal n8n uses carries the deadline as well as the execution's cancel signal", async () => {
		let abortedOnCancel: boolean | undefined;
		const { context, sent, cancel } = fakeContext(async (call) => {
			const signal = call.context.getExecutionCancelSignal!()!;
			expect(call.options.abortSignal).toBe(signal);
			expect(signal.aborted).toBe(false);
			cancel.abort();
			abortedOnCancel = signal.aborted;
			return await streamed(200, '{"success":true}')();
		});
		await dapiRequest(new Run(context), 0, { endpoint: '/data/accounts/get', auth, timeout: 5000 }).catch(
			() => undefined,
		);
		expect(sent).toHaveLength(1);
		expect(abortedOnCancel).toBe(true);

		const slow = fakeContext(async (call) => {
			const signal = call.context.getExecutionCancelSignal!()!;
			await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
			return { reason: (signal.reason as Error).name };
		});
		await expect(
			dapiRequest(new Run(slow.context), 0, { endpoint: '/data/accounts/get', auth, timeout: 1000, retryReads: false }),
		).rejects.toThrow(/1 s|timeout|time/i);
	});

	it('an app-level call sends no Authorization and no user secret', async () => {
		const { context, sent } = fakeContext(streamed(200, '{"success":true,"accessToken":"t"}'));
		await dapiRequest(new Run(context), 0, {
			endpoint: '/auth/ExchangeToken',
			body: { accessCode: 'c', connectionID: 'x' },
			auth: { source: 'none' },
		});
		expect(sent[0].options.headers).toEqual({ 'Content-Type': 'application/json' });
		expect(sent[0].options.body).toEqual({ accessCode: 'c', connectionID: 'x' });
	});

	it('a change is handed over once and never again, whatever came back', async () => {
		const { context, sent } = fakeContext(streamed(503, 'Service Unavailable', { 'content-type': 'text/plain' }));
		await expect(
			dapiRequest(new Run(context), 0, {
				endpoint: '/payment/transfer/create',
				body: { amount: 1 },
				auth,
				sideEffect: 'transfer',
			}),
		).rejects.toThrow("The transfer's outcome is unknown");
		expect(sent).toHaveLength(1);
	});

	it('a read answered 503 is handed over three times in all', async () => {
		const { context, sent } = fakeContext(
			streamed(503, '{"success":false,"status":"failed","type":"X"}', { 'retry-after': '0' }),
		);
		await expect(dapiRequest(new Run(context), 0, { endpoint: '/data/accounts/get', auth })).rejects.toThrow();
		expect(sent).toHaveLength(3);
	});

	it('refuses a path that would leave the Base URL before handing anything over', async () => {
		const { context, sent } = fakeContext(streamed(200, '{}'));
		await expect(dapiRequest(new Run(context), 0, { endpoint: '/../../evil', auth })).rejects.toThrow(
			'The request URL was refused',
		);
		expect(sent).toHaveLength(0);
	});
});
