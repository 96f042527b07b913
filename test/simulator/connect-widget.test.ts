import vm from 'node:vm';

import { startSimulator, type Simulator } from '../../simulator';
import { APP_SECRET, JWT_LIKE, UUID, call } from '../support/simulatorHttp';

const APP_KEY = 'widget-test-app-key';

async function get(sim: Simulator, path: string) {
	const res = await fetch(sim.url + path);
	return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The session the login page keeps in its storage, as served. */
const sessionOf = (html: string) => /var SESSION = "([^"]+)"/.exec(html)![1];

async function login(sim: Simulator, body: Record<string, unknown>) {
	return await call(sim, '/connect/v3/login', body);
}

describe('Connect Layer stand-in (/connect/v3)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ appSecret: APP_SECRET, appKey: APP_KEY });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.clearRequests());

	test('connector.js has Dapi.create and Dapi.environments, loadable from any page', async () => {
		const script = await get(sim, '/connect/v3/connector.js');
		expect(script.status).toBe(200);
		expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
		expect(script.headers.get('access-control-allow-origin')).toBe('*');
		// Run it against a minimal window: the surface the quickstart uses.
		const window: Record<string, unknown> = { addEventListener: () => {} };
		const calls: string[] = [];
		vm.runInNewContext(script.text, {
			window,
			document: { currentScript: { src: `${sim.url}/connect/v3/connector.js` } },
			URL,
			URLSearchParams,
			setTimeout: (fn: () => void) => fn(),
		});
		const Dapi = window.Dapi as {
			environments: Record<string, string>;
			create: (config: object) => { open: unknown; close: unknown };
		};
		expect(Dapi.environments).toEqual({ sandbox: 'sandbox', production: 'production' });
		const handler = Dapi.create({
			environment: 'sandbox',
			appKey: APP_KEY,
			countries: ['AE'],
			onReady: () => calls.push('ready'),
		});
		expect(typeof handler.open).toBe('function');
		expect(calls).toEqual(['ready']);
		expect(() => Dapi.create({ environment: 'sandbox' })).toThrow(/appKey is required/);
		expect(() => Dapi.create({ environment: 'live', appKey: APP_KEY })).toThrow(/environment/);
	});

	test('the login page lists the sandbox users of the allowed countries, keeps its session in its own storage', async () => {
		const page = await get(sim, `/connect/v3/widget?appKey=${APP_KEY}&environment=sandbox&countries=US`);
		expect(page.status).toBe(200);
		expect(page.text.match(/data-testid="sandbox-user-([\w-]+)"/g)).toEqual([
			'data-testid="sandbox-user-user-us-chase-003"',
		]);
		expect(page.text).toContain("localStorage.setItem('dapi-connect-session', SESSION)");
		expect(page.text).toContain('STORAGE_UNAVAILABLE');
		expect(page.text).toContain('var APP_KEY_OK = true');
		const all = await get(sim, `/connect/v3/widget?appKey=${APP_KEY}`);
		expect(all.text.match(/data-testid="sandbox-user-/g)).toHaveLength(sim.users().length);
		const wrongKey = await get(sim, '/connect/v3/widget?appKey=not-the-app-key');
		expect(wrongKey.text).toContain('var APP_KEY_OK = false');
	});

	test('a login with the session, a sandbox user and the password gives a Connect result that exchanges', async () => {
		const page = await get(sim, `/connect/v3/widget?appKey=${APP_KEY}`);
		const session = sessionOf(page.text);
		const refused = await login(sim, { appKey: APP_KEY, userID: 'user-ae-liv-001', password: 'wrong', session });
		expect(refused).toMatchObject({ status: 401, body: { success: false, type: 'INVALID_CREDENTIALS' } });
		// A refused login used the session up: the widget must be opened again.
		const again = await login(sim, { appKey: APP_KEY, userID: 'user-ae-liv-001', password: 'sandbox', session });
		expect(again).toMatchObject({ status: 401, body: { type: 'INVALID_SESSION' } });

		const fresh = sessionOf((await get(sim, `/connect/v3/widget?appKey=${APP_KEY}`)).text);
		const ok = await login(sim, { appKey: APP_KEY, userID: 'user-ae-liv-001', password: 'sandbox', session: fresh });
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({
			success: true,
			accessCode: expect.stringMatching(JWT_LIKE),
			userSecret: expect.any(String),
			connectionID: expect.stringMatching(UUID),
			userID: 'user-ae-liv-001',
			tokenID: expect.stringMatching(UUID),
			bankId: 'DAPIBANK_AE_LIV',
		});
		const exchange = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: ok.body.accessCode,
			connectionID: ok.body.connectionID,
		});
		expect(exchange.status).toBe(200);
		// The widget is not the API: only the exchange is in the request log.
		expect(sim.requests().map((r) => r.path)).toEqual(['/v2/auth/ExchangeToken']);

		const issued = sim.issued().find((c) => c.connectionID === ok.body.connectionID);
		expect(issued).toEqual({
			connectionID: ok.body.connectionID,
			userID: 'user-ae-liv-001',
			tokenID: ok.body.tokenID,
			userSecret: ok.body.userSecret,
			accessTokens: [{ accessToken: exchange.body.accessToken, revoked: false }],
		});
		const listed = await get(sim, '/__sim/connections');
		expect(JSON.parse(listed.text).connections).toContainEqual(issued);
	});

	test.each([
		['no session', { appKey: APP_KEY, userID: 'user-ae-liv-001', password: 'sandbox' }, 'INVALID_SESSION'],
		[
			'another app key',
			{ appKey: 'other', userID: 'user-ae-liv-001', password: 'sandbox', session: 'x' },
			'INVALID_APP_KEY',
		],
		[
			'an unknown user',
			{ appKey: APP_KEY, userID: 'nobody', password: 'sandbox', session: 'SESSION' },
			'INVALID_CREDENTIALS',
		],
	])('refuses a login with %s', async (_what, body, type) => {
		const payload: Record<string, unknown> = { ...body };
		if (payload.session === 'SESSION')
			payload.session = sessionOf((await get(sim, `/connect/v3/widget?appKey=${APP_KEY}`)).text);
		expect(await login(sim, payload)).toMatchObject({ status: 401, body: { success: false, type } });
	});

	test('unknown widget paths answer 404', async () => {
		expect((await get(sim, '/connect/v3/nothing')).status).toBe(404);
	});
});
