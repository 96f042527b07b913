import * as fs from 'node:fs';
import * as path from 'node:path';
import { changelogHasVersion, githubRepository, main, releaseProblems } from '../../scripts/release-check';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');

/** A package.json the release may go out with. */
const ready = {
	name: 'n8n-nodes-dapi',
	version: '1.2.3',
	author: { name: 'Jane Doe', email: 'jane@acme.test' },
	repository: { type: 'git', url: 'git+https://github.com/acme/n8n-nodes-dapi.git' },
	homepage: 'https://github.com/acme/n8n-nodes-dapi#readme',
};
const readyChangelog = '# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2026-01-02\n\n### Added\n\n- Something.\n';

describe('releaseProblems', () => {
	it('lets a release go when the tag, author, repository and CHANGELOG are right', () => {
		expect(
			releaseProblems({ pkg: ready, changelog: readyChangelog, tag: 'v1.2.3', repository: 'acme/n8n-nodes-dapi' }),
		).toEqual([]);
	});

	it.each([
		['1.2.4', 'tag "1.2.4" does not match'],
		['v1.2.4', 'tag "v1.2.4" does not match package.json\'s version: expected "v1.2.3"'],
		['v1.2.3-rc.1', 'tag "v1.2.3-rc.1" does not match'],
		[undefined, 'no tag given'],
	])('refuses the tag %p', (tag, problem) => {
		expect(releaseProblems({ pkg: ready, changelog: readyChangelog, tag })).toEqual([expect.stringContaining(problem)]);
	});

	it('refuses the placeholders the scaffold left in package.json, each named', () => {
		const scaffold = {
			...ready,
			author: { name: 'n8n-nodes-dapi maintainers', email: 'maintainers@n8n-nodes-dapi.dev' },
			repository: { type: 'git', url: 'git+https://github.com/n8n-nodes-dapi/n8n-nodes-dapi.git' },
			homepage: 'https://github.com/n8n-nodes-dapi/n8n-nodes-dapi#readme',
		};
		const problems = releaseProblems({ pkg: scaffold, changelog: readyChangelog, tag: 'v1.2.3' });
		expect(problems).toEqual([
			expect.stringContaining('author.name "n8n-nodes-dapi maintainers" is a placeholder'),
			expect.stringContaining('author.email "maintainers@n8n-nodes-dapi.dev" is a placeholder'),
			expect.stringContaining(
				'repository.url "git+https://github.com/n8n-nodes-dapi/n8n-nodes-dapi.git" is a placeholder',
			),
			expect.stringContaining('homepage "https://github.com/n8n-nodes-dapi/n8n-nodes-dapi#readme" is a placeholder'),
		]);
	});

	it.each([
		[{ author: undefined }, 'author.name "" is a placeholder'],
		[{ author: '<your name>' }, 'author.name "<your name>" is a placeholder'],
		[{ author: { name: 'Jane', email: 'you@example.com' } }, 'author.email "you@example.com" is a placeholder'],
		[{ repository: undefined }, 'repository.url "" is a placeholder'],
		[{ repository: 'https://gitlab.com/acme/n8n-nodes-dapi' }, 'is not a GitHub repository URL'],
	])('refuses %p', (change, problem) => {
		expect(releaseProblems({ pkg: { ...ready, ...change }, changelog: readyChangelog, tag: 'v1.2.3' })).toEqual([
			expect.stringContaining(problem),
		]);
	});

	it('accepts an author string with an email, and the shorthand github:owner/name', () => {
		const pkgWith = { ...ready, author: 'Jane Doe <jane@acme.test>', repository: 'github:acme/n8n-nodes-dapi' };
		expect(
			releaseProblems({ pkg: pkgWith, changelog: readyChangelog, tag: 'v1.2.3', repository: 'acme/n8n-nodes-dapi' }),
		).toEqual([]);
	});

	it("refuses a repository other than the one publishing (npm's provenance check would)", () => {
		expect(
			releaseProblems({ pkg: ready, changelog: readyChangelog, tag: 'v1.2.3', repository: 'someone/fork' }),
		).toEqual(['package.json repository.url names acme/n8n-nodes-dapi, but someone/fork is publishing']);
	});

	it('refuses a version without a CHANGELOG section, or no CHANGELOG', () => {
		expect(releaseProblems({ pkg: ready, changelog: '# Changelog\n\n## [1.2.2]\n', tag: 'v1.2.3' })).toEqual([
			'CHANGELOG.md has no "## [1.2.3]" section',
		]);
		expect(releaseProblems({ pkg: ready, changelog: null, tag: 'v1.2.3' })).toEqual(['CHANGELOG.md is missing']);
		expect(releaseProblems({ pkg: ready, changelog: '## [1.2.3] - Unreleased\n', tag: 'v1.2.3' })).toEqual([
			'CHANGELOG.md\'s "## [1.2.3] - Unreleased" has no release date: "## [1.2.3] - YYYY-MM-DD"',
		]);
	});
});

describe('githubRepository', () => {
	it.each([
		['git+https://github.com/acme/n8n-nodes-dapi.git', 'acme/n8n-nodes-dapi'],
		['https://github.com/acme/n8n-nodes-dapi', 'acme/n8n-nodes-dapi'],
		['github:acme/n8n-nodes-dapi', 'acme/n8n-nodes-dapi'],
		['https://github.com.evil.test/acme/x', null],
	])('%s → %p', (url, expected) => {
		expect(githubRepository(url)).toBe(expected);
	});
});

describe('this repository', () => {
	it("CHANGELOG.md has a section for package.json's version", () => {
		expect(changelogHasVersion(changelog, pkg.version)).toBe(true);
	});

	it('the script exits 1 and names what is wrong, printing to stderr', () => {
		const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			expect(main(['--tag', 'v0.0.0-not-it'], {})).toBe(1);
			expect(errors.mock.calls[0][0]).toContain(`Not releasing ${pkg.name}@${pkg.version}:`);
			expect(errors.mock.calls[0][0]).toContain('does not match');
		} finally {
			errors.mockRestore();
		}
	});
});
