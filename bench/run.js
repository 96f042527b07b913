// @ts-check
'use strict';

/**
 * The benchmark (issue 6). Started by bench/index.js on Node 24; see bench/README.md.
 *
 *   node bench/run.js [--reps N] [--spread-reps N] [--mem-reps N] [--quick | --smoke] [--no-profile] [--keep]
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const { startSimulator } = require('../simulator');
const { PACKAGE_NAME, REPO_ROOT } = require('../scripts/n8n-env');
const { buildAndPack } = require('./lib/build');
const n8n = require('./lib/n8n');
const { summarise: summariseProfile } = require('./lib/profile');
const probe = require('./lib/probe');
const { median, summary, simulatorCounts } = require('./lib/stats');
const wf = require('./lib/workflows');
const { seedBalanceWorkload, connectAndExchange } = require('./lib/workload');

// ---------------------------------------------------------------------------------------------
// Options

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = { reps: 3, spreadReps: 2, memReps: 3, loadReps: 7, quick: false, smoke: false, profile: true, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const next = Number(argv[++i]);
			if (!Number.isInteger(next) || next < 1) throw new Error(`${arg} needs a positive integer`);
			return next;
		};
		if (arg === '--reps') options.reps = value();
		else if (arg === '--spread-reps') options.spreadReps = value();
		else if (arg === '--mem-reps') options.memReps = value();
		else if (arg === '--quick') Object.assign(options, { quick: true, reps: 1, spreadReps: 1, memReps: 1, loadReps: 3 });
		else if (arg === '--smoke') Object.assign(options, { smoke: true, reps: 1, spreadReps: 1, memReps: 1, loadReps: 2 });
		else if (arg === '--no-profile') options.profile = false;
		else if (arg === '--keep') options.keep = true;
		else throw new Error(`unknown argument ${arg} (see bench/README.md)`);
	}
	return options;
}

const OPTIONS = parseArgs(process.argv.slice(2));
/** --smoke: a tiny workload that only checks the benchmark itself works. */
const WORKLOAD = OPTIONS.smoke ? { connections: 6, callsPerConnection: 3 } : { connections: 50, callsPerConnection: 10 };
const SEARCH_WORKLOAD = { connections: OPTIONS.smoke ? 3 : 10 }; // grouped, 10 calls each: 90 back-to-back pairs on one token
const ORDERS = /** @type {const} */ (['grouped', 'interleaved']);
/** Batching intervals tried when looking for the smallest safe one (ms). */
const INTERVAL_GRID = [2, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 80, 90, 100, 120, 150, 200];
const PROFILES = [
	{ key: 'fixed', label: 'fixed 10 ms', latency: 10, reps: OPTIONS.reps },
	{ key: 'spread', label: 'spread 5-50 ms (uniform random per call)', latency: { minMs: 5, maxMs: 50 }, reps: OPTIONS.spreadReps },
];
const TARGETS = { dapi1VsGotSequential: 1.1, dapi10VsGotPerToken: 1.3, httpSafeVsDapi10: 15, rssGrowthVsOutputJson: 2, loadMs: 100, tarballBytes: 150_000 };
const ENBD = { userID: 'user-ae-enbd-004', accountID: 'acc-enbd-004-current', years: 5 };

const started = new Date();
const log = (/** @type {string} */ message) => {
	const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4);
	process.stdout.write(`[bench ${seconds}s] ${message}\n`);
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** @param {number | null | undefined} ms */
const fmtMs = (ms) => (ms === null || ms === undefined ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
/** @param {{ median: number | null, min: number | null, max: number | null }} s */
const fmtSummary = (s) => (s.median === null ? 'n/a' : `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`);
/** @param {number} bytes */
const fmtBytes = (bytes) => (Math.abs(bytes) >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);
const round = (/** @type {number} */ value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function machine() {
	const cpus = os.cpus();
	/** @param {string[]} args */
	const git = (...args) => {
		try {
			return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		} catch {
			return null;
		}
	};
	return {
		cpuModel: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		memoryGB: round(os.totalmem() / 2 ** 30, 1),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		loadAverageAtStart: os.loadavg().map((value) => round(value)),
		packageVersion: JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version,
		gitCommit: git('rev-parse', '--short', 'HEAD'),
		gitUncommittedFiles: (git('status', '--porcelain') ?? '').split('\n').filter(Boolean).length,
	};
}

/** An item the balance call really answered (the Dapi node outputs the balance, HTTP Request Dapi's envelope). */
const balanceOk = (/** @type {any} */ json) =>
	json && json.error === undefined && (json.amount !== undefined || (json.success === true && json.balance !== undefined));

// ---------------------------------------------------------------------------------------------

async function main() {
	log(`options: ${JSON.stringify(OPTIONS)}`);
	const results = /** @type {any} */ ({
		schema: 1,
		startedAt: started.toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		options: OPTIONS,
		machine: machine(),
	});
	const cleanup = /** @type {string[]} */ ([]);

	// 1. The package, as users get it, in a fresh n8n user folder.
	const build = buildAndPack({ log });
	cleanup.push(build.dir);
	const folder = n8n.createUserFolder(build.tarball);
	cleanup.push(folder);
	results.machine.n8n = await n8n.n8nVersion(folder);
	log(`n8n ${results.machine.n8n} on Node ${process.version}; ${results.machine.cpuModel}, ${results.machine.cores} cores, ${results.machine.memoryGB} GB`);

	// 2. The simulator in this process, and the workload.
	const sim = await startSimulator({ port: 0, latencyMs: 0 });
	const workload = await seedBalanceWorkload(sim, WORKLOAD);
	const searchItems = workload.grouped.slice(0, SEARCH_WORKLOAD.connections * WORKLOAD.callsPerConnection);
	const enbd = await connectAndExchange(sim, ENBD.userID);
	const balanceUrl = `${sim.baseUrl}/data/balance/get`;
	const totalCalls = workload.grouped.length;
	log(`simulator at ${sim.url}; ${workload.connections.length} connections exchanged, ${totalCalls} balance calls per row`);

	// Workflows are imported in bulk (one n8n process per import), when first needed.
	/** @type {Map<string, string>} */ const workflowIds = new Map();
	/** @type {Map<string, any>} */ const workflowsById = new Map();
	/** @type {any[]} */ let pendingImports = [];
	/** @param {string} key @param {string} name @param {Record<string, unknown>[]} items @param {Record<string, unknown>} node */
	const workflowId = (key, name, items, node) => {
		let id = workflowIds.get(key);
		if (!id) {
			id = `dapiBench${String(workflowIds.size + 1).padStart(7, '0')}`;
			workflowIds.set(key, id);
			const workflow = wf.workflow(id, name, items, node);
			workflowsById.set(id, workflow);
			pendingImports.push(workflow);
		}
		return id;
	};
	const flushImports = async (/** @type {string} */ where = folder) => {
		if (pendingImports.length === 0) return;
		const batch = pendingImports;
		pendingImports = [];
		await n8n.importAll(where, 'workflow', batch);
	};
	const itemsOf = (/** @type {'grouped' | 'interleaved'} */ order) => workload[order];
	const dapiWorkflow = (/** @type {1 | 10} */ parallel, /** @type {'grouped' | 'interleaved'} */ order) =>
		workflowId(`dapi${parallel}:${order}`, `bench: Dapi Get Balance, ${parallel} connection(s), ${order}`, itemsOf(order), wf.dapiGetBalance(parallel));
	const httpWorkflow = (/** @type {number | null} */ interval, /** @type {'grouped' | 'interleaved' | 'search'} */ order) =>
		workflowId(
			`http:${interval}:${order}`,
			`bench: HTTP Request ${interval === null ? 'default options' : `batch 1 / ${interval} ms`}, ${order}`,
			order === 'search' ? searchItems : itemsOf(order),
			wf.httpGetBalance(balanceUrl, sim.appSecret, interval),
		);

	const today = new Date().toISOString().slice(0, 10);
	const fiveYearsBack = new Date();
	fiveYearsBack.setUTCFullYear(fiveYearsBack.getUTCFullYear() - ENBD.years);
	const fromDate = fiveYearsBack.toISOString().slice(0, 10);
	const enbdItem = [{ accessToken: enbd.accessToken, userSecret: enbd.userSecret, accountID: ENBD.accountID }];
	const oneYearBack = new Date();
	oneYearBack.setUTCFullYear(oneYearBack.getUTCFullYear() - 1);
	oneYearBack.setUTCDate(oneYearBack.getUTCDate() + 1);
	const memoryIds = {
		trivial: workflowId('mem:trivial', 'bench: trivial (same items, No Operation)', enbdItem, wf.noOp()),
		transactions: workflowId('mem:transactions', `bench: ENBD transactions ${fromDate}..${today}`, enbdItem, wf.dapiGetTransactions(fromDate, today)),
		/** Profiling only: one year, to tell what grows with the output from what does not. */
		oneYear: workflowId('mem:oneYear', 'bench: ENBD transactions, one year', enbdItem, wf.dapiGetTransactions(oneYearBack.toISOString().slice(0, 10), today)),
	};
	for (const order of ORDERS) {
		dapiWorkflow(1, order);
		dapiWorkflow(10, order);
		httpWorkflow(null, order);
	}
	for (const interval of INTERVAL_GRID) {
		httpWorkflow(interval, 'search');
		httpWorkflow(interval, 'grouped');
	}
	await n8n.importAll(folder, 'credentials', [wf.credential(sim.baseUrl, sim.appSecret, sim.appKey)]);
	await flushImports();
	log(`imported the credential and ${workflowIds.size} workflows`);

	// ------------------------------------------------------------------
	// Measurements

	/** One n8n execution of a balance workflow. @param {string} id @param {number} expected */
	const measureN8n = async (id, expected) => {
		sim.clearRequests();
		const result = await n8n.execute(folder, id);
		const counts = simulatorCounts(sim.requests());
		const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
		if (!task) {
			const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
			log(`  ! n8n execute --id=${id} gave no run of "${wf.UNDER_TEST}" (exit ${result.code}):\n${tail}`);
			return { ms: null, failedItems: expected, ...counts, error: `exit ${result.code}` };
		}
		const items = (task.data?.main ?? []).flat().filter(Boolean).map((/** @type {any} */ item) => item.json);
		const ok = items.filter(balanceOk).length;
		return { ms: task.executionTime, failedItems: expected - ok, errorItems: items.filter((/** @type {any} */ j) => j.error !== undefined).length, ...counts };
	};

	/** One plain-client run in a fresh worker thread. @param {'sequential' | 'perToken'} mode @param {any[]} items */
	const measureGot = async (mode, items) => {
		sim.clearRequests();
		const message = await new Promise((resolve, reject) => {
			const worker = new Worker(path.join(__dirname, 'lib', 'client-worker.js'), {
				workerData: { mode, maxParallel: 10, url: balanceUrl, appSecret: sim.appSecret, items },
			});
			worker.once('message', (value) => {
				void worker.terminate();
				resolve(value);
			});
			worker.once('error', reject);
		});
		if (message.error) throw new Error(message.error);
		const counts = simulatorCounts(sim.requests());
		const failed = message.results.filter((/** @type {{ ok: boolean }} */ r) => !r.ok).length;
		return { ms: message.wallMs, failedItems: failed, errorItems: failed, ...counts };
	};

	/**
	 * The smallest batching interval on the grid that never overlapped: trials on the first
	 * SEARCH_WORKLOAD connections, grouped (a token's calls back to back, the order that needs the
	 * longest interval), doubling the interval until one is safe and then bisecting; the result is
	 * then confirmed on the whole grouped workload, moving up the grid while that overlaps.
	 */
	const searchSafeInterval = async () => {
		const trials = [];
		/** @param {number} index @param {'search' | 'grouped'} on */
		const trial = async (index, on) => {
			const interval = INTERVAL_GRID[index];
			const calls = on === 'search' ? searchItems.length : totalCalls;
			const run = await measureN8n(httpWorkflow(interval, on), calls);
			const safe = run.ms !== null && run.overlappedCalls === 0 && run.failedItems === 0;
			trials.push({ intervalMs: interval, calls, safe, overlappedCalls: run.overlappedCalls, failedItems: run.failedItems, ms: run.ms });
			log(`  search: batch 1 every ${interval} ms, ${calls} calls → ${run.overlappedCalls} overlapping calls, ${run.failedItems} failed (${fmtMs(run.ms)})`);
			return safe;
		};
		const last = INTERVAL_GRID.length - 1;
		// Doubling: indices whose intervals roughly double (grid 10, 20, 40, 80, 150).
		let lo = 0;
		let hi = -1;
		for (const interval of [10, 20, 40, 80, 150, INTERVAL_GRID[last]]) {
			const index = INTERVAL_GRID.indexOf(interval);
			if (index < lo) continue;
			if (await trial(index, 'search')) {
				hi = index;
				break;
			}
			lo = index + 1;
		}
		if (hi === -1) return { intervalMs: INTERVAL_GRID[last], foundSafe: false, trials };
		while (lo < hi) {
			const mid = Math.floor((lo + hi) / 2);
			if (await trial(mid, 'search')) hi = mid;
			else lo = mid + 1;
		}
		for (let index = lo; index <= Math.min(last, lo + 3); index++) {
			if (await trial(index, 'grouped')) return { intervalMs: INTERVAL_GRID[index], foundSafe: true, trials };
		}
		return { intervalMs: INTERVAL_GRID[Math.min(last, lo + 3)], foundSafe: false, trials };
	};

	// ------------------------------------------------------------------
	// 3. The balance rows, per latency profile.

	results.balance = { workload: { ...WORKLOAD, calls: totalCalls, orders: ORDERS, searchCalls: searchItems.length }, profiles: [] };
	let fixedSafeInterval = /** @type {number | null} */ (null);
	for (const profile of PROFILES) {
		sim.setLatency(profile.latency);
		log(`latency ${profile.label}: looking for the smallest safe HTTP Request batching interval (batch size 1, ${searchItems.length} grouped calls per trial)`);
		const search = await searchSafeInterval();
		log(`  → ${search.intervalMs} ms${search.foundSafe ? '' : ' (none in the grid was safe; using the largest)'}`);
		if (profile.key === 'fixed') fixedSafeInterval = search.intervalMs;

		/** @type {{ key: string, label: string, orders?: string[], run: (order: 'grouped' | 'interleaved') => Promise<any> }[]} */
		const rows = [
			{ key: 'dapi1', label: 'Dapi node, Max Parallel Connections 1', run: (order) => measureN8n(dapiWorkflow(1, order), totalCalls) },
			{ key: 'dapi10', label: 'Dapi node, Max Parallel Connections 10', run: (order) => measureN8n(dapiWorkflow(10, order), totalCalls) },
			{ key: 'httpDefault', label: 'HTTP Request 4.2, default options', run: (order) => measureN8n(httpWorkflow(null, order), totalCalls) },
			{
				key: 'httpSafe',
				label: `HTTP Request 4.2, batch size 1, interval ${search.intervalMs} ms (smallest safe)`,
				run: (order) => measureN8n(httpWorkflow(search.intervalMs, order), totalCalls),
			},
		];
		if (profile.key !== 'fixed' && fixedSafeInterval !== null && fixedSafeInterval !== search.intervalMs) {
			const interval = fixedSafeInterval;
			rows.push({
				key: 'httpTunedForFixed',
				label: `HTTP Request 4.2, batch size 1, interval ${interval} ms (safe at fixed 10 ms; grouped only)`,
				orders: ['grouped'],
				run: (order) => measureN8n(httpWorkflow(interval, order), totalCalls),
			});
		}
		rows.push(
			{ key: 'gotSequential', label: 'got, sequential', run: (order) => measureGot('sequential', itemsOf(order)) },
			{ key: 'gotPerToken', label: 'got, per-token queues, 10 in flight', run: (order) => measureGot('perToken', itemsOf(order)) },
		);
		for (const order of ORDERS) httpWorkflow(search.intervalMs, order);
		await flushImports();

		/** @type {Record<string, Record<string, any[]>>} */
		const runs = Object.fromEntries(rows.map((row) => [row.key, { grouped: [], interleaved: [] }]));
		for (let rep = 0; rep < profile.reps; rep++) {
			// Rotate the row order each repetition, so no row always runs first or after the same neighbour.
			const ordered = rows.map((_, i) => rows[(i + rep) % rows.length]);
			for (const row of ordered) {
				for (const order of ORDERS) {
					if (row.orders && !row.orders.includes(order)) continue;
					const run = await row.run(order);
					runs[row.key][order].push(run);
					log(
						`  ${profile.key} rep ${rep + 1}/${profile.reps} ${row.key.padEnd(17)} ${order.padEnd(11)} ${fmtMs(run.ms).padStart(8)}  failed ${run.failedItems}, overlapping calls ${run.overlappedCalls}`,
					);
				}
			}
		}

		const rowResults = rows.map((row) => ({
			key: row.key,
			label: row.label,
			...Object.fromEntries(
				ORDERS.map((order) => {
					const list = runs[row.key][order];
					if (list.length === 0) return [order, null];
					return [
						order,
						{
							ms: summary(list.map((run) => run.ms ?? NaN)),
							failedItems: { median: median(list.map((run) => run.failedItems)), max: Math.max(...list.map((run) => run.failedItems)) },
							overlappedCalls: { median: median(list.map((run) => run.overlappedCalls)), max: Math.max(...list.map((run) => run.overlappedCalls)), total: list.reduce((sum, run) => sum + run.overlappedCalls, 0) },
							maxOverlappedCallsPerToken: Math.max(...list.map((run) => run.maxOverlappedCallsPerToken)),
							tokensWithOverlaps: Math.max(...list.map((run) => run.tokensWithOverlaps)),
							runs: list,
						},
					];
				}),
			),
		}));
		results.balance.profiles.push({ key: profile.key, label: profile.label, latency: profile.latency, reps: profile.reps, safeIntervalSearch: search, rows: rowResults });
	}

	// ------------------------------------------------------------------
	// 4. Memory: five years of ENBD transactions (90-day bank range) against a trivial run.

	sim.setLatency(0);
	log(`memory: ENBD transactions ${fromDate}..${today} (split into bank-sized windows) vs the same workflow with a No Operation node`);
	/** @type {Record<'trivial' | 'transactions' | 'control', any[]>} */
	const memoryRuns = { trivial: [], transactions: [], control: [] };
	/** @param {'trivial' | 'transactions' | 'control'} kind @param {string} id */
	const memoryRun = async (kind, id) => {
		sim.clearRequests();
		const result = await n8n.execute(folder, id);
		const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
		const items = (task?.data?.main?.[0] ?? []).map((/** @type {any} */ item) => item.json);
		const run = {
			peakRssBytes: result.peakRssBytes,
			ms: task?.executionTime ?? null,
			items: items.length,
			outputJsonBytes: Buffer.byteLength(JSON.stringify(items)),
			calls: sim.requests().length,
			errors: items.filter((/** @type {any} */ j) => j.error !== undefined).length + (task ? 0 : 1),
		};
		memoryRuns[kind].push(run);
		log(`  ${kind.padEnd(12)} peak RSS ${fmtBytes(run.peakRssBytes ?? 0)}, ${run.items} items, output JSON ${fmtBytes(run.outputJsonBytes)}, ${run.calls} Dapi calls, ${fmtMs(run.ms)}`);
		return items;
	};
	// The control: the same transactions as the workflow's own items (Set → Split Out → No Operation),
	// so n8n carries, saves and prints the same output without the Dapi node.
	const transactions = await memoryRun('transactions', memoryIds.transactions);
	memoryRuns.transactions = [];
	const controlId = workflowId('mem:control', 'bench: the same transactions as items, No Operation', transactions, wf.noOp());
	await flushImports();
	for (let rep = 0; rep < OPTIONS.memReps; rep++) {
		await memoryRun('trivial', memoryIds.trivial);
		await memoryRun('transactions', memoryIds.transactions);
		await memoryRun('control', controlId);
	}
	const peak = (/** @type {'trivial' | 'transactions' | 'control'} */ kind) => median(memoryRuns[kind].map((run) => run.peakRssBytes)) ?? 0;
	const outputJsonBytes = median(memoryRuns.transactions.map((run) => run.outputJsonBytes)) ?? 0;
	const growth = peak('transactions') - peak('trivial');
	results.memory = {
		user: ENBD.userID,
		accountID: ENBD.accountID,
		fromDate,
		toDate: today,
		peakRssTrivialBytes: peak('trivial'),
		peakRssTransactionsBytes: peak('transactions'),
		peakRssControlBytes: peak('control'),
		rssGrowthBytes: growth,
		controlGrowthBytes: peak('control') - peak('trivial'),
		outputJsonBytes,
		growthVsOutputJson: outputJsonBytes > 0 ? round(growth / outputJsonBytes) : null,
		controlGrowthVsOutputJson: outputJsonBytes > 0 ? round((peak('control') - peak('trivial')) / outputJsonBytes) : null,
		trivialSpreadBytes: Math.max(...memoryRuns.trivial.map((run) => run.peakRssBytes)) - Math.min(...memoryRuns.trivial.map((run) => run.peakRssBytes)),
		transactions: memoryRuns.transactions[0]?.items ?? 0,
		dapiCalls: memoryRuns.transactions[0]?.calls ?? 0,
		runs: memoryRuns,
	};

	// ------------------------------------------------------------------
	// 5. Load time of the package's nodes and credentials, and the tarball.

	const packageDir = path.join(folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	const n8nModules = path.dirname(path.dirname(/** @type {string} */ (process.env.DAPI_N8N_BIN)));
	const loads = [];
	for (let rep = 0; rep < OPTIONS.loadReps; rep++) {
		const out = execFileSync(process.execPath, [path.join(__dirname, 'lib', 'load-nodes.js'), packageDir], {
			encoding: 'utf8',
			env: { ...process.env, NODE_PATH: n8nModules, NODE_OPTIONS: '' },
		});
		loads.push(JSON.parse(out));
	}
	results.load = {
		packageMs: summary(loads.map((load) => load.packageMs)),
		n8nWorkflowMs: summary(loads.map((load) => load.n8nWorkflowMs)),
		files: loads[0].files.map((/** @type {{ file: string }} */ file, /** @type {number} */ index) => ({
			file: file.file,
			ms: round(median(loads.map((load) => load.files[index].ms)) ?? 0),
		})),
		reps: OPTIONS.loadReps,
	};
	results.tarball = build.pack;
	log(`load: ${fmtMs(results.load.packageMs.median)} median of ${OPTIONS.loadReps} fresh processes; tarball ${fmtBytes(build.pack.size)} (${build.pack.entryCount} files, ${fmtBytes(build.pack.unpackedSize)} unpacked)`);

	// ------------------------------------------------------------------
	// 6. Targets.

	results.targets = evaluateTargets(results);
	const misses = results.targets.filter((/** @type {any} */ t) => !t.pass);

	// 7. Profiling, where a target is missed.
	const timingMissed = misses.some((/** @type {any} */ t) => t.kind === 'time' && t.profile === 'fixed');
	const memoryMissed = misses.some((/** @type {any} */ t) => t.kind === 'memory');
	if (OPTIONS.profile && (timingMissed || memoryMissed)) {
		results.profiling = await profileMisses({
			sim, build, dapiWorkflow, workflowsById, memoryIds, folder, log, cleanup, timing: timingMissed, memory: memoryMissed,
		});
		sim.setLatency(0);
	}

	await sim.close();
	results.finishedAt = new Date().toISOString();
	results.durationS = Math.round((Date.now() - started.getTime()) / 1000);
	results.machine.loadAverageAtEnd = os.loadavg().map((value) => round(value));

	// A smoke run checks the benchmark, it measures nothing worth keeping.
	const dir = OPTIONS.smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-smoke-')) : path.join(__dirname, 'results');
	fs.mkdirSync(dir, { recursive: true });
	const stamp = results.startedAt.replace(/:/g, '').replace(/\..*/, 'Z');
	const json = `${JSON.stringify(results, null, '\t')}\n`;
	fs.writeFileSync(path.join(dir, `${stamp}.json`), json);
	fs.writeFileSync(path.join(dir, 'latest.json'), json);
	process.stdout.write(`\n${report(results)}\n`);
	log(`results: ${path.relative(REPO_ROOT, path.join(dir, `${stamp}.json`))} and latest.json next to it (${results.durationS} s in all)`);

	if (!OPTIONS.keep) for (const dirToRemove of cleanup) fs.rmSync(dirToRemove, { recursive: true, force: true });
	else log(`kept: ${cleanup.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Targets and the report

/** @param {any} results */
function evaluateTargets(results) {
	const targets = [];
	for (const profile of results.balance.profiles) {
		/** @param {string} key @param {string} order */
		const med = (key, order) => profile.rows.find((/** @type {any} */ row) => row.key === key)?.[order]?.ms.median ?? null;
		for (const order of ORDERS) {
			const where = { profile: profile.key, order };
			const ratio = (/** @type {number | null} */ a, /** @type {number | null} */ b) => (a !== null && b !== null && b > 0 ? round(a / b) : null);
			const r1 = ratio(med('dapi1', order), med('gotSequential', order));
			targets.push({ kind: 'time', ...where, name: 'Dapi@1 / got sequential', value: r1, limit: `<= ${TARGETS.dapi1VsGotSequential}`, pass: r1 !== null && r1 <= TARGETS.dapi1VsGotSequential });
			const r2 = ratio(med('dapi10', order), med('gotPerToken', order));
			targets.push({ kind: 'time', ...where, name: 'Dapi@10 / got per-token queues', value: r2, limit: `<= ${TARGETS.dapi10VsGotPerToken}`, pass: r2 !== null && r2 <= TARGETS.dapi10VsGotPerToken });
			const r3 = ratio(med('httpSafe', order), med('dapi10', order));
			targets.push({ kind: 'time', ...where, name: 'HTTP Request safe batching / Dapi@10 (speed-up)', value: r3, limit: `>= ${TARGETS.httpSafeVsDapi10}`, pass: r3 !== null && r3 >= TARGETS.httpSafeVsDapi10 });
			const overlaps = profile.rows
				.filter((/** @type {any} */ row) => row.key.startsWith('dapi'))
				.reduce((/** @type {number} */ sum, /** @type {any} */ row) => sum + row[order].overlappedCalls.total, 0);
			targets.push({ kind: 'safety', ...where, name: 'overlapping calls, all Dapi rows and runs', value: overlaps, limit: '= 0', pass: overlaps === 0 });
		}
	}
	const memory = results.memory;
	targets.push({ kind: 'memory', name: 'peak RSS growth / output JSON', value: memory.growthVsOutputJson, limit: `< ${TARGETS.rssGrowthVsOutputJson}`, pass: memory.growthVsOutputJson !== null && memory.growthVsOutputJson < TARGETS.rssGrowthVsOutputJson });
	targets.push({ kind: 'size', name: 'load all nodes and credentials (ms)', value: round(results.load.packageMs.median, 1), limit: `< ${TARGETS.loadMs}`, pass: results.load.packageMs.median < TARGETS.loadMs });
	targets.push({ kind: 'size', name: 'packed tarball (bytes)', value: results.tarball.size, limit: `< ${TARGETS.tarballBytes}`, pass: results.tarball.size < TARGETS.tarballBytes });
	return targets;
}

/** @param {any} results */
function report(results) {
	const m = results.machine;
	const lines = [];
	lines.push(`Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB RAM, ${m.os}; Node ${m.node}, n8n ${m.n8n}; load average ${m.loadAverageAtStart.join('/')} at start, ${m.loadAverageAtEnd.join('/')} at end`);
	lines.push(`Command: ${results.command}   (package ${m.packageVersion}, commit ${m.gitCommit}${m.gitUncommittedFiles ? ` + ${m.gitUncommittedFiles} uncommitted files` : ''}; ${results.durationS} s)`);
	const w = results.balance.workload;
	lines.push(`Workload: ${w.calls} Get Balance calls over ${w.connections} tokens (${w.callsPerConnection} each), grouped by token or interleaved; node execution time from n8n's run data (plain clients: wall time of the calls); median (min–max)`);
	for (const profile of results.balance.profiles) {
		lines.push('');
		lines.push(`### Latency ${profile.label}, ${profile.reps} run(s) per row; smallest safe batching interval: ${profile.safeIntervalSearch.intervalMs} ms`);
		lines.push('');
		lines.push('| row | grouped: time | failed | overlapping calls (tokens) | interleaved: time | failed | overlapping calls (tokens) |');
		lines.push('| --- | --- | --- | --- | --- | --- | --- |');
		for (const row of profile.rows) {
			const cell = (/** @type {any} */ o) => [
				fmtSummary(o.ms),
				o.failedItems.max === o.failedItems.median ? `${o.failedItems.median}` : `${o.failedItems.median} (max ${o.failedItems.max})`,
				`${o.overlappedCalls.median}${o.overlappedCalls.max !== o.overlappedCalls.median ? ` (max ${o.overlappedCalls.max})` : ''} (${o.tokensWithOverlaps})`,
			];
			const cells = ORDERS.flatMap((order) => (row[order] ? cell(row[order]) : ['—', '—', '—']));
			lines.push(`| ${row.label} | ${cells.join(' | ')} |`);
		}
	}
	lines.push('');
	lines.push('### Targets (ratios of medians from this run)');
	lines.push('');
	lines.push('| target | latency / order | measured | target | result |');
	lines.push('| --- | --- | --- | --- | --- |');
	for (const t of results.targets) {
		const where = t.profile ? `${t.profile} / ${t.order}` : '';
		const value = t.kind === 'time' && t.value !== null ? `${t.value}x` : t.value;
		lines.push(`| ${t.name} | ${where} | ${value} | ${t.limit} | ${t.pass ? 'PASS' : 'MISS'} |`);
	}
	const mem = results.memory;
	lines.push('');
	lines.push('### Memory and size');
	lines.push('');
	lines.push(`- ${mem.user}, ${mem.fromDate}..${mem.toDate}: ${mem.transactions} transactions in ${mem.dapiCalls} Dapi calls; output JSON ${fmtBytes(mem.outputJsonBytes)}`);
	lines.push(`- peak RSS of the n8n process: ${fmtBytes(mem.peakRssTransactionsBytes)} vs ${fmtBytes(mem.peakRssTrivialBytes)} for the trivial workflow → growth ${fmtBytes(mem.rssGrowthBytes)} = ${mem.growthVsOutputJson}x the output JSON (medians of ${results.options.memReps}; the trivial runs alone spread over ${fmtBytes(mem.trivialSpreadBytes)})`);
	lines.push(`- control, the same transactions as plain items without the Dapi node (Set → Split Out → No Operation): peak ${fmtBytes(mem.peakRssControlBytes)}, growth ${fmtBytes(mem.controlGrowthBytes)} = ${mem.controlGrowthVsOutputJson}x the output JSON: what n8n itself spends on carrying, saving and printing that output`);
	lines.push(`- load (require + instantiate ${results.load.files.length} files, fresh Node process, median of ${results.load.reps}): ${results.load.packageMs.median.toFixed(1)} ms (n8n-workflow itself, loaded first: ${Math.round(results.load.n8nWorkflowMs.median)} ms)`);
	lines.push(`- tarball (npm pack --dry-run): ${results.tarball.size} bytes packed, ${results.tarball.unpackedSize} unpacked, ${results.tarball.entryCount} files`);
	if (results.profiling) {
		lines.push('');
		lines.push('### Profiling (timing: fixed 10 ms, grouped; one run each, indicative)');
		lines.push('');
		for (const entry of results.profiling.probes) {
			lines.push(`- ${entry.row}${entry.expressionEngine === 'legacy' ? ', N8N_EXPRESSION_ENGINE=legacy' : ''}${entry.whatIf ? `, what-if ${entry.whatIf}` : ''}: ${fmtMs(entry.ms)}${entry.top ? `; ${entry.top}` : ''}`);
		}
		const ms = results.profiling.memorySummary;
		if (ms) {
			for (const range of ['5 years', '1 year']) {
				lines.push(`- memory, transactions over ${range} (output JSON ${fmtBytes(ms.outputJsonBytes[range])}): peak RSS +${fmtBytes(ms.peakRssGrowthDuringNode[range])} while the node ran, +${fmtBytes(ms.peakRssGrowthAfterNode[range])} after it (n8n saving and printing the run); heap still used after GC when the node returns: +${fmtBytes(ms.retainedHeapAfterGc[range])}`);
			}
			lines.push(`- memory: heap kept per extra byte of output JSON (5 years vs 1 year, after GC): ${ms.retainedHeapPerOutputJsonByte}x`);
		}
		for (const cpu of results.profiling.cpu) {
			lines.push(`- CPU profile ${cpu.row}: window ${fmtMs(cpu.summary?.windowMs)}, idle ${fmtMs(cpu.summary?.idleMs)}, CPU ${fmtMs(cpu.summary?.cpuMs)}; by area: ${(cpu.summary?.areas ?? []).slice(0, 6).map((/** @type {any} */ a) => `${a.name} ${a.ms} ms`).join(', ')}`);
		}
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Profiling

/**
 * Where a target is missed. Timing: the Dapi rows again (fixed 10 ms, grouped), once with a CPU
 * profile of the n8n process, and in an instrumented copy of the package (bench/lib/probe.js) that
 * times the node's calls into n8n and emulates possible changes (what-ifs), plus n8n's legacy
 * expression engine for comparison. Memory: the transactions workflow in the instrumented copy, which
 * records the n8n process's peak RSS and heap when the node starts and ends, to split the growth into
 * the node's part and n8n's (saving and printing the run). One run each: indicative, not medians.
 * @param {any} context
 */
async function profileMisses({ sim, build, dapiWorkflow, workflowsById, memoryIds, folder, log, cleanup, timing, memory }) {
	const out = { probes: /** @type {any[]} */ ([]), cpu: /** @type {any[]} */ ([]), memory: /** @type {any[]} */ ([]) };
	const probeFolder = n8n.createUserFolder(build.tarball);
	cleanup.push(probeFolder);
	probe.instrumentInstalledPackage(path.join(probeFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME));
	await n8n.importAll(probeFolder, 'credentials', [wf.credential(sim.baseUrl, sim.appSecret, sim.appKey)]);
	await n8n.importAll(probeFolder, 'workflow', [
		...[1, 10].map((parallel) => workflowsById.get(dapiWorkflow(parallel, 'grouped'))),
		workflowsById.get(memoryIds.transactions),
		workflowsById.get(memoryIds.oneYear),
	]);

	if (timing) {
		sim.setLatency(10);
		log('profiling the Dapi rows (fixed 10 ms, grouped)');
		for (const parallel of /** @type {const} */ ([1, 10])) {
			const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-bench-prof-'));
			cleanup.push(profileDir);
			const result = await n8n.execute(folder, dapiWorkflow(parallel, 'grouped'), { nodeOptions: `--cpu-prof --cpu-prof-dir=${profileDir}` });
			const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
			let best = null;
			for (const file of fs.readdirSync(profileDir)) {
				const summaryOfFile = summariseProfile(JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')), { top: 15 });
				if (summaryOfFile && (!best || summaryOfFile.windowMs > best.windowMs)) best = summaryOfFile;
			}
			out.cpu.push({ row: `Dapi@${parallel}`, ms: task?.executionTime ?? null, summary: best });
			log(`  CPU profile Dapi@${parallel}: ${fmtMs(task?.executionTime)} (slower under the profiler); CPU ${fmtMs(best?.cpuMs)} of ${fmtMs(best?.windowMs)}`);
		}

		const variants = [
			{ whatIf: '', engine: null },
			{ whatIf: 'cacheCredentials', engine: null },
			{ whatIf: 'cacheCredentials,reuseAuth', engine: null },
			{ whatIf: 'cacheCredentials,reuseAuth,plainHttp', engine: null },
			{ whatIf: 'cacheCredentials,reuseAuth,plainHttp,directJson', engine: null },
			{ whatIf: '', engine: 'legacy' },
		];
		for (const parallel of /** @type {const} */ ([1, 10])) {
			for (const variant of variants) {
				sim.clearRequests();
				/** @type {Record<string, string>} */
				const env = { BENCH_PROBE_WHATIF: variant.whatIf };
				if (variant.engine) env.N8N_EXPRESSION_ENGINE = variant.engine;
				const result = await n8n.execute(probeFolder, dapiWorkflow(parallel, 'grouped'), { env });
				const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
				const report = probe.readProbe(`${result.stderr}\n${result.stdout}`);
				const items = (task?.data?.main?.[0] ?? []).map((/** @type {any} */ item) => item.json);
				const entry = {
					row: `Dapi@${parallel}`,
					whatIf: variant.whatIf,
					expressionEngine: variant.engine ?? 'vm (default)',
					ms: task?.executionTime ?? null,
					ok: items.filter(balanceOk).length,
					overlappedCalls: sim.overlapCount(),
					calls: report?.calls ?? null,
					top:
						parallel === 1 && report
							? Object.entries(report.calls)
									.slice(0, 6)
									.map(([label, value]) => `${label} ${Math.round(/** @type {any} */ (value).ms)} ms/${/** @type {any} */ (value).count}`)
									.join(', ')
							: '',
				};
				out.probes.push(entry);
				log(`  probe Dapi@${parallel} engine=${entry.expressionEngine} what-if=[${variant.whatIf}] → ${fmtMs(entry.ms)} (${entry.ok} ok, ${entry.overlappedCalls} overlapping)`);
			}
		}
	}

	if (memory) {
		sim.setLatency(0);
		log('profiling memory: transactions over five years and over one year, in the instrumented copy (node --expose-gc)');
		for (let rep = 0; rep < OPTIONS.memReps; rep++) {
			for (const [range, id] of /** @type {const} */ ([['5 years', memoryIds.transactions], ['1 year', memoryIds.oneYear]])) {
				// The probe collects garbage before reading the heap at the node's start and end: heap used
				// at the end is what the node's output (and anything it leaked) keeps. VmHWM is unaffected.
				const result = await n8n.execute(probeFolder, id, { nodeOptions: '--expose-gc', env: { BENCH_PROBE_GC: '1' } });
				const report = probe.readProbe(`${result.stderr}\n${result.stdout}`);
				const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
				const items = (task?.data?.main?.[0] ?? []).map((/** @type {any} */ item) => item.json);
				if (!report) continue;
				const { before, after } = report.memory;
				const entry = {
					range,
					items: items.length,
					outputJsonBytes: Buffer.byteLength(JSON.stringify(items)),
					processPeakRss: result.peakRssBytes,
					atNodeStart: before,
					atNodeEnd: after,
					peakRssGrowthDuringNode: after.peakRss - before.peakRss,
					peakRssGrowthAfterNode: (result.peakRssBytes ?? 0) - after.peakRss,
					retainedHeapAfterGc: after.heapUsed - before.heapUsed,
					stdoutBytes: Buffer.byteLength(result.stdout),
				};
				out.memory.push(entry);
				log(
					`  ${range}: ${entry.items} items, output JSON ${fmtBytes(entry.outputJsonBytes)}; peak RSS +${fmtBytes(entry.peakRssGrowthDuringNode)} while the node ran, +${fmtBytes(entry.peakRssGrowthAfterNode)} after it (n8n saving and printing a ${fmtBytes(entry.stdoutBytes)} run); heap still used after GC at the node's end +${fmtBytes(entry.retainedHeapAfterGc)}`,
				);
			}
		}
		const of = (/** @type {string} */ range, /** @type {'outputJsonBytes' | 'retainedHeapAfterGc' | 'peakRssGrowthDuringNode' | 'peakRssGrowthAfterNode'} */ key) =>
			median(out.memory.filter((entry) => entry.range === range).map((entry) => entry[key])) ?? 0;
		const jsonDelta = of('5 years', 'outputJsonBytes') - of('1 year', 'outputJsonBytes');
		out.memorySummary = {
			retainedHeapPerOutputJsonByte: jsonDelta > 0 ? round((of('5 years', 'retainedHeapAfterGc') - of('1 year', 'retainedHeapAfterGc')) / jsonDelta) : null,
			peakRssGrowthDuringNode: { '5 years': of('5 years', 'peakRssGrowthDuringNode'), '1 year': of('1 year', 'peakRssGrowthDuringNode') },
			peakRssGrowthAfterNode: { '5 years': of('5 years', 'peakRssGrowthAfterNode'), '1 year': of('1 year', 'peakRssGrowthAfterNode') },
			retainedHeapAfterGc: { '5 years': of('5 years', 'retainedHeapAfterGc'), '1 year': of('1 year', 'retainedHeapAfterGc') },
			outputJsonBytes: { '5 years': of('5 years', 'outputJsonBytes'), '1 year': of('1 year', 'outputJsonBytes') },
		};
	}
	return out;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
