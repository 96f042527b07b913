import { runByConnection } from '../../nodes/shared/schedule';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs tasks that take `ms` each and records how many ran at once, per key and overall. */
async function measure(keys: string[], maxParallel: number, ms = 15) {
	const inFlight = new Map<string, number>();
	let now = 0;
	let peak = 0;
	let peakPerKey = 0;
	const order: number[] = [];
	const outcome = await runByConnection(keys, maxParallel, async (index) => {
		const key = keys[index];
		inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
		now++;
		peak = Math.max(peak, now);
		peakPerKey = Math.max(peakPerKey, inFlight.get(key)!);
		order.push(index);
		await pause(ms);
		inFlight.set(key, inFlight.get(key)! - 1);
		now--;
		return `result-${index}`;
	});
	return { ...outcome, peak, peakPerKey, order };
}

describe('runByConnection', () => {
	it('never overlaps one key, overlaps different keys up to the limit, and keeps results in input order', async () => {
		const keys = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'];
		const { results, peak, peakPerKey, order } = await measure(keys, 2);
		expect(peakPerKey).toBe(1);
		expect(peak).toBe(2);
		expect(results).toEqual(keys.map((_, i) => `result-${i}`));
		const aOrder = order.filter((i) => keys[i] === 'a');
		expect(aOrder).toEqual([0, 3, 6]);
	});

	it('with one slot runs strictly one at a time', async () => {
		const { peak } = await measure(['a', 'b', 'c', 'd'], 1, 5);
		expect(peak).toBe(1);
	});

	it('uses real parallelism across keys', async () => {
		const { peak } = await measure(['a', 'b', 'c', 'd', 'e'], 10, 60);
		expect(peak).toBe(5);
	});

	it('stops starting items after a failure and reports the lowest failing index', async () => {
		const ran: number[] = [];
		const { failure, results } = await runByConnection(['a', 'a', 'a'], 1, async (index) => {
			ran.push(index);
			if (index === 1) throw new Error('boom');
			return index;
		});
		expect(failure?.index).toBe(1);
		expect((failure?.error as Error).message).toBe('boom');
		expect(ran).toEqual([0, 1]);
		expect(results[2]).toBeUndefined();
	});
});
