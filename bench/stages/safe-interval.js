// @ts-check
'use strict';

const { fmtMs } = require('../lib/format');

/** Batching intervals tried when looking for HTTP Request's smallest safe one (ms). */
const INTERVAL_GRID = [2, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 80, 90, 100, 120, 150, 200];

/**
 * The smallest batching interval on the grid that never overlapped: trials on the first connections
 * of the workload, grouped (a token's calls back to back, the order that needs the longest interval),
 * doubling the interval until one is safe and then bisecting; the result is then confirmed on the
 * whole grouped workload, moving up the grid while that overlaps.
 * @param {import('./setup').Bench} bench
 * @param {(interval: number, on: 'search' | 'grouped') => Promise<import('./setup').Run>} runAt
 * @param {number} searchCalls
 * @param {number} allCalls
 */
async function searchSafeInterval(bench, runAt, searchCalls, allCalls) {
	const trials = /** @type {any[]} */ ([]);
	/** @param {number} index @param {'search' | 'grouped'} on */
	const trial = async (index, on) => {
		const interval = INTERVAL_GRID[index];
		const { items, ...run } = /** @type {import('./setup').Run & { items?: unknown[] }} */ (await runAt(interval, on));
		const safe = run.ms !== null && run.overlappedCalls === 0 && run.failedItems === 0;
		const calls = on === 'search' ? searchCalls : allCalls;
		trials.push({
			intervalMs: interval,
			calls,
			safe,
			overlappedCalls: run.overlappedCalls,
			failedItems: run.failedItems,
			ms: run.ms,
		});
		bench.log(
			`  search: batch 1 every ${interval} ms, ${calls} calls → ${run.overlappedCalls} overlapping calls, ${run.failedItems} failed (${fmtMs(run.ms)})`,
		);
		return safe;
	};
	const last = INTERVAL_GRID.length - 1;
	// Doubling: indices whose intervals roughly double (grid 10, 20, 40, 80, 150, 200).
	let lo = 0;
	let hi = -1;
	for (const interval of [10, 20, 40, 80, 150, INTERVAL_GRID[last]]) {
		const index = INTERVAL_GRID.indexOf(interval);
		if (index < lo) continue;
		if (await trial(index, 'search')) {
			hi = index;
			break;
		}
		lo = index + 1;
	}
	if (hi === -1) return { intervalMs: INTERVAL_GRID[last], foundSafe: false, trials };
	while (lo < hi) {
		const mid = Math.floor((lo + hi) / 2);
		if (await trial(mid, 'search')) hi = mid;
		else lo = mid + 1;
	}
	for (let index = lo; index <= Math.min(last, lo + 3); index++) {
		if (await trial(index, 'grouped')) return { intervalMs: INTERVAL_GRID[index], foundSafe: true, trials };
	}
	return { intervalMs: INTERVAL_GRID[Math.min(last, lo + 3)], foundSafe: false, trials };
}

module.exports = { INTERVAL_GRID, searchSafeInterval };
