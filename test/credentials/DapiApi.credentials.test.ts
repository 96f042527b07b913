/** Both credentials: what their generic authenticate adds to a request, and what their test asks Dapi. */
import { DapiApi } from '../../credentials/DapiApi.credentials';
import { DapiConnectionApi } from '../../credentials/DapiConnectionApi.credentials';

describe('Dapi API credential', () => {
	const credential = new DapiApi();

	it('puts the app secret in the JSON body, nowhere else', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { body: { appSecret: '={{$credentials.appSecret}}' } },
		});
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

	it('adds the Bearer token and both secrets to the body', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
				body: { appSecret: '={{$credentials.appSecret}}', userSecret: '={{$credentials.userSecret}}' },
			},
		});
	});

	it('tests with accounts metadata, which never asks the bank for input', () => {
		expect(credential.test.request).toMatchObject({
			url: '/metadata/accounts/get',
			method: 'POST',
			ignoreHttpStatusErrors: true,
		});
	});
});
