// @ts-check
'use strict';

/**
 * Stage 3, CPU per item: the Dapi node against n8n's own HTTP Request node on the same 500 Get
 * Balance items, each with its own token (so that HTTP Request, which sends every item at once,
 * cannot collide), at 10 ms. The CPU time (user + system) of the whole n8n process is read from
 * /proc; a control that runs the same workflow with a No Operation node in place of the node under
 * test gives what n8n costs without it (starting, loading, carrying and printing the items). The
 * difference of the medians, divided by the items, is each node's CPU per item.
 */

const { median } = require('../lib/stats');
const wf = require('../lib/workflows');
const { fmtMs } = require('../lib/format');

/**
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function measureCpu(bench, workloads) {
	const { sim, log, options } = bench;
	const items = workloads.distinct.grouped;
	const workflow = (
		/** @type {string} */ key,
		/** @type {string} */ name,
		/** @type {Record<string, unknown>} */ node,
	) => bench.workflow(`cpu:${key}`, `bench: CPU per item, ${name}`, items, node);
	const rows = [
		{
			key: 'dapi',
			label: 'Dapi node, Get Balance, Max Parallel Connections 10',
			id: workflow('dapi', 'Dapi node', wf.dapiGetBalance(10)),
			expected: items.length,
			folder: bench.folder,
		},
		{
			key: 'http',
			label: 'HTTP Request 4.2, the same POST, default options',
			id: workflow('http', 'HTTP Request', wf.httpGetBalance(bench.balanceUrl, sim.appSecret, null)),
			expected: items.length,
			folder: bench.folder,
		},
		{
			key: 'control',
			label: 'control: No Operation in place of the node',
			id: workflow('control', 'No Operation', wf.noOp()),
			expected: /** @type {number | null} */ (null),
			folder: bench.folder,
		},
	];
	if (bench.baseline) {
		rows.push({
			...rows[0],
			key: 'dapiBaseline',
			label: `${rows[0].label}, baseline ${bench.baseline.shortCommit}`,
			folder: bench.baseline.folder,
		});
	}
	await bench.importWorkflows();
	sim.setLatency(10);
	log(
		`CPU per item: ${items.length} Get Balance items over ${items.length} tokens, 10 ms, ${options.cpuReps} run(s) per row`,
	);

	/** @type {Record<string, any[]>} */
	const runs = Object.fromEntries(rows.map((row) => [row.key, []]));
	for (let rep = 0; rep < options.cpuReps; rep++) {
		const ordered = rows.map((_, i) => rows[(i + rep) % rows.length]);
		for (const row of ordered) {
			const { items: output, ...run } = await bench.runN8n(row.id, { expected: row.expected, folder: row.folder });
			runs[row.key].push(run);
			log(
				`  cpu rep ${rep + 1}/${options.cpuReps} ${row.key.padEnd(12)} n8n process CPU ${fmtMs(run.cpuMs)}, node ${fmtMs(run.ms)}, failed ${run.failedItems ?? '-'}, overlapping calls ${run.overlappedCalls}`,
			);
		}
	}
	sim.setLatency(0);

	const cpuOf = (/** @type {string} */ key) => median(runs[key].map((run) => run.cpuMs ?? NaN).filter(Number.isFinite));
	const control = cpuOf('control');
	const perItem = (/** @type {string} */ key) => {
		const cpu = cpuOf(key);
		return cpu === null || control === null ? null : (cpu - control) / items.length;
	};
	return {
		items: items.length,
		latencyMs: 10,
		reps: options.cpuReps,
		rows: rows.map((row) => ({
			key: row.key,
			label: row.label,
			cpuMs: cpuOf(row.key),
			cpuMsRange: [
				Math.min(...runs[row.key].map((run) => run.cpuMs ?? NaN)),
				Math.max(...runs[row.key].map((run) => run.cpuMs ?? NaN)),
			],
			perItemMs: row.key === 'control' ? null : perItem(row.key),
			ms: median(runs[row.key].map((run) => run.ms ?? NaN).filter(Number.isFinite)),
			failedItems: row.expected === null ? null : Math.max(...runs[row.key].map((run) => run.failedItems ?? 0)),
			overlappedCalls: Math.max(...runs[row.key].map((run) => run.overlappedCalls)),
			runs: runs[row.key],
		})),
	};
}

module.exports = { measureCpu };
