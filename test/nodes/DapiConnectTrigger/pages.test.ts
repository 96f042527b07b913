import vm from 'node:vm';

import { WINDOW_MESSAGE_SOURCE, connectPage, hostSourceAllows } from '../../../nodes/DapiConnectTrigger/pages';

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

/**
 * The Connect page's own script, run in Node against the few DOM pieces it uses, with a clock that
 * can be set: what the customer sees as the widget window reports back.
 */
function openConnectPage({ lifetimeMs = 30 * 60_000, browserClockOffsetMs = 0 } = {}) {
	const page = connectPage(
		{ title: 'T', text: 'x', button: 'Connect', success: 'Connected!', failure: 'Not connected.' },
		{ token: 'state-token', lifetimeMs },
	);
	const script = /<script>([\s\S]*?)<\/script>/.exec(page.body)![1];
	const element = () => ({
		textContent: '',
		className: '',
		disabled: false,
		hidden: false,
		listeners: {} as Record<string, () => void>,
		addEventListener(type: string, listener: () => void) {
			this.listeners[type] = listener;
		},
	});
	const elements = { connect: element(), status: element() };
	const popup = { closed: false };
	const calls = { opened: 0, reloaded: 0 };
	let onMessage: (event: unknown) => void = () => undefined;
	const context = {
		document: { getElementById: (id: 'connect' | 'status') => elements[id] },
		window: {
			addEventListener: (_type: string, listener: (event: unknown) => void) => (onMessage = listener),
			open: () => (calls.opened++, popup),
		},
		location: { pathname: '/webhook/x/connect', reload: () => calls.reloaded++ },
		Date: { now: () => Date.now() + browserClockOffsetMs },
		setInterval: () => 0,
		clearInterval: () => undefined,
		setTimeout: () => 0,
		fetch: async () => ({}),
		encodeURIComponent,
		JSON,
	};
	vm.runInNewContext(script, context);
	const report = (ok: boolean) => onMessage({ source: popup, data: { source: WINDOW_MESSAGE_SOURCE, ok } });
	return { elements, calls, click: () => elements.connect.listeners.click(), report };
}

describe('the Connect page as the widget window reports back', () => {
	it('shows a success that follows a failure Connect reported in the same window', () => {
		const page = openConnectPage();
		page.click();
		expect(page.calls.opened).toBe(1);
		page.report(false);
		expect(page.elements.status.textContent).toBe('Not connected.');
		page.report(true);
		expect(page.elements.status.textContent).toBe('Connected!');
		expect(page.elements.connect.hidden).toBe(true);
		page.report(false);
		expect(page.elements.status.textContent).toBe('Connected!');
	});

	it("counts the link's life on the browser's own clock, however far off it is", () => {
		for (const browserClockOffsetMs of [-2 * 3600_000, 0, 2 * 3600_000]) {
			const page = openConnectPage({ browserClockOffsetMs });
			page.click();
			expect(page.calls).toEqual({ opened: 1, reloaded: 0 });
		}
		const nearlyExpired = openConnectPage({ lifetimeMs: 30_000 });
		nearlyExpired.click();
		expect(nearlyExpired.calls).toEqual({ opened: 0, reloaded: 1 });
	});
});
