// @ts-check
'use strict';

/**
 * The one driver of the n8n CLI (import, execute, --version), used by the end-to-end tests, the
 * benchmark, `npm start` and the queue stack: one command with its environment (./env.js, role
 * `cli`, a task broker port of its own), its output and a time limit; `import:*` from a temporary
 * file; the run that `execute --rawOutput` prints.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { n8nEnv } = require('./env');
const { freePort } = require('./ports');

/**
 * @typedef {object} CliRun
 * @property {Omit<import('./env').EnvOptions, 'role' | 'brokerPort'>} n8n  the runtime, user folder and settings
 * @property {string[]} args
 * @property {string} [cwd]
 * @property {number} timeoutMs   the process is killed past it (code null)
 * @property {(child: import('node:child_process').ChildProcess) => void} [onStart]  e.g. to track or sample it
 * @property {(child: import('node:child_process').ChildProcess) => void} [onEnd]
 * @property {() => void} [onOutput] called on every chunk of stdout (the benchmark samples memory there)
 */

/**
 * Runs one n8n CLI command. Never rejects on a non-zero exit: the caller reads `code`.
 * @param {CliRun} run
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, wallMs: number }>}
 */
async function runCli(run) {
	const env = n8nEnv({ ...run.n8n, role: 'cli', brokerPort: await freePort() });
	const started = performance.now();
	return await new Promise((resolve, reject) => {
		const child = spawn(run.n8n.runtime.bin, run.args, { env, cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		run.onStart?.(child);
		/** @type {Buffer[]} */
		const out = [];
		let stderr = '';
		child.stdout?.on('data', (chunk) => {
			out.push(chunk);
			run.onOutput?.();
		});
		child.stderr?.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			stderr += `\n[n8n] n8n ${run.args[0]} killed after ${run.timeoutMs} ms\n`;
			child.kill('SIGKILL');
		}, run.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			run.onEnd?.(child);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			run.onEnd?.(child);
			resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, wallMs: performance.now() - started });
		});
	});
}

/**
 * `n8n import:credentials` or `import:workflow` from a file in the user folder, deleted afterwards:
 * it holds plain-text secrets. Throws with n8n's output when the import fails.
 * @param {(args: string[]) => Promise<{ code: number | null, stdout: string, stderr: string }>} runN8n
 * @param {string} folder
 * @param {'import:credentials' | 'import:workflow'} command
 * @param {unknown} content
 */
async function importFile(runN8n, folder, command, content) {
	const file = path.join(folder, `${command.replace(':', '-')}-${Date.now()}-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
	try {
		const result = await runN8n([command, `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`n8n ${command} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * The run in `execute --rawOutput` output: n8n logs a few lines first, then pretty-prints the run;
 * the JSON starts at the first line that is exactly `{` and ends at the last line that is `}`.
 * @param {string} stdout
 * @returns {any}
 */
function parseRun(stdout) {
	const start = stdout.search(/^\{$/m);
	const end = stdout.lastIndexOf('\n}');
	if (start === -1 || end < start) return null;
	try {
		return JSON.parse(stdout.slice(start, end + 2));
	} catch {
		return null;
	}
}

module.exports = { runCli, importFile, parseRun };
