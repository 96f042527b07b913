import { startSimulator } from '../../simulator';
import { useSimulator } from '../support/simulator';
import { APP_SECRET, call, expectDapiError, login, userCall } from '../support/simulatorHttp';

// How long a call stays in flight: calls meant to overlap must reach the simulator within it, however busy the machine.
const LATENCY = 500;
const PARALLEL_MSG =
	'Another request with this access token is in progress. Dapi does not allow parallel calls on one access token.';

describe('per-token concurrency guard', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, latencyMs: LATENCY }, { clearLogBeforeEach: true });

	test('two overlapping calls on one token both fail with PARALLEL_REQUESTS', async () => {
		const session = await login(sim);
		sim.clearRequests();
		const [a, b] = await Promise.all([
			userCall(sim, session, '/v2/data/accounts/get'),
			userCall(sim, session, '/v2/data/identity/get'),
		]);
		for (const reply of [a, b]) {
			expectDapiError(reply, 400, 'PARALLEL_REQUESTS');
			expect(reply.body.msg).toBe(PARALLEL_MSG);
		}
		const log = sim.requests();
		expect(log).toHaveLength(2);
		for (const entry of log) {
			expect(entry).toMatchObject({
				overlapped: true,
				status: 400,
				type: 'PARALLEL_REQUESTS',
				token: session.accessToken,
			});
		}
		expect(sim.overlapCount()).toBe(2);
	});

	test('a call that arrives while another is in flight fails, and so does the one in flight', async () => {
		const session = await login(sim);
		sim.clearRequests();
		const first = userCall(sim, session, '/v2/data/balance/get', { accountID: 'acc-liv-001-current' });
		await sim.untilRequests((log) => log.length === 1);
		const second = userCall(sim, session, '/v2/data/accounts/get');
		expectDapiError(await first, 400, 'PARALLEL_REQUESTS');
		expectDapiError(await second, 400, 'PARALLEL_REQUESTS');
		expect(sim.requests().map((e) => [e.path, e.overlapped])).toEqual([
			['/v2/data/balance/get', true],
			['/v2/data/accounts/get', true],
		]);
	});

	test('three parallel calls on one token all fail', async () => {
		const session = await login(sim);
		sim.clearRequests();
		const replies = await Promise.all([1, 2, 3].map(() => userCall(sim, session, '/v2/data/accounts/get')));
		for (const reply of replies) expectDapiError(reply, 400, 'PARALLEL_REQUESTS');
		expect(sim.overlapCount()).toBe(3);
	});

	test('the token works again once the parallel calls are over', async () => {
		const session = await login(sim);
		await Promise.all([
			userCall(sim, session, '/v2/data/accounts/get'),
			userCall(sim, session, '/v2/data/accounts/get'),
		]);
		const after = await userCall(sim, session, '/v2/data/accounts/get');
		expect(after.status).toBe(200);
		expect(sim.requests().at(-1)?.overlapped).toBe(false);
	});

	test('sequential calls on one token never trip the guard', async () => {
		const session = await login(sim);
		sim.clearRequests();
		for (const path of ['/v2/data/identity/get', '/v2/data/accounts/get', '/v2/metadata/accounts/get']) {
			expect((await userCall(sim, session, path)).status).toBe(200);
		}
		expect(sim.overlapCount()).toBe(0);
	});

	test('parallel calls on different tokens do not interfere', async () => {
		const a = await login(sim, 'user-ae-liv-001');
		const b = await login(sim, 'user-ae-liv-001');
		const c = await login(sim, 'user-us-chase-003');
		sim.clearRequests();
		const replies = await Promise.all([
			userCall(sim, a, '/v2/data/accounts/get'),
			userCall(sim, b, '/v2/data/accounts/get'),
			userCall(sim, c, '/v2/data/identity/get'),
		]);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(sim.requests().every((e) => e.overlapped === false && e.status === 200)).toBe(true);
		expect(sim.overlapCount()).toBe(0);
	});

	test('parallel ExchangeToken calls (no token yet) do not interfere', async () => {
		const codes = [sim.connect(), sim.connect()];
		const replies = await Promise.all(
			codes.map((c) =>
				call(sim, '/v2/auth/ExchangeToken', {
					appSecret: APP_SECRET,
					accessCode: c.accessCode,
					connectionID: c.connectionID,
				}),
			),
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200]);
	});

	test('a guarded call does not run its handler: a parallel ExchangeToken with a token header leaves the code unused', async () => {
		const session = await login(sim);
		const connect = sim.connect();
		const body = { appSecret: APP_SECRET, accessCode: connect.accessCode, connectionID: connect.connectionID };
		const [exchange, other] = await Promise.all([
			call(sim, '/v2/auth/ExchangeToken', body, { token: session.accessToken }),
			userCall(sim, session, '/v2/data/accounts/get'),
		]);
		expectDapiError(exchange, 400, 'PARALLEL_REQUESTS');
		expectDapiError(other, 400, 'PARALLEL_REQUESTS');
		expect((await call(sim, '/v2/auth/ExchangeToken', body)).status).toBe(200);
	});

	test('latency delays API answers but not control calls', async () => {
		sim.setLatency(300);
		try {
			const session = await login(sim);
			let started = performance.now();
			expect((await userCall(sim, session, '/v2/data/accounts/get')).status).toBe(200);
			expect(performance.now() - started).toBeGreaterThanOrEqual(290);

			started = performance.now();
			expectDapiError(await call(sim, '/v2/nope', {}), 404, 'NOT_FOUND');
			expect(performance.now() - started).toBeGreaterThanOrEqual(290);
		} finally {
			sim.setLatency(LATENCY);
		}
	});

	test('a control call answers while an API call waits out its latency', async () => {
		const slow = await startSimulator({ appSecret: APP_SECRET, latencyMs: 600_000 });
		let pending: Promise<unknown> = Promise.resolve();
		try {
			pending = call(slow, '/v2/nope', {}).catch((err: Error) => err.message);
			await slow.untilRequests((log) => log.length === 1);
			const health = await fetch(`${slow.url}/__sim/health`);
			expect(await health.json()).toEqual({ ok: true });
			expect(slow.requests()[0].status).toBeNull();
		} finally {
			await slow.close();
		}
		expect(await pending).toBe('fetch failed');
	});

	test('with no latency, calls that do not overlap in time succeed', async () => {
		sim.setLatency(0);
		try {
			const session = await login(sim);
			sim.clearRequests();
			for (let i = 0; i < 5; i++) expect((await userCall(sim, session, '/v2/data/accounts/get')).status).toBe(200);
			expect(sim.overlapCount()).toBe(0);
		} finally {
			sim.setLatency(LATENCY);
		}
	});

	test('setLatency rejects negative or non-finite values', () => {
		expect(() => sim.setLatency(-1)).toThrow(TypeError);
		expect(() => sim.setLatency(Number.POSITIVE_INFINITY)).toThrow(TypeError);
	});
});
