import { hostSourceAllows } from '../../../nodes/DapiConnectTrigger/pages';

describe('CSP host sources', () => {
	it.each([
		['https://*.dapi.com', 'https://cdn.dapi.com/x', true],
		['https://*.dapi.com', 'https://dapi.com/x', false],
		['https://*.example.com', 'https://n8n.example.com/webhook/x', true],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787/connect', true],
		['http://127.0.0.1:8787', 'http://127.0.0.1:5678/connect', false],
		['http://n8n.test', 'https://n8n.test/webhook', true],
		['https://n8n.test', 'http://n8n.test/webhook', false],
		['https://n8n.test:*', 'https://n8n.test:8443/webhook', true],
	])('%s allows %s: %s', (source, url, allowed) => {
		expect(hostSourceAllows(source, url)).toBe(allowed);
	});
});
