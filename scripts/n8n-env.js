#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * What scripts/start.sh and the e2e tests (test/e2e/n8n.ts) share about running the real n8n:
 * its environment, and installing this package the way users get it (the unpacked `npm pack`
 * tarball in <user folder>/.n8n/nodes/node_modules/<name>, where n8n loads community packages
 * and names the node types `n8n-nodes-dapi.*`).
 *
 * CLI (used by scripts/start.sh):
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

/** Used when N8N_ENCRYPTION_KEY is not set: a fixed key keeps imported credentials readable. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-dapi-local-key';

/**
 * The N8N_* variables for a local, offline, loopback-only n8n using `userFolder`.
 * @param {string} userFolder
 * @param {{ encryptionKey?: string }} [options]
 * @returns {Record<string, string>}
 */
function n8nEnv(userFolder, options = {}) {
	return {
		N8N_USER_FOLDER: path.resolve(userFolder),
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? process.env.N8N_ENCRYPTION_KEY ?? DEFAULT_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
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

module.exports = { PACKAGE_NAME, REPO_ROOT, DEFAULT_ENCRYPTION_KEY, n8nEnv, packPackage, installPackage };
