// @ts-check
'use strict';

/** What a run records about where it ran: the machine, and the commit measured. */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT } = require('../../scripts/n8n/runtime');
const { COPIED } = require('./build');

/** What decides the numbers: a run is of a committed tree when none of these differ from HEAD. */
const MEASURED_PATHS = [...COPIED, 'package-lock.json', 'bench', 'simulator', 'scripts'];

const round = (/** @type {number} */ value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** @param {string[]} args */
function git(...args) {
	try {
		return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	} catch {
		return null;
	}
}

function machine() {
	const cpus = os.cpus();
	return {
		cpuModel: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		memoryGB: round(os.totalmem() / 2 ** 30, 1),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		loadAverageAtStart: os.loadavg().map((value) => round(value)),
		packageVersion: JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version,
	};
}

/** The commit measured, and whether anything that decides the numbers differs from it. */
function gitState() {
	const commit = git('rev-parse', 'HEAD')?.trim() ?? null;
	// `git status --porcelain` lines are "XY path": the paths that differ from the commit.
	const changedFiles = (git('status', '--porcelain', '--', ...MEASURED_PATHS) ?? '')
		.split('\n')
		.filter(Boolean)
		.map((line) => line.slice(3));
	return {
		commit,
		shortCommit: commit?.slice(0, 7) ?? null,
		clean: commit !== null && changedFiles.length === 0,
		changedFiles,
	};
}

module.exports = { gitState, machine, round };
