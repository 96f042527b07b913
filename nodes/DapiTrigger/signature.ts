import { createDecipheriv, createHmac, timingSafeEqual } from 'crypto';

export type Verdict = { ok: true; deliveryId: string; timestamp: number } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
};

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Compares a base64 signature with the expected bytes in constant time. Only canonical base64 is
 * read: Node's decoder skips stray characters and takes base64url letters, so one signature would
 * otherwise have many spellings.
 */
function sameSignature(expected: Buffer, given: string): boolean {
	if (!CANONICAL_BASE64.test(given)) return false;
	const received = Buffer.from(given, 'base64');
	return received.length === expected.length && timingSafeEqual(received, expected);
}

/** Unix seconds from 13 digits on are milliseconds (year 5138 in seconds); Dapi gives no unit for dapi-ts. */
const MILLISECOND_DIGITS = 13;

function checkTimestamp(raw: string | undefined, nowSeconds: number, windowSeconds: number): number | string {
	const digits = raw?.trim() ?? '';
	if (!/^\d{1,15}$/.test(digits)) return 'missing or malformed timestamp';
	const timestamp = digits.length >= MILLISECOND_DIGITS ? Math.floor(Number(digits) / 1000) : Number(digits);
	if (Math.abs(nowSeconds - timestamp) > windowSeconds) return 'timestamp outside the replay window';
	return timestamp;
}

/**
 * Dapi's Node SDK scheme: `dapi-signature` = base64(HMAC-SHA256(webhook secret, `dapi-ts` + raw body)).
 */
export function verifyDapiSignature(
	headers: Headers,
	rawBody: string,
	secret: string,
	nowSeconds: number,
	windowSeconds: number,
): Verdict {
	const signature = header(headers, 'dapi-signature');
	const ts = header(headers, 'dapi-ts');
	if (!signature) return { ok: false, reason: 'missing signature' };
	const expected = createHmac('sha256', secret)
		.update((ts ?? '') + rawBody, 'utf8')
		.digest();
	if (!sameSignature(expected, signature.trim())) return { ok: false, reason: 'invalid signature' };
	const timestamp = checkTimestamp(ts, nowSeconds, windowSeconds);
	if (typeof timestamp === 'string') return { ok: false, reason: timestamp };
	// A delivery is what was verified (timestamp and body, through their HMAC), never the header's text.
	return { ok: true, deliveryId: `dapi:${expected.toString('hex')}`, timestamp };
}

/**
 * The Svix scheme of Dapi's 2024 Go SDK: `svix-signature` holds one or more `v1,<base64>` entries,
 * each HMAC-SHA256 over `${svix-id}.${svix-timestamp}.${raw body}` with the base64 secret (after `whsec_`).
 */
export function verifySvixSignature(
	headers: Headers,
	rawBody: string,
	secret: string,
	nowSeconds: number,
	windowSeconds: number,
): Verdict {
	const id = header(headers, 'svix-id');
	const ts = header(headers, 'svix-timestamp');
	const signatures = header(headers, 'svix-signature');
	if (!id || !signatures) return { ok: false, reason: 'missing signature' };
	const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
	if (key.length === 0) return { ok: false, reason: 'the webhook secret is not base64' };
	const expected = createHmac('sha256', key)
		.update(`${id}.${ts ?? ''}.${rawBody}`, 'utf8')
		.digest();
	const matches = signatures
		.split(' ')
		.map((entry) => entry.split(','))
		.some(([version, value]) => version === 'v1' && value !== undefined && sameSignature(expected, value));
	if (!matches) return { ok: false, reason: 'invalid signature' };
	const timestamp = checkTimestamp(ts, nowSeconds, windowSeconds);
	if (typeof timestamp === 'string') return { ok: false, reason: timestamp };
	// The id is signed with the body, so it names what was verified; the digest covers the rest.
	return { ok: true, deliveryId: `svix:${id}:${expected.toString('hex')}`, timestamp };
}

/** Dapi's Go SDK `DecryptWebhookData`: base64 key and data, IV = first 16 bytes, AES-CFB over the rest. */
export function decryptWebhookData(encrypted: string, base64Key: string): string {
	const key = Buffer.from(base64Key, 'base64');
	const bits = ({ 16: 128, 24: 192, 32: 256 } as Record<number, number>)[key.length];
	if (!bits) throw new Error('The webhook encryption key must be base64 of 16, 24 or 32 bytes');
	const data = Buffer.from(encrypted, 'base64');
	if (data.length <= 16) throw new Error('The encrypted webhook data is too short');
	const decipher = createDecipheriv(`aes-${bits}-cfb`, key, data.subarray(0, 16));
	return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
