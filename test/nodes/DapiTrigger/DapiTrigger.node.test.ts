import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DapiTrigger } from '../../../nodes/DapiTrigger/DapiTrigger.node';
import { SHARED_MEMORY_LIMIT, isRepeatShared } from '../../../nodes/DapiTrigger/replay';

const WEBHOOK_SECRET = 'trigger-test-webhook-secret';
const SVIX_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const AES_KEY = randomBytes(32).toString('base64');

interface Call {
	status?: number;
	body?: unknown;
}

/** Each workflow's static data, as n8n's database holds it between webhook calls (shared by every process). */
const staticData = new Map<string, IDataObject>();

/** Just enough of n8n's webhook context to run the trigger's webhook() as n8n would. */
function context(
	request: { headers: Record<string, string>; rawBody: string },
	parameters: IDataObject,
	workflowId: string,
) {
	const response: Call = {};
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
	};
	const fake = {
		getRequestObject: () => ({ headers: request.headers, rawBody: Buffer.from(request.rawBody) }),
		getResponseObject: () => res,
		getCredentials: async () => ({
			webhookSecret: parameters.secret ?? WEBHOOK_SECRET,
			webhookEncryptionSecret: AES_KEY,
		}),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'trigger-node', name: 'Dapi Trigger' }),
		getWorkflowStaticData: (type: string) => {
			const key = `${workflowId}:${type}`;
			if (!staticData.has(key)) staticData.set(key, {});
			return staticData.get(key)!;
		},
	};
	return { fake: fake as unknown as IWebhookFunctions, response };
}

let workflowCounter = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A delivery signed the way Dapi's Node SDK verifies it, computed here independently of the node. */
function dapiDelivery(envelope: object, { ts = nowSeconds(), secret = WEBHOOK_SECRET } = {}) {
	const rawBody = JSON.stringify(envelope);
	const signature = createHmac('sha256', secret).update(`${ts}${rawBody}`).digest('base64');
	return { headers: { 'dapi-ts': String(ts), 'dapi-signature': signature }, rawBody };
}

function svixDelivery(envelope: object, { ts = nowSeconds(), id = `msg_${randomBytes(8).toString('hex')}` } = {}) {
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-256-cfb', Buffer.from(AES_KEY, 'base64'), iv);
	const data = Buffer.concat([iv, cipher.update(JSON.stringify(envelope)), cipher.final()]).toString('base64');
	const rawBody = JSON.stringify({ data });
	const key = Buffer.from(SVIX_SECRET.slice('whsec_'.length), 'base64');
	const signature = createHmac('sha256', key).update(`${id}.${ts}.${rawBody}`).digest('base64');
	return { headers: { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': `v1,${signature}` }, rawBody };
}

const transferDone = {
	operationID: 'op-1',
	success: true,
	status: 'done',
	reference: 'FT1',
	opInfo: { type: '/payment/transfer/autoflow' },
};

async function deliver(
	request: { headers: Record<string, string>; rawBody: string },
	parameters: IDataObject = {},
	workflowId = `wf-${++workflowCounter}`,
	Trigger: typeof DapiTrigger = DapiTrigger,
) {
	const { fake, response } = context(request, { signatureScheme: 'dapiSignature', ...parameters }, workflowId);
	const result = await new Trigger().webhook.call(fake);
	return { result, response, workflowId };
}

/** The node as a second n8n process loads it: a module copy with a memory of its own. */
function triggerOfAnotherProcess(): typeof DapiTrigger {
	let Trigger: typeof DapiTrigger | undefined;
	jest.isolateModules(() => {
		({ DapiTrigger: Trigger } = jest.requireActual<typeof import('../../../nodes/DapiTrigger/DapiTrigger.node')>(
			'../../../nodes/DapiTrigger/DapiTrigger.node',
		));
	});
	return Trigger!;
}

describe('Dapi Trigger webhook', () => {
	it('starts the workflow for a genuine delivery with the envelope and the headers that matter, no secret', async () => {
		const delivery = dapiDelivery(transferDone);
		const { result } = await deliver(delivery);
		// n8n sends this once the execution is started (the description's responseData is '').
		expect(result.webhookResponse).toEqual({ received: true });
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({
			...transferDone,
			webhook: { scheme: 'dapiSignature', dapiTs: delivery.headers['dapi-ts'], endpoint: '/payment/transfer/autoflow' },
		});
		expect(JSON.stringify(item.json)).not.toContain(WEBHOOK_SECRET);
	});

	it.each([
		[
			'a tampered body',
			() => ({ ...dapiDelivery(transferDone), rawBody: JSON.stringify({ ...transferDone, reference: 'FT9' }) }),
			'invalid signature',
		],
		['a wrong secret', () => dapiDelivery(transferDone, { secret: 'not-the-secret' }), 'invalid signature'],
		[
			'a stale timestamp',
			() => dapiDelivery(transferDone, { ts: nowSeconds() - 301 }),
			'timestamp outside the replay window',
		],
		[
			'no signature',
			() => ({ headers: { 'dapi-ts': String(nowSeconds()) }, rawBody: JSON.stringify(transferDone) }),
			'missing signature',
		],
	])('answers 401 and starts nothing for %s', async (_case, make, reason) => {
		const { result, response } = await deliver(make());
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
		expect(response).toEqual({ status: 401, body: { received: false, reason } });
	});

	it('answers a repeated delivery inside the window but starts nothing the second time', async () => {
		const delivery = dapiDelivery(transferDone);
		const first = await deliver(delivery, {}, 'wf-replay');
		const second = await deliver(delivery, {}, 'wf-replay');
		expect(first.result.workflowData).toBeDefined();
		expect(second.result.workflowData).toBeUndefined();
		expect(second.response).toEqual({ status: 200, body: { received: true, duplicate: true } });
	});

	it("a delivery another n8n process accepted is a repeat here too (the workflow's static data)", async () => {
		const delivery = dapiDelivery(transferDone);
		const first = await deliver(delivery, {}, 'wf-two-processes');
		const elsewhere = await deliver(delivery, {}, 'wf-two-processes', triggerOfAnotherProcess());
		expect(first.result.workflowData).toBeDefined();
		expect(elsewhere.result.workflowData).toBeUndefined();
		expect(elsewhere.response).toEqual({ status: 200, body: { received: true, duplicate: true } });
		// What lands in the workflow: a digest and an expiry per delivery, nothing of its headers.
		const stored = staticData.get('wf-two-processes:node')!;
		expect(Object.keys(stored)).toEqual(['acceptedDeliveries']);
		expect(JSON.stringify(stored)).not.toContain(delivery.headers['dapi-signature']);
	});

	it('the shared memory drops expired deliveries and keeps the newest when full', () => {
		const store: IDataObject = {};
		const windowMs = 300_000;
		expect(isRepeatShared(store, 'old', 0, windowMs)).toBe(false);
		expect(isRepeatShared(store, 'old', 2 * windowMs - 1, windowMs)).toBe(true);
		expect(isRepeatShared(store, 'new', 2 * windowMs, windowMs)).toBe(false);
		expect(store.acceptedDeliveries).toHaveLength(1); // "old" expired
		expect(isRepeatShared(store, 'old', 2 * windowMs, windowMs)).toBe(false);
		for (let i = 0; i < SHARED_MEMORY_LIMIT + 10; i++) isRepeatShared(store, `d${i}`, 3 * windowMs + i, windowMs);
		expect(store.acceptedDeliveries).toHaveLength(SHARED_MEMORY_LIMIT);
		expect(isRepeatShared(store, `d${SHARED_MEMORY_LIMIT + 9}`, 4 * windowMs, windowMs)).toBe(true);
		expect(isRepeatShared(store, 'd0', 4 * windowMs, windowMs)).toBe(false); // the oldest made room
	});

	it('the same delivery to another trigger is not a repeat', async () => {
		const delivery = dapiDelivery(transferDone);
		expect((await deliver(delivery, {}, 'wf-a')).result.workflowData).toBeDefined();
		expect((await deliver(delivery, {}, 'wf-b')).result.workflowData).toBeDefined();
	});

	it('filters on status and endpoint', async () => {
		const failed = { ...transferDone, status: 'failed', success: false, type: 'INSUFFICIENT_BALANCE' };
		expect((await deliver(dapiDelivery(failed), { statuses: ['done'] })).response.body).toEqual({
			received: true,
			filtered: true,
		});
		expect((await deliver(dapiDelivery(transferDone), { statuses: ['done'] })).result.workflowData).toBeDefined();
		expect(
			(await deliver(dapiDelivery(transferDone), { endpoints: '/wire/transfer/autoflow' })).result.workflowData,
		).toBeUndefined();
		expect(
			(await deliver(dapiDelivery(transferDone), { endpoints: ' /v2/payment/transfer/autoflow , /x' })).result
				.workflowData,
		).toBeDefined();
		const { opInfo: _unnamed, ...noEndpoint } = transferDone;
		expect(
			(await deliver(dapiDelivery(noEndpoint), { endpoints: '/payment/transfer/autoflow' })).result.workflowData,
		).toBeUndefined();
	});

	it.each([
		[{ operations: ['/payment/transfer/autoflow'] }, '/payment/transfer/autoflow', true],
		[{ operations: ['/payment/transfer/create', '/wire/transfer/autoflow'] }, '/payment/transfer/autoflow', false],
		[{ operations: ['/batch/*'] }, '/batch/transfers/create', true],
		[{ operations: ['/batch/*'] }, '/batchy/transfers/create', false],
		[{ operations: ['/data/*'] }, '/v2/data/balance/get', true],
		[
			{ operations: ['/ach/pull/create'], endpoints: '/payment/beneficiaries/create' },
			'/payment/beneficiaries/create',
			true,
		],
		[{ operations: [], endpoints: '/wire/*' }, '/wire/transfer/create', true],
		[{ operations: [], endpoints: '' }, '/anything/at/all', true],
	])(
		'known operations and custom endpoints filter together: %j, event about %s → starts %p',
		async (parameters, endpoint, starts) => {
			const event = { ...transferDone, opInfo: { type: endpoint } };
			const { result, response } = await deliver(dapiDelivery(event), parameters);
			expect(result.workflowData !== undefined).toBe(starts);
			if (!starts) expect(response.body).toEqual({ received: true, filtered: true });
		},
	);

	it('offers the operation kinds Dapi reports (transfers, autoflow, wire, ACH, batch, data) as options', () => {
		const property = new DapiTrigger().description.properties.find((p) => p.name === 'operations')!;
		expect(property.type).toBe('multiOptions');
		expect(property.options!.map((option) => (option as { value: string }).value)).toEqual([
			'/ach/pull/create',
			'/batch/*',
			'/data/*',
			'/payment/transfer/create',
			'/payment/transfer/autoflow',
			'/wire/transfer/create',
			'/wire/transfer/autoflow',
		]);
	});

	it('Svix scheme: verifies, decrypts and refuses tampering', async () => {
		const delivery = svixDelivery(transferDone);
		const { result } = await deliver(delivery, { signatureScheme: 'svix', secret: SVIX_SECRET });
		expect(result.workflowData![0][0].json).toMatchObject({
			...transferDone,
			webhook: { scheme: 'svix', svixId: delivery.headers['svix-id'] },
		});
		const tampered = { ...svixDelivery(transferDone), rawBody: JSON.stringify({ data: 'AAAA' }) };
		expect((await deliver(tampered, { signatureScheme: 'svix', secret: SVIX_SECRET })).response.status).toBe(401);
	});

	it('a signed body that is not JSON is 400; no webhook secret configured is 401', async () => {
		const ts = nowSeconds();
		const rawBody = 'not json';
		const signature = createHmac('sha256', WEBHOOK_SECRET).update(`${ts}${rawBody}`).digest('base64');
		const notJson = await deliver({ headers: { 'dapi-ts': String(ts), 'dapi-signature': signature }, rawBody });
		expect(notJson.response.status).toBe(400);
		const noSecret = await deliver(dapiDelivery(transferDone), { secret: '' });
		expect(noSecret.response).toEqual({
			status: 401,
			body: { received: false, reason: 'no webhook secret is configured' },
		});
	});

	it.each([
		['padding removed', (sig: string) => sig.replace(/=+$/, '')],
		['a space inserted', (sig: string) => `${sig.slice(0, 8)} ${sig.slice(8)}`],
		['punctuation inserted', (sig: string) => `${sig.slice(0, 8)}.${sig.slice(8)}`],
		['a newline appended inside', (sig: string) => `${sig.slice(0, 8)}\n${sig.slice(8)}`],
		['base64url letters', (sig: string) => sig.replace(/\+/g, '-').replace(/\//g, '_')],
		['extra padding', (sig: string) => `${sig}==`],
	])('a re-encoded signature of a captured delivery (%s) starts nothing again', async (_case, reencode) => {
		const delivery = dapiDelivery(transferDone);
		const workflowId = `wf-reencoded-${++workflowCounter}`;
		expect((await deliver(delivery, {}, workflowId)).result.workflowData).toBeDefined();
		const signature = delivery.headers['dapi-signature'];
		const variant = reencode(signature);
		if (variant === signature) return; // this signature has no such letters; other cases cover it
		const replay = await deliver(
			{ ...delivery, headers: { ...delivery.headers, 'dapi-signature': variant } },
			{},
			workflowId,
		);
		expect(replay.result.workflowData).toBeUndefined();
	});

	it('a Svix delivery re-sent with its signature list re-spelled starts nothing again', async () => {
		const delivery = svixDelivery(transferDone);
		const params = { signatureScheme: 'svix', secret: SVIX_SECRET };
		const workflowId = `wf-svix-replay-${++workflowCounter}`;
		expect((await deliver(delivery, params, workflowId)).result.workflowData).toBeDefined();
		const respelled = `v1,bm90LWEtc2lnbmF0dXJl ${delivery.headers['svix-signature']}`;
		const replay = await deliver(
			{ ...delivery, headers: { ...delivery.headers, 'svix-signature': respelled } },
			params,
			workflowId,
		);
		expect(replay.result.workflowData).toBeUndefined();
		expect(replay.response.body).toEqual({ received: true, duplicate: true });
	});

	it('a webhook secret of only spaces counts as not configured', async () => {
		const delivery = dapiDelivery(transferDone, { secret: '   ' });
		const { result, response } = await deliver(delivery, { secret: '   ' });
		expect(result.workflowData).toBeUndefined();
		expect(response).toEqual({ status: 401, body: { received: false, reason: 'no webhook secret is configured' } });
	});

	it.each([[Number.NaN], [0], [2.5], [-5], [1e9]])(
		'a Replay Window of %p is refused instead of switching the timestamp check off',
		async (window) => {
			const stale = dapiDelivery(transferDone, { ts: nowSeconds() - 100_000 });
			const { result, response } = await deliver(stale, { options: { replayWindowSeconds: window } });
			expect(result.workflowData).toBeUndefined();
			expect(response.status).toBe(500);
			expect(String((response.body as IDataObject).reason)).toContain('Replay Window');
		},
	);
});
