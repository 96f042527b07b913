// @ts-check
'use strict';

/**
 * Where results live: outside git, in ~/.cache/n8n-nodes-dapi/bench-results/ (next to the cached n8n
 * runtime), or the folder given with --out. Each run writes <start time>.json and latest.json; a
 * smoke run writes to a temporary folder unless --out is given, since it measures nothing worth keeping.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RESULTS_DIR = path.join(os.homedir(), '.cache', 'n8n-nodes-dapi', 'bench-results');

/**
 * @param {any} results
 * @param {{ out: string | null, smoke: boolean }} options
 * @returns {string} the file written (latest.json is written next to it)
 */
function writeResults(results, { out, smoke }) {
	const dir = out ?? (smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-smoke-')) : RESULTS_DIR);
	fs.mkdirSync(dir, { recursive: true });
	const stamp = results.startedAt.replace(/:/g, '').replace(/\..*/, 'Z');
	const json = `${JSON.stringify(results, null, '\t')}\n`;
	const file = path.join(dir, `${stamp}.json`);
	fs.writeFileSync(file, json);
	fs.writeFileSync(path.join(dir, 'latest.json'), json);
	return file;
}

/** @param {string} [file] default: the latest run in RESULTS_DIR */
function readResults(file) {
	const chosen = file ?? path.join(RESULTS_DIR, 'latest.json');
	return { file: chosen, results: JSON.parse(fs.readFileSync(chosen, 'utf8')) };
}

module.exports = { RESULTS_DIR, writeResults, readResults };
