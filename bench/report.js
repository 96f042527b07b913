#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench:report`: writes the report of a benchmark run into README.md, between the
 * `<!-- bench:start -->` and `<!-- bench:end -->` markers of its Performance section.
 *
 *   node bench/report.js [results.json] [--print] [--allow-dirty]
 *
 * Default: the latest full run (~/.cache/n8n-nodes-dapi/bench-results/latest.json). A smoke run is
 * refused (it measures nothing), and so is a run of uncommitted changes unless --allow-dirty: the
 * README's numbers must come from a commit it can name. --print prints the section instead.
 */

const fs = require('node:fs');
const path = require('node:path');

const { readResults } = require('./lib/results');
const { renderReport, replaceSection } = require('./stages/report');

const README = path.resolve(__dirname, '..', 'README.md');

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
		throw new Error(`${file} is a --tls-only run: the README's section needs a full run (--print shows it)`);
	if (print) {
		process.stdout.write(`${section}\n`);
		return;
	}
	fs.writeFileSync(README, replaceSection(fs.readFileSync(README, 'utf8'), section));
	process.stdout.write(
		`README.md: the Performance section now shows ${path.basename(file)} (commit ${results.git.shortCommit})\n`,
	);
}

try {
	main();
} catch (error) {
	console.error(`bench:report: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
