/**
 * The package as npm publishes it: exactly the files n8n needs, every path in the `n8n` field present, no
 * runtime dependencies, a size limit, and `npm publish --dry-run` passing. Reads the built dist/ (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The packed tarball may grow to this: today about 80 kB; much more means something unintended got in. */
const MAX_TARBALL_BYTES = 160 * 1024;

interface PackResult {
	size: number;
	unpackedSize: number;
	files: Array<{ path: string; size: number }>;
}

function npmJson(args: string[]): unknown {
	return JSON.parse(
		execFileSync('npm', [...args, '--json', '--ignore-scripts', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' }),
	);
}

describe('npm pack', () => {
	let packed: PackResult;
	let files: string[];
	beforeAll(() => {
		if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
		[packed] = npmJson(['pack', '--dry-run']) as PackResult[];
		files = packed.files.map((file) => file.path).sort();
	});

	it('holds exactly dist/ (code, codex JSON, icons), README.md, LICENSE, package.json and the index.js entry point', () => {
		// index.js: the package's main entry of the design card (n8n itself loads the "n8n" field's paths).
		expect(files.filter((file) => !file.startsWith('dist/'))).toEqual([
			'LICENSE',
			'README.md',
			'index.js',
			'package.json',
		]);
		const unexpected = files.filter(
			(file) => file.startsWith('dist/') && !/^dist\/(nodes|credentials)\/.+\.(js|node\.json|svg)$/.test(file),
		);
		expect(unexpected).toEqual([]);
	});

	it('leaves out tests, fixtures, sources, source maps and build leftovers', () => {
		expect(files.filter((file) => /(^|\/)(test|tests|__tests__|fixtures?)\//.test(file))).toEqual([]);
		expect(files.filter((file) => /\.(test|spec)\.|\.ts$|\.map$|\.tsbuildinfo$|\.tgz$/.test(file))).toEqual([]);
	});

	it('contains every file the n8n field names, and the entry point if package.json has one', () => {
		const named: string[] = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(named.length).toBeGreaterThan(0);
		expect(named.filter((file) => !files.includes(file))).toEqual([]);
		if (pkg.main !== undefined) expect(files).toContain(path.posix.normalize(pkg.main));
	});

	it('has each node codex file beside its node', () => {
		for (const node of pkg.n8n.nodes as string[]) expect(files).toContain(`${node}on`);
	});

	it(`stays under ${MAX_TARBALL_BYTES / 1024} kB packed`, () => {
		expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
	});
});

describe('package.json as published', () => {
	it('has no runtime dependencies, and n8n-workflow as the only peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.optionalDependencies ?? {}).toEqual({});
		expect(pkg.bundleDependencies ?? pkg.bundledDependencies ?? []).toEqual([]);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('passes npm publish --dry-run (no network needed)', () => {
		const result = npmJson(['publish', '--dry-run']) as Record<string, { id: string }>;
		expect(result[pkg.name].id).toBe(`${pkg.name}@${pkg.version}`);
	});
});
