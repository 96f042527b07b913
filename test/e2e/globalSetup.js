// @ts-check
'use strict';

/**
 * Jest globalSetup of the e2e projects (one per n8n line, jest.config.js): makes sure the real n8n
 * runtime of the project's line (its `globals.DAPI_N8N_VERSION`) is installed
 * (scripts/provision-runtime.sh), that dist/ is built from the current sources, and packs the
 * package once for the whole run, into a temporary folder of its own. Hands the results to the test
 * workers through process.env: the runtime's variables (scripts/n8n/runtime.js N8N_LINES) and
 * DAPI_E2E_TARBALL.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT, N8N_LINES, n8nLine, packPackage, provisionRuntime } = require('../../scripts/n8n');

const log = (/** @type {string} */ message) => process.stderr.write(`[e2e] ${message}\n`);

/** @param {string} dir @param {(file: string, stat: fs.Stats) => void} visit */
function walk(dir, visit) {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(file, visit);
		else visit(file, fs.statSync(file));
	}
}

/** Why dist/ must be (re)built, or null when it is up to date with nodes/, credentials/ and package.json. */
function distProblem() {
	let builtAt = Infinity; // the oldest file tsc wrote
	walk(path.join(REPO_ROOT, 'dist'), (file, stat) => {
		if (file.endsWith('.js')) builtAt = Math.min(builtAt, stat.mtimeMs);
	});
	if (builtAt === Infinity) return 'dist/ is missing';
	let newest = fs.statSync(path.join(REPO_ROOT, 'package.json')).mtimeMs;
	let newestFile = 'package.json';
	for (const dir of ['nodes', 'credentials']) {
		walk(path.join(REPO_ROOT, dir), (file, stat) => {
			if (stat.mtimeMs > newest) [newest, newestFile] = [stat.mtimeMs, path.relative(REPO_ROOT, file)];
		});
	}
	return newest > builtAt ? `dist/ is older than ${newestFile}` : null;
}

/**
 * @param {unknown} _globalConfig
 * @param {{ globals?: Record<string, unknown> }} projectConfig
 */
module.exports = async function globalSetup(_globalConfig, projectConfig) {
	const started = Date.now();
	const line = n8nLine(String(projectConfig.globals?.DAPI_N8N_VERSION ?? '2'));
	const preset = process.env[N8N_LINES[line].binVar];
	const { bin } = provisionRuntime(line);
	log(`${preset === bin ? 'using' : 'provisioned'} n8n ${line}.x at ${bin}`);

	const problem = distProblem();
	if (problem) {
		log(`${problem}: npm run build`);
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
	}

	// Both projects of one run share the tarball.
	if (process.env.DAPI_E2E_TARBALL && fs.existsSync(process.env.DAPI_E2E_TARBALL)) return;
	process.env.DAPI_E2E_TARBALL = packComplete();
	log(`packed ${process.env.DAPI_E2E_TARBALL} (${((Date.now() - started) / 1000).toFixed(1)}s setup)`);
};

/** The files package.json's "n8n" section names: the tarball must hold every one of them. */
function expectedFiles() {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	return [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])].map((/** @type {string} */ file) => `package/${file}`);
}

/**
 * Packs into a folder of this run's own (another jest run may pack at the same time, and the test
 * files unpack the tarball later), deleted when jest exits. When dist/ was being rebuilt meanwhile
 * (`npm test` in the same tree cleans it first), the tarball misses files: waits and packs again.
 */
function packComplete() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-e2e-pack-'));
	process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	for (let attempt = 1; ; attempt++) {
		let missing;
		try {
			const tarball = packPackage(dir);
			const listed = new Set(execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n'));
			missing = expectedFiles().filter((file) => !listed.has(file));
			if (missing.length === 0) return tarball;
		} catch (error) {
			missing = [String(error)];
		}
		if (attempt === 5)
			throw new Error(`the packed package is incomplete (is dist/ being rebuilt?): ${missing.join(', ')}`);
		log(`the packed package is incomplete (${missing.join(', ')}); packing again in 3 s`);
		execFileSync('sleep', ['3']);
	}
}
