import vm from 'node:vm';

import { WINDOW_MESSAGE_SOURCE, connectPage } from '../../../nodes/DapiConnectTrigger/pages';

/**
 * The Connect page's own script, run in Node against the few DOM pieces it uses, with a clock that
 * can be set: what the customer sees as the widget window reports back.
 */
function openConnectPage({ lifetimeMs = 30 * 60_000, browserClockOffsetMs = 0 } = {}) {
	const page = connectPage(
		{ title: 'T', text: 'x', button: 'Connect', success: 'Connected!', failure: 'Not connected.' },
		{ token: 'state-token', lifetimeMs, windowUrl: 'http://n8n.test/webhook/x/connect' },
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
	const calls = { opened: 0, reloaded: 0, urls: [] as string[] };
	let onMessage: (event: unknown) => void = () => undefined;
	const context = {
		document: { getElementById: (id: 'connect' | 'status') => elements[id] },
		window: {
			addEventListener: (_type: string, listener: (event: unknown) => void) => (onMessage = listener),
			open: (url: string) => (calls.opened++, calls.urls.push(url), popup),
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
		// The widget window opens on the editor's host, whatever host the Connect page is on.
		expect(page.calls.urls).toEqual(['http://n8n.test/webhook/x/connect?window=1&state=state-token']);
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
			expect(page.calls).toMatchObject({ opened: 1, reloaded: 0 });
		}
		const nearlyExpired = openConnectPage({ lifetimeMs: 30_000 });
		nearlyExpired.click();
		expect(nearlyExpired.calls).toMatchObject({ opened: 0, reloaded: 1 });
	});
});
