import {
	n8nOrigins,
	scriptUrlProblem,
	sourceCoversOrigin,
	trustedHosts,
} from '../../../nodes/DapiConnectTrigger/isolation';

describe("n8n's two hosts", () => {
	it.each([
		['the default single host', 'http://127.0.0.1:5678/', 'http://127.0.0.1:5678/'],
		['another port on the same host name (cookies ignore ports)', 'http://n8n.test:5678/', 'http://n8n.test:8443/'],
		['another scheme', 'https://n8n.test/', 'http://n8n.test/'],
		['a trailing dot', 'https://n8n.test/', 'https://N8N.test./'],
		['no webhook URL', 'https://n8n.test/', undefined],
		['sibling host names (cookies of example.com)', 'https://n8n.example.com/', 'https://hooks.example.com/'],
		['a webhook host under the editor host', 'https://example.com/', 'https://hooks.example.com/'],
	])('refuse %s', (_what, editor, webhook) => {
		expect(n8nOrigins(editor, webhook)).toEqual({ problem: expect.stringMatching(/WEBHOOK_URL/) });
	});

	it('give both origins for hosts on different domains', () => {
		expect(n8nOrigins('https://n8n.example.com/', 'https://n8n-hooks.example.net/')).toEqual({
			editor: 'https://n8n.example.com',
			webhook: 'https://n8n-hooks.example.net',
		});
	});

	it('give both origins when the webhooks have a host name of their own', () => {
		expect(n8nOrigins('http://127.0.0.1:5678/', 'http://localhost:5678/webhook/x/connect')).toEqual({
			editor: 'http://127.0.0.1:5678',
			webhook: 'http://localhost:5678',
		});
	});
});

describe('the Connect Script URL', () => {
	it.each([
		'https://cdn.dapi.com/connect/v3/connector.js',
		'https://CDN.dapi.co./connect/v3/connector.js',
		'http://127.0.0.1:8787/connect/v3/connector.js',
		'http://localhost:9/x.js',
		'https://[::1]:8443/x.js',
		'https://proxy.example.com/connector.js',
	])('may load from %s', (url) => {
		expect(scriptUrlProblem(url, trustedHosts('proxy.example.com, other.example.com'))).toBeUndefined();
	});

	it.each([
		['another host', 'https://evil.example.net/connector.js', /Dapi's CDN.*Connect Script Hosts/],
		["Dapi's CDN over http", 'http://cdn.dapi.com/connect/v3/connector.js', /Dapi's CDN/],
		['a look-alike of the CDN', 'https://cdn.dapi.com.evil.net/connector.js', /Dapi's CDN/],
		['a trusted host over http', 'http://proxy.example.com/connector.js', /Dapi's CDN/],
		['a javascript: URL', 'javascript:alert(1)', /http\(s\) URL/],
		['credentials in the URL', 'https://user:pw@cdn.dapi.com/x.js', /http\(s\) URL/],
		['markup', 'https://cdn.dapi.com/x.js"><script>', /http\(s\) URL/],
	])('may not load from %s', (_what, url, problem) => {
		expect(scriptUrlProblem(url, trustedHosts('proxy.example.com'))).toMatch(problem);
	});
});

describe("CSP sources against n8n's addresses", () => {
	it.each([
		['https://*.example.com', 'https://hooks.example.com', true],
		['https://*.example.com', 'https://example.com', false],
		// CSP upgrades http to https, and n8n answers both schemes on its one port.
		['http://n8n.test', 'https://n8n.test', true],
		['https://n8n.test:5678', 'http://n8n.test:5678', true],
		['http://N8N.test.:5678', 'http://n8n.test:5678', true],
		['http://127.1:5678', 'http://127.0.0.1:5678', true],
		['https://n8n.test:*', 'http://n8n.test:5678', true],
		// Another port is another server (the simulator beside n8n on 127.0.0.1).
		['http://127.0.0.1:8787', 'http://127.0.0.1:5678', false],
		['https://*.dapi.com', 'http://n8n.test', false],
		["'unsafe-eval'", 'http://n8n.test', false],
	])('%s covers %s: %s', (source, origin, covers) => {
		expect(sourceCoversOrigin(source, origin)).toBe(covers);
	});
});
