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
 * on a new connection, all answered right. Measures what cannot hold across processes: calls on one
 * token overlapping when separate executions use it (and the one-execution pattern that avoids it),
 * replays of a delivery sent to a second webhook process, and how many of 20 executions at once with
 * one Idempotency Key send a transfer across the two workers (n8n's store is not atomic across processes). Figures go to test-output/queue-mode-n8n<line>.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHmac, randomUUID } from 'node:crypto';

import { startSimulator } from '../../simulator';
import type { ConnectResult, SeededUserSummary, Simulator, WebhookDelivery } from '../../simulator';
import { seedUsers } from '../../simulator/seed';
import { MFA_OTP, configureSimulator, importDemo } from '../../scripts/demo-setup';
import { startQueueStack, type QueueStack } from '../../scripts/queue-stack';
import { N8N_LINE, NODE_TYPES, runDataItems } from './n8n';
import { N8nServer } from './server';

jest.setTimeout(600_000);

const APP_SECRET = 'sim-app-secret';
const APP_KEY = 'sim-app-key';
const WEBHOOK_SECRET = 'queue-e2e-webhook-secret';
const WORKFLOWS = { mfa: 'dapiDemoMfaOtp', webhook: 'dapiDemoWebhook01' } as const;
const LOAD = { calls: 500, concurrency: 20, timeoutMs: 30_000 };
const IDEMPOTENCY = { executions: 20, rounds: 10, timeoutMs: 60_000 };

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

	test('one token, many executions: calls overlap across executions; one execution with all the items does not', async () => {
		const token = await exchanged(mostAccounts(sim.users()).userID);
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
				return { calls: calls.length, overlapped: calls.filter((c) => c.overlapped).length };
			};
			const N = 20;
			// N webhook calls at once: N executions, spread over both workers (and parallel inside each).
			const separate = await measure(() =>
				Promise.all(Array.from({ length: N }, () => server.callWebhook(path, { calls: [token] }))),
			);
			// The same N calls as N items of one execution: the node runs one token's items one at a time.
			const oneExecution = await measure(() => server.callWebhook(path, { calls: Array(N).fill(token) }));
			figures.perTokenOverlap = { latencyMs: 150, separateExecutions: separate, oneExecution };
			process.stderr.write(`[queue] per-token overlap: ${JSON.stringify(figures.perTokenOverlap)}\n`);
			expect(separate.calls).toBe(N);
			expect(separate.overlapped).toBeGreaterThan(0);
			expect(oneExecution).toEqual({ calls: N, overlapped: 0 });
		} finally {
			sim.setLatency(0);
		}
	});

	test('Idempotency Key across 2 workers: 20 executions at once with one key', async () => {
		const user = sim.users().find((u) => u.userID === 'user-ae-liv-001')!;
		// One connection per execution, so the key alone decides what is sent (Dapi fails parallel calls on a token).
		const tokens = await Promise.all(Array.from({ length: IDEMPOTENCY.executions }, () => exchanged(user.userID)));
		const path = `pay-once-${randomUUID().slice(0, 8)}`;
		const workflowId = await payOnceWorkflow(path, user.accounts[0].id, user.beneficiaries[0].id);
		// The workflow's row in n8n's store exists from here on, as it does once a workflow has paid.
		expect((await server.callWebhook(path, { ...tokens[0], invoiceId: 'warm-up' })).status).toBe(200);

		const url = `${stack.webhookUrls[0]}/webhook/${path}`;
		const rounds: Array<{ sent: number; keyUsed: number; unanswered: number; perWorker: Record<string, number> }> = [];
		for (let round = 0; round < IDEMPOTENCY.rounds; round++) {
			const invoiceId = `INV-Q-${round}`;
			const from = sim.requests().length;
			const before = enqueued(stack, 'webhook1').length;
			const answers = await Promise.all(
				tokens.map((token) => postOnNewConnection(url, { ...token, invoiceId }, IDEMPOTENCY.timeoutMs)),
			);
			const ids = enqueued(stack, 'webhook1').slice(before);
			const ranOn = await eventually(
				() => workersOf(stack, ids),
				(map) => [...map.values()].every((w) => w.length === 1),
			);
			const sent = sim
				.requests()
				.slice(from)
				.filter((call) => call.path === '/v2/payment/transfer/create').length;
			const keyUsed = answers.filter((answer) => JSON.stringify(answer.body).includes('IDEMPOTENCY_KEY_USED')).length;
			const unanswered = answers.filter((answer) => answer.status !== 200).length;
			rounds.push({ sent, keyUsed, unanswered, perWorker: tally([...ranOn.values()].flat()) });
			process.stderr.write(`[queue] idempotency round ${round}: ${JSON.stringify(rounds.at(-1))}\n`);
		}
		const executions = await server.executions({ workflowId });
		figures.idempotencyAcrossWorkers = {
			...IDEMPOTENCY,
			rounds,
			executionStatuses: tally(executions.map((execution) => execution.status)),
		};
		process.stderr.write(`[queue] idempotency: ${JSON.stringify(figures.idempotencyAcrossWorkers)}\n`);
		// Each worker lets one execution at a time check the store, so at most one per worker can miss the other's.
		for (const { sent, keyUsed, unanswered } of rounds) {
			expect(sent).toBeGreaterThanOrEqual(1);
			expect(sent).toBeLessThanOrEqual(2);
			expect(sent + keyUsed + unanswered).toBe(IDEMPOTENCY.executions);
		}
		// A call n8n leaves unanswered although its execution succeeded (n8n#30392, README "Queue mode") is
		// counted, not failed: the transfers are counted at the simulator whatever the answers say.
		expect(figures.idempotencyAcrossWorkers).toMatchObject({
			executionStatuses: { success: IDEMPOTENCY.executions * IDEMPOTENCY.rounds + 1 },
		});
	});

	test('Dapi Trigger replays across two webhook processes', async () => {
		const { workflowId, webhookPath } = await activeTrigger('trigger (replay)');
		const [first, second] = stack.webhookUrls.map((base) => `${base}/webhook/${webhookPath}`);
		sim.setWebhook({ url: first, secret: WEBHOOK_SECRET, scheme: 'dapi-signature' });
		await waitUntilRegistered(first);
		await waitUntilRegistered(second);
		const replay = (delivery: Pick<WebhookDelivery, 'headers' | 'body'>, url: string) =>
			fetch(url, {
				method: 'POST',
				headers: delivery.headers,
				body: delivery.body,
				signal: AbortSignal.timeout(30_000),
			}).then(async (response) => ({
				status: response.status,
				body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
			}));

		// A delivery to the first process, then the same delivery to the second one (a retry that a load
		// balancer sends elsewhere).
		const N = 10;
		const sequential = [];
		for (let n = 0; n < N; n++) {
			const delivery = await sim.sendWebhook(transferDone(`replay-seq-${n}`));
			sequential.push(await replay(delivery, second));
		}
		// The same delivery to both processes at the same moment, signed as Dapi signs (the Node SDK's scheme).
		const simultaneous = [];
		for (let n = 0; n < N; n++) {
			const body = JSON.stringify(transferDone(`replay-sim-${n}`));
			const ts = String(Math.floor(Date.now() / 1000));
			const signature = createHmac('sha256', WEBHOOK_SECRET)
				.update(ts + body, 'utf8')
				.digest('base64');
			const delivery = {
				headers: { 'content-type': 'application/json', 'dapi-ts': ts, 'dapi-signature': signature },
				body,
			};
			simultaneous.push(...(await Promise.all([replay(delivery, first), replay(delivery, second)])));
		}

		// Every delivery was answered; their executions are done once the list stops changing.
		let executions = await server.executions({ workflowId });
		for (let stable = 0; stable < 2;) {
			await sleep(1000);
			const now = await server.executions({ workflowId });
			stable = now.length === executions.length && now.every((e) => e.status === 'success') ? stable + 1 : 0;
			executions = now;
		}
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
		// n8n 2.41 drops what a webhook writes to static data once the workflow has some (README, "Queue
		// mode"), so there the second process catches at most the very first replay.
	});

	// —— helpers needing the server ——

	async function activeTrigger(name: string) {
		const credential = await simulatorCredential(`Dapi (${name})`, { webhookSecret: WEBHOOK_SECRET });
		const webhookId = randomUUID();
		const workflow = await server.createWorkflow({
			name,
			nodes: [
				{
					id: randomUUID(),
					name: 'Dapi Trigger',
					type: NODE_TYPES.dapiTrigger,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { signatureScheme: 'dapiSignature', statuses: [], endpoints: '', options: {} },
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
			connections: { 'Dapi Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		});
		await server.activateWorkflow(workflow.id);
		return { workflowId: workflow.id, webhookPath: `${webhookId}/webhook` };
	}

	/** A Dapi API credential for the simulator. */
	async function simulatorCredential(name: string, extra: Record<string, string> = {}) {
		return await server.createCredential({
			name,
			type: 'dapiApi',
			data: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl, ...extra },
		});
	}

	/** A new connection of the user, exchanged at the simulator: its token and user secret. */
	async function exchanged(userID: string) {
		const connect = sim.connect(userID);
		const answer = (await (
			await fetch(`${sim.baseUrl}/auth/ExchangeToken`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					appSecret: APP_SECRET,
					accessCode: connect.accessCode,
					connectionID: connect.connectionID,
				}),
			})
		).json()) as { accessToken: string };
		return { accessToken: answer.accessToken, userSecret: connect.userSecret };
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
