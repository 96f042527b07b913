#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * The release workflow's gate (.github/workflows/release.yml), before anything is built or published:
 * refuses a tag that is not v<package.json version>, an author, repository or homepage that is still a
 * placeholder (or names another repository than the one publishing: npm's provenance check would refuse it
 * later), and a CHANGELOG.md without a dated section for the version.
 *
 *   node scripts/release-check.js --tag v0.1.0 [--repository owner/name]
 *
 * In GitHub Actions the tag and repository default to GITHUB_REF_NAME and GITHUB_REPOSITORY.
 */

const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * What the scaffold left in package.json: the author and the GitHub organisation were never real. A value
 * containing any of these is a placeholder, as are the usual template spellings.
 */
const PLACEHOLDERS = [
	'n8n-nodes-dapi maintainers',
	'maintainers@n8n-nodes-dapi.dev',
	'github.com/n8n-nodes-dapi/',
	'example.com',
	'example.org',
	'your-name',
	'your-org',
	'yourname',
	'TODO',
];

/** @param {unknown} value */
const isPlaceholder = (value) =>
	typeof value !== 'string' ||
	value.trim() === '' ||
	PLACEHOLDERS.some((mark) => value.includes(mark)) ||
	/<[^@>]*>/.test(value); // a template's "<your name>", not "Jane Doe <jane@example.net>"

/**
 * owner/name of a GitHub repository URL as package.json spells it (git+https://github.com/o/n.git,
 * https://github.com/o/n, github:o/n), or null.
 * @param {string} url
 */
function githubRepository(url) {
	const match = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$|^github:([\w.-]+\/[\w.-]+)$/.exec(
		url,
	);
	return match ? (match[1] ?? match[2]) : null;
}

/**
 * The heading of CHANGELOG.md's section for `version` ("## [0.1.0] - 2026-12-06", Keep a Changelog), or null.
 * @param {string} changelog
 * @param {string} version
 */
function changelogHeading(changelog, version) {
	const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^## \\[${escaped}\\].*$`, 'm').exec(changelog)?.[0] ?? null;
}

/** @param {string} changelog @param {string} version */
const changelogHasVersion = (changelog, version) => changelogHeading(changelog, version) !== null;

/**
 * Every reason not to publish; empty when the release may go ahead.
 * @param {{ pkg: Record<string, any>, changelog: string | null, tag: string | undefined, repository?: string }} input
 * @returns {string[]}
 */
function releaseProblems({ pkg, changelog, tag, repository }) {
	/** @type {string[]} */
	const problems = [];
	const version = typeof pkg.version === 'string' ? pkg.version : '';
	if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
		problems.push(`package.json version "${version}" is not a semantic version (major.minor.patch)`);
	}
	if (!tag) problems.push('no tag given (--tag v<version>, or GITHUB_REF_NAME in GitHub Actions)');
	else if (tag !== `v${version}`)
		problems.push(`tag "${tag}" does not match package.json's version: expected "v${version}"`);

	const author = typeof pkg.author === 'string' ? { name: pkg.author } : (pkg.author ?? {});
	if (isPlaceholder(author.name)) problems.push(`package.json author.name "${author.name ?? ''}" is a placeholder`);
	if (author.email !== undefined && isPlaceholder(author.email)) {
		problems.push(`package.json author.email "${author.email}" is a placeholder`);
	}

	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	if (isPlaceholder(url)) problems.push(`package.json repository.url "${url ?? ''}" is a placeholder`);
	else {
		const named = githubRepository(url);
		if (!named) problems.push(`package.json repository.url "${url}" is not a GitHub repository URL`);
		else if (repository && named.toLowerCase() !== repository.toLowerCase()) {
			problems.push(`package.json repository.url names ${named}, but ${repository} is publishing`);
		}
	}
	if (pkg.homepage !== undefined && isPlaceholder(pkg.homepage)) {
		problems.push(`package.json homepage "${pkg.homepage}" is a placeholder`);
	}

	if (changelog === null) problems.push('CHANGELOG.md is missing');
	else if (version) {
		const heading = changelogHeading(changelog, version);
		if (heading === null) problems.push(`CHANGELOG.md has no "## [${version}]" section`);
		else if (!/ - \d{4}-\d{2}-\d{2}$/.test(heading)) {
			problems.push(`CHANGELOG.md's "${heading}" has no release date: "## [${version}] - YYYY-MM-DD"`);
		}
	}
	return problems;
}

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
function main(argv, env) {
	/** @type {Record<string, string | undefined>} */
	const options = { tag: env.GITHUB_REF_NAME, repository: env.GITHUB_REPOSITORY };
	for (let i = 0; i < argv.length; i++) {
		const match = /^--(tag|repository)(?:=(.*))?$/.exec(argv[i]);
		if (!match) {
			console.error(
				`Unknown argument ${argv[i]}\nUsage: node scripts/release-check.js --tag v<version> [--repository owner/name]`,
			);
			return 2;
		}
		options[match[1]] = match[2] ?? argv[++i];
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const changelogPath = path.join(REPO_ROOT, 'CHANGELOG.md');
	const changelog = fs.existsSync(changelogPath) ? fs.readFileSync(changelogPath, 'utf8') : null;
	const problems = releaseProblems({ pkg, changelog, tag: options.tag, repository: options.repository });
	if (problems.length > 0) {
		console.error(`Not releasing ${pkg.name}@${pkg.version}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		return 1;
	}
	console.log(`release check passed: ${pkg.name}@${pkg.version} from tag ${options.tag}`);
	return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2), process.env);

module.exports = { PLACEHOLDERS, changelogHasVersion, changelogHeading, githubRepository, releaseProblems, main };
