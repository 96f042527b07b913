// @ts-check
'use strict';

/**
 * The real n8n CLI for the benchmark: a fresh user folder with the packed package installed as a
 * community package (scripts/n8n/, as the e2e tests and `npm start` do it), bulk import of
 * credentials and workflows, and `n8n execute --rawOutput` with its run parsed, and the peak RSS and
 * CPU time of the n8n process sampled from /proc.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const n8n = require('../../scripts/n8n');

const ENCRYPTION_KEY = 'n8n-nodes-dapi-bench-key';
const COMMAND_TIMEOUT_MS = 600_000;

/** The n8n 2.x runtime bench/index.js provisioned. */
const runtime = () => n8n.runtimeFromEnv('2');

/**
 * A fresh user folder with the tarball installed where n8n loads community packages.
 * @param {string} tarball
 */
const createUserFolder = (tarball) => n8n.createUserFolder('n8n-dapi-bench-', tarball);

/** Peak RSS (VmHWM) of a live process in bytes, or null when it is gone. @param {number} pid */
function peakRss(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : null;
	} catch {
		return null;
	}
}

/** Kernel clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU time (user + system) a live process has used so far, in ms, or null when it is gone. @param {number} pid */
function cpuTimeMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return null;
	}
}

/**
 * Runs one n8n CLI command on Node 24 against `folder`.
 * @param {string} folder
 * @param {string[]} args
 * @param {{ nodeOptions?: string, cwd?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, peakRssBytes: number | null, cpuMs: number | null, wallMs: number }>}
 */
async function runN8n(folder, args, options = {}) {
	let peak = /** @type {number | null} */ (null);
	let cpu = /** @type {number | null} */ (null);
	/** @type {NodeJS.Timeout | undefined} */
	let poll;
	/** @type {number | undefined} */
	let pid;
	const sample = () => {
		const now = pid ? peakRss(pid) : null;
		if (now !== null) peak = Math.max(peak ?? 0, now);
		cpu = (pid ? cpuTimeMs(pid) : null) ?? cpu;
	};
	const result = await n8n.runCli({
		n8n: {
			runtime: runtime(),
			folder,
			encryptionKey: ENCRYPTION_KEY,
			nodeOptions: options.nodeOptions ?? null,
			// n8n logs nothing (--rawOutput included) under NODE_ENV=test.
			extra: { NODE_ENV: 'production', ...options.env },
		},
		args,
		cwd: options.cwd,
		timeoutMs: COMMAND_TIMEOUT_MS,
		// VmHWM is the kernel's own high-water mark: sampling only has to happen late enough. The CPU
		// time misses what the process spends in its last 20 ms (exiting), alike for every run.
		onStart: (child) => {
			pid = child.pid;
			poll = setInterval(sample, 20);
		},
		onOutput: sample,
		onEnd: () => clearInterval(poll),
	});
	return {
		code: result.code,
		stdout: result.stdout,
		stderr: result.stderr,
		peakRssBytes: peak,
		cpuMs: cpu,
		wallMs: result.wallMs,
	};
}

/**
 * `n8n import:<kind> --input=<file>` with an array; the file is deleted afterwards (it holds secrets).
 * @param {string} folder
 * @param {'credentials' | 'workflow'} kind
 * @param {unknown[]} content
 */
async function importAll(folder, kind, content) {
	await n8n.importFile((args) => runN8n(folder, args), folder, `import:${kind}`, content);
}

/**
 * `n8n execute --id=<id> --rawOutput`.
 * @param {string} folder
 * @param {string} workflowId
 * @param {{ nodeOptions?: string, cwd?: string, env?: Record<string, string> }} [options]
 */
async function execute(folder, workflowId, options) {
	const result = await runN8n(folder, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	return { ...result, run: n8n.parseRun(result.stdout) };
}

/** @param {string} folder */
async function n8nVersion(folder) {
	const result = await runN8n(folder, ['--version']);
	return result.stdout.trim().split('\n').pop() ?? '';
}

module.exports = { createUserFolder, importAll, execute, runN8n, n8nVersion, parseRun: n8n.parseRun };
