/**
 * The Dapi Trigger in a real n8n: an active workflow runs once for a genuine callback from the
 * simulator, and not at all for a tampered body, a wrong secret, a stale timestamp or a replay.
 * n8n's own execution list is the proof.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { startSimulator } from '../../simulator';
import { N8nServer } from './server';

jest.setTimeout(300_000);

const APP_SECRET = 'trigger-e2e-app-secret';
const WEBHOOK_SECRET = 'trigger-e2e-webhook-secret';
const SVIX_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const AES_KEY = randomBytes(32).toString('base64');

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Dapi Trigger in a real n8n', () => {
	let server: N8nServer;
	let sim: Simulator;

	beforeAll(async () => {
		[server, sim] = await Promise.all([N8nServer.start(), startSimulator({ port: 0, appSecret: APP_SECRET })]);
	});
	afterAll(async () => {
		await sim?.close();
		await server?.stop();
	});

	/** An active workflow: Dapi Trigger → Set. Answers its production webhook URL and id. */
	async function activeTrigger(scheme: 'dapiSignature' | 'svix', secret: string) {
		const credential = await server.createCredential({
			name: `Dapi (${scheme})`,
			type: 'dapiApi',
			data: {
				appSecret: APP_SECRET,
				appKey: 'k',
				baseUrl: sim.baseUrl,
				webhookSecret: secret,
				webhookEncryptionSecret: AES_KEY,
			},
		});
		const webhookId = randomUUID();
		const workflow = await server.createWorkflow({
			name: `trigger ${scheme}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Dapi Trigger',
					type: 'n8n-nodes-dapi.dapiTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { signatureScheme: scheme, statuses: [], endpoints: '', options: {} },
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
		return { id: workflow.id, url: `${server.url}/webhook/${webhookId}/webhook` };
	}

	/** Sends one callback from the simulator; waits until n8n answered and returns the delivery. */
	async function deliver(envelope: Record<string, unknown>) {
		const delivery = await sim.sendWebhook(envelope);
		await sim.flushWebhooks();
		return delivery;
	}

	/** Posts by hand (for a tampered body), as the simulator would with these headers. */
	async function post(url: string, headers: Record<string, string>, body: string) {
		const response = await fetch(url, { method: 'POST', headers, body });
		return response.status;
	}

	const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

	async function successfulRuns(workflowId: string) {
		await settle();
		return (await server.executions({ workflowId })).filter((execution) => execution.status === 'success');
	}

	const transferDone = (n: number) => ({
		operationID: `op-e2e-${n}`,
		success: true,
		status: 'done',
		reference: `FT-E2E-${n}`,
		opInfo: { type: '/payment/transfer/autoflow', status: 'done' },
	});

	it('Dapi signature scheme: one run for the genuine callback, none for forged, stale or repeated ones', async () => {
		const trigger = await activeTrigger('dapiSignature', WEBHOOK_SECRET);
		sim.setWebhook({ url: trigger.url, secret: WEBHOOK_SECRET, scheme: 'dapi-signature' });
		// A production webhook registers asynchronously after activation: wait until it answers.
		const deadline = Date.now() + 60_000;
		while ((await post(trigger.url, { 'content-type': 'application/json' }, '{}')) === 404 && Date.now() < deadline)
			await settle();

		const genuine = await deliver(transferDone(1));
		expect(genuine.status).toBe(200);
		let runs = await successfulRuns(trigger.id);
		expect(runs).toHaveLength(1);
		const output = runs[0].data!.resultData.runData['Dapi Trigger'][0].data!.main[0]![0].json;
		expect(output).toMatchObject({
			...transferDone(1),
			webhook: { scheme: 'dapiSignature', endpoint: '/payment/transfer/autoflow' },
		});
		expect(JSON.stringify(runs[0].data)).not.toContain(WEBHOOK_SECRET);

		const tampered = await post(trigger.url, genuine.headers, genuine.body.replace('FT-E2E-1', 'FT-E2E-666'));
		expect(tampered).toBe(401);

		sim.setWebhookFault('bad-signature');
		expect((await deliver(transferDone(2))).status).toBe(401);
		sim.setWebhookFault('old-timestamp');
		expect((await deliver(transferDone(3))).status).toBe(401);

		sim.setWebhook({ url: trigger.url, secret: 'not-the-webhook-secret', scheme: 'dapi-signature' });
		expect((await deliver(transferDone(4))).status).toBe(401);

		const replay = await post(trigger.url, genuine.headers, genuine.body);
		expect(replay).toBe(200);
		// The same delivery with its signature re-spelled: decoded, it is the same HMAC.
		const signature = String((genuine.headers as Record<string, string>)['dapi-signature']);
		for (const respelled of [
			signature.replace(/=+$/, ''),
			`${signature.slice(0, 6)} ${signature.slice(6)}`,
			signature.replace(/\+/g, '-').replace(/\//g, '_'),
		]) {
			if (respelled === signature) continue;
			expect(await post(trigger.url, { ...genuine.headers, 'dapi-signature': respelled }, genuine.body)).not.toBe(500);
		}

		runs = await successfulRuns(trigger.id);
		expect(runs).toHaveLength(1);
		expect((await server.executions({ workflowId: trigger.id })).length).toBe(1);
	});

	it('Svix scheme with an encrypted payload: decrypted into one run; a duplicate delivery adds none', async () => {
		const trigger = await activeTrigger('svix', SVIX_SECRET);
		sim.setWebhook({ url: trigger.url, secret: SVIX_SECRET, scheme: 'svix', aesKey: AES_KEY });
		const deadline = Date.now() + 60_000;
		while ((await post(trigger.url, { 'content-type': 'application/json' }, '{}')) === 404 && Date.now() < deadline)
			await settle();

		sim.setWebhookFault('duplicate');
		const sent = await deliver(transferDone(5));
		expect(sent.status).toBe(200);
		expect(sim.webhookDeliveries().filter((d) => d.headers['svix-id'] === sent.headers['svix-id'])).toHaveLength(2);

		const runs = await successfulRuns(trigger.id);
		expect(runs).toHaveLength(1);
		const output = runs[0].data!.resultData.runData['Dapi Trigger'][0].data!.main[0]![0].json;
		expect(output).toMatchObject({ ...transferDone(5), webhook: { scheme: 'svix', svixId: sent.headers['svix-id'] } });
		expect(JSON.stringify(runs[0].data)).not.toContain(AES_KEY);
	});
});
