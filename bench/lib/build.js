// @ts-check
'use strict';

/**
 * Builds and packs the package from a snapshot of its sources, so that the benchmark measures one
 * consistent build even while `npm test` (which cleans and rebuilds dist/) or an editor changes the
 * working tree: package.json, the build configuration, nodes/ and credentials/ are copied to a
 * temporary folder that borrows the repository's node_modules, `npm run build` runs there, and
 * `npm pack` makes the tarball users would install.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT } = require('../../scripts/n8n-env');

const COPIED = ['package.json', 'tsconfig.json', 'gulpfile.js', 'index.js', 'README.md', 'LICENSE', 'nodes', 'credentials'];

/**
 * @param {{ log: (message: string) => void }} io
 * @returns {{ dir: string, tarball: string, pack: { size: number, unpackedSize: number, entryCount: number, filename: string } }}
 */
function buildAndPack({ log }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-build-'));
	for (const entry of COPIED) {
		const from = path.join(REPO_ROOT, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const started = Date.now();
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
	log(`built the package from a snapshot of the sources in ${((Date.now() - started) / 1000).toFixed(1)} s`);

	const packJson = (/** @type {string[]} */ extra) =>
		JSON.parse(
			execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--loglevel=error', ...extra], {
				cwd: dir,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			}),
		)[0];
	// What `npm pack --dry-run --json` reports is what npm publishes.
	const dry = packJson(['--dry-run']);
	const packed = packJson(['--pack-destination', dir]);
	return {
		dir,
		tarball: path.join(dir, path.basename(packed.filename)),
		pack: { size: dry.size, unpackedSize: dry.unpackedSize, entryCount: dry.entryCount, filename: dry.filename },
	};
}

module.exports = { buildAndPack };
