#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run start:queue`: the simulator, then n8n in queue mode (scripts/queue/stack.js) with the
 * example workflows and the demo owner (as `npm start` sets them up), until Ctrl+C. Everything lives
 * in a temporary folder. The queue-mode e2e test (test/e2e/queue.test.ts) starts the same stack.
 */

const { startSimulator } = require('../simulator');
const { configureSimulator, demoOwner, ensureOwner, guide, importDemo } = require('./demo-setup');
const { preparePackage } = require('./demo/prepare');
const { exitOnSignals } = require('./n8n/process');
const { QueueStack, startQueueStack } = require('./queue/stack');
const { ensureServices } = require('./queue/services');

const say = (/** @type {string} */ message) => process.stderr.write(`[queue] ${message}\n`);

async function main() {
	preparePackage(say);
	const port = (/** @type {string | undefined} */ value, /** @type {number} */ fallback) =>
		value ? Number(value) : fallback;
	const sim = await startSimulator({ port: port(process.env.DAPI_SIM_PORT, 8787) });
	await configureSimulator(sim.url);
	/** @type {QueueStack | undefined} */
	let stack;
	const stop = exitOnSignals(async () => {
		say('stopping n8n, Redis, Postgres and the simulator');
		await stack?.stop();
		await sim.close();
	});
	try {
		stack = await startQueueStack({
			workers: port(process.env.DAPI_QUEUE_WORKERS, 2),
			webhooks: 1,
			mainPort: port(process.env.N8N_PORT, 5678),
			webhookPort: port(process.env.DAPI_QUEUE_WEBHOOK_PORT, 5680),
			beforeMain: (s) => importDemo(s.folder('main'), sim.port, { runN8n: (args) => s.cli(args) }),
		});
	} catch (error) {
		say(String(error instanceof Error ? error.message : error));
		await stop(1);
		return;
	}
	const owner = demoOwner();
	await ensureOwner(stack.mainUrl, owner);
	const workers = stack
		.byRole('worker')
		.map((w) => `${w.name} (pid ${w.pid})`)
		.join(', ');
	process.stderr.write(`
────────────────────────────────────────────────────────────────────────────────────────────────────
 n8n ${stack.line}.x in queue mode          (everything in ${stack.work}, logs in ${stack.logsDir})
 editor (main)     ${stack.mainUrl}   sign in: ${owner.email} / ${owner.password}
 webhook process   ${stack.webhookUrls[0]}   production webhooks and resume URLs (main serves none)
 workers           ${workers}: every execution runs there
 Redis, Postgres   127.0.0.1:${stack.byRole('redis')[0].port}, 127.0.0.1:${stack.byRole('postgres')[0].port}
 Dapi simulator    ${sim.url}
${guide(stack.webhookUrls[0], sim.url)}
 Which worker ran an execution: grep "Worker finished execution <id>" ${stack.logsDir}/worker*.log
 Ctrl+C stops everything and deletes the folder.
────────────────────────────────────────────────────────────────────────────────────────────────────
`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { startQueueStack, QueueStack, ensureServices };
