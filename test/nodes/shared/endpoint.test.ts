import { endpointProblem, resolveDapiUrl } from '../../../nodes/shared/endpoint';
import { redactSecrets } from '../../../nodes/shared/secrets';

describe("resolveDapiUrl keeps every request under the credential's Base URL", () => {
	it.each([
		['https://api.dapi.com/v2', '/data/accounts/get', 'https://api.dapi.com/v2/data/accounts/get'],
		['https://api.dapi.com/v2/', '/data/accounts/get', 'https://api.dapi.com/v2/data/accounts/get'],
		['http://127.0.0.1:8787/v2', '/auth/ExchangeToken', 'http://127.0.0.1:8787/v2/auth/ExchangeToken'],
		['https://proxy.example/dapi/v2', '/data/balance/get', 'https://proxy.example/dapi/v2/data/balance/get'],
	])('%s + %s', (base, endpoint, url) => {
		expect(resolveDapiUrl(base, endpoint)).toEqual({ url });
	});

	it.each([
		['not a url', '/data/accounts/get', /not a valid URL/],
		['ftp://api.dapi.com/v2', '/data/accounts/get', /must start with https:\/\//],
		['https://api.dapi.com/v2', '/v2/data/accounts/get', /already ends with \/v2/],
	])('refuses %s + %s', (base, endpoint, problem) => {
		const result = resolveDapiUrl(base, endpoint);
		expect('problem' in result && result.problem).toMatch(problem);
	});
});

describe('endpointProblem', () => {
	it.each(['/data/accounts/get', '/users/DelinkUser', '/data/completeAccounts/get/', 'data-x/y'.replace(/^/, '/')])(
		'accepts %s',
		(endpoint) => expect(endpointProblem(endpoint)).toBeUndefined(),
	);

	it.each([
		['data/accounts/get', /must start with "\/"/],
		['HTTPS://api.dapi.com/v2/x', /absolute URL/],
		['javascript:alert(1)', /absolute URL/],
		['/a/./b', /"\." or "\.\."/],
		['/a b', /may only contain/],
		['/a#b', /may only contain/],
		['   ', /empty/],
	])('refuses %j', (endpoint, reason) => expect(endpointProblem(endpoint)).toMatch(reason));
});

describe('redactSecrets', () => {
	it('masks every occurrence of every secret and leaves the rest', () => {
		expect(redactSecrets('code abcdef12 and abcdef12 with token zzzzzzzz', ['abcdef12', 'zzzzzzzz', undefined])).toBe(
			'code [redacted] and [redacted] with token [redacted]',
		);
	});
});
