// @ts-check
'use strict';

/**
 * Builds and packs the package from a snapshot of its sources, so that the benchmark measures one
 * consistent build even while `npm test` (which cleans and rebuilds dist/) or an editor changes the
 * working tree: package.json, the build configuration, nodes/ and credentials/ are copied to a
 * temporary folder that borrows the repository's node_modules, `npm run build` runs there, and
 * `npm pack` makes the tarball users would install. With a git ref, the same files come from that
 * commit instead (a baseline to compare with, e.g. the commit before a change).
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT } = require('../../scripts/n8n/runtime');

const COPIED = [
	'package.json',
	'tsconfig.json',
	'gulpfile.js',
	// npm run build generates the Dapi node's operation registry first.
	'scripts/generate-registry.js',
	'index.js',
	'README.md',
	'LICENSE',
	'nodes',
	'credentials',
];

/**
 * @param {{ log: (message: string) => void, ref?: string }} io ref: build this commit instead of the working tree
 * @returns {{ dir: string, tarball: string, commit: string | null, pack: { size: number, unpackedSize: number, entryCount: number, filename: string } }}
 */
function buildAndPack({ log, ref }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-build-'));
	/** @type {string | null} */
	let commit = null;
	if (ref) {
		const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}).trim();
		const entries = COPIED.filter((entry) =>
			execFileSync('git', ['ls-tree', '--name-only', sha, entry], { cwd: REPO_ROOT, encoding: 'utf8' }).trim(),
		);
		const tar = execFileSync('git', ['archive', '--format=tar', sha, '--', ...entries], {
			cwd: REPO_ROOT,
			maxBuffer: 256 * 2 ** 20,
		});
		commit = sha;
		execFileSync('tar', ['-x', '-C', dir], { input: tar });
	} else {
		for (const entry of COPIED) {
			const from = path.join(REPO_ROOT, entry);
			if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
		}
	}
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const started = Date.now();
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
	log(
		`built the package from ${commit ? `commit ${commit.slice(0, 7)}` : 'a snapshot of the sources'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);

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
		commit,
		pack: { size: dry.size, unpackedSize: dry.unpackedSize, entryCount: dry.entryCount, filename: dry.filename },
	};
}

module.exports = { buildAndPack, COPIED };
