/**
 * The whole life of a bank connection inside a real n8n 2.41.1, against the simulator, with the
 * example workflows `npm start` imports (scripts/demo-setup.js) and a real Chromium:
 *
 *  - n8n's HTML sandbox breaks a Connect widget embedded in a page the way Dapi's quickstart does it
 *    (the stand-in's bank login loses its storage), and the same page outside the sandbox works;
 *  - the Dapi Connect Trigger's page works inside the sandbox: the widget runs in a window of its
 *    own, the customer logs in to the stand-in bank, the workflow stores a sealed connection;
 *  - the page's POST back is accepted only with a state the trigger issued, once;
 *  - 50 stored connections: the scheduled sync (Max Parallel Connections 10) gives one summary per
 *    customer, marks a revoked and a tampered connection and does not try them again;
 *  - delink by ref; and nothing of it leaves a usable access token or user secret in execution
 *    data, n8n's database files, its log or the stored rows.
 *
 * Screenshots: test-output/connect/. Timing of the sync: test-output/connect/timing.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';

import { N8N_SANDBOX_CSP } from '../../nodes/DapiConnectTrigger/pages';
import { deriveSealingKey, unsealConnection } from '../../nodes/shared/seal';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';
import {
	ADMIN_CREDENTIAL,
	CONNECTION_TABLE,
	CONNECTION_WORKFLOWS,
	CONNECT_WEBHOOK_ID,
	importDemo,
} from '../../scripts/demo-setup';
import { launchBrowser, signIn } from './browser';
import { connectTriggerNode } from './connectTrigger';
import { runDataItems, runN8n } from './n8n';
import { N8nServer } from './server';

jest.setTimeout(300_000);

const APP_SECRET = 'connect-e2e-app-secret';
const APP_KEY = 'connect-e2e-app-key';
const SEALING_SECRET = randomBytes(32).toString('base64');
const ADMIN_KEY = randomBytes(18).toString('base64url');
const SHOTS = path.resolve(__dirname, '../../test-output/connect');
const STORED_CONNECTIONS = 50;
const SANDBOX_PASSWORD = 'sandbox';

interface Row {
	id: number;
	ref: string;
	connectionID: string;
	bankId: string | null;
	sealedConnection: string;
	connectedAt: string;
	status: string;
	statusReason: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The state with one character of its signature changed (never to the same character). */
const forge = (state: string) => {
	const at = state.length - 10;
	return state.slice(0, at) + (state[at] === 'A' ? 'B' : 'A') + state.slice(at + 1);
};

/** Polls `read` until `ok` holds (or the time is up) and returns the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < deadline) {
		await sleep(250);
		value = await read();
	}
	return value;
}

/** The quickstart snippet of Dapi's docs, pointed at the simulator's stand-in. */
const quickstartHtml = (scriptUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quickstart snippet</title></head>
<body><h1>Dapi Connect, embedded as the quickstart does it</h1><pre id="result">waiting</pre>
<script src="${scriptUrl}"></script>
<script>
var result = document.getElementById('result');
var handler = Dapi.create({
	environment: Dapi.environments.sandbox,
	appKey: '${APP_KEY}',
	countries: ['AE'],
	isExperimental: false,
	onSuccess: function (d) { result.textContent = 'success ' + d.connectionID; },
	onFailure: function (e) { result.textContent = 'failure ' + e.type; },
	onReady: function () { handler.open(); },
});
</script></body></html>`;

/** The simulator's stand-in widget as the Connect example loads it: on the webhook host's site (localhost). */
const widgetUrl = () => `http://localhost:${new URL(currentSimUrl).port}`;
let currentSimUrl = '';

describe('bank connections in a real n8n: Connect page, sealed connections, a Data Table store', () => {
	let sim: Simulator;
	let server: N8nServer;
	let browser: Browser;
	let tableId: string;
	let connectUrl: string;
	const key = deriveSealingKey(SEALING_SECRET);
	const shot = async (page: Page, name: string) => await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

	beforeAll(async () => {
		fs.mkdirSync(SHOTS, { recursive: true });
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY });
		currentSimUrl = sim.url;
		[server, browser] = await Promise.all([
			N8nServer.start({
				// Connect runs only with webhooks on a host name of their own (README, Dapi Connect Trigger).
				webhookHost: 'localhost',
				beforeStart: (folder) =>
					importDemo(folder, sim.port, {
						runN8n: (args) => runN8n(folder, args),
						app: { appSecret: APP_SECRET, appKey: APP_KEY },
						secrets: { sealingSecret: SEALING_SECRET, adminKey: ADMIN_KEY },
					}),
			}),
			launchBrowser(),
		]);
		// The store: a Data Table created through n8n's API, as the test's own first step.
		const table = await server.createDataTable(CONNECTION_TABLE);
		tableId = table.id;
		await server.activateWorkflow(CONNECTION_WORKFLOWS.connect);
		await server.activateWorkflow(CONNECTION_WORKFLOWS.delink);
		connectUrl = `${server.webhookUrl}/webhook/${CONNECT_WEBHOOK_ID}/connect`;
		// A production webhook registers asynchronously after activation.
		await eventually(
			async () => (await fetch(`${connectUrl}?ref=warm-up`)).status,
			(status) => status !== 404,
		);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await sim?.close();
	});

	const rows = async () => await server.dataTableRows<Row>(tableId);
	const rowOf = async (ref: string) => (await rows()).find((row) => row.ref === ref);

	/** The Connect page for `ref` over HTTP, and the state it carries. */
	async function connectPage(ref: string) {
		const res = await fetch(`${connectUrl}?ref=${encodeURIComponent(ref)}`);
		const html = await res.text();
		const state = /"state":"([^"]+)"/.exec(html)?.[1];
		return { res, html, state };
	}

	/** What the widget window posts back, by HTTP (no browser). */
	async function postResult(body: unknown) {
		const res = await fetch(connectUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
	}

	/** A customer connecting without a browser: the page's state, a Connect result, the POST back. */
	async function connectOverHttp(ref: string, userID: string) {
		const { state } = await connectPage(ref);
		const bankId = sim.users().find((user) => user.userID === userID)!.bankID;
		return await postResult({ state, event: 'success', payload: { ...sim.connect(userID), bankId } });
	}

	const connectExecutions = async () =>
		await server.executions({ workflowId: CONNECTION_WORKFLOWS.connect, includeData: false });

	test("the Connect page is served in n8n's sandbox with the builder's texts and a signed state, never a secret", async () => {
		const noRef = await fetch(connectUrl);
		expect(noRef.status).toBe(400);
		expect(noRef.headers.get('content-security-policy')).toBe(N8N_SANDBOX_CSP);
		expect(await noRef.text()).toContain('This link is incomplete');

		const { res, html, state } = await connectPage('customer-page');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-security-policy')).toBe(N8N_SANDBOX_CSP);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(html).toContain('<h1>Connect your bank</h1>');
		expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
		for (const secret of [APP_SECRET, SEALING_SECRET]) expect(html).not.toContain(secret);

		// The widget window, on the webhook host only: sandboxed, nothing of n8n's own reachable from it.
		const windowUrl = `${connectUrl}?window=1&state=${encodeURIComponent(state!)}`;
		const onEditorHost = await fetch(windowUrl.replace(server.webhookUrl, server.url));
		expect(onEditorHost.status).toBe(400);
		expect(await onEditorHost.text()).not.toContain('Dapi.create');
		const window = await fetch(windowUrl);
		expect(window.status).toBe(200);
		const csp = window.headers.get('content-security-policy')!;
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain('sandbox allow-scripts allow-same-origin allow-forms;');
		expect(csp).toContain(`connect-src ${connectUrl} ${widgetUrl()}`);
		expect(csp).not.toContain("'self'");
		const windowHtml = await window.text();
		expect(windowHtml).toContain(`"scriptUrl":"${widgetUrl()}/connect/v3/connector.js"`);
		expect(windowHtml).toContain(`"appKey":"${APP_KEY}"`);
		for (const secret of [APP_SECRET, SEALING_SECRET]) expect(windowHtml).not.toContain(secret);

		const forged = await fetch(`${connectUrl}?window=1&state=${encodeURIComponent(forge(state!))}`);
		expect(forged.status).toBe(400);
		expect(forged.headers.get('content-security-policy')).toBe(N8N_SANDBOX_CSP);
	});

	test("a widget embedded in a page as the quickstart does loses its storage in n8n's sandbox, and works outside it", async () => {
		const scriptUrl = `${sim.url}/connect/v3/connector.js`;
		const html = quickstartHtml(scriptUrl);
		// Inside n8n: a Webhook answered by Respond to Webhook with the snippet; n8n adds its sandbox.
		const workflow = await server.createWorkflow({
			name: 'e2e: the quickstart snippet served by Respond to Webhook',
			nodes: [
				{
					id: randomUUID(),
					name: 'Page Request',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'GET', path: 'dapi-quickstart', responseMode: 'responseNode', options: {} },
				},
				{
					id: randomUUID(),
					name: 'Quickstart Page',
					type: 'n8n-nodes-base.respondToWebhook',
					typeVersion: 1.1,
					position: [220, 0],
					parameters: {
						respondWith: 'text',
						responseBody: html,
						options: { responseHeaders: { entries: [{ name: 'content-type', value: 'text/html; charset=utf-8' }] } },
					},
				},
			],
			connections: { 'Page Request': { main: [[{ node: 'Quickstart Page', type: 'main', index: 0 }]] } },
		});
		await server.activateWorkflow(workflow.id);
		await eventually(
			async () => (await fetch(`${server.url}/webhook/dapi-quickstart`)).status,
			(status) => status === 200,
		);

		const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
		try {
			const page = await context.newPage();
			const response = await page.goto(`${server.url}/webhook/dapi-quickstart`);
			expect(response?.headers()['content-security-policy']).toBe(N8N_SANDBOX_CSP);
			await page.locator('#result').filter({ hasText: 'failure' }).waitFor({ timeout: 30_000 });
			expect(await page.locator('#result').innerText()).toBe('failure STORAGE_UNAVAILABLE');
			// The widget's own explanation, in its frame (which inherited n8n's sandbox).
			const frame = await widgetFrame(page);
			await frame.locator('#problem').waitFor({ state: 'visible', timeout: 30_000 });
			expect(await frame.locator('#problem').innerText()).toMatch(/cannot start here.*sandboxed/);
			await shot(page, '00-quickstart-snippet-in-n8n-sandbox');

			// The same snippet from a page outside any sandbox (another origin than the widget's).
			const plain = http.createServer((_req, res) => {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end(html);
			});
			await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
			try {
				const outside = await context.newPage();
				await outside.goto(`http://127.0.0.1:${(plain.address() as { port: number }).port}/`);
				const frame = await widgetFrame(outside);
				await frame.locator('[data-testid="sandbox-user-user-ae-liv-001"]').check();
				await frame.locator('#password').fill(SANDBOX_PASSWORD);
				await shot(outside, '00b-quickstart-snippet-outside-any-sandbox');
				await frame.locator('#login').click();
				await outside.locator('#result').filter({ hasText: 'success' }).waitFor({ timeout: 30_000 });
				expect(await outside.locator('#result').innerText()).toMatch(/^success [0-9a-f-]{36}$/);
			} finally {
				plain.close();
			}
		} finally {
			await context.close();
		}
	});

	/** The stand-in's bank login frame inside a page (its overlay iframe). */
	async function widgetFrame(page: Page): Promise<Frame> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const frame = page.frames().find((candidate) => candidate.url().includes('/connect/v3/widget'));
			if (frame) {
				await frame.waitForLoadState('load');
				return frame;
			}
			if (Date.now() > deadline) throw new Error(`no widget frame in ${page.url()}`);
			await sleep(100);
		}
	}

	let browserRef = '';

	test('a customer connects in the browser: Connect page → its own window → stand-in bank login → a sealed row', async () => {
		browserRef = 'customer-browser';
		const context: BrowserContext = await browser.newContext({ viewport: { width: 1000, height: 760 } });
		try {
			const page = await context.newPage();
			await page.goto(`${connectUrl}?ref=${browserRef}`);
			await shot(page, '01-connect-page');

			const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#connect').click()]);
			expect(popup.url()).toContain(`/webhook/${CONNECT_WEBHOOK_ID}/connect?window=1&state=`);
			const frame = await widgetFrame(popup);
			await frame.locator('[data-testid="sandbox-user-user-ae-adcb-002"]').check();
			await frame.locator('#password').fill(SANDBOX_PASSWORD);
			await popup.setViewportSize({ width: 480, height: 720 });
			await shot(popup, '02-stand-in-bank-login');
			await frame.locator('#login').click();

			await page.locator('#status.ok').waitFor({ timeout: 30_000 });
			expect(await page.locator('#status').innerText()).toBe('Your bank is connected. You can close this page.');
			await shot(page, '03-connected');

			const row = await eventually(
				() => rowOf(browserRef),
				(found) => found !== undefined,
			);
			expect(row).toMatchObject({ ref: browserRef, bankId: 'DAPIBANK_AE_ADCB', status: 'active' });
			const opened = unsealConnection(row!.sealedConnection, [key]);
			if (!opened.ok) throw new Error(`the stored value does not open: ${opened.problem}`);
			const issued = sim.issued().find((connection) => connection.connectionID === row!.connectionID)!;
			expect(opened.connection).toMatchObject({
				userSecret: issued.userSecret,
				connectionID: issued.connectionID,
				userID: 'user-ae-adcb-002',
			});
			expect(issued.accessTokens.map((token) => token.accessToken)).toEqual([opened.connection.accessToken]);

			const [execution] = await eventually(connectExecutions, (found) => found.some((e) => e.status === 'success'));
			expect(execution.status).toBe('success');
			const full = await server.execution(String(execution.id));
			const [item] = runDataItems(full.data!, 'Dapi Connect Trigger');
			expect(Object.keys(item).sort()).toEqual([
				'bankId',
				'connectedAt',
				'connectionID',
				'ref',
				'sealedConnection',
				'tokenID',
				'userID',
			]);

			// The finished run, in the editor.
			const editor = await context.newPage();
			await editor.setViewportSize({ width: 1440, height: 900 });
			await signIn(editor, server.url, server.owner);
			await editor.goto(`${server.url}/workflow/${CONNECTION_WORKFLOWS.connect}/executions/${execution.id}`);
			await editor.waitForLoadState('networkidle');
			await editor.getByText('Store Connection').first().waitFor({ timeout: 30_000 });
			await editor.waitForTimeout(1000);
			// n8n greets a published workflow with a checklist popover; it hides part of the canvas.
			const checklist = editor.locator('[data-test-id="suggested-actions-close"]');
			if (await checklist.isVisible()) await checklist.click();
			// The trigger's output as n8n keeps it, in the run's logs: a sealed connection and the ids.
			await editor.getByText('Logs', { exact: true }).first().click();
			const entry = editor.locator('[data-test-id="logs-overview-body"]').getByText('Dapi Connect Trigger').first();
			await entry.click();
			await editor.getByText('sealedConnection').first().waitFor({ timeout: 30_000 });
			await editor.waitForTimeout(500);
			await shot(editor, '04-finished-run');
			const shown = await editor.locator('body').innerText();
			expect(shown).toContain(row!.sealedConnection.slice(0, 24));
			expect(shown).not.toContain(opened.connection.accessToken);
			expect(shown).not.toContain(opened.connection.userSecret);
		} finally {
			await context.close();
		}
	});

	test('in the widget window, a script cannot reach n8n: no REST call, no window, no frame; cancelling or closing it starts nothing', async () => {
		const before = (await connectExecutions()).length;
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await page.goto(`${connectUrl}?ref=customer-cancels`);
			const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#connect').click()]);
			await widgetFrame(popup);
			// What a compromised widget script could try, from the window it runs in.
			// (A string: the test is type-checked without the DOM library.)
			const probe = await popup.evaluate(`(async (n8nUrl) => {
				const fetched = await fetch(n8nUrl + '/rest/settings').then(() => 'fetched', () => 'blocked');
				const editor = window.open(n8nUrl + '/home/workflows', 'editor');
				await new Promise((resolve) => setTimeout(resolve, 3000));
				let scripted = 'blocked';
				try { scripted = editor ? editor.document.title : 'no window'; } catch { scripted = 'blocked'; }
				const frame = document.createElement('iframe');
				frame.src = n8nUrl + '/home/workflows';
				document.body.appendChild(frame);
				await new Promise((resolve) => setTimeout(resolve, 1000));
				let framed = 'blocked';
				try { framed = frame.contentDocument ? frame.contentDocument.title : 'blocked'; } catch { framed = 'blocked'; }
				return { fetched, scripted, framed };
			})(${JSON.stringify(server.url)})`);
			expect(probe).toEqual({ fetched: 'blocked', scripted: 'no window', framed: 'blocked' });

			const frame = await widgetFrame(popup);
			await frame.locator('#cancel').click();
			await page.locator('#status.error').waitFor({ timeout: 30_000 });
			expect(await page.locator('#status').innerText()).toBe('Your bank was not connected. You can try again.');
			expect(await page.locator('#connect').innerText()).toBe('Try again');
		} finally {
			await context.close();
		}
		// A customer who closes the window: the sandboxed page (origin "null") reports it to the trigger.
		const closing = await browser.newContext();
		try {
			const page = await closing.newPage();
			await page.goto(`${connectUrl}?ref=customer-closes`);
			const state = /"state":"([^"]+)"/.exec(await page.content())![1];
			const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#connect').click()]);
			await widgetFrame(popup);
			const reported = page.waitForResponse(
				(response) => response.request().method() === 'POST' && response.url().startsWith(connectUrl),
				{ timeout: 20_000 },
			);
			await popup.close();
			// (Reading its body through Playwright hung here: the status, the page's message and the used state are the proof.)
			expect((await reported).status()).toBe(200);
			await page.locator('#status.error').waitFor({ timeout: 30_000 });
			// The state is used up: the same state posted again is refused.
			expect(await postResult({ state, event: 'success', payload: sim.connect() })).toMatchObject({ status: 409 });
		} finally {
			await closing.close();
		}
		await sleep(1500);
		expect(await connectExecutions()).toHaveLength(before);
		expect(await rowOf('customer-cancels')).toBeUndefined();
		expect(await rowOf('customer-closes')).toBeUndefined();
	});

	test('the POST back is accepted only with a state this trigger issued, before it expires, once', async () => {
		const before = (await connectExecutions()).length;
		const { state } = await connectPage('customer-state');
		const result = { ...sim.connect('user-ae-liv-001'), bankId: 'DAPIBANK_AE_LIV' };
		const tamperedRef = Buffer.from(JSON.stringify({ r: 'someone-else', n: 'x', e: Date.now() + 60_000 })).toString(
			'base64url',
		);

		expect(await postResult({ event: 'success', payload: result })).toEqual({
			status: 403,
			body: { ok: false, reason: 'invalid state' },
		});
		expect(
			await postResult({ state: `${tamperedRef}.${state!.split('.')[1]}`, event: 'success', payload: result }),
		).toMatchObject({ status: 403 });
		expect(await postResult({ state: forge(state!), event: 'success', payload: result })).toMatchObject({
			status: 403,
		});
		expect(sim.issued().find((c) => c.connectionID === result.connectionID)!.accessTokens).toEqual([]);

		expect(await postResult({ state, event: 'success', payload: result })).toEqual({ status: 200, body: { ok: true } });
		expect(await postResult({ state, event: 'success', payload: result })).toEqual({
			status: 409,
			body: { ok: false, reason: 'used state' },
		});

		// An abandoned page with a good state starts nothing by default.
		const abandoned = await connectPage('customer-abandons');
		expect(await postResult({ state: abandoned.state, event: 'abandoned' })).toEqual({
			status: 200,
			body: { ok: false, recorded: true },
		});

		const row = await eventually(
			() => rowOf('customer-state'),
			(found) => found !== undefined,
		);
		expect(row?.connectionID).toBe(result.connectionID);
		await sleep(1000);
		expect(await connectExecutions()).toHaveLength(before + 1);
		expect(await rowOf('customer-abandons')).toBeUndefined();
	});

	test('Output Failed Connections: n8n draws a second output, a cancelled connection runs there; the test URL works while listening', async () => {
		const webhookId = randomUUID();
		const workflow = await server.createWorkflow({
			name: 'e2e: Connect Trigger with a Failed output',
			nodes: [
				connectTriggerNode(
					webhookId,
					{
						output: 'sealed',
						options: { connectScriptUrl: `${widgetUrl()}/connect/v3/connector.js`, failedConnectionsOutput: true },
					},
					{ id: 'dapiSimulator0001', name: 'Dapi (simulator)' },
				),
				{
					id: randomUUID(),
					name: 'Connected',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, -80],
					parameters: {},
				},
				{
					id: randomUUID(),
					name: 'Failed',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, 80],
					parameters: {},
				},
			],
			connections: {
				'Dapi Connect Trigger': {
					main: [[{ node: 'Connected', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]],
				},
			},
		});

		// Test URL: the editor's "listen for a test event" registers it; the page and its window do
		// not end the listening, the POST back does.
		const listening = await server.rest<{ waitingForWebhook?: boolean }>('POST', `/workflows/${workflow.id}/run`, {
			triggerToStartFrom: { name: 'Dapi Connect Trigger' },
		});
		expect(listening.waitingForWebhook).toBe(true);
		const testUrl = `${server.url}/webhook-test/${webhookId}/connect`;
		const page = await fetch(`${testUrl}?ref=customer-test-url`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-security-policy')).toBe(N8N_SANDBOX_CSP);
		const testState = /"state":"([^"]+)"/.exec(await page.text())![1];
		const testWindowUrl = `${testUrl.replace(server.url, server.webhookUrl)}?window=1&state=${encodeURIComponent(testState)}`;
		expect((await fetch(testWindowUrl)).headers.get('content-security-policy')).toContain(
			`connect-src ${testUrl.replace(server.url, server.webhookUrl)} `,
		);
		const connected = await fetch(testUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				state: testState,
				event: 'success',
				payload: { ...sim.connect('user-us-chase-003'), bankId: 'DAPIBANK_US_CHASE' },
			}),
		});
		expect(await connected.json()).toEqual({ ok: true });
		const [manual] = await eventually(
			() => server.executions({ workflowId: workflow.id }),
			(found) => found.some((e) => e.status === 'success'),
		);
		expect(manual.mode).toBe('manual');
		expect(runDataItems(manual.data!, 'Connected')[0]).toMatchObject({
			ref: 'customer-test-url',
			bankId: 'DAPIBANK_US_CHASE',
		});

		// Production URL, a cancelled connection: the workflow runs on the Failed output.
		await server.activateWorkflow(workflow.id);
		const url = `${server.url}/webhook/${webhookId}/connect`;
		const html = await eventually(
			async () => await (await fetch(`${url}?ref=customer-cancelled`)).text(),
			(text) => text.includes('"state"'),
		);
		const state = /"state":"([^"]+)"/.exec(html)![1];
		const answer = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				state,
				event: 'failure',
				error: { type: 'USER_CANCELLED', msg: 'The user closed Dapi Connect' },
			}),
		});
		expect(await answer.json()).toEqual({ ok: false, recorded: true });
		const runs = await eventually(
			() => server.executions({ workflowId: workflow.id }),
			(found) => found.filter((e) => e.status === 'success').length === 2,
		);
		const failedRun = runs.find((e) => e.id !== manual.id)!;
		expect(failedRun.data!.resultData.runData.Connected).toBeUndefined();
		expect(runDataItems(failedRun.data!, 'Failed')).toEqual([
			{
				ref: 'customer-cancelled',
				status: 'failed',
				error: { type: 'USER_CANCELLED', msg: 'The user closed Dapi Connect' },
				failedAt: expect.any(String),
			},
		]);
	});

	describe(`${STORED_CONNECTIONS} stored connections`, () => {
		const refs = Array.from({ length: STORED_CONNECTIONS }, (_, i) => `customer-${String(i + 1).padStart(3, '0')}`);
		const revokedRef = refs[6];
		const tamperedRef = refs[7];
		const timing: Record<string, number> = {};

		beforeAll(async () => {
			const users = sim.users().map((user) => user.userID);
			const started = Date.now();
			for (let i = 0; i < refs.length; i += 5) {
				const answers = await Promise.all(
					refs.slice(i, i + 5).map((ref, j) => connectOverHttp(ref, users[(i + j) % users.length])),
				);
				expect(answers.every((answer) => answer.status === 200)).toBe(true);
			}
			await eventually(rows, (all) => refs.every((ref) => all.some((row) => row.ref === ref)), 120_000);
			timing.connectMs = Date.now() - started;
		});

		/** Runs the sync workflow as its schedule would, and answers its execution and wall time. */
		async function sync() {
			const started = Date.now();
			const executionId = await server.runWorkflow(CONNECTION_WORKFLOWS.sync, 'Every 6 Hours');
			const execution = await server.waitForExecution(executionId, 'success', 180_000);
			return { execution, wallMs: Date.now() - started };
		}

		test('the scheduled sync: one summary per customer, a revoked and a tampered connection marked, Max Parallel 10 never overlapping', async () => {
			const all = await rows();
			expect(all.filter((row) => row.status === 'active').length).toBeGreaterThanOrEqual(STORED_CONNECTIONS);
			// The customer revokes at the bank (Dapi then refuses the token); another row gets damaged.
			const revoked = all.find((row) => row.ref === revokedRef)!;
			const revokedToken = sim.issued().find((c) => c.connectionID === revoked.connectionID)!;
			const delink = await fetch(`${sim.baseUrl}/users/DelinkUser`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					authorization: `Bearer ${revokedToken.accessTokens[0].accessToken}`,
				},
				body: JSON.stringify({ appSecret: APP_SECRET, userSecret: revokedToken.userSecret }),
			});
			expect(delink.status).toBe(200);
			const tampered = all.find((row) => row.ref === tamperedRef)!;
			const flipped =
				tampered.sealedConnection.slice(0, -30) +
				(tampered.sealedConnection.at(-30) === 'A' ? 'B' : 'A') +
				tampered.sealedConnection.slice(-29);
			await server.updateDataTableRows(
				tableId,
				{ type: 'and', filters: [{ columnName: 'ref', condition: 'eq', value: tamperedRef }] },
				{ sealedConnection: flipped },
			);

			sim.setLatency({ minMs: 5, maxMs: 25 });
			sim.clearRequests();
			const first = await sync();
			timing.firstSyncWallMs = first.wallMs;
			timing.firstSyncExecutionMs =
				new Date(first.execution.stoppedAt!).getTime() - new Date(first.execution.startedAt).getTime();
			expect(sim.overlapCount()).toBe(0);

			const active = (await rows()).filter((row) => ![revokedRef, tamperedRef].includes(row.ref));
			const summaries = runDataItems(first.execution.data!, 'Summary per Customer');
			expect(summaries.map((s) => s.ref).sort()).toEqual(active.map((row) => row.ref).sort());
			// Each summary holds the balances the simulator has for that customer's bank user.
			const users = new Map(sim.users().map((user) => [user.userID, user]));
			for (const summary of summaries) {
				const row = active.find((r) => r.ref === summary.ref)!;
				const userID = sim.issued().find((c) => c.connectionID === row.connectionID)!.userID;
				const expected: Record<string, number> = {};
				for (const account of users.get(userID)!.accounts) {
					expected[account.currency] = Math.round(((expected[account.currency] ?? 0) + account.balance) * 100) / 100;
				}
				expect(summary).toEqual({
					ref: row.ref,
					bankId: row.bankId,
					accounts: users.get(userID)!.accounts.length,
					balances: expected,
					failedBalances: 0,
				});
			}

			const marked = await rows();
			expect(marked.find((row) => row.ref === revokedRef)).toMatchObject({
				status: 'revoked',
				statusReason: 'INVALID_TOKEN',
			});
			expect(marked.find((row) => row.ref === tamperedRef)).toMatchObject({
				status: 'invalid',
				statusReason: 'INVALID_SEALED_CONNECTION',
			});

			// The next run does not try them again.
			sim.clearRequests();
			const second = await sync();
			timing.secondSyncWallMs = second.wallMs;
			expect(sim.requests().some((request) => request.token === revokedToken.accessTokens[0].accessToken)).toBe(false);
			expect(runDataItems(second.execution.data!, 'Summary per Customer')).toHaveLength(summaries.length);
			timing.calls = sim.requests().length;
			timing.customers = summaries.length;
			sim.setLatency(0);
			fs.writeFileSync(path.join(SHOTS, 'timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
			process.stderr.write(`[e2e] connection store timing: ${JSON.stringify(timing)}\n`);
		});

		test('delink by ref: Dapi revokes the token, the row goes; an unknown ref or no admin key changes nothing', async () => {
			const ref = refs[0];
			const row = (await rowOf(ref))!;
			const issued = sim.issued().find((c) => c.connectionID === row.connectionID)!;

			const noKey = await fetch(`${server.url}/webhook/dapi-delink`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ref }),
			});
			expect(noKey.status).toBe(403);

			const delink = async (body: unknown) => {
				const res = await fetch(`${server.url}/webhook/dapi-delink`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', [ADMIN_CREDENTIAL.header]: ADMIN_KEY },
					body: JSON.stringify(body),
				});
				return { status: res.status, body: await res.json() };
			};
			expect(await delink({ ref })).toEqual({ status: 200, body: { ref, delinked: true } });
			expect(sim.issued().find((c) => c.connectionID === row.connectionID)!.accessTokens).toEqual([
				{ accessToken: issued.accessTokens[0].accessToken, revoked: true },
			]);
			expect(await rowOf(ref)).toBeUndefined();
			expect(await delink({ ref: 'nobody-here' })).toEqual({
				status: 200,
				body: { ref: 'nobody-here', delinked: false, error: 'No stored connection has this ref' },
			});
		});
	});

	test('no usable access token or user secret in execution data, the database files, the log or the rows', async () => {
		// Everything the simulator gave n8n's side: user secrets and access tokens of every connection.
		const issued = sim.issued();
		const secrets = issued.flatMap((connection) => [
			connection.userSecret,
			...connection.accessTokens.map((token) => token.accessToken),
		]);
		expect(issued.filter((connection) => connection.accessTokens.length > 0).length).toBeGreaterThanOrEqual(
			STORED_CONNECTIONS + 2,
		);

		const executions = JSON.stringify(await server.executions());
		const stored = JSON.stringify(await rows());
		const log = server.log();
		const n8nDir = path.join(server.folder, '.n8n');
		const dbFiles = fs.readdirSync(n8nDir).filter((file) => file.startsWith('database.sqlite'));
		expect(dbFiles).toContain('database.sqlite');
		const database = dbFiles.map((file) => fs.readFileSync(path.join(n8nDir, file)).toString('latin1')).join('\n');

		// The scan reads real data: sealed values and refs are there.
		const someRow = (await rows())[0];
		expect(database).toContain(someRow.sealedConnection);
		expect(executions).toContain(someRow.ref);
		expect(stored).toContain(someRow.sealedConnection);

		const sources = { executions, stored, log, database };
		const found: string[] = [];
		for (const [name, text] of Object.entries(sources)) {
			for (const secret of [...secrets, SEALING_SECRET, APP_SECRET]) {
				if (text.includes(secret)) found.push(`${name}: ${secret.slice(0, 6)}…`);
			}
		}
		expect(found).toEqual([]);
		process.stderr.write(
			`[e2e] scanned ${secrets.length} tokens and user secrets in ${(executions.length / 1024).toFixed(0)} kB of executions, ` +
				`${(database.length / 1024).toFixed(0)} kB of database files, ${(log.length / 1024).toFixed(0)} kB of log, ${(stored.length / 1024).toFixed(0)} kB of rows\n`,
		);
	});
});
