// @ts-check
'use strict';

/**
 * This package the way users get it into n8n: the `npm pack` tarball unpacked into
 * <user folder>/.n8n/nodes/node_modules/<name>, where n8n loads community packages and names the
 * node types `n8n-nodes-dapi.*`.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT } = require('./runtime');

/** @type {string} */
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name;

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

/**
 * Packs into a temporary folder, installs into `userFolder`, deletes the tarball.
 * @param {string} userFolder
 */
function packAndInstall(userFolder) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-dapi-pack-'));
	try {
		return installPackage(userFolder, packPackage(tmp));
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

/**
 * A fresh temporary user folder with the tarball installed.
 * @param {string} prefix e.g. 'n8n-dapi-e2e-'
 * @param {string} tarball
 */
function createUserFolder(prefix, tarball) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	try {
		installPackage(folder, tarball);
	} catch (error) {
		fs.rmSync(folder, { recursive: true, force: true });
		throw error;
	}
	return folder;
}

module.exports = { PACKAGE_NAME, packPackage, installPackage, packAndInstall, createUserFolder };
