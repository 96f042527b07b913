// @ts-check
'use strict';

/**
 * Stage 4, memory. n8n itself holds, saves and prints every item a node outputs, and that alone
 * grows the process by about a hundred times the output's JSON; what the node should be judged on is
 * what it adds to that. So:
 *
 * - Peak RSS growth against an n8n control, in the same run: the ENBD user's transactions over five
 *   years (Get Transactions split into bank-sized windows: 21 windows plus the metadata call), against
 *   a Code node that outputs the very same items in the node's place. Each grows from its own trivial
 *   run (the same workflow with a No Operation node, or a Code node passing its input on, since a Code
 *   node brings n8n's task runner along). A workflow's peak varies by 10 MB or more from one run
 *   to the next, as much as the growths differ, hence nine runs of each.
 *   Peak RSS is the kernel's high-water mark (VmHWM) of the n8n process.
 * - The heap the node keeps: in an instrumented copy of the package on `node --expose-gc`, the V8 heap
 *   in use after a garbage collection when the node returns, minus when it started, for five years
 *   and for one year; the difference per extra byte of output JSON is what the output costs in memory.
 */

const n8n = require('../lib/n8n');
const { median } = require('../lib/stats');
const probe = require('../lib/probe');
const wf = require('../lib/workflows');
const { fmtBytes, fmtMs } = require('../lib/format');

/**
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function measureMemory(bench, workloads) {
	const { sim, log, options } = bench;
	const { memory } = workloads;
	const input = [memory.item];
	const workflow = (
		/** @type {string} */ key,
		/** @type {string} */ name,
		/** @type {Record<string, unknown>} */ node,
	) => bench.workflow(`mem:${key}`, `bench: memory, ${name}`, input, node);
	const ids = {
		trivial: workflow('trivial', 'No Operation', wf.noOp()),
		transactions: workflow(
			'transactions',
			`ENBD transactions ${memory.fromDate}..${memory.toDate}`,
			wf.dapiGetTransactions(memory.fromDate, memory.toDate),
		),
		oneYear: workflow(
			'oneYear',
			`ENBD transactions ${memory.oneYearFromDate}..${memory.toDate}`,
			wf.dapiGetTransactions(memory.oneYearFromDate, memory.toDate),
		),
		trivialCode: workflow('trivialCode', 'Code passing its input on', wf.codePassThrough()),
		control: '',
	};
	await bench.importWorkflows();
	sim.setLatency(0);
	log(
		`memory: ENBD transactions ${memory.fromDate}..${memory.toDate} (split into bank-sized windows) against a Code node outputting the same items`,
	);

	/** @type {{ trivial: any[], transactions: any[], trivialCode: any[], control: any[] }} */
	const runs = { trivial: [], transactions: [], trivialCode: [], control: [] };
	/** @param {keyof typeof runs} kind */
	const run = async (kind) => {
		const { items, ...measured } = await bench.runN8n(ids[kind], { expected: null });
		const entry = {
			peakRssBytes: measured.peakRssBytes,
			ms: measured.ms,
			items: items.length,
			outputJsonBytes: Buffer.byteLength(JSON.stringify(items)),
			calls: measured.calls,
			errorItems: measured.errorItems + (measured.ms === null ? 1 : 0),
		};
		log(
			`  ${kind.padEnd(12)} peak RSS ${fmtBytes(entry.peakRssBytes ?? 0)}, ${entry.items} items, output JSON ${fmtBytes(entry.outputJsonBytes)}, ${entry.calls} Dapi calls, ${fmtMs(entry.ms)}`,
		);
		return { entry, items };
	};

	// A first run of the node gives the control its items (and warms the caches); it is not counted.
	const first = await run('transactions');
	ids.control = workflow('control', 'Code outputting the same transactions', wf.codeReturning(first.items));
	await bench.importWorkflows();
	const kinds = /** @type {const} */ (['trivial', 'transactions', 'trivialCode', 'control']);
	for (let rep = 0; rep < options.memReps; rep++) {
		for (const kind of kinds.map((_, i) => kinds[(i + rep) % kinds.length])) runs[kind].push((await run(kind)).entry);
	}

	const peak = (/** @type {keyof typeof runs} */ kind) =>
		median(runs[kind].map((entry) => entry.peakRssBytes ?? NaN).filter(Number.isFinite)) ?? 0;
	const spread = (/** @type {keyof typeof runs} */ kind) => {
		const values = runs[kind].map((entry) => entry.peakRssBytes ?? 0);
		return Math.max(...values) - Math.min(...values);
	};
	const outputJsonBytes = median(runs.transactions.map((entry) => entry.outputJsonBytes)) ?? 0;
	const nodeGrowthBytes = peak('transactions') - peak('trivial');
	const controlGrowthBytes = peak('control') - peak('trivialCode');
	const result = {
		userID: memory.userID,
		fromDate: memory.fromDate,
		toDate: memory.toDate,
		transactions: first.entry.items,
		dapiCalls: first.entry.calls,
		outputJsonBytes,
		controlOutputJsonBytes: median(runs.control.map((entry) => entry.outputJsonBytes)) ?? 0,
		peakRssBytes: {
			trivial: peak('trivial'),
			transactions: peak('transactions'),
			trivialCode: peak('trivialCode'),
			control: peak('control'),
		},
		peakRssSpreadBytes: {
			trivial: spread('trivial'),
			trivialCode: spread('trivialCode'),
			transactions: spread('transactions'),
			control: spread('control'),
		},
		nodeGrowthBytes,
		controlGrowthBytes,
		growthVsControl: controlGrowthBytes > 0 ? nodeGrowthBytes / controlGrowthBytes : null,
		// The same, both measured from the No Operation run: the control then also pays for the task runner.
		growthVsControlFromNoOp:
			peak('control') > peak('trivial') ? nodeGrowthBytes / (peak('control') - peak('trivial')) : null,
		nodeGrowthVsOutputJson: outputJsonBytes > 0 ? nodeGrowthBytes / outputJsonBytes : null,
		controlGrowthVsOutputJson: outputJsonBytes > 0 ? controlGrowthBytes / outputJsonBytes : null,
		errorItems: Object.values(runs)
			.flat()
			.reduce((sum, entry) => sum + entry.errorItems, 0),
		reps: options.memReps,
		runs,
		retainedHeap: await measureRetainedHeap(bench, ids),
	};
	log(
		`  growth: node ${fmtBytes(nodeGrowthBytes)}, control ${fmtBytes(controlGrowthBytes)} → ${result.growthVsControl?.toFixed(2)}× the control; heap kept per output byte ${result.retainedHeap.perOutputJsonByte?.toFixed(2)}`,
	);
	return result;
}

/**
 * The heap still in use after a garbage collection when the node returns, against when it started,
 * for five years and for one year of transactions, in the instrumented copy on `node --expose-gc`.
 * @param {import('./setup').Bench} bench
 * @param {{ transactions: string, oneYear: string }} ids
 */
async function measureRetainedHeap(bench, ids) {
	const folder = await bench.probeFolder([ids.transactions, ids.oneYear]);
	/** @type {Record<string, any[]>} */
	const runs = { '5 years': [], '1 year': [] };
	for (let rep = 0; rep < bench.options.memReps; rep++) {
		for (const [range, id] of /** @type {const} */ ([
			['5 years', ids.transactions],
			['1 year', ids.oneYear],
		])) {
			const result = await n8n.execute(folder, id, { nodeOptions: '--expose-gc', env: { BENCH_PROBE_GC: '1' } });
			const report = probe.readProbe(`${result.stderr}\n${result.stdout}`);
			const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
			const items = (task?.data?.main?.[0] ?? []).map((/** @type {any} */ item) => item.json);
			if (!report || !task) {
				bench.log(
					`  ! ${range}: ${report ? "no run of the node in n8n's output" : 'no probe report'} (exit ${result.code}, ${result.stdout.length} characters on stdout); not counted`,
				);
				continue;
			}
			const { before, after } = report.memory;
			const entry = {
				items: items.length,
				outputJsonBytes: Buffer.byteLength(JSON.stringify(items)),
				retainedHeapAfterGc: after.heapUsed - before.heapUsed,
				peakRssGrowthDuringNode: after.peakRss - before.peakRss,
				peakRssGrowthAfterNode: (result.peakRssBytes ?? 0) - after.peakRss,
			};
			runs[range].push(entry);
			bench.log(
				`  ${range}: ${entry.items} items, output JSON ${fmtBytes(entry.outputJsonBytes)}; heap kept after GC when the node returns +${fmtBytes(entry.retainedHeapAfterGc)}; peak RSS +${fmtBytes(entry.peakRssGrowthDuringNode)} while the node ran, +${fmtBytes(entry.peakRssGrowthAfterNode)} after it`,
			);
		}
	}
	const of = (
		/** @type {string} */ range,
		/** @type {'outputJsonBytes' | 'retainedHeapAfterGc' | 'peakRssGrowthDuringNode' | 'peakRssGrowthAfterNode'} */ key,
	) => median(runs[range].map((entry) => entry[key])) ?? 0;
	const jsonDelta = of('5 years', 'outputJsonBytes') - of('1 year', 'outputJsonBytes');
	const heapDelta = of('5 years', 'retainedHeapAfterGc') - of('1 year', 'retainedHeapAfterGc');
	return {
		perOutputJsonByte: jsonDelta > 0 ? heapDelta / jsonDelta : null,
		ranges: Object.fromEntries(
			Object.keys(runs).map((range) => [
				range,
				{
					outputJsonBytes: of(range, 'outputJsonBytes'),
					retainedHeapAfterGc: of(range, 'retainedHeapAfterGc'),
					peakRssGrowthDuringNode: of(range, 'peakRssGrowthDuringNode'),
					peakRssGrowthAfterNode: of(range, 'peakRssGrowthAfterNode'),
				},
			]),
		),
		runs,
	};
}

module.exports = { measureMemory };
