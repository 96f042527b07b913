// @ts-check
'use strict';

/**
 * Stage 2b, the real network (issue 25): the same Get Balance calls over TLS, through a front that
 * adds a round trip of 0, 40 or 120 ms (bench/lib/tls-front.js: +2 round trips for a new connection's
 * TCP and TLS 1.3 handshakes, +1 per request), and at 40 ms with 300 ms of server time. Side by side,
 * in one run, rows in a rotating order:
 *
 * - the Dapi node (Max Parallel Connections 10) through n8n 2.41.1 as released: n8n's helper opens a
 *   new connection for every call;
 * - the same on a locally patched n8n that reuses its agents (bench/lib/n8n-agent-reuse.js, the
 *   change docs/n8n-agent-reuse.patch proposes);
 * - the same with Node's global fetch in place of n8n's helper (bench/lib/probe.js `fetch`: what a
 *   path beside the helper would give; measured only, not shipped);
 * - Node's https client with per-token queues, with a keep-alive agent and without keep-alive.
 *
 * The front counts the connections each run opened. The ideal schedule of a run is the simulator's
 * time for each token's calls plus one round trip per call: every call on a connection already open.
 */

const path = require('node:path');

const { idealScheduleMs, servedMsByToken } = require('../lib/ideal');
const { median, summary } = require('../lib/stats');
const wf = require('../lib/workflows');
const { fmtMs } = require('../lib/format');

const PROFILES = [
	{ key: 'rtt0', label: '0 ms round trip', rttMs: 0, serverMs: 0 },
	{ key: 'rtt40', label: '40 ms round trip', rttMs: 40, serverMs: 0 },
	{ key: 'rtt120', label: '120 ms round trip', rttMs: 120, serverMs: 0 },
	{ key: 'rtt40server300', label: '40 ms round trip, 300 ms server time', rttMs: 40, serverMs: 300 },
];

const PARALLEL = 10;

/**
 * @typedef {{ key: string, label: string, n8n?: { folder?: string, env?: Record<string, string>, nodeOptions?: string }, keepAlive?: boolean }} TlsRow
 * @typedef {import('./setup').Run & { connections: number }} TlsRun
 */

/**
 * The @n8n/backend-network folder of the runtime n8n runs on (the one copy n8n-core loads).
 * @returns {string}
 */
function backendNetworkDir() {
	const bin = /** @type {string} */ (process.env.DAPI_N8N_BIN);
	// The package exports only its entry (dist/index.js).
	return path.resolve(require.resolve('@n8n/backend-network', { paths: [path.dirname(bin)] }), '..', '..');
}

/**
 * @param {import('./setup').Bench} bench
 * @param {import('./workload').Workloads} workloads
 */
async function runTlsRows(bench, workloads) {
	const { sim, log, tls } = bench;
	const items = workloads.tls.grouped;
	const calls = items.length;
	const trust = { NODE_EXTRA_CA_CERTS: tls.certificate.certFile };
	const warmUpUrl = `${tls.warmUpFront.url}/__sim/warm-up`;
	const workflowId = bench.workflow(
		'tls:dapi10',
		'bench: over TLS, dapi10',
		items,
		wf.dapiGetBalance(PARALLEL, wf.TLS_CREDENTIAL),
		warmUpUrl,
	);
	await bench.importWorkflows();
	const probeFolder = await bench.probeFolder([workflowId]);

	/** @type {TlsRow[]} */
	const rows = [
		{ key: 'dapi10', label: 'Dapi node, Max Parallel Connections 10, n8n 2.41.1 as released', n8n: {} },
		...(bench.baseline
			? [
					{
						key: 'dapi10Baseline',
						label: `… baseline ${bench.baseline.shortCommit}`,
						n8n: { folder: bench.baseline.folder },
					},
				]
			: []),
		{
			key: 'dapi10AgentReuse',
			label:
				'Dapi node, Max Parallel Connections 10, n8n 2.41.1 patched to reuse its agents (docs/n8n-agent-reuse.patch)',
			n8n: {
				env: { BENCH_N8N_BACKEND_NETWORK: backendNetworkDir() },
				nodeOptions: `--require ${path.join(__dirname, '..', 'lib', 'n8n-agent-reuse-preload.js')}`,
			},
		},
		{
			key: 'dapi10Fetch',
			label: "Dapi node, Max Parallel Connections 10, global fetch in place of n8n's helper (measured only)",
			n8n: {
				folder: probeFolder,
				env: { BENCH_PROBE_WHATIF: 'fetch', BENCH_FETCH_WARM_UP_URL: warmUpUrl },
				nodeOptions: `--require ${path.join(__dirname, '..', 'lib', 'fetch-warm-up-preload.js')}`,
			},
		},
		{
			key: 'httpsKeepAlive',
			label: 'Node https client, keep-alive agent, per-token queues, 10 in flight',
			keepAlive: true,
		},
		{
			key: 'httpsNoKeepAlive',
			label: 'Node https client without keep-alive, per-token queues, 10 in flight',
			keepAlive: false,
		},
	];

	/** @param {TlsRow} row @returns {Promise<TlsRun>} */
	const runRow = async (row) => {
		tls.front.resetConnections();
		const run = row.n8n
			? await bench.runN8n(workflowId, {
					expected: calls,
					folder: row.n8n.folder,
					env: { ...trust, ...row.n8n.env },
					nodeOptions: row.n8n.nodeOptions,
				})
			: await bench.runClient('https-client-worker.js', {
					keepAlive: row.keepAlive,
					maxParallel: PARALLEL,
					url: `${tls.front.url}/v2/data/balance/get`,
					warmUpUrl,
					ca: tls.certificate.cert,
					appSecret: sim.appSecret,
					items,
				});
		const { items: _items, ...rest } = /** @type {TlsRun & { items?: unknown[] }} */ ({ ...run });
		return { ...rest, connections: tls.front.connections() };
	};

	const reps = bench.options.tlsReps;
	const profiles = [];
	for (const profile of PROFILES) {
		tls.front.setRtt(profile.rttMs);
		sim.setLatency(profile.serverMs);
		log(`over TLS, ${profile.label}: ${calls} Get Balance calls over ${workloads.tls.connections.length} tokens`);
		/** @type {Record<string, TlsRun[]>} */
		const runs = Object.fromEntries(rows.map((row) => [row.key, []]));
		for (let rep = 0; rep < reps; rep++) {
			const ordered = rows.map((_, i) => rows[(i + rep) % rows.length]);
			for (const row of ordered) {
				const run = await runRow(row);
				const served = servedMsByToken(sim.requests());
				run.idealMs = idealScheduleMs(
					items.map((item) => item.accessToken),
					PARALLEL,
					(token, count) => served(token) + count * profile.rttMs,
				);
				runs[row.key].push(run);
				const vsIdeal =
					profile.rttMs + profile.serverMs > 0 ? ` (${(Number(run.ms) / run.idealMs).toFixed(3)}× ideal)` : '';
				log(
					`  tls ${profile.key} rep ${rep + 1}/${reps} ${row.key.padEnd(17)} ${fmtMs(run.ms).padStart(8)}${vsIdeal}` +
						`  connections ${run.connections}, failed ${run.failedItems}, overlapping calls ${run.overlappedCalls}`,
				);
			}
		}
		profiles.push({
			key: profile.key,
			label: profile.label,
			rttMs: profile.rttMs,
			serverMs: profile.serverMs,
			calls,
			tokens: workloads.tls.connections.length,
			reps,
			rows: rows.map((row) => ({ key: row.key, label: row.label, ...summariseTlsRuns(runs[row.key], calls) })),
		});
	}
	sim.setLatency(0);
	tls.front.setRtt(0);
	return { parallel: PARALLEL, profiles };
}

/** @param {TlsRun[]} list @param {number} calls */
function summariseTlsRuns(list, calls) {
	const total = (/** @type {(run: TlsRun) => number} */ pick) => list.reduce((sum, run) => sum + pick(run), 0);
	const ideals = /** @type {number[]} */ (list.map((run) => run.idealMs).filter((ms) => typeof ms === 'number'));
	return {
		ms: summary(list.map((run) => run.ms ?? NaN)),
		idealMs: median(ideals),
		vsIdeal: summary(list.map((run) => (run.ms !== null && run.idealMs ? run.ms / run.idealMs : NaN))),
		connectionsPerCall: median(list.map((run) => run.connections / calls)),
		failedItems: total((run) => run.failedItems ?? 0),
		overlappedCalls: total((run) => run.overlappedCalls),
		runs: list,
	};
}

module.exports = { runTlsRows, PROFILES };
