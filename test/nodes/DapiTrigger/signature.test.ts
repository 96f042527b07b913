import { decryptWebhookData, verifyDapiSignature, verifySvixSignature } from '../../../nodes/DapiTrigger/signature';

/*
 * Fixed vectors, computed outside the code under test:
 * - Svix's own published example (secret, msg id, timestamp, payload and signature from Svix's docs);
 * - Dapi scheme: printf '%s' "<ts><body>" | openssl dgst -sha256 -hmac <secret> -binary | base64
 * - AES-128-CFB: printf '%s' <json> | openssl enc -aes-128-cfb -K 0001…0f -iv 1011…1f, IV prepended, base64.
 */
const SVIX = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: 1614265330,
	body: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const DAPI = {
	secret: 'dapi-webhook-secret',
	timestamp: 1700000000,
	body: '{"operationID":"op-1","success":true,"status":"done","reference":"FT1"}',
	signature: 'CLvkOCp37h1SBN1AGkL3oK9RVOUyuXz2tAJFEGEKoZA=',
};
const AES = {
	key: 'AAECAwQFBgcICQoLDA0ODw==',
	data: 'EBESExQVFhcYGRobHB0eH3zcgASEp2Ia+WGAWMq2qLEBehwbLIwewzA1KPzWDnWFuDAhO54cO3+l5aNBIbZTuwIkvFJ4d++Rjew/fWkl14HbpXmi8Xo=',
	plain: '{"operationID":"op-2","status":"failed","type":"INSUFFICIENT_BALANCE"}',
};
const WINDOW = 300;

describe('Dapi signature scheme (Node SDK)', () => {
	const headers = (overrides: Record<string, string> = {}) => ({
		'dapi-ts': String(DAPI.timestamp),
		'dapi-signature': DAPI.signature,
		...overrides,
	});

	it('accepts the fixed vector inside the window', () => {
		expect(verifyDapiSignature(headers(), DAPI.body, DAPI.secret, DAPI.timestamp + 10, WINDOW)).toEqual({
			ok: true,
			deliveryId: `dapi:${Buffer.from(DAPI.signature, 'base64').toString('hex')}`,
			timestamp: DAPI.timestamp,
		});
	});

	it.each([
		['a tampered body', headers(), DAPI.body.replace('FT1', 'FT2'), DAPI.secret, 'invalid signature'],
		['a wrong secret', headers(), DAPI.body, 'another-secret', 'invalid signature'],
		[
			'a changed timestamp',
			headers({ 'dapi-ts': String(DAPI.timestamp + 1) }),
			DAPI.body,
			DAPI.secret,
			'invalid signature',
		],
		['no signature', { 'dapi-ts': String(DAPI.timestamp) }, DAPI.body, DAPI.secret, 'missing signature'],
		[
			'a malformed signature',
			headers({ 'dapi-signature': 'not base64!' }),
			DAPI.body,
			DAPI.secret,
			'invalid signature',
		],
	])('refuses %s', (_case, given, body, secret, reason) => {
		expect(verifyDapiSignature(given, body, secret, DAPI.timestamp, WINDOW)).toEqual({ ok: false, reason });
	});

	it('reads a dapi-ts in milliseconds (the contract gives no unit) and still holds it to the window', () => {
		// printf '%s' "1700000000000<body>" | openssl dgst -sha256 -hmac dapi-webhook-secret -binary | base64
		const inMs = headers({
			'dapi-ts': '1700000000000',
			'dapi-signature': 'yXkk+jNv7Fg10toUFtBHYZglWGtxhNWNsyQ/wYfLJV0=',
		});
		expect(verifyDapiSignature(inMs, DAPI.body, DAPI.secret, DAPI.timestamp + 10, WINDOW)).toMatchObject({
			ok: true,
			timestamp: DAPI.timestamp,
		});
		expect(verifyDapiSignature(inMs, DAPI.body, DAPI.secret, DAPI.timestamp + WINDOW + 1, WINDOW)).toEqual({
			ok: false,
			reason: 'timestamp outside the replay window',
		});
	});

	it('refuses a genuine but stale delivery', () => {
		expect(verifyDapiSignature(headers(), DAPI.body, DAPI.secret, DAPI.timestamp + WINDOW + 1, WINDOW)).toEqual({
			ok: false,
			reason: 'timestamp outside the replay window',
		});
	});
});

describe('Svix scheme (Go SDK 2024)', () => {
	const headers = (overrides: Record<string, string> = {}) => ({
		'svix-id': SVIX.id,
		'svix-timestamp': String(SVIX.timestamp),
		'svix-signature': SVIX.signature,
		...overrides,
	});

	it("accepts Svix's published vector, also among several signatures", () => {
		expect(verifySvixSignature(headers(), SVIX.body, SVIX.secret, SVIX.timestamp, WINDOW)).toMatchObject({
			ok: true,
			deliveryId: expect.stringMatching(new RegExp(`^svix:${SVIX.id}:[0-9a-f]{64}$`)),
		});
		const several = headers({ 'svix-signature': `v1,bm90IHRoaXMgb25l ${SVIX.signature}` });
		expect(verifySvixSignature(several, SVIX.body, SVIX.secret, SVIX.timestamp, WINDOW).ok).toBe(true);
	});

	it.each([
		['a tampered body', headers(), '{"test": 2432232315}', SVIX.secret],
		['another message id', headers({ 'svix-id': 'msg_other' }), SVIX.body, SVIX.secret],
		['a wrong secret', headers(), SVIX.body, 'whsec_dGhpcyBpcyBub3QgaXQ='],
		[
			'a v2 signature only',
			headers({ 'svix-signature': SVIX.signature.replace('v1,', 'v2,') }),
			SVIX.body,
			SVIX.secret,
		],
	])('refuses %s', (_case, given, body, secret) => {
		expect(verifySvixSignature(given, body, secret, SVIX.timestamp, WINDOW)).toEqual({
			ok: false,
			reason: 'invalid signature',
		});
	});

	it('refuses a stale timestamp', () => {
		expect(verifySvixSignature(headers(), SVIX.body, SVIX.secret, SVIX.timestamp - WINDOW - 1, WINDOW)).toEqual({
			ok: false,
			reason: 'timestamp outside the replay window',
		});
	});
});

describe('decryptWebhookData (AES-CFB, IV first)', () => {
	it('decrypts the openssl vector', () => {
		expect(decryptWebhookData(AES.data, AES.key)).toBe(AES.plain);
	});

	it('refuses a key of the wrong size', () => {
		expect(() => decryptWebhookData(AES.data, 'c2hvcnQ=')).toThrow(/16, 24 or 32 bytes/);
	});
});
