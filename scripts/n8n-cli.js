// @ts-check
'use strict';

/**
 * The one driver of the n8n CLI, used by the end-to-end tests (test/e2e/n8n.ts), the benchmark
 * (bench/lib/n8n.js) and npm start (scripts/demo-setup.js): a free port for n8n's task broker, one
 * command run with its output and a time limit, `import:*` from a temporary file, and the run that
 * `execute --rawOutput` prints. Each caller keeps only what is its own (the e2e's process list, the
 * benchmark's memory and CPU sampling, the demo's environment).
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** A port nobody listens on right now: each n8n process needs a task broker port of its own. */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/**
 * @typedef {object} CliRun
 * @property {string} bin         the n8n executable
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} [env]
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
function runCli(run) {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(run.bin, run.args, { env: run.env, cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
			stderr += `\n[n8n-cli] n8n ${run.args[0]} killed after ${run.timeoutMs} ms\n`;
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

module.exports = { freePort, runCli, importFile, parseRun };
