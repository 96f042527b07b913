// @ts-check
'use strict';

/**
 * The real n8n the tooling runs, per n8n line, each in a runtime of its own (scripts/provision-runtime.sh,
 * cached outside the clone): n8n 2.x on Node 24 (runtime/) and the last n8n 1.x on Node 20 (runtime/n8n1/).
 * DAPI_N8N_VERSION=1|2 picks the line where a script runs one n8n (default 2).
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * n8n 2.x settings for a quiet offline start: the MCP server registry module refreshes from api.n8n.io at
 * start (a stack trace offline), and the rest are set to today's defaults, which n8n otherwise warns will change.
 */
const N8N2_QUIET_ENV = {
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_RUNNERS_TASK_TIMEOUT: '300',
	N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
	N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
};

/**
 * The n8n lines the package is tested on. `runtime`: the argument of scripts/provision-runtime.sh;
 * `binVar` / `nodeVar`: the variables it exports (n8n's bin, the folder of the `node` it runs on);
 * `env`: settings that line needs. n8n 1.x's default expression engine runs on isolated-vm, whose
 * build in n8n 1.123 needs Node 24; its `legacy` engine is the one n8n 1.x used for years.
 * @type {Record<'1' | '2', { runtime: string, binVar: string, nodeVar: string, env: Record<string, string> }>}
 */
const N8N_LINES = {
	2: { runtime: '', binVar: 'DAPI_N8N_BIN', nodeVar: 'DAPI_NODE24', env: N8N2_QUIET_ENV },
	1: { runtime: 'n8n1', binVar: 'DAPI_N8N1_BIN', nodeVar: 'DAPI_N8N1_NODE', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};

/** @typedef {{ line: '1' | '2', bin: string, nodeDir: string }} Runtime */

/**
 * The n8n line asked for (DAPI_N8N_VERSION unless given): '1' or '2'.
 * @param {string | undefined} [value]
 * @returns {'1' | '2'}
 */
function n8nLine(value = process.env.DAPI_N8N_VERSION) {
	const line = value === undefined || value === '' ? '2' : value.replace(/^v/, '').split('.')[0];
	if (line !== '1' && line !== '2') throw new Error(`DAPI_N8N_VERSION must be 1 or 2, got "${value}"`);
	return line;
}

/** @param {string | undefined} bin @param {string | undefined} nodeDir */
function usable(bin, nodeDir) {
	if (!bin || !nodeDir) return false;
	try {
		fs.accessSync(bin, fs.constants.X_OK);
		fs.accessSync(path.join(nodeDir, 'node'), fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * The runtime of an n8n line whose variables are set (provisionRuntime or an `eval` of
 * provision-runtime.sh set them); throws how to set them otherwise.
 * @param {'1' | '2'} line
 * @returns {Runtime}
 */
function runtimeFromEnv(line) {
	const { binVar, nodeVar, runtime: name } = N8N_LINES[line];
	const bin = process.env[binVar];
	const nodeDir = process.env[nodeVar];
	if (!bin || !nodeDir) {
		throw new Error(
			`${binVar} / ${nodeVar} are not set: eval "$(bash scripts/provision-runtime.sh ${name})" first ` +
				'(the e2e projects and npm run bench do it themselves).',
		);
	}
	return { line, bin, nodeDir };
}

/**
 * The runtime of an n8n line: from the environment when it was provisioned before, else provisioned
 * now (cached, ~2-4 min the first time) and its variables set in process.env for child processes.
 * @param {'1' | '2'} line
 * @returns {Runtime}
 */
function provisionRuntime(line) {
	const { runtime, binVar, nodeVar } = N8N_LINES[line];
	if (!usable(process.env[binVar], process.env[nodeVar])) {
		// The script prints `export` lines; let bash evaluate them rather than parsing shell quoting.
		const out = execFileSync(
			'bash',
			[
				'-c',
				`set -e; eval "$(bash scripts/provision-runtime.sh ${runtime})"; printf "%s\\0%s" "$${binVar}" "$${nodeVar}"`,
			],
			{ cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const [bin, nodeDir] = out.split('\0');
		if (!usable(bin, nodeDir))
			throw new Error(`scripts/provision-runtime.sh ${runtime} gave no usable runtime: ${JSON.stringify(out)}`);
		process.env[binVar] = bin;
		process.env[nodeVar] = nodeDir;
	}
	return runtimeFromEnv(line);
}

module.exports = { REPO_ROOT, N8N_LINES, n8nLine, runtimeFromEnv, provisionRuntime };
