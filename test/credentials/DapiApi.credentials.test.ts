/** Both credentials: what their authenticate adds to a request, and what their test asks Dapi. */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { DapiApi } from '../../credentials/DapiApi.credentials';
import { DapiConnectionApi } from '../../credentials/DapiConnectionApi.credentials';

describe('Dapi API credential', () => {
	const credential = new DapiApi();

	const secrets = { appSecret: 'app-secret-1', appKey: 'app-key', baseUrl: 'https://api.dapi.com/v2' };
	const authenticate = (options: IHttpRequestOptions) =>
		(credential.authenticate as (c: object, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(secrets, options);

	it('puts the app secret in the JSON body, nowhere else, without touching the request it was given', async () => {
		const request: IHttpRequestOptions = {
			url: 'https://api.dapi.com/v2/data/balance/get',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { accountID: 'acc-1' },
		};
		const before = structuredClone(request);
		const sent = await authenticate(request);
		expect(sent).toEqual({ ...before, body: { accountID: 'acc-1', appSecret: 'app-secret-1' } });
		expect(request).toEqual(before);
	});

	it('adds a body to a request that has none, and leaves a body that is not a JSON object alone', async () => {
		expect((await authenticate({ url: 'https://api.dapi.com/v2/auth/ExchangeToken' })).body).toEqual({
			appSecret: 'app-secret-1',
		});
		for (const body of ['raw text', Buffer.from('raw'), [1, 2]]) {
			expect((await authenticate({ url: 'https://x.test', body: body as IHttpRequestOptions['body'] })).body).toBe(
				body,
			);
		}
	});

	it('tests the secret with a placeholder access code at the Base URL, reading the envelope, not the status', () => {
		expect(credential.test.request).toMatchObject({
			baseURL: '={{$credentials.baseUrl}}',
			url: '/auth/ExchangeToken',
			method: 'POST',
			body: { accessCode: 'n8n-credential-test', connectionID: 'n8n-credential-test' },
			ignoreHttpStatusErrors: true,
		});
		const refusals = (credential.test.rules ?? []).map((rule) => (rule.properties as { value?: unknown }).value);
		expect(refusals).toEqual(expect.arrayContaining(['INVALID_APP_SECRET', 'NOT_FOUND', undefined]));
	});

	it("keeps its secrets in password fields and locks n8n's HTTP Request node to api.dapi.com by default", () => {
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		for (const name of ['appSecret', 'webhookSecret', 'webhookEncryptionSecret'])
			expect(byName[name].typeOptions?.password).toBe(true);
		expect(byName.allowedHttpRequestDomains.default).toBe('domains');
		expect(byName.allowedDomains.default).toBe('api.dapi.com');
	});
});

describe('Dapi Connection API credential', () => {
	const credential = new DapiConnectionApi();

	it('adds the Bearer token to the headers and both secrets to the body', async () => {
		const secrets = { appSecret: 'app-secret-1', accessToken: 'token-1', userSecret: 'user-secret-1' };
		const sent = await (credential.authenticate as (c: object, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(
			secrets,
			{
				url: 'https://api.dapi.com/v2/metadata/accounts/get',
				headers: { 'Content-Type': 'application/json' },
				body: { accountID: 'acc-1' },
			},
		);
		expect(sent.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer token-1' });
		expect(sent.body).toEqual({ accountID: 'acc-1', appSecret: 'app-secret-1', userSecret: 'user-secret-1' });
	});

	it('tests with accounts metadata, which never asks the bank for input', () => {
		expect(credential.test.request).toMatchObject({
			url: '/metadata/accounts/get',
			method: 'POST',
			ignoreHttpStatusErrors: true,
		});
	});
});
