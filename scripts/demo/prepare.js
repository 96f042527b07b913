// @ts-check
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { REPO_ROOT } = require('../n8n/runtime');

/**
 * What `npm start` and `npm run start:queue` do first: the package's dev dependencies (when missing or
 * older than package-lock.json), then `npm run build`, whose chatter shows only on failure.
 * @param {(message: string) => void} say
 */
function preparePackage(say) {
	const lock = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
	if (
		!fs.existsSync(lock) ||
		fs.statSync(path.join(REPO_ROOT, 'package-lock.json')).mtimeMs > fs.statSync(lock).mtimeMs
	) {
		say("installing the package's dev dependencies (npm ci, about a minute)");
		// Errors only: n8n's packages declare Node engines newer than the tooling needs (EBADENGINE warnings).
		execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: REPO_ROOT,
			stdio: 'inherit',
		});
	}
	say('building the package');
	try {
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
	} catch (error) {
		const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
		process.stderr.write(stdout + stderr);
		throw new Error('npm run build failed');
	}
}

module.exports = { preparePackage };
