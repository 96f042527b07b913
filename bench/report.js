#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench:report`: writes the report of a benchmark run into docs/performance.md, between
 * its `<!-- bench:start -->` and `<!-- bench:end -->` markers (bench/lib/report-file.js).
 *
 *   node bench/report.js [results.json] [--print] [--allow-dirty]
 *
 * Default: the latest full run (~/.cache/n8n-nodes-dapi/bench-results/latest.json). A smoke run is
 * refused (it measures nothing), and so is a run of uncommitted changes unless --allow-dirty: the
 * report's numbers must come from a commit it can name. --print prints the section instead.
 */

const path = require('node:path');

const { readResults } = require('./lib/results');
const { REPORT_FILE, writeReport } = require('./lib/report-file');
const { renderReport } = require('./stages/report');

function main() {
	const args = process.argv.slice(2);
	const print = args.includes('--print');
	const allowDirty = args.includes('--allow-dirty');
	const unknown = args.filter((arg) => arg.startsWith('--') && !['--print', '--allow-dirty'].includes(arg));
	if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}`);
	const { file, results } = readResults(args.find((arg) => !arg.startsWith('--')));
	if (results.schema !== 2)
		throw new Error(`${file}: results of an older benchmark (schema ${results.schema}); run \`npm run bench\` again`);
	if (results.options.smoke) throw new Error(`${file} is a smoke run: it checks the benchmark, it measures nothing`);
	if (!results.git.clean && !allowDirty) {
		throw new Error(
			`${file} measured uncommitted changes (${results.git.changedFiles.join(', ')}): commit, run \`npm run bench\` again, or pass --allow-dirty`,
		);
	}
	const section = renderReport(results);
	if (results.options.tlsOnly && !print)
		throw new Error(`${file} is a --tls-only run: the report needs a full run (--print shows it)`);
	if (print) {
		process.stdout.write(`${section}\n`);
		return;
	}
	writeReport(section);
	process.stdout.write(
		`${path.relative(process.cwd(), REPORT_FILE)} now shows ${path.basename(file)} (commit ${results.git.shortCommit})\n`,
	);
}

try {
	main();
} catch (error) {
	console.error(`bench:report: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
