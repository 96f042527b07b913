import { useSimulator } from '../support/simulator';
import { startSimulator, type Simulator } from '../../simulator';
import { APP_SECRET, JWT_LIKE, UUID, call, expectDapiError, login, userCall } from '../support/simulatorHttp';

async function control(sim: Simulator, method: string, path: string, body?: unknown) {
	const res = await fetch(sim.url + path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { status: res.status, body: (await res.json()) as any };
}

describe('control API (/__sim)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET }, { clearLogBeforeEach: true });

	test('GET /__sim/health', async () => {
		expect(await control(sim, 'GET', '/__sim/health')).toEqual({ status: 200, body: { ok: true } });
	});

	test('POST /__sim/connect without a body connects the first seeded user', async () => {
		const { status, body } = await control(sim, 'POST', '/__sim/connect');
		expect(status).toBe(200);
		expect(Object.keys(body).sort()).toEqual([
			'accessCode',
			'connectionID',
			'success',
			'tokenID',
			'userID',
			'userSecret',
		]);
		expect(body).toMatchObject({ success: true, userID: 'user-ae-liv-001' });
		expect(body.accessCode).toMatch(JWT_LIKE);
		expect(body.connectionID).toMatch(UUID);
	});

	test('POST /__sim/connect result exchanges and reads data for the chosen user', async () => {
		const { body: connect } = await control(sim, 'POST', '/__sim/connect', { userID: 'user-us-chase-003' });
		expect(connect.userID).toBe('user-us-chase-003');
		const exchange = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(exchange.body).toMatchObject({ success: true, userID: 'user-us-chase-003', tokenID: connect.tokenID });
		const identity = await userCall(sim, { connect, accessToken: exchange.body.accessToken }, '/v2/data/identity/get');
		expect(identity.body.identity.name).toBe('Emily Carter');
	});

	test('POST /__sim/connect rejects unknown or malformed userIDs', async () => {
		const unknown = await control(sim, 'POST', '/__sim/connect', { userID: 'ghost' });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toContain('ghost');
		expect((await control(sim, 'POST', '/__sim/connect', { userID: 5 })).status).toBe(400);
		const bad = await fetch(`${sim.url}/__sim/connect`, { method: 'POST', body: '{oops' });
		expect(bad.status).toBe(400);
	});

	test('GET /__sim/users lists the seeded users', async () => {
		const { status, body } = await control(sim, 'GET', '/__sim/users');
		expect(status).toBe(200);
		expect(body.users).toEqual(sim.users());
		expect(body.users.map((u: { userID: string }) => u.userID)).toEqual([
			'user-ae-liv-001',
			'user-ae-adcb-002',
			'user-us-chase-003',
			'user-ae-enbd-004',
		]);
		expect(body.users[1].accounts.map((a: { id: string }) => a.id)).toEqual([
			'acc-adcb-002-current',
			'acc-adcb-002-savings',
			'acc-adcb-002-usd',
		]);
	});

	test('POST /__sim/clock advances the clock and expires access codes', async () => {
		const connect = sim.connect();
		const before = sim.now();
		const { status, body } = await control(sim, 'POST', '/__sim/clock', { advanceMs: 30 * 60 * 1000 + 1 });
		expect(status).toBe(200);
		expect(body.now).toBeGreaterThanOrEqual(before + 30 * 60 * 1000 + 1);
		expect(body.now).toBeLessThan(before + 30 * 60 * 1000 + 60 * 1000);
		const reply = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expectDapiError(reply, 401, 'ACCESS_CODE_EXPIRED');
	});

	test.each([[{}], [{ advanceMs: -5 }], [{ advanceMs: '10' }]])('POST /__sim/clock rejects %j', async (body) => {
		expect((await control(sim, 'POST', '/__sim/clock', body)).status).toBe(400);
	});

	test('POST /__sim/latency sets the API latency', async () => {
		expect(await control(sim, 'POST', '/__sim/latency', { latencyMs: 200 })).toEqual({
			status: 200,
			body: { latencyMs: 200 },
		});
		try {
			const started = performance.now();
			await call(sim, '/v2/data/accounts/get', { appSecret: APP_SECRET });
			expect(performance.now() - started).toBeGreaterThanOrEqual(190);
		} finally {
			expect((await control(sim, 'POST', '/__sim/latency', { latencyMs: 0 })).status).toBe(200);
		}
		expect((await control(sim, 'POST', '/__sim/latency', { latencyMs: -1 })).status).toBe(400);
	});

	test('GET and DELETE /__sim/requests read and clear the log; control calls are not logged', async () => {
		const session = await login(sim);
		await userCall(sim, session, '/v2/data/accounts/get');
		await control(sim, 'GET', '/__sim/health');
		const { status, body } = await control(sim, 'GET', '/__sim/requests');
		expect(status).toBe(200);
		expect(body.requests).toEqual(sim.requests());
		expect(body.requests.map((e: { path: string }) => e.path)).toEqual([
			'/v2/auth/ExchangeToken',
			'/v2/data/accounts/get',
		]);

		expect((await control(sim, 'DELETE', '/__sim/requests')).status).toBe(200);
		expect(sim.requests()).toEqual([]);
		expect((await control(sim, 'GET', '/__sim/requests')).body).toEqual({ requests: [] });
	});

	test('unknown control paths are 404, wrong methods 405, and neither is logged', async () => {
		expect((await control(sim, 'GET', '/__sim/nope')).status).toBe(404);
		expect((await control(sim, 'POST', '/__sim/health')).status).toBe(405);
		expect((await control(sim, 'PUT', '/__sim/requests')).status).toBe(405);
		expect(sim.requests()).toEqual([]);
	});
});

describe('request log', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	test('records every API call in arrival order with the documented fields', async () => {
		const session = await login(sim, 'user-ae-adcb-002');
		await userCall(sim, session, '/v2/data/balance/get', { accountID: 'acc-adcb-002-usd' });
		await userCall(sim, session, '/v2/data/balance/get', { accountID: 'missing' });
		await call(sim, '/v2/data/accounts/get', undefined, { method: 'GET' });

		const log = sim.requests();
		expect(log).toHaveLength(4);
		for (const entry of log) {
			expect(Object.keys(entry)).toEqual([
				'seq',
				'method',
				'path',
				'headers',
				'body',
				'status',
				'type',
				'token',
				'overlapped',
				'latencyMs',
				'startedAt',
				'endedAt',
			]);
			expect(typeof entry.startedAt).toBe('number');
			expect(entry.endedAt).toBeGreaterThanOrEqual(entry.startedAt);
			expect(entry.overlapped).toBe(false);
		}
		expect(log.map((e) => e.seq)).toEqual([log[0].seq, log[0].seq + 1, log[0].seq + 2, log[0].seq + 3]);

		const [exchange, balance, missing, get] = log;
		expect(exchange).toMatchObject({
			method: 'POST',
			path: '/v2/auth/ExchangeToken',
			status: 200,
			type: null,
			token: null,
			body: {
				appSecret: APP_SECRET,
				accessCode: session.connect.accessCode,
				connectionID: session.connect.connectionID,
			},
		});
		expect(exchange.headers['content-type']).toBe('application/json');
		expect(exchange.headers.authorization).toBeUndefined();

		expect(balance).toMatchObject({
			path: '/v2/data/balance/get',
			status: 200,
			type: null,
			token: session.accessToken,
			body: { appSecret: APP_SECRET, userSecret: session.connect.userSecret, accountID: 'acc-adcb-002-usd' },
		});
		expect(balance.headers.authorization).toBe(`Bearer ${session.accessToken}`);
		expect(missing).toMatchObject({ status: 404, type: 'INVALID_ACCOUNT_ID' });
		expect(get).toMatchObject({ method: 'GET', status: 405, type: 'METHOD_NOT_ALLOWED', body: '' });
	});

	test('requests() returns a copy', async () => {
		await call(sim, '/v2/auth/ExchangeToken', { appSecret: APP_SECRET });
		const copy = sim.requests();
		const last = copy[copy.length - 1];
		last.status = 999;
		(last.body as Record<string, unknown>).appSecret = 'changed';
		copy.length = 0;
		const fresh = sim.requests();
		expect(fresh.length).toBeGreaterThan(0);
		expect(fresh[fresh.length - 1]).toMatchObject({ status: 422, body: { appSecret: APP_SECRET } });
	});

	test('clearRequests() empties the log and seq keeps counting', async () => {
		const before = sim.requests().at(-1)?.seq ?? 0;
		sim.clearRequests();
		expect(sim.requests()).toEqual([]);
		await call(sim, '/v2/nope', {});
		expect(sim.requests()).toHaveLength(1);
		expect(sim.requests()[0].seq).toBe(before + 1);
	});
});

describe('close', () => {
	test('close() resolves even with keep-alive connections and calls in flight, and is idempotent', async () => {
		const sim = await startSimulator();
		const session = await login(sim, undefined, 'sim-app-secret');
		// Far longer than the test may run: close() must not wait for it.
		sim.setLatency(600_000);
		const pending = userCall(sim, session, '/v2/data/accounts/get', {}, 'sim-app-secret').then(
			() => 'answered',
			// undici's TypeError comes from another realm, so compare by message, not instanceof.
			(err: Error) => err.message,
		);
		await sim.untilRequests((log) => log.some((entry) => entry.path === '/v2/data/accounts/get'));
		await sim.close();
		await sim.close();
		expect(await pending).toBe('fetch failed');
		await expect(fetch(`${sim.url}/__sim/health`)).rejects.toThrow('fetch failed');
	});
});
