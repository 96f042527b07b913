import { useSimulator } from '../support/simulator';
import { startSimulator } from '../../simulator';
import { APP_SECRET, call, login, userCall } from '../support/simulatorHttp';

async function timed(action: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await action();
	return performance.now() - started;
}

describe('latency spread', () => {
	const sim = useSimulator({ appSecret: APP_SECRET }, { freshForEachTest: true });

	test('the default is 0 and a fixed latency reads back as a number', () => {
		expect(sim.latency()).toBe(0);
		sim.setLatency(25);
		expect(sim.latency()).toBe(25);
		sim.setLatency({ minMs: 30, maxMs: 30 });
		expect(sim.latency()).toBe(30);
	});

	test('setLatency({minMs, maxMs}) delays each call by a uniform pick within the bounds', async () => {
		const session = await login(sim);
		sim.setLatency({ minMs: 60, maxMs: 180 });
		expect(sim.latency()).toEqual({ minMs: 60, maxMs: 180 });
		sim.clearRequests();
		const durations: number[] = [];
		for (let i = 0; i < 10; i++) durations.push(await timed(() => userCall(sim, session, '/v2/data/accounts/get')));
		const log = sim.requests();
		const picks = log.map((entry) => entry.latencyMs!);
		for (const [i, ms] of picks.entries()) {
			expect(ms).toBeGreaterThanOrEqual(60);
			expect(ms).toBeLessThanOrEqual(180);
			// Timers never fire early (1 ms of rounding allowed); a busy machine only makes calls slower.
			expect(durations[i]).toBeGreaterThanOrEqual(ms - 1);
		}
		// Ten uniform picks over 120 ms are not all the same.
		expect(Math.max(...picks) - Math.min(...picks)).toBeGreaterThan(10);
		expect(log.every((entry) => entry.status === 200)).toBe(true);
	});

	test('errors are delayed too, and setting 0 again answers at once', async () => {
		sim.setLatency({ minMs: 80, maxMs: 100 });
		expect(await timed(() => call(sim, '/v2/data/accounts/get', { appSecret: 'wrong' }))).toBeGreaterThanOrEqual(79);
		// A call waiting out a latency longer than the test may run; with 0 set, the next answers while it waits.
		sim.setLatency(600_000);
		const waiting = call(sim, '/v2/data/accounts/get', { appSecret: 'wrong' }).catch((err: Error) => err.message);
		await sim.untilRequests((log) => log[1]?.latencyMs === 600_000);
		sim.setLatency(0);
		expect((await call(sim, '/v2/data/accounts/get', { appSecret: 'wrong' })).status).toBe(401);
		expect(sim.requests().map((entry) => [entry.status, entry.latencyMs])).toEqual([
			[401, expect.any(Number)],
			[null, 600_000],
			[401, 0],
		]);
		await sim.close();
		expect(await waiting).toBe('fetch failed');
	});

	test.each([
		[{ minMs: 50, maxMs: 10 }],
		[{ minMs: -1, maxMs: 10 }],
		[{ minMs: 0, maxMs: Infinity }],
		[{ minMs: 5 }],
		[-3],
		[Number.NaN],
		['10'],
	])('setLatency(%p) is a TypeError and changes nothing', (bad) => {
		sim.setLatency({ minMs: 1, maxMs: 2 });
		expect(() => sim.setLatency(bad as never)).toThrow(TypeError);
		expect(sim.latency()).toEqual({ minMs: 1, maxMs: 2 });
	});

	test('startSimulator accepts a range', async () => {
		const spread = await startSimulator({ latencyMs: { minMs: 40, maxMs: 60 } });
		try {
			expect(spread.latency()).toEqual({ minMs: 40, maxMs: 60 });
			expect(await timed(() => call(spread, '/v2/auth/ExchangeToken', { appSecret: 'x' }))).toBeGreaterThanOrEqual(39);
		} finally {
			await spread.close();
		}
		await expect(startSimulator({ latencyMs: { minMs: 9, maxMs: 1 } })).rejects.toThrow(TypeError);
	});

	test('control API: POST /__sim/latency {minMs, maxMs}', async () => {
		const post = async (body: unknown) => {
			const res = await fetch(`${sim.url}/__sim/latency`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return { status: res.status, body: await res.json() };
		};
		expect(await post({ minMs: 20, maxMs: 40 })).toEqual({ status: 200, body: { minMs: 20, maxMs: 40 } });
		expect(sim.latency()).toEqual({ minMs: 20, maxMs: 40 });
		expect((await post({ minMs: 40, maxMs: 20 })).status).toBe(400);
		expect((await post({ minMs: 20 })).status).toBe(400);
		expect((await post({ minMs: '1', maxMs: 2 })).status).toBe(400);
		expect(sim.latency()).toEqual({ minMs: 20, maxMs: 40 });
		expect(await post({ latencyMs: 0 })).toEqual({ status: 200, body: { latencyMs: 0 } });
		expect(sim.latency()).toBe(0);
	});
});
