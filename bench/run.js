// @ts-check
'use strict';

/**
 * The benchmark (issues 6 and 14), in stages (bench/stages/); started by bench/index.js on Node 24.
 * See bench/README.md.
 *
 *   node bench/run.js [--reps N] [--spread-reps N] [--tls-reps N] [--cpu-reps N] [--mem-reps N] [--quick | --smoke]
 *                     [--tls-only] [--baseline <git ref>] [--out <dir>] [--no-profile] [--what-if] [--keep]
 */

const path = require('node:path');

const { REPO_ROOT } = require('../scripts/n8n/runtime');
const { writeResults } = require('./lib/results');
const { measureCpu } = require('./stages/cpu');
const { measureMemory } = require('./stages/memory');
const { profileTime } = require('./stages/profile');
const { renderReport } = require('./stages/report');
const { runRows } = require('./stages/rows');
const { parseOptions } = require('./stages/options');
const { setUp } = require('./stages/setup');
const { measureSize } = require('./stages/size');
const { runTlsRows } = require('./stages/tls');
const { evaluateTargets } = require('./stages/targets');
const { seedWorkloads } = require('./stages/workload');

async function main() {
	const bench = await setUp(parseOptions(process.argv.slice(2)));
	const { results } = bench;
	try {
		const workloads = await seedWorkloads(bench);
		// --tls-only: the rows over TLS alone (issue 25), a few minutes instead of a quarter of an hour.
		if (!bench.options.tlsOnly) results.rows = await runRows(bench, workloads);
		results.tls = await runTlsRows(bench, workloads);
		if (!bench.options.tlsOnly) {
			results.cpu = await measureCpu(bench, workloads);
			results.memory = await measureMemory(bench, workloads);
			if (bench.options.profile) results.profile = await profileTime(bench, workloads);
			results.size = measureSize(bench);
		}
		results.targets = evaluateTargets(results);
		bench.finish();
	} finally {
		await bench.close();
	}
	const file = writeResults(results, bench.options);
	process.stdout.write(`\n${renderReport(results)}\n\n`);
	bench.log(`results: ${path.relative(REPO_ROOT, file)} and latest.json next to it (${results.durationS} s in all)`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
