/**
 * The trigger's webhook() as n8n calls it, through the minimal webhook context of support/connectTrigger
 * (the exchange is real); no WorkflowExecute, so no engine.
 */
import { DapiConnectTrigger } from '../../../nodes/DapiConnectTrigger/DapiConnectTrigger.node';
import { N8N_SANDBOX_CSP } from '../../../nodes/DapiConnectTrigger/pages';
import { WIDGET_WINDOW_SANDBOX } from '../../../nodes/DapiConnectTrigger/widget';
import { STATE_LIFETIME_MS, readState, stateKey, type ConnectState } from '../../../nodes/DapiConnectTrigger/state';
import { deriveSealingKey, unsealConnection } from '../../../nodes/shared/seal';
import { APP_KEY, APP_SECRET, HOOKS, N8N, PATH, SEALING_SECRET, trigger } from '../../support/connectTrigger';
import { useSimulator } from '../../support/simulator';
import { startHostileServer } from '../../support/hostileServer';

const LOOPBACK_SCRIPT = 'http://127.0.0.1:8787/connect/v3/connector.js';

/** The node as another n8n process (or the same one after a restart) loads it: a memory of its own. */
function anotherProcess(): typeof DapiConnectTrigger {
	let Trigger: typeof DapiConnectTrigger | undefined;
	jest.isolateModules(() => {
		({ DapiConnectTrigger: Trigger } = jest.requireActual<
			typeof import('../../../nodes/DapiConnectTrigger/DapiConnectTrigger.node')
		>('../../../nodes/DapiConnectTrigger/DapiConnectTrigger.node'));
	});
	return Trigger!;
}

/** The state with one character of its signature changed (never to the same character). */
const forge = (state: string) => {
	const at = state.length - 10;
	return state.slice(0, at) + (state[at] === 'A' ? 'B' : 'A') + state.slice(at + 1);
};

describe('Dapi Connect Trigger webhook', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, appKey: APP_KEY }, { clearLogBeforeEach: true });
	const key = deriveSealingKey(SEALING_SECRET);

	describe('the Connect page (GET)', () => {
		it("is served in n8n's sandbox, with the builder's texts escaped, a state, and no secret", async () => {
			const t = trigger(sim);
			const { result, sent } = await t.page({ ref: 'customer-1' });
			expect(result).toEqual({ noWebhookResponse: true });
			expect(sent.status).toBe(200);
			expect(sent.headers['content-security-policy']).toBe(N8N_SANDBOX_CSP);
			expect(sent.headers['content-type']).toBe('text/html; charset=utf-8');
			expect(sent.headers['cache-control']).toBe('no-store');
			const html = sent.body as string;
			expect(html).toContain('<h1>Connect &#60;b&#62;your&#60;/b&#62; bank</h1>');
			expect(html).toContain('Text &#38; &#34;quotes&#34;');
			expect(html).not.toContain('<b>your</b>');
			for (const secret of [APP_SECRET, SEALING_SECRET, APP_KEY]) expect(html).not.toContain(secret);
			const state = /"state":"([^"]+)"/.exec(html)![1];
			expect(readState(stateKey(APP_SECRET, `wf-connect:${t.nodeId}`), state, Date.now())).toMatchObject({
				ok: true,
				state: { ref: 'customer-1' },
			});
		});

		it.each([
			['no ref', {}],
			['an empty ref', { ref: '' }],
			['a ref with spaces', { ref: 'a b' }],
			['a ref with markup', { ref: '<script>' }],
			['a ref too long', { ref: 'x'.repeat(129) }],
		])('refuses %s, in the sandbox', async (_what, query) => {
			const { sent } = await trigger(sim).page(query);
			expect(sent.status).toBe(400);
			expect(sent.headers['content-security-policy']).toBe(N8N_SANDBOX_CSP);
			expect(sent.body).toContain('This link is incomplete');
			expect(sent.body).not.toContain('"state"');
		});

		it.each([
			['no App Key', { credentials: { appKey: '' } }, /no App Key/],
			['no sealing key for a sealed output', { credentials: { sealingSecret: '' } }, /no Connection Sealing Key/],
			['a short sealing key', { credentials: { sealingSecret: 'short' } }, /too short/],
		])('says the page is not set up when the credential has %s', async (_what, setup, reason) => {
			const { sent } = await trigger(sim, setup).page({ ref: 'customer-1' });
			expect(sent.status).toBe(500);
			expect(sent.body).toMatch(reason);
			expect(sent.body).not.toContain('"state"');
		});

		it('needs no sealing key for plain output', async () => {
			const { sent } = await trigger(sim, { parameters: { output: 'plain' }, credentials: { sealingSecret: '' } }).page(
				{ ref: 'c' },
			);
			expect(sent.status).toBe(200);
		});
	});

	describe('the widget window (GET ?window=1, on the webhook host)', () => {
		it('loads Connect after a navigation guard, sandboxed, reaching only the widget origins and this trigger', async () => {
			const t = trigger(sim);
			const state = await t.state();
			const { sent } = await t.window({ state });
			expect(sent.status).toBe(200);
			const csp = sent.headers['content-security-policy'];
			expect(csp).not.toContain("'self'");
			const nonce = /'nonce-([^']+)'/.exec(csp)![1];
			const origins = `${sim.url} https://*.dapi.com https://*.dapi.co`;
			expect(csp.split('; ')).toEqual([
				"default-src 'none'",
				`script-src 'nonce-${nonce}' ${origins}`,
				`frame-src ${origins}`,
				`connect-src ${HOOKS}${PATH} ${origins}`,
				`img-src ${origins} data:`,
				`style-src 'unsafe-inline' ${origins}`,
				`font-src ${origins} data:`,
				`sandbox ${WIDGET_WINDOW_SANDBOX}`,
				"form-action 'none'",
				"base-uri 'none'",
				"frame-ancestors 'none'",
				"object-src 'none'",
				"worker-src 'none'",
			]);
			expect(sent.headers['x-frame-options']).toBe('DENY');
			const html = sent.body as string;
			// The guard is the first script; Connect's script is only loaded by the page's own, later.
			expect(html.indexOf("'navigate'")).toBeGreaterThan(0);
			expect(html.indexOf("'navigate'")).toBeLessThan(html.indexOf('var C ='));
			expect(html).not.toContain('<script nonce="${nonce}" src=');
			expect(JSON.parse(/var C = (\{.*\});/.exec(html)![1])).toEqual({
				environment: 'sandbox',
				appKey: APP_KEY,
				countries: ['AE', 'US'],
				isExperimental: false,
				scriptUrl: `${sim.url}/connect/v3/connector.js`,
				postUrl: `${HOOKS}${PATH}`,
				state,
				source: 'n8n-dapi-connect',
			});
			expect(html).toContain('Dapi.create({');
			for (const secret of [APP_SECRET, SEALING_SECRET]) expect(html).not.toContain(secret);
		});

		it("is never served on the editor's host", async () => {
			const t = trigger(sim);
			const { sent } = await t.window({ state: await t.state() }, 'N8N.test:5678');
			expect(sent.status).toBe(400);
			expect(sent.headers['content-security-policy']).toBe(N8N_SANDBOX_CSP);
			expect(sent.body).not.toContain('Dapi.create');
		});

		it.each([
			['the default single host', `${N8N}/`, `${N8N}/`],
			['another port on the editor host', `${N8N}/`, 'http://n8n.test:8443/'],
			['no editor address of its own (N8N_EDITOR_BASE_URL unset)', `${HOOKS}/`, `${HOOKS}/`],
			['a sibling host name (cookies of the parent domain)', 'https://n8n.example.com/', 'https://hooks.example.com/'],
		])('on %s, no page runs Connect and no state is issued', async (_what, editorBaseUrl, webhookBaseUrl) => {
			const t = trigger(sim, { editorBaseUrl, webhookBaseUrl });
			const { sent } = await t.page({ ref: 'customer-1' });
			expect(sent.status).toBe(500);
			expect(sent.headers['content-security-policy']).toBe(N8N_SANDBOX_CSP);
			expect(sent.body).toContain('WEBHOOK_URL');
			expect(sent.body).not.toContain('"state"');
			const issued = await trigger(sim, { nodeId: t.nodeId }).state();
			const other = await t.window({ state: issued }, new URL(webhookBaseUrl).host);
			expect(other.sent.status).toBe(500);
			expect(other.sent.body).not.toContain('Dapi.create');
		});

		it('refuses a forged or expired state', async () => {
			const t = trigger(sim);
			const state = await t.state();
			expect((await t.window({ state: forge(state) })).sent.status).toBe(400);
			const spy = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + STATE_LIFETIME_MS + 1);
			try {
				expect((await t.window({ state })).sent.body).toContain('This link has expired');
			} finally {
				spy.mockRestore();
			}
		});

		it.each([
			['a script on the editor host', { connectScriptUrl: `${N8N}/proxy/connector.js` }, {}, /CDN/],
			[
				'a script on the editor host under a trusted name',
				{ connectScriptUrl: 'https://n8n.test.:5678/connector.js' },
				{ connectScriptHosts: 'n8n.test' },
				/own addresses/,
			],
			[
				'a script on the webhook host, another scheme',
				{ connectScriptUrl: 'https://hooks.test:5678/connector.js' },
				{ connectScriptHosts: 'hooks.test' },
				/own addresses/,
			],
			['a script on an untrusted host', { connectScriptUrl: 'https://evil.example.net/connector.js' }, {}, /CDN/],
			['a javascript: URL', { connectScriptUrl: 'javascript:alert(1)' }, {}, /http\(s\) URL/],
			[
				'widget origins with the editor host and a trailing dot',
				{ connectScriptUrl: LOOPBACK_SCRIPT, widgetOrigins: 'https://*.dapi.com http://n8n.test.:5678' },
				{},
				/own addresses/,
			],
			[
				'widget origins covering the webhook host',
				{ connectScriptUrl: LOOPBACK_SCRIPT, widgetOrigins: 'http://*.test:*' },
				{},
				/own addresses/,
			],
			[
				'widget origins that are not origins',
				{ connectScriptUrl: LOOPBACK_SCRIPT, widgetOrigins: "https://*.dapi.com 'unsafe-eval'" },
				{},
				/Widget Origins/,
			],
		])('refuses %s on every page', async (_what, options, credentials, problem) => {
			const good = trigger(sim);
			const state = await good.state();
			const other = trigger(sim, { parameters: { options }, credentials, nodeId: good.nodeId });
			for (const query of [{ ref: 'customer-1' }] as Record<string, string>[]) {
				const { sent } = await other.page(query);
				expect(sent.status).toBe(500);
				expect(sent.headers['content-security-policy']).toBe(N8N_SANDBOX_CSP);
				expect(sent.body).toMatch(problem);
			}
			const { sent } = await other.window({ state });
			expect(sent.status).toBe(500);
			expect(sent.body).not.toContain('Dapi.create');
		});

		it('loads the script from a host the credential trusts', async () => {
			const t = trigger(sim, {
				parameters: { options: { connectScriptUrl: 'https://proxy.example.com/connector.js' } },
				credentials: { connectScriptHosts: 'proxy.example.com' },
			});
			const { sent } = await t.window({ state: await t.state() });
			expect(sent.status).toBe(200);
			expect(sent.body).toContain('"scriptUrl":"https://proxy.example.com/connector.js"');
		});
	});

	describe('the result (POST)', () => {
		it('exchanges the access code at once, answers the page and starts the workflow with a sealed connection', async () => {
			const t = trigger(sim);
			const state = await t.state('customer-7');
			const connect = sim.connect('user-ae-adcb-002');
			const { result, sent } = await t.post({
				state,
				event: 'success',
				payload: { ...connect, bankId: 'DAPIBANK_AE_ADCB' },
			});
			expect(sent).toEqual({ status: 200, headers: { 'cache-control': 'no-store' }, body: { ok: true } });
			expect(result.noWebhookResponse).toBe(true);
			const [[item]] = result.workflowData!;
			expect(Object.keys(item.json).sort()).toEqual([
				'bankId',
				'connectedAt',
				'connectionID',
				'ref',
				'sealedConnection',
				'tokenID',
				'userID',
			]);
			expect(item.json).toMatchObject({
				ref: 'customer-7',
				connectionID: connect.connectionID,
				userID: connect.userID,
				tokenID: connect.tokenID,
				bankId: 'DAPIBANK_AE_ADCB',
			});
			const opened = unsealConnection(item.json.sealedConnection as string, [key]);
			if (!opened.ok) throw new Error(opened.problem);
			expect(opened.connection).toMatchObject({
				userSecret: connect.userSecret,
				connectionID: connect.connectionID,
				bankId: 'DAPIBANK_AE_ADCB',
			});

			const [exchange] = sim.requests();
			expect(sim.requests()).toHaveLength(1);
			expect(exchange.path).toBe('/v2/auth/ExchangeToken');
			expect(exchange.body).toEqual({
				appSecret: APP_SECRET,
				accessCode: connect.accessCode,
				connectionID: connect.connectionID,
			});
			expect(sim.issued().find((c) => c.connectionID === connect.connectionID)!.accessTokens[0].accessToken).toBe(
				opened.connection.accessToken,
			);
			expect(JSON.stringify(result)).not.toContain(connect.userSecret);
			expect(JSON.stringify(result)).not.toContain(opened.connection.accessToken);
		});

		it('reads the Dapi API credential once per request: the exchange uses the one the trigger read', async () => {
			const t = trigger(sim);
			const page = await t.page({ ref: 'customer-1' });
			expect(page.credentialReads).toBe(1);
			const state = /"state":"([^"]+)"/.exec(page.sent.body as string)![1];
			const { sent, credentialReads } = await t.post({ state, event: 'success', payload: sim.connect() });
			expect(sent.status).toBe(200);
			expect(credentialReads).toBe(1);
		});

		it('with Output "Access Token and User Secret", the item holds them in clear', async () => {
			const t = trigger(sim, { parameters: { output: 'plain' } });
			const connect = sim.connect();
			const { result } = await t.post({ state: await t.state(), event: 'success', payload: connect });
			const [[item]] = result.workflowData!;
			expect(item.json).toMatchObject({ userSecret: connect.userSecret, accessToken: expect.any(String) });
			expect(item.json).not.toHaveProperty('sealedConnection');
		});

		it('accepts a state once, and refuses forged, foreign and expired ones without calling Dapi', async () => {
			const t = trigger(sim);
			const state = await t.state();
			const connect = sim.connect();
			const foreign = await trigger(sim).state();
			expect((await t.post({ state: foreign, event: 'success', payload: connect })).sent).toMatchObject({
				status: 403,
				body: { ok: false, reason: 'invalid state' },
			});
			expect((await t.post({ event: 'success', payload: connect })).sent.status).toBe(403);
			const spy = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + STATE_LIFETIME_MS + 1);
			try {
				expect((await t.post({ state, event: 'success', payload: connect })).sent).toMatchObject({
					status: 410,
					body: { reason: 'expired state' },
				});
			} finally {
				spy.mockRestore();
			}
			expect(sim.requests()).toHaveLength(0);
			expect((await t.post({ state, event: 'success', payload: connect })).sent.status).toBe(200);
			const again = await t.post({ state, event: 'success', payload: sim.connect() });
			expect(again.sent).toMatchObject({ status: 409, body: { ok: false, reason: 'used state' } });
			expect(again.result).toEqual({ noWebhookResponse: true });
			expect(sim.requests()).toHaveLength(1);
		});

		it('a used state is refused by every n8n process of the workflow and after a restart, without calling Dapi', async () => {
			const database = { staticData: '{}' };
			const here = trigger(sim, { database });
			const state = await here.state('customer-everywhere');
			expect((await here.post({ state, event: 'success', payload: sim.connect() })).sent.status).toBe(200);
			// A second webhook process, and this one restarted: each with an empty memory of its own.
			for (const Trigger of [anotherProcess(), anotherProcess()]) {
				const elsewhere = trigger(sim, { database, nodeId: here.nodeId, Trigger });
				const again = await elsewhere.post({ state, event: 'success', payload: sim.connect() });
				expect(again.sent).toMatchObject({ status: 409, body: { ok: false, reason: 'used state' } });
				expect(again.result).toEqual({ noWebhookResponse: true });
			}
			expect(sim.requests()).toHaveLength(1);
			// What the workflow keeps is a digest per used state: no ref, no nonce, no state.
			const { nonce } = (
				readState(stateKey(APP_SECRET, `wf-connect:${here.nodeId}`), state, Date.now()) as { state: ConnectState }
			).state;
			expect(database.staticData).not.toContain('customer-everywhere');
			expect(database.staticData).not.toContain(nonce);
			expect(database.staticData).not.toContain(state.split('.')[1]);
		});

		it('across processes too, a failure does not spend the state, and nothing is taken after the success', async () => {
			const database = { staticData: '{}' };
			const first = trigger(sim, { database });
			const state = await first.state('customer-recovers-elsewhere');
			const failure = { state, event: 'failure', error: { type: 'BANK_TIMEOUT', msg: 'Try again' } };
			expect((await first.post(failure)).sent.status).toBe(200);
			const second = trigger(sim, { database, nodeId: first.nodeId, Trigger: anotherProcess() });
			expect((await second.post(failure)).sent.status).toBe(409);
			expect((await second.post({ state, event: 'success', payload: sim.connect() })).sent.status).toBe(200);
			const third = trigger(sim, { database, nodeId: first.nodeId, Trigger: anotherProcess() });
			expect((await third.post({ state, event: 'abandoned' })).sent.status).toBe(409);
			expect((await third.post(failure)).sent.status).toBe(409);
			expect(sim.requests()).toHaveLength(1);
		});

		it('a failure Connect reported does not spend the state: the customer can still connect in the same window', async () => {
			const t = trigger(sim);
			const state = await t.state('customer-recovers');
			const failure = { state, event: 'failure', error: { type: 'BANK_TIMEOUT', msg: 'Try again' } };
			expect((await t.post(failure)).sent).toMatchObject({ status: 200, body: { ok: false, recorded: true } });
			expect((await t.post(failure)).sent).toMatchObject({ status: 409, body: { ok: false, reason: 'used state' } });
			const connect = sim.connect();
			const { sent, result } = await t.post({ state, event: 'success', payload: connect });
			expect(sent).toMatchObject({ status: 200, body: { ok: true } });
			expect(result.workflowData![0][0].json).toMatchObject({
				ref: 'customer-recovers',
				connectionID: connect.connectionID,
			});
			expect((await t.post({ state, event: 'abandoned' })).sent.status).toBe(409);
			expect((await t.post({ state, event: 'success', payload: sim.connect() })).sent.status).toBe(409);
		});

		it('a cancelled or abandoned connection starts nothing, or goes to the Failed output when asked', async () => {
			for (const failedConnectionsOutput of [false, true]) {
				const t = trigger(sim, {
					parameters: { options: { connectScriptUrl: `${sim.url}/connect/v3/connector.js`, failedConnectionsOutput } },
				});
				const cancelled = await t.post({
					state: await t.state('customer-9'),
					event: 'failure',
					error: { type: 'USER_CANCELLED', msg: 'The user closed Dapi Connect', extra: { deep: 'x' } },
				});
				const abandoned = await t.post({ state: await t.state('customer-9'), event: 'abandoned' });
				expect(cancelled.sent).toMatchObject({ status: 200, body: { ok: false, recorded: true } });
				if (!failedConnectionsOutput) {
					expect(cancelled.result).toEqual({ noWebhookResponse: true });
					expect(abandoned.result).toEqual({ noWebhookResponse: true });
					continue;
				}
				expect(cancelled.result.workflowData).toEqual([
					[],
					[
						{
							json: {
								ref: 'customer-9',
								status: 'failed',
								error: { type: 'USER_CANCELLED', msg: 'The user closed Dapi Connect' },
								failedAt: expect.any(String),
							},
						},
					],
				]);
				expect(abandoned.result.workflowData![1][0].json).toMatchObject({
					ref: 'customer-9',
					status: 'abandoned',
					error: { type: null, msg: null },
				});
			}
			expect(sim.requests()).toHaveLength(0);
		});

		it('a failed exchange answers the page, names the reason on the Failed output, and shows no secret', async () => {
			const t = trigger(sim, {
				parameters: {
					options: { connectScriptUrl: `${sim.url}/connect/v3/connector.js`, failedConnectionsOutput: true },
				},
			});
			const connect = sim.connect();
			await t.post({ state: await t.state(), event: 'success', payload: connect });
			const { result, sent } = await t.post({
				state: await t.state('customer-late'),
				event: 'success',
				payload: connect,
			});
			expect(sent).toMatchObject({ status: 502, body: { ok: false, reason: 'exchange failed' } });
			expect(result.workflowData).toEqual([
				[],
				[
					{
						json: {
							ref: 'customer-late',
							status: 'failed',
							error: { type: 'ACCESS_CODE_ALREADY_USED', msg: 'The access code was already used' },
							failedAt: expect.any(String),
						},
					},
				],
			]);
			for (const secret of [connect.accessCode, connect.userSecret, APP_SECRET])
				expect(JSON.stringify(result)).not.toContain(secret);
		});

		it("takes userID and tokenID from Connect's result when the exchange answers with the token alone (as Dapi's docs show)", async () => {
			const docsShaped = await startHostileServer();
			try {
				docsShaped.setFault({ kind: 'json', text: '{"success":true,"accessToken":"token-from-docs-shaped-exchange"}' });
				const t = trigger(sim, { credentials: { baseUrl: docsShaped.baseUrl } });
				const connect = sim.connect('user-ae-adcb-002');
				const { result, sent } = await t.post({
					state: await t.state('customer-9'),
					event: 'success',
					payload: connect,
				});
				expect(sent.status).toBe(200);
				const [[item]] = result.workflowData!;
				expect(item.json).toMatchObject({ ref: 'customer-9', userID: connect.userID, tokenID: connect.tokenID });
				const opened = unsealConnection(item.json.sealedConnection as string, [key]);
				if (!opened.ok) throw new Error(opened.problem);
				expect(opened.connection).toMatchObject({
					accessToken: 'token-from-docs-shaped-exchange',
					userID: connect.userID,
					tokenID: connect.tokenID,
				});
			} finally {
				await docsShaped.close();
			}
		});

		it('a Connect result that says success false is refused before anything is sent', async () => {
			const t = trigger(sim);
			const { sent } = await t.post({
				state: await t.state(),
				event: 'success',
				payload: { ...sim.connect(), success: false },
			});
			expect(sent).toMatchObject({ status: 400, body: { ok: false, reason: 'incomplete Connect result' } });
			expect(sim.requests()).toHaveLength(0);
		});

		it.each([
			['a megabyte', 'x'.repeat(1_000_000)],
			['markup', '<script>alert(1)</script>'],
			['spaces and quotes', 'a b"c'],
			['an object', { id: 'x' }],
		])('a connectionID of %s from the browser is refused before anything is sent', async (_what, connectionID) => {
			const t = trigger(sim, { parameters: { options: { failedConnectionsOutput: true } } });
			const { result, sent } = await t.post({
				state: await t.state(),
				event: 'success',
				payload: { ...sim.connect(), connectionID },
			});
			expect(sent).toMatchObject({ status: 400, body: { ok: false, reason: 'incomplete Connect result' } });
			expect(sim.requests()).toHaveLength(0);
			expect(result.workflowData![0]).toEqual([]);
			expect(JSON.stringify(result.workflowData![1]).length).toBeLessThan(2_000);
		});

		it.each(['', '   ', '\t\n'])('an exchange answering a blank access token (%j) connects nothing', async (blank) => {
			const hostile = await startHostileServer();
			try {
				hostile.setFault({ kind: 'json', text: JSON.stringify({ success: true, accessToken: blank }) });
				const t = trigger(sim, {
					credentials: { baseUrl: hostile.baseUrl },
					parameters: { options: { failedConnectionsOutput: true } },
				});
				const { result, sent } = await t.post({ state: await t.state(), event: 'success', payload: sim.connect() });
				expect(sent).toMatchObject({ status: 502, body: { ok: false, reason: 'exchange failed' } });
				expect(result.workflowData![0]).toEqual([]);
				expect(result.workflowData![1][0].json).toMatchObject({ status: 'failed' });
				expect(JSON.stringify(result)).not.toContain('sealedConnection');
			} finally {
				await hostile.close();
			}
		});

		it('an incomplete Connect result is refused before anything is sent', async () => {
			const t = trigger(sim);
			const { accessCode, connectionID } = sim.connect();
			const { sent } = await t.post({
				state: await t.state(),
				event: 'success',
				payload: { accessCode, connectionID },
			});
			expect(sent).toMatchObject({ status: 400, body: { ok: false, reason: 'incomplete Connect result' } });
			expect(sim.requests()).toHaveLength(0);
		});
	});
});
