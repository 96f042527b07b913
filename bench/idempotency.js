#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench:idempotency`: what the Idempotency Key costs per item in the real n8n (2.41.1 on Node 24,
 * `n8n execute`, SQLite: n8n's default database), on the packed package. Create Transfer over 200 items
 * (20 connections, 10 transfers each, Max Parallel Connections 10, the simulator answering after 10 ms):
 *
 * - without a key;
 * - with a key per item, the workflow's store holding only this run's keys;
 * - with a key per item, the store's row at the package's cap (nodes/shared/idempotency.ts STORE_HISTORY):
 *   first the workflow is imported as Remove Duplicates over that many values (scope Workflow: n8n's own
 *   node on the same row) and run once, then imported again, under the same ID, as the measured workflow.
 *   The row's size is read from n8n's database (read only) after the runs.
 *
 * A row's node time is its `executionTime` from the run n8n prints. The figure is the median of
 * `--reps` runs (default 3) per row, the rows interleaved; the cost per item is the difference of medians
 * divided by the items. Results: printed, and bench-results/idempotency-<time>.json in the results folder.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { provisionRuntime, PACKAGE_NAME } = require('../scripts/n8n');
const { startSimulator } = require('../simulator');
const { buildAndPack } = require('./lib/build');
const { connectAndExchange } = require('./lib/workload');
const wf = require('./lib/workflows');
const { RESULTS_DIR } = require('./lib/results');

const CONNECTIONS = 20;
const PER_CONNECTION = 10;
const LATENCY_MS = 10;
/** The most values the package keeps in a workflow's store row (STORE_HISTORY in nodes/shared/idempotency.ts). */
const STORE_CAP = 40_000;

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const log = (/** @type {string} */ message) => process.stdout.write(`[bench:idempotency] ${message}\n`);
const median = (/** @type {number[]} */ values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Create Transfer from the items' connection; with a key unique to the item and execution.
 * @param {boolean} keyed @param {string} senderID @param {string} receiverID
 */
function createTransfer(keyed, senderID, receiverID) {
	return {
		type: `${PACKAGE_NAME}.dapi`,
		typeVersion: 2,
		parameters: {
			resource: 'payment',
			operation: 'createTransfer',
			senderID: { __rl: true, mode: 'id', value: senderID },
			amount: 0.01,
			receiverID: { __rl: true, mode: 'id', value: receiverID },
			...(keyed ? { idempotencyKey: "={{ $json.invoiceId + '-' + $execution.id }}" } : {}),
			tokenSource: 'fields',
			accessToken: '={{ $json.accessToken }}',
			userSecret: '={{ $json.userSecret }}',
			options: { maxParallelConnections: 10 },
		},
		credentials: { dapiApi: { id: 'dapiBenchCred001', name: 'Dapi simulator (bench)' } },
	};
}

/**
 * Remove Duplicates (scope Workflow) over `count` values, under the ID of the workflow whose row it fills.
 * @param {string} id @param {number} count
 */
function filler(id, count) {
	const node = (/** @type {string} */ name, /** @type {number} */ n, /** @type {Record<string, unknown>} */ rest) => ({
		id: `00000000-0000-4000-9000-00000000000${n}`,
		name,
		position: [n * 220, 0],
		...rest,
	});
	return {
		id,
		name: 'fill the store',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 1, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }),
			node('Values', 2, {
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'raw',
					jsonOutput: JSON.stringify({ values: Array.from({ length: count }, (_, i) => `fill-${i}`) }),
					options: {},
				},
			}),
			node('Each Value', 3, {
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'values', options: {} },
			}),
			node('Record Values', 4, {
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					logic: 'removeItemsWithAlreadySeenKeyValues',
					dedupeValue: '={{ $json.values }}',
					options: { scope: 'workflow', historySize: 2 * count },
				},
			}),
		],
		connections: {
			Start: { main: [[{ node: 'Values', type: 'main', index: 0 }]] },
			Values: { main: [[{ node: 'Each Value', type: 'main', index: 0 }]] },
			'Each Value': { main: [[{ node: 'Record Values', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * How many values the workflow's row holds, read from n8n's SQLite database with Node 24's sqlite (read only).
 * @param {string} node24 @param {string} folder @param {string} workflowId
 */
function rowValues(node24, folder, workflowId) {
	const script = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
const row = db.prepare('SELECT value FROM processed_data WHERE workflowId = ?').get(process.argv[2]);
process.stdout.write(String(row ? JSON.parse(row.value).data.length : 0));`;
	const out = execFileSync(
		path.join(node24, 'node'),
		['-e', script, path.join(folder, '.n8n', 'database.sqlite'), workflowId],
		{
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		},
	);
	return Number(out);
}

async function main() {
	const { nodeDir } = provisionRuntime('2'); // and sets DAPI_N8N_BIN / DAPI_NODE24 for lib/n8n.js
	const n8n = require('./lib/n8n');

	const loadAtStart = os.loadavg().map((load) => Math.round(load * 10) / 10);
	const build = buildAndPack({ log });
	const folder = n8n.createUserFolder(build.tarball);
	const sim = await startSimulator({ port: 0, latencyMs: LATENCY_MS });
	try {
		const user = sim.users().find((candidate) => candidate.userID === 'user-ae-liv-001');
		if (!user) throw new Error('the simulator has no user-ae-liv-001');
		const connections = [];
		for (let i = 0; i < CONNECTIONS; i++) connections.push(await connectAndExchange(sim, user.userID));
		const items = connections.flatMap((connection, c) =>
			Array.from({ length: PER_CONNECTION }, (_, n) => ({
				accessToken: connection.accessToken,
				userSecret: connection.userSecret,
				invoiceId: `INV-${c}-${n}`,
			})),
		);
		const [senderID, receiverID] = [user.accounts[0].id, user.beneficiaries[0].id];
		const warmUp = `${sim.url}/__sim/warm-up`;
		const rows = {
			noKey: wf.workflow('idemBench000001', 'no key', items, createTransfer(false, senderID, receiverID), warmUp),
			key: wf.workflow('idemBench000002', 'key', items, createTransfer(true, senderID, receiverID), warmUp),
			keyFullStore: wf.workflow(
				'idemBench000003',
				'key, full store',
				items,
				createTransfer(true, senderID, receiverID),
				warmUp,
			),
		};
		await n8n.importAll(folder, 'credentials', wf.credentials(sim.baseUrl, sim.appSecret, sim.appKey, sim.baseUrl));
		await n8n.importAll(folder, 'workflow', [rows.noKey, rows.key, filler(rows.keyFullStore.id, STORE_CAP)]);
		// Its run data (every value, three times) is not read: only that it ran.
		const filled = await n8n.execute(folder, rows.keyFullStore.id);
		if (filled.code !== 0) throw new Error(`filling the store failed (exit ${filled.code})`);
		await n8n.importAll(folder, 'workflow', [rows.keyFullStore]);
		const before = rowValues(nodeDir, folder, rows.keyFullStore.id);
		log(`the full store's row holds ${before} values`);

		/** @type {Record<string, Array<{ ms: number, failed: number, sent: number }>>} */
		const runs = { noKey: [], key: [], keyFullStore: [] };
		for (let rep = 0; rep < reps; rep++) {
			for (const [name, workflow] of Object.entries(rows)) {
				const before = sim.requests().filter((call) => call.path === '/v2/payment/transfer/create').length;
				const result = await n8n.execute(folder, workflow.id);
				const task = result.run?.data?.resultData?.runData?.['Under Test']?.[0];
				if (!task) throw new Error(`${name}: no run of the node (exit ${result.code})\n${result.stdout.slice(-2000)}`);
				const out = task.data?.main?.[0] ?? [];
				const failed = out.filter((/** @type {any} */ item) => item.json.error !== undefined).length;
				const sent = sim.requests().filter((call) => call.path === '/v2/payment/transfer/create').length - before;
				runs[name].push({ ms: task.executionTime, failed, sent });
				log(`${name} #${rep + 1}: ${task.executionTime} ms, ${sent} transfers sent, ${failed} failed items`);
			}
		}
		const ms = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, median(list.map((r) => r.ms))]));
		const perItem = (/** @type {number} */ delta) => Math.round((delta / items.length) * 100) / 100;
		const summary = {
			items: items.length,
			connections: CONNECTIONS,
			latencyMs: LATENCY_MS,
			reps,
			storeCap: STORE_CAP,
			medianMs: ms,
			keyCostPerItemMs: perItem(ms.key - ms.noKey),
			keyCostPerItemFullStoreMs: perItem(ms.keyFullStore - ms.noKey),
			rowValues: {
				key: rowValues(nodeDir, folder, rows.key.id),
				keyFullStoreBefore: before,
				keyFullStore: rowValues(nodeDir, folder, rows.keyFullStore.id),
			},
			loadAverage: { start: loadAtStart, end: os.loadavg().map((load) => Math.round(load * 10) / 10) },
			runs,
			at: new Date().toISOString(),
		};
		log(JSON.stringify({ ...summary, runs: undefined }));
		const out = path.join(RESULTS_DIR, `idempotency-${summary.at.replace(/[:.]/g, '-')}.json`);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
		log(`written to ${out}`);
	} finally {
		await sim.close();
		fs.rmSync(folder, { recursive: true, force: true });
		fs.rmSync(build.dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
