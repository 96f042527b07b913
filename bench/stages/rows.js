// @ts-check
'use strict';

/**
 * Stage 2, the rows: the same Get Balance calls made by the Dapi node, n8n's HTTP Request node and a
 * plain `got` client, at three latencies of the simulator:
 *
 * - stress, a fixed 10 ms: what the package itself costs, on 500 calls over 50 tokens, in both item
 *   orders, with HTTP Request's smallest safe batching interval found by a search;
 * - slow, a fixed 300 ms, as Dapi answers a balance: 200 calls over 40 tokens;
 * - spread, 200–2,000 ms picked per call: 60 calls over 20 tokens.
 *
 * Every run of a Dapi or plain-client row is set against its ideal schedule (bench/lib/ideal.js): the
 * time the calls would take if each took exactly its latency, a token's calls one after another.
 */

const { idealScheduleMs, servedMsByToken } = require('../lib/ideal');
const wf = require('../lib/workflows');
const { INTERVAL_GRID, searchSafeInterval } = require('./safe-interval');
const { summariseRuns } = require('./summarise-runs');
const { fmtMs } = require('../lib/format');

const ORDERS = /** @type {const} */ (['grouped', 'interleaved']);

/**
 * @typedef {'grouped' | 'interleaved'} Order
 * @typedef {number | { minMs: number, maxMs: number }} Latency
 * A row runs an n8n workflow (in the package's user folder, or the baseline's) or the plain client.
 * @typedef {{ key: string, label: string, parallel: number | null, workflow?: (order: Order) => string, folder?: string, got?: 'sequential' | 'perToken' }} Row
 */

/** @param {import('./setup').Options} options */
function latencyProfiles(options) {
	return [
		{
			key: 'stress',
			label: 'fixed 10 ms',
			latency: /** @type {Latency} */ (10),
			workload: /** @type {const} */ ('stress'),
			orders: ORDERS,
			reps: options.reps,
			rows: ['dapi1', 'dapi10', 'httpDefault', 'httpSafe', 'gotSequential', 'gotPerToken'],
		},
		// At 300 ms and more, Dapi@1 would take a minute a run and show nothing the 10 ms rows do not; and
		// a token's calls form one queue whatever their order, so grouped is enough.
		{
			key: 'slow',
			label: 'fixed 300 ms',
			latency: /** @type {Latency} */ (300),
			workload: /** @type {const} */ ('slow'),
			orders: ORDERS.slice(0, 1),
			reps: options.reps,
			rows: ['dapi10', 'gotPerToken'],
		},
		{
			key: 'spread',
			label: 'spread 200–2,000 ms (uniform per call)',
			latency: /** @type {Latency} */ ({ minMs: 200, maxMs: 2000 }),
			workload: /** @type {const} */ ('spread'),
			orders: ORDERS.slice(0, 1),
			reps: options.spreadReps,
			rows: ['dapi10', 'httpTuned', 'gotPerToken'],
		},
	];
}

/**
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function runRows(bench, workloads) {
	const { sim, log } = bench;
	const profiles = [];
	/** The interval found safe at 10 ms, tried again where the latency spreads. @type {number | null} */
	let stressInterval = null;

	for (const profile of latencyProfiles(bench.options)) {
		const workload = workloads[profile.workload];
		const itemsOf = (/** @type {Order} */ order) => workload[order];
		const calls = workload.grouped.length;
		/** @param {string} rowKey @param {Order | 'search'} order @param {Record<string, unknown>} node */
		const workflowId = (rowKey, order, node) =>
			bench.workflow(
				`${profile.key}:${rowKey}:${order}`,
				`bench: ${profile.label}, ${rowKey}, ${order}`,
				order === 'search' ? workloads.search : itemsOf(order),
				node,
			);
		const dapiId = (/** @type {number} */ parallel, /** @type {Order} */ order) =>
			workflowId(`dapi${parallel}`, order, wf.dapiGetBalance(parallel));
		const httpId = (/** @type {number | null} */ interval, /** @type {Order | 'search'} */ order) =>
			workflowId(`http${interval ?? 'Default'}`, order, wf.httpGetBalance(bench.balanceUrl, sim.appSecret, interval));

		sim.setLatency(profile.latency);
		let safeInterval = null;
		if (profile.rows.includes('httpSafe')) {
			for (const interval of INTERVAL_GRID) (httpId(interval, 'search'), httpId(interval, 'grouped'));
			await bench.importWorkflows();
			log(
				`latency ${profile.label}: looking for the smallest safe HTTP Request batching interval (batch size 1, ${workloads.search.length} grouped calls per trial)`,
			);
			safeInterval = await searchSafeInterval(
				bench,
				(interval, on) =>
					bench.runN8n(httpId(interval, on), { expected: on === 'search' ? workloads.search.length : calls }),
				workloads.search.length,
				calls,
			);
			log(`  → ${safeInterval.intervalMs} ms`);
			stressInterval = safeInterval.intervalMs;
		}

		const baseline = bench.baseline;
		/** @param {string} key @returns {Row[]} */
		const rowsOf = (key) => {
			const dapi = /^dapi(\d+)$/.exec(key);
			if (dapi) {
				const parallel = Number(dapi[1]);
				const row = {
					key,
					label: `Dapi node, Max Parallel Connections ${parallel}`,
					parallel,
					workflow: (/** @type {Order} */ order) => dapiId(parallel, order),
				};
				return baseline
					? [
							row,
							{
								...row,
								key: `${key}Baseline`,
								label: `${row.label}, baseline ${baseline.shortCommit}`,
								folder: baseline.folder,
							},
						]
					: [row];
			}
			const interval = key === 'httpSafe' ? safeInterval?.intervalMs : stressInterval;
			switch (key) {
				case 'httpDefault':
					return [
						{
							key,
							label: 'HTTP Request 4.2, default options',
							parallel: null,
							workflow: (order) => httpId(null, order),
						},
					];
				case 'httpSafe':
				case 'httpTuned':
					if (typeof interval !== 'number') return [];
					return [
						{
							key,
							label: `HTTP Request 4.2, batch 1 every ${interval} ms (${key === 'httpSafe' ? 'the smallest safe interval found' : 'the interval safe at 10 ms'})`,
							parallel: null,
							workflow: (order) => httpId(interval, order),
						},
					];
				case 'gotSequential':
					return [{ key, label: 'got, sequential', parallel: 1, got: 'sequential' }];
				case 'gotPerToken':
					return [{ key, label: 'got, per-token queues, 10 in flight', parallel: 10, got: 'perToken' }];
				default:
					throw new Error(`unknown row ${key}`);
			}
		};
		const rows = profile.rows.flatMap(rowsOf);
		for (const row of rows) for (const order of profile.orders) row.workflow?.(order);
		await bench.importWorkflows();

		/** @param {Row} row @param {Order} order */
		const runRow = (row, order) =>
			row.workflow
				? bench.runN8n(row.workflow(order), { expected: calls, folder: row.folder })
				: bench.runGot(/** @type {'sequential' | 'perToken'} */ (row.got), itemsOf(order));

		/** The ideal schedule of the run just made. @param {Row} row @param {Order} order */
		const idealOf = (row, order) => {
			if (row.parallel === null) return null;
			const latency = profile.latency;
			const tokenMs =
				typeof latency === 'number'
					? (/** @type {string} */ _token, /** @type {number} */ count) => count * latency
					: servedMsByToken(sim.requests());
			return idealScheduleMs(
				itemsOf(order).map((item) => item.accessToken),
				row.parallel,
				tokenMs,
			);
		};

		/** @type {Record<string, Record<string, import('./setup').Run[]>>} */
		const runs = Object.fromEntries(rows.map((row) => [row.key, { grouped: [], interleaved: [] }]));
		for (let rep = 0; rep < profile.reps; rep++) {
			// Rotate the row order each repetition, so no row always runs first or after the same neighbour.
			const ordered = rows.map((_, i) => rows[(i + rep) % rows.length]);
			for (const row of ordered) {
				for (const order of profile.orders) {
					const { items, ...run } = /** @type {import('./setup').Run & { items?: unknown[] }} */ (
						await runRow(row, order)
					);
					run.idealMs = idealOf(row, order);
					runs[row.key][order].push(run);
					log(
						`  ${profile.key} rep ${rep + 1}/${profile.reps} ${row.key.padEnd(17)} ${order.padEnd(11)} ${fmtMs(run.ms).padStart(8)}` +
							`${run.idealMs ? ` (${(Number(run.ms) / run.idealMs).toFixed(3)}× ideal)` : ''}  failed ${run.failedItems}, overlapping calls ${run.overlappedCalls}`,
					);
				}
			}
		}

		profiles.push({
			key: profile.key,
			label: profile.label,
			latency: profile.latency,
			calls,
			connections: workload.connections.length,
			reps: profile.reps,
			orders: profile.orders,
			safeInterval,
			rows: rows.map((row) => ({
				key: row.key,
				label: row.label,
				parallel: row.parallel,
				...Object.fromEntries(
					profile.orders.map((order) => [
						order,
						runs[row.key][order].length > 0 ? summariseRuns(runs[row.key][order]) : null,
					]),
				),
			})),
		});
	}
	sim.setLatency(0);
	return { profiles };
}

module.exports = { runRows, ORDERS };
