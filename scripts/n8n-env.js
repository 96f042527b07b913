#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * What scripts/start.sh and the e2e tests (test/e2e/n8n.ts) share about running the real n8n:
 * its environment, and installing this package the way users get it (the unpacked `npm pack`
 * tarball in <user folder>/.n8n/nodes/node_modules/<name>, where n8n loads community packages
 * and names the node types `n8n-nodes-dapi.*`).
 *
 * Two n8n lines are tested, each in a runtime of its own (scripts/provision-runtime.sh): n8n 2.x
 * (runtime/, on Node 24) and the last n8n 1.x (runtime/n8n1/, on Node 20). DAPI_N8N_VERSION=1|2
 * picks one where a script runs a single n8n (default 2).
 *
 * CLI (used by scripts/start.sh and scripts/queue-stack.sh):
 *   node scripts/n8n-env.js exports <userFolder>           export lines for `eval`
 *   node scripts/n8n-env.js install <userFolder> [tarball]  packs (unless given) and installs
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
/** @type {string} */
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name;

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

/**
 * The runtime of an n8n line: from the environment when it was provisioned before (its variables
 * are set), else provisioned now (scripts/provision-runtime.sh: cached, ~2-4 min the first time),
 * and its variables set in process.env for child processes.
 * @param {'1' | '2'} line
 * @returns {{ bin: string, nodeDir: string, env: Record<string, string> }}
 */
function provisionRuntime(line) {
	const { runtime, binVar, nodeVar, env } = N8N_LINES[line];
	const usable = (/** @type {string | undefined} */ bin, /** @type {string | undefined} */ nodeDir) => {
		if (!bin || !nodeDir) return false;
		try {
			fs.accessSync(bin, fs.constants.X_OK);
			fs.accessSync(path.join(nodeDir, 'node'), fs.constants.X_OK);
			return true;
		} catch {
			return false;
		}
	};
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
	return {
		bin: /** @type {string} */ (process.env[binVar]),
		nodeDir: /** @type {string} */ (process.env[nodeVar]),
		env,
	};
}

/** Used when N8N_ENCRYPTION_KEY is not set: a fixed key keeps imported credentials readable. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-dapi-local-key';

/**
 * The N8N_* variables for a local, offline, loopback-only n8n using `userFolder`, with the settings
 * its n8n line needs (DAPI_N8N_VERSION unless given).
 * @param {string} userFolder
 * @param {{ encryptionKey?: string, line?: '1' | '2' }} [options]
 * @returns {Record<string, string>}
 */
function n8nEnv(userFolder, options = {}) {
	return {
		...N8N_LINES[options.line ?? n8nLine()].env,
		N8N_USER_FOLDER: path.resolve(userFolder),
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? process.env.N8N_ENCRYPTION_KEY ?? DEFAULT_ENCRYPTION_KEY,
		// Nothing outside this machine: telemetry, version checks, templates, and the verified-packages list
		// the node picker would fetch from api.n8n.io. Packages in the user folder (this one) still load.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
	};
}

/**
 * `npm pack`s the package (its `files`, i.e. the built dist/) into `destDir`.
 * @param {string} destDir
 * @returns {string} the tarball's path
 */
function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--loglevel=error', '--pack-destination', path.resolve(destDir)],
		{ cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const [{ filename }] = JSON.parse(out);
	return path.join(path.resolve(destDir), path.basename(filename));
}

/**
 * Replaces the package in the user folder's community-package directory with the tarball's content.
 * @param {string} userFolder
 * @param {string} tarball
 * @returns {string} the installed package directory
 */
function installPackage(userFolder, tarball) {
	const dest = path.join(path.resolve(userFolder), '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	execFileSync('tar', ['xzf', path.resolve(tarball), '-C', dest, '--strip-components=1']);
	return dest;
}

/** @param {string} value */
const shellQuote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

/** @param {string[]} argv */
function main(argv) {
	const [command, userFolder, tarball] = argv;
	if (command === 'exports' && userFolder) {
		for (const [name, value] of Object.entries(n8nEnv(userFolder))) console.log(`export ${name}=${shellQuote(value)}`);
	} else if (command === 'install' && userFolder) {
		let tgz = tarball;
		let tmp;
		if (!tgz) {
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-dapi-pack-'));
			tgz = packPackage(tmp);
		}
		try {
			console.log(installPackage(userFolder, tgz));
		} finally {
			if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
		}
	} else {
		console.error('Usage: node scripts/n8n-env.js exports <userFolder> | install <userFolder> [tarball]');
		process.exit(2);
	}
}

if (require.main === module) main(process.argv.slice(2));

module.exports = {
	PACKAGE_NAME,
	REPO_ROOT,
	DEFAULT_ENCRYPTION_KEY,
	N8N_LINES,
	n8nLine,
	provisionRuntime,
	n8nEnv,
	packPackage,
	installPackage,
};
