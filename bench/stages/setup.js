// @ts-check
'use strict';

/**
 * Stage 0, what every later stage uses: the options; the package under measurement, built from a
 * snapshot of the sources and installed into a fresh n8n user folder (and, with --baseline, the
 * package of an earlier commit in a second one); the simulator in this process; a registry of
 * workflows, imported into n8n in bulk when first needed; and one measured run, of an n8n workflow or
 * of the plain `got` client.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');

const { startSimulator } = require('../../simulator');
const { PACKAGE_NAME } = require('../../scripts/n8n/package');
const { buildAndPack } = require('../lib/build');
const { gitState, machine, round } = require('../lib/machine');
const n8n = require('../lib/n8n');
const probe = require('../lib/probe');
const { makeCertificate, startTlsFront } = require('../lib/tls-front');
const { chainGapMs, simulatorCounts } = require('../lib/stats');
const wf = require('../lib/workflows');

/** @typedef {import('./options').Options} Options */

/** An item the balance call really answered (the Dapi node outputs the balance, HTTP Request Dapi's envelope). */
const balanceOk = (/** @type {any} */ json) =>
	json &&
	json.error === undefined &&
	(json.amount !== undefined || (json.success === true && json.balance !== undefined));

/**
 * @typedef {{ ms: number | null, failedItems: number | null, errorItems: number, calls: number, errorAnswers: number, overlappedCalls: number,
 *   tokensWithOverlaps: number, maxOverlappedCallsPerToken: number, cpuMs?: number | null, peakRssBytes?: number | null, benchBusyMs: number,
 *   idealMs?: number | null, firstCallAfterMs?: number, afterLastAnswerMs?: number, chainGapMs?: number | null, error?: string }} Run
 */

/** @param {Options} options */
async function setUp(options) {
	const started = new Date();
	const log = (/** @type {string} */ message) => {
		const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4);
		process.stdout.write(`[bench ${seconds}s] ${message}\n`);
	};
	log(`options: ${JSON.stringify(options)}`);
	const results = /** @type {any} */ ({
		schema: 2,
		startedAt: started.toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		options,
		machine: machine(),
		git: gitState(),
	});
	if (!results.git.clean)
		log(`measuring uncommitted changes (${results.git.changedFiles.length} files): the report will say so`);
	/** @type {string[]} */
	const cleanup = [];

	// The package, as users get it, in a fresh n8n user folder; the baseline commit's in another.
	const build = buildAndPack({ log });
	cleanup.push(build.dir);
	const folder = n8n.createUserFolder(build.tarball);
	cleanup.push(folder);
	let baseline = null;
	if (options.baseline) {
		const baselineBuild = buildAndPack({ log, ref: options.baseline });
		cleanup.push(baselineBuild.dir);
		const baselineFolder = n8n.createUserFolder(baselineBuild.tarball);
		cleanup.push(baselineFolder);
		const commit = /** @type {string} */ (baselineBuild.commit);
		baseline = { ref: options.baseline, commit, shortCommit: commit.slice(0, 7), folder: baselineFolder };
		results.baseline = { ref: baseline.ref, commit };
	}
	results.machine.n8n = await n8n.n8nVersion(folder);
	log(
		`n8n ${results.machine.n8n} on Node ${process.version}; ${results.machine.cpuModel}, ${results.machine.cores} cores, ${results.machine.memoryGB} GB`,
	);

	const sim = await startSimulator({ port: 0, latencyMs: 0 });
	// The TLS rows' server: a front that adds round trips, and one without them for Warm Up (issue 25).
	const certificate = makeCertificate();
	cleanup.push(certificate.dir);
	const tlsFront = await startTlsFront({ upstreamPort: sim.port, cert: certificate.cert, key: certificate.key });
	const tlsWarmUpFront = await startTlsFront({ upstreamPort: sim.port, cert: certificate.cert, key: certificate.key });
	const credentials = wf.credentials(sim.baseUrl, sim.appSecret, sim.appKey, `${tlsFront.url}/v2`);
	const folders = [folder, ...(baseline ? [baseline.folder] : [])];
	for (const where of folders) await n8n.importAll(where, 'credentials', credentials);

	// Workflows are imported in bulk (one n8n process per import) into every user folder, when first needed.
	/** @type {Map<string, string>} */ const workflowIds = new Map();
	/** @type {Map<string, any>} */ const workflowsById = new Map();
	/** @type {any[]} */ let pending = [];

	/** @type {string | null} */
	let probeFolder = null;

	const bench = {
		options,
		log,
		results,
		build,
		folder,
		baseline,
		sim,
		balanceUrl: `${sim.baseUrl}/data/balance/get`,
		tls: { certificate, front: tlsFront, warmUpFront: tlsWarmUpFront },
		cleanup,

		/**
		 * The id of a workflow Start → Items → Split Out → `node` over `items`; registered once per key.
		 * @param {string} key @param {string} name @param {Record<string, unknown>[]} items @param {Record<string, unknown>} node
		 * @param {string} [warmUpUrl] where Warm Up calls (default: the simulator over plain HTTP)
		 */
		workflow(key, name, items, node, warmUpUrl = `${sim.url}/__sim/warm-up`) {
			let id = workflowIds.get(key);
			if (!id) {
				id = `dapiBench${String(workflowIds.size + 1).padStart(7, '0')}`;
				workflowIds.set(key, id);
				const workflow = wf.workflow(id, name, items, node, warmUpUrl);
				workflowsById.set(id, workflow);
				pending.push(workflow);
			}
			return id;
		},

		/** Imports the workflows registered since the last call. */
		async importWorkflows() {
			if (pending.length === 0) return;
			const batch = pending;
			pending = [];
			for (const where of folders) await n8n.importAll(where, 'workflow', batch);
			log(`imported ${batch.length} workflows`);
		},

		/**
		 * A third user folder whose copy of the package times and weighs the node from inside
		 * (bench/lib/probe.js), with the given workflows; made when first needed.
		 * @param {string[]} ids
		 */
		async probeFolder(ids) {
			if (!probeFolder) {
				probeFolder = n8n.createUserFolder(build.tarball);
				cleanup.push(probeFolder);
				probe.instrumentInstalledPackage(path.join(probeFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME));
				await n8n.importAll(probeFolder, 'credentials', credentials);
			}
			await n8n.importAll(
				probeFolder,
				'workflow',
				ids.map((id) => workflowsById.get(id)),
			);
			return probeFolder;
		},

		/**
		 * One `n8n execute` of a workflow whose node under test makes balance calls (or, with
		 * `expected: null`, of a control that makes none).
		 * @param {string} id
		 * @param {{ expected: number | null, folder?: string, ok?: (json: any) => boolean, env?: Record<string, string>, nodeOptions?: string }} how
		 * @returns {Promise<Run & { items: any[] }>}
		 */
		async runN8n(id, { expected, folder: where = folder, ok = balanceOk, env, nodeOptions }) {
			sim.clearRequests();
			const busy = performance.eventLoopUtilization();
			const result = await n8n.execute(where, id, { env, nodeOptions });
			const benchBusyMs = performance.eventLoopUtilization(busy).active;
			const counts = simulatorCounts(sim.requests());
			const task = result.run?.data?.resultData?.runData?.[wf.UNDER_TEST]?.[0];
			const measured = { cpuMs: result.cpuMs, peakRssBytes: result.peakRssBytes, benchBusyMs };
			if (!task) {
				const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
				log(`  ! n8n execute --id=${id} gave no run of "${wf.UNDER_TEST}" (exit ${result.code}):\n${tail}`);
				return {
					ms: null,
					failedItems: expected,
					errorItems: 0,
					...counts,
					...measured,
					items: [],
					error: `exit ${result.code}`,
				};
			}
			const items = (task.data?.main ?? [])
				.flat()
				.filter(Boolean)
				.map((/** @type {any} */ item) => item.json);
			// The simulator's clock is this machine's: how long the node ran before its first call reached
			// the simulator, and after its last answer left it.
			const requests = sim.requests();
			const edges =
				requests.length > 0 && typeof task.startTime === 'number'
					? {
							firstCallAfterMs: Math.min(...requests.map((entry) => entry.startedAt)) - task.startTime,
							afterLastAnswerMs:
								task.startTime + task.executionTime - Math.max(...requests.map((entry) => entry.endedAt ?? 0)),
						}
					: {};
			return {
				ms: task.executionTime,
				...edges,
				chainGapMs: chainGapMs(requests),
				failedItems: expected === null ? null : expected - items.filter(ok).length,
				errorItems: items.filter((/** @type {any} */ json) => json.error !== undefined).length,
				...counts,
				...measured,
				items,
			};
		},

		/**
		 * One run of a plain client (a worker in bench/lib/) in a fresh worker thread: its own event
		 * loop, as n8n has its own process. The main thread meanwhile only runs the simulator (and the
		 * TLS front): its busy time is theirs. The worker posts back { wallMs, results: [{ ok }] }.
		 * @param {string} file @param {Record<string, unknown>} workerData
		 * @returns {Promise<Run>}
		 */
		async runClient(file, workerData) {
			sim.clearRequests();
			const busy = performance.eventLoopUtilization();
			const message = await new Promise((resolve, reject) => {
				const worker = new Worker(path.join(__dirname, '..', 'lib', file), { workerData });
				worker.once('message', (value) => {
					void worker.terminate();
					resolve(value);
				});
				worker.once('error', reject);
			});
			const benchBusyMs = performance.eventLoopUtilization(busy).active;
			if (message.error) throw new Error(message.error);
			const failed = message.results.filter((/** @type {{ ok: boolean }} */ r) => !r.ok).length;
			const requests = sim.requests();
			return {
				ms: message.wallMs,
				failedItems: failed,
				errorItems: failed,
				...simulatorCounts(requests),
				chainGapMs: chainGapMs(requests),
				benchBusyMs,
			};
		},

		/**
		 * One run of the plain `got` client.
		 * @param {'sequential' | 'perToken'} mode
		 * @param {any[]} items
		 * @returns {Promise<Run>}
		 */
		runGot(mode, items) {
			return bench.runClient('client-worker.js', {
				mode,
				maxParallel: 10,
				url: bench.balanceUrl,
				appSecret: sim.appSecret,
				items,
			});
		},

		/** Stops the simulator and, unless --keep, removes the temporary folders. */
		async close() {
			await Promise.all([tlsFront.close(), tlsWarmUpFront.close()]);
			await sim.close();
			if (!options.keep) for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
			else log(`kept: ${cleanup.join(', ')}`);
		},

		/** Closes the record of the run. */
		finish() {
			results.finishedAt = new Date().toISOString();
			results.durationS = Math.round((Date.now() - started.getTime()) / 1000);
			results.machine.loadAverageAtEnd = os.loadavg().map((value) => round(value));
		},
	};
	return bench;
}

/** @typedef {Awaited<ReturnType<typeof setUp>>} Bench */

module.exports = { setUp, balanceOk };
