// @ts-check
'use strict';

/**
 * Stage 5, where the time goes: a CPU profile (`--cpu-prof`) of the n8n process running the
 * Dapi@10 row at 10 ms (grouped), summarised by bench/lib/profile.js over the window in which the
 * node ran: waiting for answers (idle), and the CPU by who spent it (this package, n8n's expression
 * engine, n8n's HTTP helper, credentials, the rest of n8n, garbage collection). With --baseline, the
 * baseline commit's package is profiled the same way. The two nodes of the CPU stage (500 items over
 * 500 tokens) are profiled too, so that the Dapi node's CPU per item can be set against HTTP
 * Request's area by area. The simulator runs in the bench process, not in n8n: its share is its main
 * thread's busy time while the plain client (in a worker thread) made the same calls, per call.
 *
 * With --what-if, the instrumented copy (bench/lib/probe.js) also times the node's calls into n8n and
 * emulates changes at that seam (BENCH_PROBE_WHATIF), and the legacy expression engine is tried.
 * One run each: they show where the time goes, not medians.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('../lib/n8n');
const { summarise } = require('../lib/profile');
const probe = require('../lib/probe');
const { median } = require('../lib/stats');
const wf = require('../lib/workflows');
const { fmtMs } = require('../lib/format');

/**
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function profileTime(bench, workloads) {
	const { sim, log } = bench;
	const stress = workloads.stress.grouped;
	const distinct = workloads.distinct.grouped;
	// The rows and CPU stages registered (and imported) these workflows already.
	const stressId = bench.workflow(
		'stress:dapi10:grouped',
		'bench: fixed 10 ms, dapi10, grouped',
		stress,
		wf.dapiGetBalance(10),
	);
	const cpuDapiId = bench.workflow('cpu:dapi', 'bench: CPU per item, Dapi node', distinct, wf.dapiGetBalance(10));
	const cpuHttpId = bench.workflow(
		'cpu:http',
		'bench: CPU per item, HTTP Request',
		distinct,
		wf.httpGetBalance(bench.balanceUrl, sim.appSecret, null),
	);
	await bench.importWorkflows();
	sim.setLatency(10);
	log(
		`profiling Dapi@10 at 10 ms, grouped (${stress.length} items), and the CPU stage's two nodes (${distinct.length} items)`,
	);

	/** @type {Array<{ name: string, folder: string, id: string, items: number, window: 'dapi' | 'httpRequest' }>} */
	const targets = [
		{ name: 'Dapi@10, 10 ms', folder: bench.folder, id: stressId, items: stress.length, window: 'dapi' },
	];
	if (bench.baseline)
		targets.push({
			name: `Dapi@10, 10 ms, baseline ${bench.baseline.shortCommit}`,
			folder: bench.baseline.folder,
			id: stressId,
			items: stress.length,
			window: 'dapi',
		});
	targets.push(
		{
			name: `Dapi node, ${distinct.length} tokens`,
			folder: bench.folder,
			id: cpuDapiId,
			items: distinct.length,
			window: 'dapi',
		},
		{
			name: `HTTP Request, ${distinct.length} tokens`,
			folder: bench.folder,
			id: cpuHttpId,
			items: distinct.length,
			window: 'httpRequest',
		},
	);
	const profiles = [];
	for (const target of targets) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-prof-'));
		bench.cleanup.push(dir);
		sim.clearRequests();
		const result = await n8n.execute(target.folder, target.id, { nodeOptions: `--cpu-prof --cpu-prof-dir=${dir}` });
		const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
		let best = null;
		for (const file of fs.readdirSync(dir)) {
			const summary = summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), {
				top: 15,
				window: target.window,
			});
			if (summary && (!best || summary.windowMs > best.windowMs)) best = summary;
		}
		profiles.push({
			name: target.name,
			items: target.items,
			msUnderProfiler: task?.executionTime ?? null,
			overlappedCalls: sim.overlapCount(),
			summary: best,
		});
		log(
			`  ${target.name}: ${fmtMs(task?.executionTime)} under the profiler; CPU ${fmtMs(best?.cpuMs)} of ${fmtMs(best?.windowMs)}: ${(best?.attribution ?? []).map((a) => `${a.name} ${a.ms} ms`).join(', ')}`,
		);
	}

	// The simulator's own time per call, from the plain-client rows at 10 ms.
	const stressRows = bench.results.rows?.profiles?.find((/** @type {any} */ p) => p.key === 'stress');
	const gotRuns = stressRows?.rows?.find((/** @type {any} */ row) => row.key === 'gotPerToken')?.grouped?.runs ?? [];
	const simulatorMsPerCall = median(gotRuns.map((/** @type {any} */ run) => run.benchBusyMs / run.calls));

	const whatIf = bench.options.whatIf ? await probeWhatIfs(bench, workloads) : null;
	sim.setLatency(0);
	return { profiles, simulatorMsPerCall, whatIf };
}

/**
 * The instrumented copy: Dapi@1 and Dapi@10 (fixed 10 ms, grouped) with each what-if, and with n8n's
 * legacy expression engine.
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function probeWhatIfs(bench, workloads) {
	const { sim, log } = bench;
	const items = workloads.stress.grouped;
	const ids = Object.fromEntries(
		[1, 10].map((parallel) => [
			parallel,
			bench.workflow(
				`stress:dapi${parallel}:grouped`,
				`bench: fixed 10 ms, dapi${parallel}, grouped`,
				items,
				wf.dapiGetBalance(parallel),
			),
		]),
	);
	const folder = await bench.probeFolder(Object.values(ids));
	const variants = [
		{ whatIf: '', engine: null },
		{ whatIf: 'cacheCredentials', engine: null },
		{ whatIf: 'cacheCredentials,reuseAuth', engine: null },
		{ whatIf: 'cacheCredentials,reuseAuth,plainHttp', engine: null },
		{ whatIf: 'cacheCredentials,reuseAuth,plainHttp,directJson', engine: null },
		{ whatIf: '', engine: 'legacy' },
	];
	const out = [];
	for (const parallel of [1, 10]) {
		for (const variant of variants) {
			sim.clearRequests();
			/** @type {Record<string, string>} */
			const env = { BENCH_PROBE_WHATIF: variant.whatIf };
			if (variant.engine) env.N8N_EXPRESSION_ENGINE = variant.engine;
			const result = await n8n.execute(folder, ids[parallel], { env });
			const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
			const report = probe.readProbe(`${result.stderr}\n${result.stdout}`);
			const entry = {
				row: `Dapi@${parallel}`,
				whatIf: variant.whatIf,
				expressionEngine: variant.engine ?? 'vm (default)',
				ms: task?.executionTime ?? null,
				overlappedCalls: sim.overlapCount(),
				calls: report?.calls ?? null,
			};
			out.push(entry);
			log(
				`  probe Dapi@${parallel} engine=${entry.expressionEngine} what-if=[${variant.whatIf}] → ${fmtMs(entry.ms)} (${entry.overlappedCalls} overlapping)`,
			);
		}
	}
	return out;
}

module.exports = { profileTime };
