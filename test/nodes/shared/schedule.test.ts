import { runByConnection } from '../../../nodes/shared/schedule';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs tasks that take `ms` each and records how many ran at once, per key and overall. */
async function measure(keys: string[], maxParallel: number, ms = 15) {
	const inFlight = new Map<string, number>();
	let now = 0;
	let peak = 0;
	let peakPerKey = 0;
	const order: number[] = [];
	const outcome = await runByConnection(keys, maxParallel, async (index, waitForTurn) => {
		await waitForTurn();
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
		const { failure, results } = await runByConnection(['a', 'a', 'a'], 1, async (index, waitForTurn) => {
			await waitForTurn();
			ran.push(index);
			if (index === 1) throw new Error('boom');
			return index;
		});
		expect(failure?.index).toBe(1);
		expect((failure?.error as Error).message).toBe('boom');
		expect(ran).toEqual([0, 1]);
		expect(results[2]).toBeUndefined();
	});

	it('prepares the next items of a connection while one is in flight, but sends them one by one, in order', async () => {
		const events: string[] = [];
		await runByConnection(['a', 'a', 'a', 'a'], 1, async (index, waitForTurn) => {
			events.push(`prepare ${index}`);
			await waitForTurn();
			events.push(`send ${index}`);
			await pause(10);
			events.push(`done ${index}`);
		});
		// Item 1 and 2 are prepared while item 0 is in flight; no send starts before the previous is done.
		expect(events.indexOf('prepare 1')).toBeLessThan(events.indexOf('done 0'));
		expect(events.indexOf('prepare 2')).toBeLessThan(events.indexOf('done 0'));
		for (let i = 1; i < 4; i++) expect(events.indexOf(`send ${i}`)).toBeGreaterThan(events.indexOf(`done ${i - 1}`));
		expect(events.filter((e) => e.startsWith('send')).map((e) => Number(e.split(' ')[1]))).toEqual([0, 1, 2, 3]);
	});

	it('the look-ahead is bounded', async () => {
		let prepared = 0;
		let sent = 0;
		let maxAhead = 0;
		await runByConnection(Array(20).fill('a'), 1, async (_index, waitForTurn) => {
			prepared++;
			maxAhead = Math.max(maxAhead, prepared - sent);
			await waitForTurn();
			sent++;
			await pause(2);
		});
		expect(maxAhead).toBeLessThanOrEqual(3);
	});

	it('gives a free slot to the next connection, not to one still waiting for an answer', async () => {
		const events: string[] = [];
		const keys = ['slow', 'fast', 'next'];
		await runByConnection(keys, 2, async (index, waitForTurn) => {
			await waitForTurn();
			events.push(`start ${keys[index]}`);
			await pause(keys[index] === 'slow' ? 150 : 10);
			events.push(`end ${keys[index]}`);
		});
		// Order of events, not clock readings: a busy machine can make two readings equal.
		expect(events.indexOf('start next')).toBeLessThan(events.indexOf('end slow'));
		expect(events.indexOf('start next')).toBeGreaterThan(events.indexOf('end fast'));
	});

	it('items prepared ahead of a failure never send', async () => {
		const sent: number[] = [];
		const { failure } = await runByConnection(['a', 'a', 'a', 'a'], 1, async (index, waitForTurn) => {
			await waitForTurn();
			sent.push(index);
			await pause(5);
			if (index === 1) throw new Error('boom');
		});
		expect(failure?.index).toBe(1);
		expect(sent).toEqual([0, 1]);
	});

	it('with one slot sends strictly in input order, whatever the connections', async () => {
		const sent: number[] = [];
		await runByConnection(['a', 'b', 'a', 'c', 'b', 'a'], 1, async (index, waitForTurn) => {
			await waitForTurn();
			sent.push(index);
		});
		expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('an item refused while prepared ahead stops only the items after it', async () => {
		const first = deferred();
		const sent: number[] = [];
		const outcome = runByConnection(['a', 'a', 'a', 'a'], 1, async (index, waitForTurn) => {
			if (index === 2) throw new Error('refused before sending');
			await waitForTurn();
			sent.push(index);
			if (index === 0) await first.promise;
		});
		first.resolve();
		const { failure, underWay } = await outcome;
		expect(failure?.index).toBe(2);
		expect(sent).toEqual([0, 1]);
		expect(underWay).toEqual([]);
	});

	it('above one slot, no item takes its turn once an earlier one failed; those under way are reported', async () => {
		const gates = [deferred(), deferred(), deferred(), deferred()];
		const sent: number[] = [];
		const outcome = runByConnection(['a', 'b', 'c', 'd', 'e'], 3, async (index, waitForTurn) => {
			await waitForTurn();
			sent.push(index);
			await gates[index]?.promise;
			if (index === 1) throw new Error('refused');
			return `done ${index}`;
		});
		gates[2].resolve(); // item 2 finishes first, and item 3 takes its slot
		await until(() => sent.includes(3));
		gates[1].resolve(); // item 1 fails; once that is settled, items 0 and 3 free slots that item 4 must not take
		await new Promise((resolve) => setImmediate(resolve));
		gates[0].resolve();
		gates[3].resolve();
		const { failure, underWay, results } = await outcome;
		expect(failure?.index).toBe(1);
		expect(sent).toEqual([0, 1, 2, 3]);
		expect(underWay).toEqual([
			{ index: 2, result: 'done 2', error: undefined },
			{ index: 3, result: 'done 3', error: undefined },
		]);
		expect(results[0]).toBe('done 0');
	});
});

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}

/** Waits, a turn of the event loop at a time, until `condition` holds (at most 1000 turns). */
async function until(condition: () => boolean) {
	for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
	if (!condition()) throw new Error('the condition never held');
}
