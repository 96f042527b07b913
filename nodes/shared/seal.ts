import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'crypto';

// dapi.sealed.v1.<key id>.<base64url(IV | ciphertext | tag)>: AES-256-GCM with prefix and key id as additional
// data; the key id (not the key) lets a rotated credential open both (docs/connection-life.md).
export const SEALED_PREFIX = 'dapi.sealed.';
const VERSION = 'v1';

/** Shorter secrets are refused: HKDF does not stretch a weak passphrase. */
export const MIN_SEALING_SECRET_LENGTH = 32;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const DERIVATION_CONTEXT = 'n8n-nodes-dapi/sealed-connection';
const DERIVATION_PURPOSE = 'aes-256-gcm key v1';

export interface SealingKey {
	/** Names the key inside sealed values; derived from the key, it reveals nothing about the secret. */
	id: string;
	key: Buffer;
}

/** What a sealed connection holds: everything later calls need, and nothing else. */
export interface ConnectionSecrets {
	accessToken: string;
	userSecret: string;
	connectionID: string;
	tokenID?: string;
	userID?: string;
	bankId?: string;
}

export type UnsealProblem =
	'empty' | 'notSealed' | 'unknownVersion' | 'malformed' | 'unknownKey' | 'tampered' | 'noConnection';

/** An opened connection, or why it could not be opened (never a part of the value or the key). */
export type Unsealed =
	{ ok: true; connection: ConnectionSecrets; keyId: string } | { ok: false; problem: UnsealProblem };

/** The AES key and its id for one sealing secret (the credential's Connection Sealing Key). */
export function deriveSealingKey(secret: string): SealingKey {
	const key = Buffer.from(hkdfSync('sha256', secret, DERIVATION_CONTEXT, DERIVATION_PURPOSE, 32));
	const id = createHmac('sha256', key).update('key id').digest('hex').slice(0, 8);
	return { id, key };
}

/** Why a sealing secret cannot be used, or undefined when it can. */
export function sealingSecretProblem(secret: string): string | undefined {
	if (secret.length < MIN_SEALING_SECRET_LENGTH) {
		return `it has ${secret.length} characters; use at least ${MIN_SEALING_SECRET_LENGTH} random ones (for example the output of "openssl rand -base64 32")`;
	}
	return undefined;
}

const header = (keyId: string) => `${SEALED_PREFIX}${VERSION}.${keyId}`;

/** Text with something in it: a blank token, secret or id is no connection. */
export const nonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Seals one connection. `iv` is for fixed test vectors only: never reuse an IV with a key. */
export function sealConnection(
	connection: ConnectionSecrets,
	key: SealingKey,
	iv: Buffer = randomBytes(IV_BYTES),
): string {
	if (iv.length !== IV_BYTES) throw new Error(`the IV must be ${IV_BYTES} bytes`);
	// The last guard for every sealer (Exchange Access Code, the Connect Trigger): a value that opens must work.
	if (![connection.accessToken, connection.userSecret, connection.connectionID].every(nonBlank)) {
		throw new Error('A connection needs its access token, user secret and connection ID to be sealed');
	}
	const plain: ConnectionSecrets = {
		accessToken: connection.accessToken,
		userSecret: connection.userSecret,
		connectionID: connection.connectionID,
	};
	if (connection.tokenID !== undefined) plain.tokenID = connection.tokenID;
	if (connection.userID !== undefined) plain.userID = connection.userID;
	if (connection.bankId !== undefined) plain.bankId = connection.bankId;

	const cipher = createCipheriv('aes-256-gcm', key.key, iv);
	cipher.setAAD(Buffer.from(header(key.id)));
	const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
	return `${header(key.id)}.${Buffer.concat([iv, body]).toString('base64url')}`;
}

/** Opens a sealed connection with whichever of `keys` sealed it. */
export function unsealConnection(sealed: string, keys: SealingKey[]): Unsealed {
	const fail = (problem: UnsealProblem): Unsealed => ({ ok: false, problem });
	if (sealed.trim() === '') return fail('empty');
	const value = sealed;
	// Exactly the produced value: even surrounding whitespace is a change after sealing.
	if (value !== value.trim()) return fail('malformed');
	if (!value.startsWith(SEALED_PREFIX)) return fail('notSealed');
	const parts = value.slice(SEALED_PREFIX.length).split('.');
	if (parts[0] !== VERSION) return fail(/^v\d+$/.test(parts[0]) ? 'unknownVersion' : 'malformed');
	if (parts.length !== 3 || !/^[0-9a-f]{8}$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) {
		return fail('malformed');
	}
	const [, keyId, data] = parts;
	const raw = Buffer.from(data, 'base64url');
	// Node's decoder ignores a dangling character and the spare bits of the last one: only the
	// canonical encoding of the bytes is accepted, so any changed character is detected.
	if (raw.toString('base64url') !== data) return fail('malformed');
	if (raw.length <= IV_BYTES + TAG_BYTES) return fail('malformed');
	const key = keys.find((candidate) => candidate.id === keyId);
	if (!key) return fail('unknownKey');

	let plain: string;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
		decipher.setAAD(Buffer.from(header(keyId)));
		decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
		plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
			'utf8',
		);
	} catch {
		return fail('tampered');
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(plain);
	} catch {
		return fail('noConnection');
	}
	const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
	const text = (name: string) => (nonBlank(fields[name]) ? fields[name] : undefined);
	const accessToken = text('accessToken');
	const userSecret = text('userSecret');
	const connectionID = text('connectionID');
	if (!accessToken || !userSecret || !connectionID) return fail('noConnection');
	const connection: ConnectionSecrets = { accessToken, userSecret, connectionID };
	for (const name of ['tokenID', 'userID', 'bankId'] as const) {
		const found = text(name);
		if (found !== undefined) connection[name] = found;
	}
	return { ok: true, connection, keyId };
}

export interface CredentialKeys {
	/** The key new connections are sealed with: the Connection Sealing Key. */
	current?: SealingKey;
	/** Every key that may open a sealed connection: the current one, then the previous one (rotation). */
	all: SealingKey[];
	/** Why a key that is set cannot be used. */
	problem?: string;
}

/** The sealing keys of a Dapi API credential's Connection Sealing Key and Previous Sealing Key. */
export function sealingKeysFrom(current: unknown, previous: unknown): CredentialKeys {
	const result: CredentialKeys = { all: [] };
	for (const [label, secret] of [
		['Connection Sealing Key', current],
		['Previous Sealing Key', previous],
	] as const) {
		if (typeof secret !== 'string' || secret === '') continue;
		const problem = sealingSecretProblem(secret);
		if (problem) return { all: [], problem: `The credential's ${label} is too short: ${problem}.` };
		const key = deriveSealingKey(secret);
		if (label === 'Connection Sealing Key') result.current = key;
		result.all.push(key);
	}
	return result;
}
