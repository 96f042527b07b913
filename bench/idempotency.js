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
 *   a Remove Duplicates node in the same workflow (scope Workflow, n8n's own node on the same store)
 *   records that many values first, in a step whose time is not counted.
 *
 * A row's node time is its `executionTime` from the run n8n prints. The figure is the median of
 * `--reps` runs (default 3) per row, the rows interleaved; the cost per item is the difference of medians
 * divided by the items. Results: printed, and bench-results/idempotency-<time>.json in the results folder.
 */

const fs = require('node:fs');
const path = require('node:path');

const { provisionRuntime, PACKAGE_NAME } = require('../scripts/n8n-env');
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
 * Puts `count` values into the workflow's store row before the items: Set (the values) → Split Out →
 * Remove Duplicates (scope Workflow) → Set (one item, executed once) feeding the workflow's Items node.
 * @param {any} workflow @param {number} count
 */
function withFilledStore(workflow, count) {
	const position = /** @type {[number, number]} */ ([0, 200]);
	const fill = [
		{
			id: '00000000-0000-4000-9000-000000000001',
			name: 'Fill Values',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position,
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ values: Array.from({ length: count }, (_, i) => `fill-${i}`) }),
				options: {},
			},
		},
		{
			id: '00000000-0000-4000-9000-000000000002',
			name: 'Each Value',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position,
			parameters: { fieldToSplitOut: 'values', options: {} },
		},
		{
			id: '00000000-0000-4000-9000-000000000003',
			name: 'Record Values',
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			position,
			parameters: {
				operation: 'removeItemsSeenInPreviousExecutions',
				logic: 'removeItemsWithAlreadySeenKeyValues',
				dedupeValue: '={{ $json.values }}',
				options: { scope: 'workflow', historySize: 10 * count },
			},
		},
		{
			id: '00000000-0000-4000-9000-000000000004',
			name: 'Filled',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position,
			executeOnce: true,
			alwaysOutputData: true,
			parameters: {},
		},
	];
	const connections = { ...workflow.connections };
	connections['Warm Up'] = { main: [[{ node: 'Fill Values', type: 'main', index: 0 }]] };
	connections['Fill Values'] = { main: [[{ node: 'Each Value', type: 'main', index: 0 }]] };
	connections['Each Value'] = { main: [[{ node: 'Record Values', type: 'main', index: 0 }]] };
	// Both outputs (new and already seen) lead on, so later runs go on whatever the store held.
	connections['Record Values'] = {
		main: [[{ node: 'Filled', type: 'main', index: 0 }], [{ node: 'Filled', type: 'main', index: 0 }]],
	};
	connections.Filled = { main: [[{ node: 'Items', type: 'main', index: 0 }]] };
	return { ...workflow, nodes: [...workflow.nodes, ...fill], connections };
}

async function main() {
	const { bin, nodeDir } = provisionRuntime('2');
	process.env.DAPI_N8N_BIN = bin;
	process.env.DAPI_NODE24 = nodeDir;
	const n8n = require('./lib/n8n');

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
			keyFullStore: withFilledStore(
				wf.workflow('idemBench000003', 'key, full store', items, createTransfer(true, senderID, receiverID), warmUp),
				STORE_CAP,
			),
		};
		await n8n.importAll(folder, 'credentials', wf.credentials(sim.baseUrl, sim.appSecret, sim.appKey));
		await n8n.importAll(folder, 'workflow', Object.values(rows));

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
