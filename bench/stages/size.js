// @ts-check
'use strict';

/**
 * Stage 6, size: the time to load every node and credential of the installed package in a fresh
 * Node 24 process (bench/lib/load-nodes.js, with n8n's node_modules on NODE_PATH as n8n loads
 * community packages), and the packed tarball as `npm pack --dry-run` reports it.
 */

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { PACKAGE_NAME } = require('../../scripts/n8n/package');
const { median, summary } = require('../lib/stats');
const { round } = require('../lib/machine');

/** @param {import('./setup').Bench} bench */
function measureSize(bench) {
	const packageDir = path.join(bench.folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	const n8nModules = path.dirname(path.dirname(/** @type {string} */ (process.env.DAPI_N8N_BIN)));
	/** @type {any[]} */
	const loads = [];
	for (let rep = 0; rep < bench.options.loadReps; rep++) {
		const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'lib', 'load-nodes.js'), packageDir], {
			encoding: 'utf8',
			env: { ...process.env, NODE_PATH: n8nModules, NODE_OPTIONS: '' },
		});
		loads.push(JSON.parse(out));
	}
	const load = {
		packageMs: summary(loads.map((entry) => entry.packageMs)),
		n8nWorkflowMs: summary(loads.map((entry) => entry.n8nWorkflowMs)),
		files: loads[0].files.map((/** @type {{ file: string }} */ file, /** @type {number} */ index) => ({
			file: file.file,
			ms: round(median(loads.map((entry) => entry.files[index].ms)) ?? 0),
		})),
		reps: bench.options.loadReps,
	};
	bench.log(
		`load: ${round(load.packageMs.median ?? 0, 1)} ms, median of ${load.reps} fresh processes; tarball ${bench.build.pack.size} bytes (${bench.build.pack.entryCount} files)`,
	);
	return { load, tarball: bench.build.pack };
}

module.exports = { measureSize };
