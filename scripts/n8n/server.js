// @ts-check
'use strict';

/**
 * The one place that starts an n8n server process (`n8n start`, `n8n webhook`, `n8n worker`), used by
 * the end-to-end tests (test/e2e/server.ts), `npm start` (scripts/start.js) and the queue stack
 * (scripts/queue/stack.js): its environment from ./env.js, its own process group (./process.js),
 * ready when it says so or its readiness endpoint answers, and stopped in order: workers and webhook
 * processes before main.
 */

const { n8nEnv } = require('./env');
const { spawnManaged } = require('./process');

/** Generous: n8n is ready in ~5-7 s on an idle machine, much later on a loaded 2-core one. */
const START_TIMEOUT_MS = 180_000;

/** The command of each role, and the line it logs once it serves (main's /healthz answers before its migrations end). */
const ROLES = {
	main: { args: ['start'], readyLine: 'Editor is now accessible' },
	webhook: { args: ['webhook'], readyLine: 'Webhook listener waiting for requests' },
	worker: { args: ['worker', '--concurrency=10'], readyLine: null },
};

/**
 * @typedef {Omit<import('./env').EnvOptions, 'role'> & {
 *   role: keyof typeof ROLES,
 *   name?: string,
 *   logFile?: string,
 * }} ServerOptions
 */

/**
 * Starts one n8n server process; wait for it with ready().
 * @param {ServerOptions} options
 */
function spawnN8n(options) {
	const { role, name = role, logFile, ...envOptions } = options;
	const managed = spawnManaged({
		name,
		command: options.runtime.bin,
		args: ROLES[role].args,
		env: n8nEnv({ ...envOptions, role }),
		logFile,
	});
	return Object.assign(managed, {
		role,
		options,
		port: role === 'worker' ? options.healthPort : options.port,
		/** Resolves once it serves; rejects (with its output's end) when it exits first or takes too long. */
		async ready(timeoutMs = START_TIMEOUT_MS) {
			const line = ROLES[role].readyLine;
			if (line) return await managed.waitForLine(line, timeoutMs);
			const url = `http://127.0.0.1:${options.healthPort}/healthz/readiness`;
			const probe = async () => {
				try {
					return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
				} catch {
					return false;
				}
			};
			await managed.waitForProbe(probe, url, timeoutMs);
		},
	});
}

/** @typedef {ReturnType<typeof spawnN8n>} N8nProcess */

/**
 * Stops n8n processes in order: workers and webhook processes (which take work from main) first, then main.
 * @param {N8nProcess[]} servers
 */
async function stopInOrder(servers) {
	for (const roles of [['worker', 'webhook'], ['main']]) {
		await Promise.all(servers.filter((server) => roles.includes(server.role)).map((server) => server.stop()));
	}
}

module.exports = { START_TIMEOUT_MS, spawnN8n, stopInOrder };
