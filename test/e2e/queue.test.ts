/**
 * n8n in queue mode (scripts/queue-stack.js): Redis and Postgres started here, an n8n main process,
 * two workers and two webhook processes, each with the packed package installed. The example
 * workflows are imported as `npm start` imports them.
 *
 * Which process did what is read from n8n's own logs (at the default `info` level): a webhook
 * process logs "Enqueued execution <id> (job <n>)" for what it put on the queue, a worker
 * "Worker started/finished execution <id>"; execution ids come from the public API or those lines.
 *
 * Proves: the webhook example answers through a webhook process and runs on workers (main serves
 * no production webhook); each Dapi Trigger delivery starts exactly one execution; the MFA round
 * trip resumes after the OTP, on whichever worker picks it up; 500 webhook calls, 20 at a time, each
 * on a new connection, all answered right; never two calls on one token at once inside a worker; a
 * used Connect state is refused by both webhook processes and after they restart. Measures what
 * n8n gives nodes no means to hold across processes: calls on one token from executions on two
 * workers, replays of a delivery sent to a second webhook process, the trigger examples' effects per
 * delivery (Remove Duplicates, a Postgres unique key), and one Connect result posted to both webhook
 * processes at once. Figures go to test-output/queue-mode-n8n<line>.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { connectAndExchange } from '../../bench/lib/workload';
import { startSimulator } from '../../simulator';
import type { ConnectResult, SeededUserSummary, Simulator, WebhookDelivery } from '../../simulator';
import { seedUsers } from '../../simulator/seed';
import { MFA_OTP, configureSimulator, importDemo } from '../../scripts/demo-setup';
import { startQueueStack, type QueueStack } from '../../scripts/queue-stack';
import { issueState, stateKey } from '../../nodes/DapiConnectTrigger/state';
import { N8N_LINE, NODE_TYPES, runDataItems } from './n8n';
import { N8nServer, type Execution } from './server';

jest.setTimeout(600_000);

const APP_SECRET = 'sim-app-secret';
const APP_KEY = 'sim-app-key';
const WEBHOOK_SECRET = 'queue-e2e-webhook-secret';
const WORKFLOWS = { mfa: 'dapiDemoMfaOtp', webhook: 'dapiDemoWebhook01' } as const;
const LOAD = { calls: 500, concurrency: 20, timeoutMs: 30_000 };
// A round's answers take about a second; n8n 1.x loses one now and then (n8n#30392), so no long wait on them.
const IDEMPOTENCY = { workers: 2, executions: 20, rounds: 20, answerTimeoutMs: 10_000, runsTimeoutMs: 60_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mostAccounts = (users: SeededUserSummary[]) =>
	users.reduce((most, user) => (user.accounts.length > most.accounts.length ? user : most));
const expectedAnswer = (connect: ConnectResult, user: SeededUserSummary) => ({
	connectionID: connect.connectionID,
	accounts: user.accounts.map(({ id, name, type, currency }) => ({ id, name, type, currency })),
});

/** Execution ids a process's log says it enqueued, in order. */
function enqueued(stack: QueueStack, name: string): string[] {
	return [...stack.log(name).matchAll(/Enqueued execution (\d+) \(job/g)].map((match) => match[1]);
}

/** For each execution id: the workers whose logs say they finished it (a resumed run: one entry per part). */
function workersOf(stack: QueueStack, ids: string[]): Map<string, string[]> {
	const logs = stack.byRole('worker').map((worker) => [worker.name, stack.log(worker.name)] as const);
	return new Map(
		ids.map((id) => [
			id,
			logs.flatMap(([name, log]) => Array(count(log, `Worker finished execution ${id} (job`)).fill(name) as string[]),
		]),
	);
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Polls until `ok` holds or the time is up; answers the last value. */
async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < deadline) {
		await sleep(200);
		value = await read();
	}
	return value;
}

/** POST JSON on a connection of its own (no keep-alive), with a timeout: status, parsed body, time taken. */
function postOnNewConnection(
	url: string,
	body: unknown,
	timeoutMs: number,
): Promise<{ status: number; body: unknown; ms: number }> {
	const started = performance.now();
	const payload = JSON.stringify(body);
	return new Promise((resolve) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
				response.on('end', () => {
					let parsed: unknown = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						// not JSON
					}
					resolve({ status: response.statusCode ?? 0, body: parsed, ms: performance.now() - started });
				});
			},
		);
		request.setTimeout(timeoutMs, () => request.destroy(new Error('timeout')));
		// status 0: no answer (timeout or connection error): a hung or lost call
		request.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started }));
		request.end(payload);
	});
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('n8n queue mode: main, 2 workers, 2 webhook processes, Redis, Postgres', () => {
	let sim: Simulator;
	let stack: QueueStack;
	let server: N8nServer;
	const figures: Record<string, unknown> = {};
	const effectsPerDelivery: Record<string, unknown> = {};

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY });
		await configureSimulator(sim.url);
		const started = Date.now();
		stack = await startQueueStack({
			workers: 2,
			webhooks: 2,
			tarball: process.env.DAPI_E2E_TARBALL,
			line: N8N_LINE,
			beforeMain: (s) => importDemo(s.folder('main'), sim.port, { runN8n: (args) => s.cli(args) }),
		});
		figures.stackStartSeconds = (Date.now() - started) / 1000;
		server = await N8nServer.attach({
			url: stack.mainUrl,
			webhookUrl: stack.webhookUrls[0],
			folder: stack.folder('main'),
		});
	});

	afterAll(async () => {
		const output = path.resolve(__dirname, `../../test-output/queue-mode-n8n${N8N_LINE}.json`);
		fs.mkdirSync(path.dirname(output), { recursive: true });
		fs.writeFileSync(output, `${JSON.stringify({ n8nLine: N8N_LINE, ...figures }, null, 2)}\n`);
		const stopped = Date.now();
		await stack?.stop();
		process.stderr.write(`[queue] stopped everything in ${((Date.now() - stopped) / 1000).toFixed(1)}s\n`);
		await sim?.close();
	});

	test('webhook example: answered through the webhook process, run on the workers, never on main', async () => {
		await server.activateWorkflow(WORKFLOWS.webhook);
		const user = mostAccounts(sim.users());
		// Main serves no production webhook in this setup (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
		const onMain = await server.request('POST', '/webhook/dapi-connect', sim.connect(user.userID));
		expect(onMain.status).toBe(404);

		const before = enqueued(stack, 'webhook1').length;
		const connects = Array.from({ length: 10 }, () => sim.connect(user.userID));
		const answers = await Promise.all(connects.map((connect) => server.callWebhook('dapi-connect', connect)));
		answers.forEach((answer, i) => {
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual(expectedAnswer(connects[i], user));
		});

		const ids = enqueued(stack, 'webhook1').slice(before);
		expect(ids).toHaveLength(10);
		const ranOn = await eventually(
			() => workersOf(stack, ids),
			(map) => [...map.values()].every((w) => w.length === 1),
		);
		for (const id of ids) {
			expect(ranOn.get(id)).toHaveLength(1);
			expect(stack.log('main')).not.toContain(`Enqueued execution ${id} `);
		}
		figures.webhookExampleExecutionsPerWorker = tally([...ranOn.values()].flat());
	});

	test('Dapi Trigger: each delivery enters through the webhook process and starts exactly one execution', async () => {
		const { workflowId, webhookPath } = await activeTrigger('trigger (queue)');
		sim.setWebhook({
			url: `${stack.webhookUrls[0]}/webhook/${webhookPath}`,
			secret: WEBHOOK_SECRET,
			scheme: 'dapi-signature',
		});
		await waitUntilRegistered(`${stack.webhookUrls[0]}/webhook/${webhookPath}`);

		const before = enqueued(stack, 'webhook1').length;
		const deliveries: WebhookDelivery[] = [];
		for (let n = 1; n <= 5; n++) deliveries.push(await sim.sendWebhook(transferDone(`queue-${n}`)));
		expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);

		const executions = await eventually(
			() => server.executions({ workflowId }),
			(list) => list.length >= 5 && list.every((e) => e.status === 'success'),
		);
		expect(executions).toHaveLength(5);
		const operations = executions.map((e) => runDataItems(e.data!, 'Dapi Trigger')[0].operationID).sort();
		expect(operations).toEqual(deliveries.map((d) => d.payload.operationID).sort());

		const ids = executions.map((e) => String(e.id));
		expect(enqueued(stack, 'webhook1').slice(before).sort()).toEqual([...ids].sort());
		const ranOn = workersOf(stack, ids);
		for (const id of ids) expect(ranOn.get(id)).toHaveLength(1);
		figures.triggerExecutionsPerWorker = tally([...ranOn.values()].flat());
	});

	test('MFA example: waits for the OTP, and the resume through the webhook process finishes it on a worker', async () => {
		const before = sim.requests().length;
		const executionId = await server.runWorkflow(WORKFLOWS.mfa);
		const waiting = await server.waitForExecution(executionId, 'waiting');
		const [connect] = runDataItems(waiting.data!, 'Connect Result (Simulator)') as unknown as ConnectResult[];
		const [{ resumeUrl }] = runDataItems(waiting.data!, 'Resume URL') as Array<{ resumeUrl: string }>;
		// n8n builds resume URLs on its webhook URL: the webhook process.
		expect(resumeUrl.startsWith(`${stack.webhookUrls[0]}/webhook-waiting/${executionId}`)).toBe(true);
		const firstPart = await eventually(
			() => workersOf(stack, [executionId]).get(executionId)!,
			(w) => w.length === 1,
		);
		expect(firstPart).toHaveLength(1);

		const resumed = await fetch(resumeUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ otp: MFA_OTP }),
			signal: AbortSignal.timeout(30_000),
		});
		expect(resumed.status).toBe(200);
		const done = await server.waitForExecution(executionId, 'success');
		const seeded = seedUsers().find((u) => u.userID === connect.userID);
		expect(runDataItems(done.data!, 'Answer the Bank')).toEqual([seeded!.identity]);

		// Both parts ran on workers: before the Wait node, and after the resume.
		const parts = await eventually(
			() => workersOf(stack, [executionId]).get(executionId)!,
			(w) => w.length === 2,
		);
		expect(parts).toHaveLength(2);
		expect(stack.log('webhook1')).toContain(`Enqueued execution ${executionId} `);
		const calls = sim
			.requests()
			.slice(before)
			.map((c) => `${c.path} ${c.status}`);
		expect(calls).toEqual(['/v2/auth/ExchangeToken 200', '/v2/data/identity/get 200', '/v2/data/identity/get 200']);
		figures.mfaParts = parts;
	});

	test(`load: ${LOAD.calls} webhook calls, ${LOAD.concurrency} at a time, each on a new connection: none lost, none hung`, async () => {
		const user = mostAccounts(sim.users());
		const connects = Array.from({ length: LOAD.calls }, () => sim.connect(user.userID));
		const url = `${stack.webhookUrls[0]}/webhook/dapi-connect`;
		const before = enqueued(stack, 'webhook1').length;
		const results: Array<{ status: number; body: unknown; ms: number }> = new Array(LOAD.calls);
		let next = 0;
		const started = performance.now();
		await Promise.all(
			Array.from({ length: LOAD.concurrency }, async () => {
				for (let i = next++; i < LOAD.calls; i = next++)
					results[i] = await postOnNewConnection(url, connects[i], LOAD.timeoutMs);
			}),
		);
		const seconds = (performance.now() - started) / 1000;
		const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
		const wrong = results.flatMap((r, i) =>
			r.status === 200 && JSON.stringify(r.body) === JSON.stringify(expectedAnswer(connects[i], user))
				? []
				: [{ i, ...r }],
		);
		const ids = enqueued(stack, 'webhook1').slice(before);
		const ranOn = await eventually(
			() => workersOf(stack, ids),
			(map) => [...map.values()].every((w) => w.length === 1),
		);
		figures.load = {
			...LOAD,
			seconds: round(seconds),
			callsPerSecond: round(LOAD.calls / seconds),
			latencyMs: {
				p50: round(percentile(latencies, 50)),
				p95: round(percentile(latencies, 95)),
				p99: round(percentile(latencies, 99)),
				max: round(latencies.at(-1)!),
			},
			hung: results.filter((r) => r.status === 0).length,
			wrong: wrong.length,
			executionsPerWorker: tally([...ranOn.values()].flat()),
		};
		process.stderr.write(`[queue] load: ${JSON.stringify(figures.load)}\n`);

		expect(wrong.slice(0, 3)).toEqual([]);
		expect(ids).toHaveLength(LOAD.calls);
		expect([...ranOn.values()].every((workers) => workers.length === 1)).toBe(true);
		const exchanges = sim
			.requests()
			.filter(
				(c) =>
					c.path === '/v2/auth/ExchangeToken' &&
					connects.some((k) => k.accessCode === (c.body as { accessCode?: string }).accessCode),
			);
		expect(exchanges).toHaveLength(LOAD.calls);
	});

	test('one token, many executions: one call at a time per worker; across two workers they overlap; on one worker none do', async () => {
		const { accessToken, userSecret } = await connectAndExchange(sim, mostAccounts(sim.users()).userID);
		const token = { accessToken, userSecret };
		const path = `token-calls-${randomUUID().slice(0, 8)}`;
		await tokenCallsWorkflow(path);
		await server.callWebhook(path, { calls: [token] }); // registered, and warm
		sim.setLatency(150);
		try {
			const measure = async (send: () => Promise<unknown>) => {
				const from = sim.requests().length;
				await send();
				const calls = sim
					.requests()
					.slice(from)
					.filter((c) => c.token === token.accessToken);
				// Each call names its execution in a header; the workers' logs name the worker that ran it.
				const executionOf = (call: (typeof calls)[number]) => String(call.headers['x-execution']);
				const ids = [...new Set(calls.map(executionOf))];
				const ranOn = await eventually(
					() => workersOf(stack, ids),
					(map) => [...map.values()].every((w) => w.length === 1),
				);
				let pairsInOneWorker = 0;
				let pairsAcrossWorkers = 0;
				for (const [i, a] of calls.entries()) {
					for (const b of calls.slice(i + 1)) {
						if (!(a.startedAt < (b.endedAt ?? Infinity) && b.startedAt < (a.endedAt ?? Infinity))) continue;
						if (ranOn.get(executionOf(a))![0] === ranOn.get(executionOf(b))![0]) pairsInOneWorker++;
						else pairsAcrossWorkers++;
					}
				}
				return {
					calls: calls.length,
					overlapped: calls.filter((c) => c.overlapped).length,
					maxAtOnce: maxAtOnce(calls),
					pairsInOneWorker,
					pairsAcrossWorkers,
					executionsPerWorker: tally([...ranOn.values()].flat()),
				};
			};
			const N = 20;
			const separateCalls = () =>
				Promise.all(Array.from({ length: N }, () => server.callWebhook(path, { calls: [token] })));
			// N webhook calls at once: N executions, spread over both workers (up to 10 at once on each).
			const twoWorkers = await measure(separateCalls);
			// The same with the second worker stopped: every execution runs in one process.
			const stopped = await stack.stopOne('worker2');
			let oneWorker;
			try {
				oneWorker = await measure(separateCalls);
			} finally {
				await stack.startAgain(stopped);
			}
			// The same N calls as N items of one execution.
			const oneExecution = await measure(() => server.callWebhook(path, { calls: Array(N).fill(token) }));
			figures.perTokenOverlap = { latencyMs: 150, executions: N, twoWorkers, oneWorker, oneExecution };
			process.stderr.write(`[queue] per-token overlap: ${JSON.stringify(figures.perTokenOverlap)}\n`);
			for (const measured of [twoWorkers, oneWorker, oneExecution]) {
				expect(measured.calls).toBe(N);
				// Never two calls on the token at once inside one worker, whatever the executions.
				expect(measured.pairsInOneWorker).toBe(0);
			}
			// At most one call per worker at a time; n8n gives nodes nothing to queue across workers.
			expect(twoWorkers.maxAtOnce).toBeLessThanOrEqual(2);
			expect(oneWorker).toMatchObject({ overlapped: 0, maxAtOnce: 1 });
			expect(oneExecution).toMatchObject({ overlapped: 0, maxAtOnce: 1 });
		} finally {
			sim.setLatency(0);
		}
	});

	test(`Idempotency Key across ${IDEMPOTENCY.workers} workers: ${IDEMPOTENCY.executions} executions at once with one key, at most one transfer per worker`, async () => {
		const user = sim.users().find((u) => u.userID === 'user-ae-liv-001')!;
		// One connection per execution, so the key alone decides what is sent (Dapi fails parallel calls on a token).
		const tokens = await Promise.all(
			Array.from({ length: IDEMPOTENCY.executions }, () => connectAndExchange(sim, user.userID)),
		);
		const path = `pay-once-${randomUUID().slice(0, 8)}`;
		const workflowId = await payOnceWorkflow(path, user.accounts[0].id, user.beneficiaries[0].id);
		// The workflow's row in n8n's store exists from here on, as it does once a workflow has paid.
		const { accessToken, userSecret } = tokens[0];
		expect((await server.callWebhook(path, { accessToken, userSecret, invoiceId: 'warm-up' })).status).toBe(200);

		const url = `${stack.webhookUrls[0]}/webhook/${path}`;
		// The round's executions, once n8n's API lists all of them as over (the workers' log lines can come later).
		const counted = new Set<string>();
		const finished = async (expected: number) => {
			const over = (e: Execution) => !['new', 'running', 'waiting'].includes(e.status);
			const list = await eventually(
				() => server.executions({ workflowId, includeData: false }),
				(all) => all.filter((e) => !counted.has(String(e.id)) && over(e)).length >= expected,
				IDEMPOTENCY.runsTimeoutMs,
			);
			const fresh = list.filter((e) => !counted.has(String(e.id)) && over(e));
			for (const e of fresh) counted.add(String(e.id));
			return fresh;
		};
		expect(await finished(1)).toHaveLength(1);
		const started = performance.now();
		const rounds = [];
		for (let n = 0; n < IDEMPOTENCY.rounds; n++) {
			const from = sim.requests().length;
			const answers = await Promise.all(
				tokens.map(({ accessToken, userSecret }) =>
					postOnNewConnection(url, { accessToken, userSecret, invoiceId: `INV-Q-${n}` }, IDEMPOTENCY.answerTimeoutMs),
				),
			);
			const executions = await finished(IDEMPOTENCY.executions);
			const ids = executions.map((e) => String(e.id));
			const ranOn = await eventually(
				() => workersOf(stack, ids),
				(map) => [...map.values()].every((w) => w.length === 1),
			);
			const body = (answer: (typeof answers)[number]) => answer.body as IDataObject;
			const keyUsed = answers.filter((a) => a.status === 200 && body(a).type === 'IDEMPOTENCY_KEY_USED').length;
			const sentAnswers = answers.filter((a) => a.status === 200 && body(a).error === undefined).length;
			// n8n now and then leaves a queue-mode webhook call unanswered although its execution succeeded (n8n#30392).
			const unanswered = answers.filter((a) => a.status === 0).length;
			rounds.push({
				sent: sim
					.requests()
					.slice(from)
					.filter((call) => call.path === '/v2/payment/transfer/create').length,
				sentAnswers,
				keyUsed,
				unanswered,
				other: answers.length - sentAnswers - keyUsed - unanswered,
				executions: executions.length,
				failedExecutions: executions.filter((e) => e.status !== 'success').length,
				perWorker: tally([...ranOn.values()].flat()),
			});
			process.stderr.write(`[queue] idempotency round ${n}: ${JSON.stringify(rounds.at(-1))}\n`);
		}
		const seconds = round((performance.now() - started) / 1000);
		figures.idempotencyAcrossWorkers = {
			...IDEMPOTENCY,
			seconds,
			roundsBySent: tally(rounds.map((r) => `sent ${r.sent}`)),
			rounds,
		};
		process.stderr.write(`[queue] idempotency: ${JSON.stringify(figures.idempotencyAcrossWorkers)}\n`);
		for (const r of rounds) {
			// Each worker lets one execution at a time read and write the store: at most one per worker misses the other's write.
			expect(r.sent).toBeGreaterThanOrEqual(1);
			expect(r.sent).toBeLessThanOrEqual(IDEMPOTENCY.workers);
			// Every call answered with its transfer or the used key (or lost by n8n#30392); no execution failed.
			expect(r).toMatchObject({ executions: IDEMPOTENCY.executions, failedExecutions: 0, other: 0 });
			// The simulator counts what was sent, answered or not.
			expect(r.sent).toBeGreaterThanOrEqual(r.sentAnswers);
			expect(r.sent).toBeLessThanOrEqual(r.sentAnswers + r.unanswered);
		}
	});

	test('Dapi Trigger replays across two webhook processes', async () => {
		const { workflowId, webhookPath } = await activeTrigger('trigger (replay)');
		const [first, second] = stack.webhookUrls.map((base) => `${base}/webhook/${webhookPath}`);
		sim.setWebhook({ url: first, secret: WEBHOOK_SECRET, scheme: 'dapi-signature' });
		await waitUntilRegistered(first);
		await waitUntilRegistered(second);

		// A delivery to the first process, then the same delivery to the second one (a retry that a load
		// balancer sends elsewhere).
		const N = 10;
		const sequential = [];
		for (let n = 0; n < N; n++) {
			const delivery = await sim.sendWebhook(transferDone(`replay-seq-${n}`));
			sequential.push(await replay(delivery, second));
		}
		// The same delivery to both processes at the same moment.
		const simultaneous = [];
		for (let n = 0; n < N; n++) {
			const delivery = signedDelivery(transferDone(`replay-sim-${n}`));
			simultaneous.push(...(await Promise.all([replay(delivery, first), replay(delivery, second)])));
		}

		// Every delivery was answered; their executions are done once the list stops changing.
		const executions = await settled(workflowId);
		const runsOf = (prefix: string) =>
			executions.filter((e) => String(runDataItems(e.data!, 'Dapi Trigger')[0].operationID).startsWith(`op-${prefix}`))
				.length;
		figures.replayAcrossWebhookProcesses = {
			deliveries: N,
			sequential: {
				executions: runsOf('replay-seq-'),
				duplicatesAnswered: sequential.filter((r) => r.body.duplicate === true).length,
			},
			simultaneous: {
				executions: runsOf('replay-sim-'),
				duplicatesAnswered: simultaneous.filter((r) => r.body.duplicate === true).length,
			},
		};
		process.stderr.write(`[queue] replays: ${JSON.stringify(figures.replayAcrossWebhookProcesses)}\n`);
		expect([...sequential, ...simultaneous].every((r) => r.status === 200)).toBe(true);
		// Each process's own memory: at most one run per delivery and process.
		for (const prefix of ['replay-seq-', 'replay-sim-']) {
			expect(runsOf(prefix)).toBeGreaterThanOrEqual(N);
			expect(runsOf(prefix)).toBeLessThanOrEqual(2 * N);
		}
		if (N8N_LINE === '1') {
			// One after the other, the second process finds the delivery in the workflow's static data.
			expect(sequential.map((r) => r.body)).toEqual(Array(N).fill({ received: true, duplicate: true }));
			expect(runsOf('replay-seq-')).toBe(N);
		}
		// n8n 2.41 drops what a webhook writes to static data once the workflow has some (docs/queue-mode.md),
		// so there the second process catches at most the very first replay.
	});

	test.each([
		['Remove Duplicates', 'transfer-finished-once'],
		['a Postgres unique key', 'transfer-finished-once-postgres'],
	])(
		'Dapi Trigger → %s → the effect (example): effects per delivery with replays on two webhook processes',
		async (how, example) => {
			const effects = await startEffectServer();
			try {
				const credential = await simulatorCredential(`Dapi (${example})`);
				const workflow = JSON.parse(
					fs.readFileSync(path.resolve(__dirname, `../../examples/${example}.workflow.json`), 'utf8'),
				) as { name: string; nodes: Array<Record<string, any>>; connections: unknown };
				const webhookId = randomUUID();
				const eventsDb = example.endsWith('postgres') ? await eventsDatabase() : undefined;
				for (const node of workflow.nodes) {
					if (node.credentials?.dapiApi) node.credentials.dapiApi = { id: credential.id, name: credential.name };
					if (node.credentials?.postgres) node.credentials.postgres = eventsDb;
					if (node.webhookId) node.webhookId = webhookId;
					if (node.name === 'Notify') node.parameters.url = `${effects.url}/notify`;
				}
				const { id: workflowId } = await server.createWorkflow({
					name: `${workflow.name} (${randomUUID().slice(0, 8)})`,
					nodes: workflow.nodes,
					connections: workflow.connections,
				});
				await server.activateWorkflow(workflowId);
				const [first, second] = stack.webhookUrls.map((base) => `${base}/webhook/${webhookId}/webhook`);
				await waitUntilRegistered(first);
				await waitUntilRegistered(second);

				const N = 10;
				const tag = randomUUID().slice(0, 6);
				const deliveries = (arm: string) =>
					Array.from({ length: N }, (_, n) => signedDelivery(transferDone(`${tag}-${arm}-${n}`)));
				// All deliveries to the first process; once their runs are over, each again to the second one.
				const sequential = deliveries('seq');
				for (const delivery of sequential) await replay(delivery, first);
				// Each first run records its delivery before its effect, so all N effects mean all N are recorded;
				// waiting only for the executions to look settled let a late first run race a replay under load.
				const firstEffects = await eventually(
					() => effects.received.filter((body) => String(body.operationID).startsWith(`op-${tag}-seq-`)).length,
					(count) => count >= N,
					120_000,
				);
				expect(firstEffects).toBe(N);
				await settled(workflowId);
				for (const delivery of sequential) await replay(delivery, second);
				// Each delivery to both processes at the same moment.
				for (const delivery of deliveries('both'))
					await Promise.all([replay(delivery, first), replay(delivery, second)]);
				// Each delivery twice at the same moment to the first process (Dapi's webhook routed to one process).
				for (const delivery of deliveries('one')) await Promise.all([replay(delivery, first), replay(delivery, first)]);
				const executions = await settled(workflowId);

				const arm = (name: string) => {
					const prefix = `op-${tag}-${name}-`;
					const runs = executions.filter((e) =>
						String(runDataItems(e.data!, 'Dapi Trigger')[0]?.operationID).startsWith(prefix),
					);
					const perDelivery = Array.from(
						{ length: N },
						(_, n) => effects.received.filter((body) => body.operationID === `${prefix}${n}`).length,
					);
					return {
						deliveries: N,
						executions: runs.length,
						failedExecutions: runs.filter((e) => e.status !== 'success').length,
						effects: perDelivery.reduce((a, b) => a + b, 0),
						deliveriesWithTwoEffects: perDelivery.filter((count) => count > 1).length,
						deliveriesWithoutEffect: perDelivery.filter((count) => count === 0).length,
					};
				};
				const measured = {
					oneAfterTheOther: arm('seq'),
					atOnceOnTwoProcesses: arm('both'),
					atOnceOnOneProcess: arm('one'),
				};
				effectsPerDelivery[how] = measured;
				figures.effectsPerDelivery = effectsPerDelivery;
				process.stderr.write(`[queue] effects per delivery (${how}): ${JSON.stringify(measured)}\n`);
				for (const figure of Object.values(measured)) expect(figure.deliveriesWithoutEffect).toBe(0);
				// The trigger's own memory catches copies that reach one process at once.
				expect(measured.atOnceOnOneProcess).toMatchObject({ executions: N, effects: N });
				// n8n's history of previous executions, written by the first run, is read by the later ones.
				expect(measured.oneAfterTheOther.effects).toBe(N);
				if (how !== 'Remove Duplicates') expect(measured.atOnceOnTwoProcesses.effects).toBe(N);
				// Remove Duplicates reads, then writes its history: two runs at the same moment can both pass (docs/queue-mode.md).
			} finally {
				await effects.close();
			}
		},
	);

	test('Connect Trigger: a used state is refused by every webhook process, and after a restart', async () => {
		const { workflowId, webhookPath, nodeId } = await activeTrigger('connect state (queue)', 'dapiConnectTrigger', {
			output: 'plain',
			options: {},
		});
		const [first, second] = stack.webhookUrls.map((base) => `${base}/webhook/${webhookPath}`);
		await waitUntilRegistered(first);
		await waitUntilRegistered(second);
		const user = mostAccounts(sim.users()).userID;
		// A state as the Connect page hands it out, and Connect's success for it (a fresh access code).
		const exchanged = new Map<string, string>(); // access code → ref
		const success = (ref: string) => {
			const payload = sim.connect(user);
			exchanged.set(payload.accessCode, ref);
			return {
				state: issueState(stateKey(APP_SECRET, `${workflowId}:${nodeId}`), ref, Date.now()).token,
				event: 'success',
				payload,
			};
		};
		const post = (url: string, body: unknown) => postOnNewConnection(url, body, 30_000).then((r) => r.status);

		// The used-state entries n8n has saved in the workflow's static data (two per connected state).
		const recorded = async () => {
			const { staticData } = await server.api<{ staticData?: unknown }>('GET', `/workflows/${workflowId}`);
			const data = (typeof staticData === 'string' ? JSON.parse(staticData) : staticData) as Record<
				string,
				{ usedStates?: unknown[] }
			> | null;
			return data?.['node:Dapi Connect Trigger']?.usedStates?.length ?? 0;
		};
		const postAndWaitUntilSaved = async (url: string, body: unknown) => {
			const before = await recorded();
			const status = await post(url, body);
			if (status === 200) await eventually(recorded, (count) => count >= before + 2);
			return status;
		};
		// Finished runs only: a run still going has no data yet.
		const runsOf = (executions: Execution[], prefix: string) =>
			executions.filter(
				(e) =>
					e.status === 'success' && String(runDataItems(e.data!, 'Dapi Connect Trigger')[0]?.ref).startsWith(prefix),
			).length;

		const N = 5;
		// Replayed to the second process once n8n saved the first one's record (a replay a moment later)…
		const afterSave = [];
		for (let n = 0; n < N; n++) {
			const body = success(`saved-${n}`);
			afterSave.push([await postAndWaitUntilSaved(first, body), await post(second, body)]);
		}
		// …and the instant the first answer arrives: n8n saves the record just after the node answered.
		const rightAfterAnswer = [];
		for (let n = 0; n < N; n++) {
			const body = success(`quick-${n}`);
			rightAfterAnswer.push([await post(first, body), await post(second, body)]);
		}
		const atOnce = [];
		for (let n = 0; n < N; n++) {
			const body = success(`both-${n}`);
			atOnce.push(await Promise.all([post(first, body), post(second, body)]));
		}
		const beforeRestart = Array.from({ length: N }, (_, n) => success(`restart-${n}`));
		const firstTime = [];
		for (const body of beforeRestart) firstTime.push(await postAndWaitUntilSaved(first, body));
		// n8n starts a run just after the node answered: restart once the runs are there.
		await eventually(
			() => server.executions({ workflowId }),
			(list) => runsOf(list, 'restart-') >= N,
		);
		await stack.restart('webhook1');
		await stack.restart('webhook2');
		const afterRestart = [];
		for (const body of beforeRestart) afterRestart.push([await post(first, body), await post(second, body)]);

		const executions = await settled(workflowId);
		const exchangesOf = (prefix: string) =>
			sim
				.requests()
				.filter(
					(c) =>
						c.path === '/v2/auth/ExchangeToken' &&
						exchanged.get((c.body as { accessCode?: string }).accessCode ?? '')?.startsWith(prefix),
				).length;
		const arm = (answers: number[][], prefix: string) => ({
			answers: tally(answers.flat().map(String)),
			exchanges: exchangesOf(prefix),
			connectedRuns: runsOf(executions, prefix),
		});
		figures.connectStateAcrossProcesses = {
			states: N,
			replayedAfterSave: arm(afterSave, 'saved-'),
			replayedRightAfterAnswer: arm(rightAfterAnswer, 'quick-'),
			atOnceOnBothProcesses: arm(atOnce, 'both-'),
			bothProcessesRestarted: {
				...arm(afterRestart, 'restart-'),
				answersBeforeRestart: tally(firstTime.map(String)),
			},
		};
		process.stderr.write(`[queue] connect state: ${JSON.stringify(figures.connectStateAcrossProcesses)}\n`);
		expect(afterSave).toEqual(Array(N).fill([200, 409]));
		expect(firstTime).toEqual(Array(N).fill(200));
		expect(afterRestart).toEqual(Array(N).fill([409, 409]));
		for (const [answers, prefix] of [
			[afterSave, 'saved-'],
			[rightAfterAnswer, 'quick-'],
			[atOnce, 'both-'],
			[afterRestart, 'restart-'],
		] as const) {
			// One connection per state whatever reached the exchange: Dapi's single-use code holds the rest.
			expect(answers.map((pair) => pair.filter((status) => status === 200).length)).toEqual(
				Array(N).fill(prefix === 'restart-' ? 0 : 1),
			);
			expect(runsOf(executions, prefix)).toBe(N);
		}
		expect(exchangesOf('saved-')).toBe(N);
		expect(exchangesOf('restart-')).toBe(N);
	});

	// —— helpers needing the server ——

	/** An active workflow: a trigger of this package (its own Dapi credential) → No Operation. */
	async function activeTrigger(
		name: string,
		trigger: 'dapiTrigger' | 'dapiConnectTrigger' = 'dapiTrigger',
		parameters: IDataObject = { signatureScheme: 'dapiSignature', statuses: [], endpoints: '', options: {} },
	) {
		const credential = await simulatorCredential(`Dapi (${name})`);
		const webhookId = randomUUID();
		const triggerNode = { id: randomUUID(), name: trigger === 'dapiTrigger' ? 'Dapi Trigger' : 'Dapi Connect Trigger' };
		const workflow = await server.createWorkflow({
			name,
			nodes: [
				{
					...triggerNode,
					type: NODE_TYPES[trigger],
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters,
					credentials: { dapiApi: { id: credential.id, name: credential.name } },
				},
				{
					id: randomUUID(),
					name: 'Received',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: { [triggerNode.name]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		});
		await server.activateWorkflow(workflow.id);
		const path = trigger === 'dapiTrigger' ? 'webhook' : 'connect';
		return { workflowId: workflow.id, webhookPath: `${webhookId}/${path}`, nodeId: triggerNode.id };
	}

	/** A Dapi API credential for the simulator (its webhook secret too, for the triggers). */
	async function simulatorCredential(name: string) {
		return await server.createCredential({
			name,
			type: 'dapiApi',
			data: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl, webhookSecret: WEBHOOK_SECRET },
		});
	}

	/** Webhook (token, user secret, invoiceId) → Create Transfer with Idempotency Key invoiceId; a used key answers as an item. */
	async function payOnceWorkflow(webhookPath: string, senderID: string, receiverID: string) {
		const credential = await simulatorCredential('Dapi (pay once)');
		const workflow = await server.createWorkflow({
			name: 'pay once',
			nodes: [
				{
					id: randomUUID(),
					name: 'Invoice',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
				},
				{
					id: randomUUID(),
					name: 'Pay',
					type: NODE_TYPES.dapi,
					typeVersion: 2,
					position: [220, 0],
					onError: 'continueRegularOutput',
					parameters: {
						resource: 'payment',
						operation: 'createTransfer',
						senderID: { __rl: true, mode: 'id', value: senderID },
						amount: 1,
						receiverID: { __rl: true, mode: 'id', value: receiverID },
						idempotencyKey: '={{ $json.body.invoiceId }}',
						accessToken: '={{ $json.body.accessToken }}',
						userSecret: '={{ $json.body.userSecret }}',
					},
					credentials: { dapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Invoice: { main: [[{ node: 'Pay', type: 'main', index: 0 }]] } },
		});
		await server.activateWorkflow(workflow.id);
		return workflow.id;
	}

	/** Webhook → Split Out (body.calls) → Dapi Request (the token of each item) → answers all items. */
	async function tokenCallsWorkflow(webhookPath: string) {
		const credential = await simulatorCredential('Dapi (token calls)');
		const workflow = await server.createWorkflow({
			name: 'token calls',
			nodes: [
				{
					id: randomUUID(),
					name: 'Calls',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: {
						httpMethod: 'POST',
						path: webhookPath,
						responseMode: 'lastNode',
						responseData: 'allEntries',
						options: {},
					},
				},
				{
					id: randomUUID(),
					name: 'Each Call',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [220, 0],
					parameters: { fieldToSplitOut: 'body.calls', options: {} },
				},
				{
					id: randomUUID(),
					name: 'Accounts',
					type: NODE_TYPES.dapiRequest,
					typeVersion: 1,
					position: [440, 0],
					parameters: {
						tokenSource: 'fields',
						accessToken: '={{ $json.accessToken }}',
						userSecret: '={{ $json.userSecret }}',
						method: 'POST',
						endpoint: '/data/accounts/get',
						// Names the execution in the simulator's log (to match each call with its worker).
						sendHeaders: true,
						headerParameters: { parameters: [{ name: 'X-Execution', value: '={{ $execution.id }}' }] },
					},
					credentials: { dapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {
				Calls: { main: [[{ node: 'Each Call', type: 'main', index: 0 }]] },
				'Each Call': { main: [[{ node: 'Accounts', type: 'main', index: 0 }]] },
			},
		});
		await server.activateWorkflow(workflow.id);
	}

	/** A delivery signed as Dapi signs it (the Node SDK's scheme), with a timestamp of now. */
	function signedDelivery(payload: unknown): Pick<WebhookDelivery, 'headers' | 'body'> {
		const body = JSON.stringify(payload);
		const ts = String(Math.floor(Date.now() / 1000));
		const signature = createHmac('sha256', WEBHOOK_SECRET)
			.update(ts + body, 'utf8')
			.digest('base64');
		return { headers: { 'content-type': 'application/json', 'dapi-ts': ts, 'dapi-signature': signature }, body };
	}

	function replay(delivery: Pick<WebhookDelivery, 'headers' | 'body'>, url: string) {
		return fetch(url, {
			method: 'POST',
			headers: delivery.headers,
			body: delivery.body,
			signal: AbortSignal.timeout(30_000),
		}).then(async (response) => ({
			status: response.status,
			body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
		}));
	}

	/** The workflow's executions once none is running and the list stopped changing. */
	async function settled(workflowId: string) {
		let executions = await server.executions({ workflowId });
		for (let stable = 0; stable < 2;) {
			await sleep(1000);
			const now = await server.executions({ workflowId });
			stable =
				now.length === executions.length && now.every((e) => !['new', 'running', 'waiting'].includes(e.status))
					? stable + 1
					: 0;
			executions = now;
		}
		return executions;
	}

	/** A database of the stack's PostgreSQL with the example's table, and an n8n credential for it. */
	async function eventsDatabase() {
		const port = String(stack.byRole('postgres')[0].port);
		const psql = (database: string, sql: string) => {
			const run = spawnSync('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', database, '-qc', sql], {
				encoding: 'utf8',
				timeout: 30_000,
			});
			if (run.status !== 0) throw new Error(`psql: ${run.stderr}`);
		};
		psql('postgres', 'CREATE DATABASE dapi_events');
		psql(
			'dapi_events',
			'CREATE TABLE dapi_webhook_events (event_key text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now())',
		);
		const credential = await server.createCredential({
			name: 'Postgres (events)',
			type: 'postgres',
			// n8n 1.x's public API requires ssl and sshTunnel too.
			data: {
				host: '127.0.0.1',
				port: Number(port),
				database: 'dapi_events',
				user: 'postgres',
				password: '',
				ssl: 'disable',
				sshTunnel: false,
			},
		});
		return { id: credential.id, name: credential.name };
	}

	/** A production webhook registers asynchronously after activation: wait until it stops answering 404. */
	async function waitUntilRegistered(url: string) {
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			await response.arrayBuffer();
			if (response.status !== 404) return;
			await sleep(250);
		}
		throw new Error(`${url} is still not registered`);
	}
});

function transferDone(id: string) {
	return {
		operationID: `op-${id}`,
		success: true,
		status: 'done',
		reference: `FT-${id}`,
		opInfo: { type: '/payment/transfer/autoflow', status: 'done' },
	};
}

const round = (value: number) => Math.round(value * 10) / 10;

function tally(names: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
	return counts;
}

/** The most calls in flight at one moment (a call ending as another starts is not in flight with it). */
function maxAtOnce(calls: Array<{ startedAt: number; endedAt: number | null }>): number {
	const events = calls.flatMap((c) => [
		[c.startedAt, 1],
		[c.endedAt ?? Infinity, -1],
	]);
	events.sort(([at1, step1], [at2, step2]) => at1 - at2 || step1 - step2);
	let now = 0;
	let most = 0;
	for (const [, step] of events) most = Math.max(most, (now += step));
	return most;
}

/** Stands in for the workflow's effect (a chat or ledger call): records every JSON body posted to it. */
async function startEffectServer() {
	const received: Array<Record<string, unknown>> = [];
	const effectServer = http.createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
		request.on('end', () => {
			try {
				received.push(JSON.parse(text) as Record<string, unknown>);
			} catch {
				received.push({ unreadable: text.slice(0, 200) });
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => effectServer.listen(0, '127.0.0.1', resolve));
	const { port } = effectServer.address() as import('node:net').AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => effectServer.close(() => resolve())),
	};
}
