import { useSimulator } from '../support/simulator';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebhookDelivery } from '../../simulator';
import {
	APP_SECRET,
	FIXED_NOW,
	aeBeneficiary,
	call,
	expectDapiError,
	login,
	opID,
	userCall,
	type Session,
} from '../support/simulatorHttp';

const DAPI_SECRET = 'dapi-webhook-secret-for-tests';
const SVIX_KEY = crypto.randomBytes(24);
const SVIX_SECRET = `whsec_${SVIX_KEY.toString('base64')}`;
const AES_256 = crypto.randomBytes(32);
const AES_128 = crypto.randomBytes(16);
const NOW_SECONDS = String(Math.floor(FIXED_NOW / 1000));

interface Received {
	method: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A tiny webhook receiver: records every POST and answers `status` (or holds the answer while `hold` is set). */
async function startReceiver() {
	const received: Received[] = [];
	let status = 200;
	let held: Array<() => void> | null = null;
	const onReceive = new Set<() => void>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			for (const listener of [...onReceive]) listener();
			const answer = () => {
				res.writeHead(status, { 'content-type': 'text/plain' });
				res.end('ok');
			};
			if (held) held.push(answer);
			else answer();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks/dapi`,
		received,
		setStatus: (next: number) => (status = next),
		hold: () => (held = []),
		release: () => {
			const waiting = held ?? [];
			held = null;
			for (const answer of waiting) answer();
		},
		/** Resolves once `count` webhooks have arrived: on their arrival, not on a clock. */
		waitFor(count: number) {
			return new Promise<Received[]>((resolve) => {
				const check = () => {
					if (received.length < count) return;
					onReceive.delete(check);
					resolve(received);
				};
				onReceive.add(check);
				check();
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Node SDK verifyWebhookSignature: base64(HMAC-SHA256(webhookSecret, dapi-ts + raw body)). Computed here, not by the simulator. */
function dapiSignature(secret: string, ts: string, body: string) {
	return crypto
		.createHmac('sha256', secret)
		.update(ts + body)
		.digest('base64');
}

/** Svix: key = base64-decoded secret after "whsec_", content = `${id}.${timestamp}.${body}`, header "v1,<base64>". */
function svixSignature(secret: string, id: string, ts: string, body: string) {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	return `v1,${crypto.createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

/** dapi-go DecryptWebhookData: base64-decode key and data, IV = first 16 bytes, AES-CFB decrypt the rest. */
function decrypt(aesKeyBase64: string, data: string) {
	const key = Buffer.from(aesKeyBase64, 'base64');
	const raw = Buffer.from(data, 'base64');
	const decipher = crypto.createDecipheriv(`aes-${key.length * 8}-cfb`, key, raw.subarray(0, 16));
	return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

/** How many bytes two base64 signatures differ in. */
function bytesDiffering(a: string, b: string) {
	const x = Buffer.from(a, 'base64');
	const y = Buffer.from(b, 'base64');
	expect(x.length).toBe(y.length);
	return [...x].filter((byte, i) => byte !== y[i]).length;
}

/** What a webhook carries: the operation's answer plus opInfo naming the endpoint and status. */
const posted = <T extends Record<string, unknown>>(body: T) => ({
	...body,
	opInfo: { type: expect.stringMatching(/^\/(payment|wire|ach)\//), status: body.status },
});

describe('webhooks', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let receiver: Receiver;
	let liv: Session;
	beforeEach(async () => {
		receiver = await startReceiver();
		liv = await login(sim, 'user-ae-liv-001');
	});
	afterEach(async () => {
		await sim.close();
		await receiver.close();
	});

	const transfer = (amount = 10, session = liv) =>
		userCall(sim, session, '/v2/payment/transfer/create', {
			senderID: 'acc-liv-001-current',
			amount,
			receiverID: 'ben-liv-001-01',
		});
	/** A transfer whose webhook has been answered before this resolves, so deliveries arrive in call order. */
	const settledTransfer = async (amount = 10) => {
		const reply = await transfer(amount);
		await sim.flushWebhooks();
		return reply;
	};

	describe("scheme 'dapi-signature' (Node SDK)", () => {
		beforeEach(() => sim.setWebhook({ url: receiver.url, secret: DAPI_SECRET, scheme: 'dapi-signature' }));

		test('a finished transfer is posted after the answer: the same envelope, signed with dapi-ts + raw body', async () => {
			const reply = await transfer();
			expect(reply.status).toBe(200);
			const [hook] = await receiver.waitFor(1);
			expect(hook.method).toBe('POST');
			expect(hook.headers['content-type']).toBe('application/json');
			expect(hook.headers['dapi-ts']).toBe(NOW_SECONDS);
			expect(hook.headers['dapi-signature']).toBe(
				dapiSignature(DAPI_SECRET, hook.headers['dapi-ts'] as string, hook.body),
			);
			expect(JSON.parse(hook.body)).toEqual(posted(reply.body));
			expect(JSON.parse(hook.body)).toMatchObject({
				operationID: opID(reply),
				success: true,
				status: 'done',
				reference: reply.body.reference,
			});

			await sim.flushWebhooks();
			const deliveries = sim.webhookDeliveries();
			expect(deliveries).toHaveLength(1);
			expect(deliveries[0]).toEqual({
				seq: 1,
				url: receiver.url,
				scheme: 'dapi-signature',
				headers: {
					'content-type': 'application/json',
					'dapi-ts': NOW_SECONDS,
					'dapi-signature': hook.headers['dapi-signature'],
				},
				body: hook.body,
				payload: posted(reply.body),
				fault: null,
				sentAt: FIXED_NOW,
				status: 200,
				error: null,
			});
		});

		test('the API answer does not wait for the webhook receiver', async () => {
			receiver.hold();
			const reply = await transfer();
			expect(reply.status).toBe(200);
			await receiver.waitFor(1);
			expect(sim.webhookDeliveries()[0].status).toBeNull();
			receiver.release();
			await sim.flushWebhooks();
			expect(sim.webhookDeliveries()[0].status).toBe(200);
		});

		test('a failed transfer posts the error envelope', async () => {
			const reply = await transfer(99_999);
			expectDapiError(reply, 400, 'INSUFFICIENT_BALANCE');
			const [hook] = await receiver.waitFor(1);
			expect(JSON.parse(hook.body)).toEqual(posted(reply.body));
			expect(hook.headers['dapi-signature']).toBe(dapiSignature(DAPI_SECRET, NOW_SECONDS, hook.body));
		});

		test('every money-moving endpoint posts; reads, beneficiaries, refused logins and MFA prompts do not', async () => {
			await userCall(sim, liv, '/v2/data/balance/get', { accountID: 'acc-liv-001-current' });
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary());
			await call(sim, '/v2/payment/transfer/create', {
				appSecret: APP_SECRET,
				userSecret: liv.connect.userSecret,
				senderID: 'x',
				amount: 1,
			});
			await call(sim, '/v2/payment/transfer/create', { appSecret: 'wrong' }, { token: liv.accessToken });
			sim.setUserInputPolicy('/v2/payment/transfer/autoflow', 'otp');
			const body = { senderID: 'acc-liv-001-current', amount: 3, beneficiary: aeBeneficiary() };
			const prompt = await userCall(sim, liv, '/v2/payment/transfer/autoflow', body);
			expect(prompt.body.status).toBe('user_input_required');
			await sim.flushWebhooks();
			expect(receiver.received).toHaveLength(0);

			const autoflow = await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
				...body,
				operationID: opID(prompt),
				userInputs: [{ id: 'otp', index: 0, answer: '123456' }],
			});
			expect(autoflow.body.status).toBe('done');
			const chase = await login(sim, 'user-us-chase-003');
			const wire = await userCall(sim, chase, '/v2/wire/transfer/create', {
				senderID: 'acc-chase-003-checking',
				amount: 5,
				receiverID: 'wben-chase-003-01',
			});
			const wireBeneficiary = {
				name: 'Acme Supplies',
				nickname: 'Acme',
				accountNumber: '000555666777',
				routingNumber: '026009593',
				type: 'local',
				address: { line1: '100 Main Street', line2: 'Boston', line3: 'United States' },
				country: 'US',
				branchAddress: '100 Federal Street Boston',
				branchName: 'Federal Street',
				bankName: 'Bank of America',
			};
			const wireAutoflow = await userCall(sim, chase, '/v2/wire/transfer/autoflow', {
				senderID: 'acc-chase-003-checking',
				amount: 5,
				beneficiary: wireBeneficiary,
			});
			const ach = await userCall(sim, chase, '/v2/ach/pull/create', {
				transfer: { senderID: 'acc-chase-003-checking', amount: 5 },
			});
			const replies = [autoflow, wire, wireAutoflow, ach];
			for (const reply of replies) expect(reply.status).toBe(200);
			await receiver.waitFor(4);
			await sim.flushWebhooks();
			// Deliveries of separate calls may arrive in any order.
			const byOperation = (a: { operationID: string }, b: { operationID: string }) =>
				a.operationID.localeCompare(b.operationID);
			expect(receiver.received.map((hook) => JSON.parse(hook.body)).sort(byOperation)).toEqual(
				replies.map((reply) => posted(reply.body)).sort(byOperation),
			);
			for (const hook of receiver.received) {
				expect(hook.headers['dapi-signature']).toBe(
					dapiSignature(DAPI_SECRET, hook.headers['dapi-ts'] as string, hook.body),
				);
			}
			expect(receiver.received).toHaveLength(4);
		});

		test('an INVALID_MFA on a transfer is posted as failed', async () => {
			sim.setUserInputPolicy('/v2/payment/transfer/create', 'otp');
			const prompt = await transfer();
			const wrong = await userCall(sim, liv, '/v2/payment/transfer/create', {
				senderID: 'acc-liv-001-current',
				amount: 10,
				receiverID: 'ben-liv-001-01',
				operationID: opID(prompt),
				userInputs: [{ id: 'otp', index: 0, answer: '000000' }],
			});
			expectDapiError(wrong, 401, 'INVALID_MFA');
			const [hook] = await receiver.waitFor(1);
			expect(JSON.parse(hook.body)).toEqual(posted(wrong.body));
		});

		test('fault bad-signature (one-shot): one byte of the signature is flipped, the next delivery is valid again', async () => {
			sim.setWebhookFault('bad-signature');
			await settledTransfer();
			await settledTransfer();
			const [bad, good] = await receiver.waitFor(2);
			const expectedBad = dapiSignature(DAPI_SECRET, bad.headers['dapi-ts'] as string, bad.body);
			expect(bad.headers['dapi-signature']).not.toBe(expectedBad);
			expect(bytesDiffering(bad.headers['dapi-signature'] as string, expectedBad)).toBe(1);
			expect(good.headers['dapi-signature']).toBe(
				dapiSignature(DAPI_SECRET, good.headers['dapi-ts'] as string, good.body),
			);
			await sim.flushWebhooks();
			expect(sim.webhookDeliveries().map((d) => d.fault)).toEqual(['bad-signature', null]);
		});

		test('fault old-timestamp: dapi-ts is 10 minutes old and the signature is valid for it', async () => {
			sim.setWebhookFault('old-timestamp');
			await transfer();
			const [hook] = await receiver.waitFor(1);
			expect(Number(hook.headers['dapi-ts'])).toBe(Number(NOW_SECONDS) - 600);
			expect(hook.headers['dapi-signature']).toBe(
				dapiSignature(DAPI_SECRET, hook.headers['dapi-ts'] as string, hook.body),
			);
		});

		test('fault duplicate: the same delivery twice, byte for byte', async () => {
			sim.setWebhookFault('duplicate');
			await transfer();
			const [first, second] = await receiver.waitFor(2);
			expect(second.body).toBe(first.body);
			expect(second.headers['dapi-ts']).toBe(first.headers['dapi-ts']);
			expect(second.headers['dapi-signature']).toBe(first.headers['dapi-signature']);
			expect(first.headers['dapi-signature']).toBe(
				dapiSignature(DAPI_SECRET, first.headers['dapi-ts'] as string, first.body),
			);
			await sim.flushWebhooks();
			const deliveries = sim.webhookDeliveries();
			expect(deliveries.map((d) => [d.seq, d.fault, d.status])).toEqual([
				[1, 'duplicate', 200],
				[2, 'duplicate', 200],
			]);
			await settledTransfer();
			expect(receiver.received).toHaveLength(3);
			expect(sim.webhookDeliveries()[2].fault).toBeNull();
		});

		test('a sticky fault stays until cleared with null', async () => {
			sim.setWebhookFault('bad-signature', { sticky: true });
			await settledTransfer();
			await settledTransfer();
			sim.setWebhookFault(null);
			await settledTransfer();
			const hooks = await receiver.waitFor(3);
			const valid = hooks.map(
				(hook) =>
					hook.headers['dapi-signature'] === dapiSignature(DAPI_SECRET, hook.headers['dapi-ts'] as string, hook.body),
			);
			expect(valid).toEqual([false, false, true]);
		});

		test('the receiver status and unreachable URLs are recorded', async () => {
			receiver.setStatus(500);
			await transfer();
			await receiver.waitFor(1);
			await sim.flushWebhooks();
			expect(sim.webhookDeliveries()[0]).toMatchObject({ status: 500, error: null });

			const closed = await startReceiver();
			await closed.close();
			sim.setWebhook({ url: closed.url, secret: DAPI_SECRET });
			sim.clearWebhookDeliveries();
			await transfer();
			await sim.flushWebhooks();
			const [failed] = sim.webhookDeliveries();
			expect(failed.status).toBeNull();
			expect(failed.error).toEqual(expect.any(String));
		});

		test('sendWebhook(envelope) fires one directly and resolves with its delivery', async () => {
			receiver.setStatus(202);
			const envelope = { operationID: 'op-direct', success: true, status: 'done', reference: 'REF1' };
			const delivery: WebhookDelivery = await sim.sendWebhook(envelope);
			expect(receiver.received).toHaveLength(1);
			expect(delivery).toMatchObject({
				status: 202,
				payload: envelope,
				body: JSON.stringify(envelope),
				url: receiver.url,
			});
			expect(delivery.headers['dapi-signature']).toBe(
				dapiSignature(DAPI_SECRET, NOW_SECONDS, receiver.received[0].body),
			);
			sim.setWebhookFault('duplicate');
			const first = await sim.sendWebhook(envelope);
			expect(receiver.received).toHaveLength(3);
			expect(first.fault).toBe('duplicate');
		});

		test('webhooks off: nothing is sent and sendWebhook rejects', async () => {
			sim.setWebhook(null);
			expect(sim.webhook()).toBeNull();
			await transfer();
			await sim.flushWebhooks();
			expect(receiver.received).toHaveLength(0);
			await expect(sim.sendWebhook({ status: 'done' })).rejects.toThrow(/No webhook configured/);
		});
	});

	describe("scheme 'svix' (Go SDK 2024)", () => {
		test('Svix headers and signature, and an AES-256-CFB encrypted envelope in {"data"}', async () => {
			sim.setWebhook({ url: receiver.url, secret: SVIX_SECRET, scheme: 'svix', aesKey: AES_256.toString('base64') });
			const reply = await transfer();
			const [hook] = await receiver.waitFor(1);
			expect(hook.headers['content-type']).toBe('application/json');
			expect(hook.headers['svix-id']).toMatch(/^msg_[A-Za-z0-9]{20,}$/);
			expect(hook.headers['svix-timestamp']).toBe(NOW_SECONDS);
			expect(hook.headers['svix-signature']).toBe(
				svixSignature(
					SVIX_SECRET,
					hook.headers['svix-id'] as string,
					hook.headers['svix-timestamp'] as string,
					hook.body,
				),
			);
			const outer = JSON.parse(hook.body);
			expect(Object.keys(outer)).toEqual(['data']);
			expect(hook.body).not.toContain(reply.body.reference);
			expect(JSON.parse(decrypt(AES_256.toString('base64'), outer.data))).toEqual(posted(reply.body));
			await sim.flushWebhooks();
			expect(sim.webhookDeliveries()[0]).toMatchObject({
				scheme: 'svix',
				payload: posted(reply.body),
				body: hook.body,
				status: 200,
			});
		});

		test('a 16-byte key is AES-128-CFB, a secret without "whsec_" works, and every delivery has its own id and IV', async () => {
			const rawSecret = SVIX_KEY.toString('base64');
			sim.setWebhook({ url: receiver.url, secret: rawSecret, scheme: 'svix', aesKey: AES_128.toString('base64') });
			const first = await settledTransfer();
			const second = await settledTransfer();
			const hooks = await receiver.waitFor(2);
			hooks.forEach((hook, i) => {
				expect(hook.headers['svix-signature']).toBe(
					svixSignature(
						rawSecret,
						hook.headers['svix-id'] as string,
						hook.headers['svix-timestamp'] as string,
						hook.body,
					),
				);
				expect(JSON.parse(decrypt(AES_128.toString('base64'), JSON.parse(hook.body).data))).toEqual(
					posted([first, second][i].body),
				);
			});
			expect(hooks[0].headers['svix-id']).not.toBe(hooks[1].headers['svix-id']);
			expect(JSON.parse(hooks[0].body).data.slice(0, 22)).not.toBe(JSON.parse(hooks[1].body).data.slice(0, 22));
		});

		test('faults: bad-signature keeps "v1," and flips one byte; old-timestamp is signed; duplicate repeats svix-id', async () => {
			sim.setWebhook({ url: receiver.url, secret: SVIX_SECRET, scheme: 'svix', aesKey: AES_256.toString('base64') });
			sim.setWebhookFault('bad-signature');
			await settledTransfer();
			sim.setWebhookFault('old-timestamp');
			await settledTransfer();
			sim.setWebhookFault('duplicate');
			await settledTransfer();
			const [bad, old, dup1, dup2] = await receiver.waitFor(4);
			const expectedBad = svixSignature(
				SVIX_SECRET,
				bad.headers['svix-id'] as string,
				bad.headers['svix-timestamp'] as string,
				bad.body,
			);
			expect(bad.headers['svix-signature']).toMatch(/^v1,/);
			expect(bytesDiffering((bad.headers['svix-signature'] as string).slice(3), expectedBad.slice(3))).toBe(1);
			expect(Number(old.headers['svix-timestamp'])).toBe(Number(NOW_SECONDS) - 600);
			expect(old.headers['svix-signature']).toBe(
				svixSignature(SVIX_SECRET, old.headers['svix-id'] as string, old.headers['svix-timestamp'] as string, old.body),
			);
			expect(dup2.headers['svix-id']).toBe(dup1.headers['svix-id']);
			expect(dup2.headers['svix-signature']).toBe(dup1.headers['svix-signature']);
			expect(dup2.body).toBe(dup1.body);
		});
	});

	test('setWebhook refuses bad configurations', () => {
		const svix = {
			url: receiver.url,
			secret: SVIX_SECRET,
			scheme: 'svix' as const,
			aesKey: AES_256.toString('base64'),
		};
		expect(() => sim.setWebhook({ url: 'ftp://example.com/hook', secret: 's' })).toThrow(TypeError);
		expect(() => sim.setWebhook({ url: 'not a url', secret: 's' })).toThrow(TypeError);
		expect(() => sim.setWebhook({ url: receiver.url, secret: '' })).toThrow(TypeError);
		expect(() => sim.setWebhook({ url: receiver.url, secret: 's', scheme: 'hmac' as never })).toThrow(TypeError);
		expect(() => sim.setWebhook({ url: receiver.url, secret: 's', aesKey: AES_256.toString('base64') })).toThrow(
			/only used by the svix scheme/,
		);
		expect(() => sim.setWebhook({ ...svix, aesKey: undefined })).toThrow(/aesKey/);
		expect(() => sim.setWebhook({ ...svix, aesKey: crypto.randomBytes(20).toString('base64') })).toThrow(
			/16, 24 or 32 bytes/,
		);
		expect(() => sim.setWebhook({ ...svix, secret: 'whsec_not base64!' })).toThrow(TypeError);
		expect(() => sim.setWebhookFault('late' as never)).toThrow(TypeError);
		expect(sim.webhook()).toBeNull();
		sim.setWebhook(svix);
		expect(sim.webhook()).toEqual({ url: receiver.url, scheme: 'svix' });
	});

	test('control API: configure, fault, send, deliveries', async () => {
		const control = async (method: string, path: string, body?: unknown) => {
			const res = await fetch(`${sim.url}${path}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			return { status: res.status, body: (await res.json()) as any };
		};
		expect((await control('POST', '/__sim/webhook/send', { envelope: { status: 'done' } })).status).toBe(409);
		expect((await control('POST', '/__sim/webhook', { url: receiver.url })).status).toBe(400);
		const set = await control('POST', '/__sim/webhook', { url: receiver.url, secret: DAPI_SECRET });
		expect(set).toEqual({ status: 200, body: { webhook: { url: receiver.url, scheme: 'dapi-signature' } } });
		expect(JSON.stringify((await control('GET', '/__sim/webhook')).body)).not.toContain(DAPI_SECRET);

		expect(await control('POST', '/__sim/webhook/fault', { fault: 'old-timestamp' })).toEqual({
			status: 200,
			body: { fault: 'old-timestamp', sticky: false },
		});
		expect((await control('POST', '/__sim/webhook/fault', { fault: 'nope' })).status).toBe(400);
		const sent = await control('POST', '/__sim/webhook/send', {
			envelope: { operationID: 'op-x', success: true, status: 'done' },
		});
		expect(sent.status).toBe(200);
		expect(sent.body.delivery).toMatchObject({ fault: 'old-timestamp', status: 200, payload: { operationID: 'op-x' } });
		const [hook] = receiver.received;
		expect(hook.headers['dapi-signature']).toBe(
			dapiSignature(DAPI_SECRET, hook.headers['dapi-ts'] as string, hook.body),
		);
		expect(Number(hook.headers['dapi-ts'])).toBe(Number(NOW_SECONDS) - 600);

		expect((await control('GET', '/__sim/webhook/deliveries')).body.deliveries).toEqual(sim.webhookDeliveries());
		expect(await control('DELETE', '/__sim/webhook/deliveries')).toEqual({ status: 200, body: { deliveries: [] } });
		expect(sim.webhookDeliveries()).toEqual([]);
		expect(await control('POST', '/__sim/webhook', { url: null })).toEqual({ status: 200, body: { webhook: null } });
	});
});
