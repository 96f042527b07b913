import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

import {
	deriveSealingKey,
	sealConnection,
	sealingKeysFrom,
	unsealConnection,
	type ConnectionSecrets,
} from '../../../nodes/shared/seal';
import { oneCharacterEdits } from '../../support/edits';

const SECRET = 'fixed-test-sealing-secret-0123456789-abcdef';
const OTHER_SECRET = 'another-sealing-secret-of-the-right-length-42';
const IV = Buffer.from('000102030405060708090a0b', 'hex');
const CONNECTION: ConnectionSecrets = {
	accessToken: 'access-token-vector',
	userSecret: 'user-secret-vector',
	connectionID: 'conn-1',
	tokenID: 'tok-1',
	userID: 'user-1',
	bankId: 'DAPIBANK_AE_LIV',
};
// Pinned once from this implementation; the tests below also decrypt it independently of it.
const VECTOR =
	'dapi.sealed.v1.c84103d0.AAECAwQFBgcICQoLlKDGB-_vgtyO6OpU-kistF0NZQKeBfCQqj387fgtyfrSpRhrTuAPO9NH8GZnRmHCWvYAInNFQp0S9_JfEr4MaQzbfDP-lPTAkTuy33LRiluue-HdaDq9d-dmsMhbpLZhXAVx3KZNA0XG86CoRLFcbUwnrPxAExrJVPO5Uplkfjwj2t7IfDtXHo4bfCsMXSHpd4Ws7-HTVm2LqxmDn4tROkgSG3JvB2Z15ohOsRmP';

const key = deriveSealingKey(SECRET);

/** Replaces one base64url character of the payload with another valid one. */
function flipPayloadChar(sealed: string, fromEnd: number): string {
	const at = sealed.length - fromEnd;
	const replacement = sealed[at] === 'A' ? 'B' : 'A';
	return sealed.slice(0, at) + replacement + sealed.slice(at + 1);
}

describe('sealed connections (nodes/shared/seal.ts)', () => {
	it('derives the key with HKDF-SHA256 and names it by an HMAC of the key, as documented', () => {
		const expected = Buffer.from(
			hkdfSync('sha256', SECRET, 'n8n-nodes-dapi/sealed-connection', 'aes-256-gcm key v1', 32),
		);
		expect(key.key.equals(expected)).toBe(true);
		expect(key.id).toBe(createHmac('sha256', expected).update('key id').digest('hex').slice(0, 8));
		expect(key.id).toBe('c84103d0');
	});

	it('seals the fixed vector byte for byte, with a versioned prefix and the key id', () => {
		expect(sealConnection(CONNECTION, key, IV)).toBe(VECTOR);
		expect(VECTOR.startsWith('dapi.sealed.v1.c84103d0.')).toBe(true);
	});

	it('the vector is plain AES-256-GCM: IV, ciphertext, tag, with the header as additional data', () => {
		const raw = Buffer.from(VECTOR.split('.')[4], 'base64url');
		const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, 12));
		decipher.setAAD(Buffer.from('dapi.sealed.v1.c84103d0'));
		decipher.setAuthTag(raw.subarray(raw.length - 16));
		const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
			'utf8',
		);
		expect(JSON.parse(plain)).toEqual(CONNECTION);
	});

	it('opens the vector, and holds no secret in clear', () => {
		expect(unsealConnection(VECTOR, [key])).toEqual({ ok: true, connection: CONNECTION, keyId: 'c84103d0' });
		for (const secret of [CONNECTION.accessToken, CONNECTION.userSecret, SECRET]) {
			expect(VECTOR).not.toContain(secret);
			expect(Buffer.from(VECTOR.split('.')[4], 'base64url').toString('latin1')).not.toContain(secret);
		}
	});

	it('uses a fresh IV each time: the same connection never seals to the same value', () => {
		const first = sealConnection(CONNECTION, key);
		const second = sealConnection(CONNECTION, key);
		expect(first).not.toBe(second);
		expect(unsealConnection(first, [key])).toMatchObject({ ok: true, connection: CONNECTION });
		expect(unsealConnection(second, [key])).toMatchObject({ ok: true, connection: CONNECTION });
	});

	it('keeps only the fields a connection has', () => {
		const minimal = { accessToken: 'a-token', userSecret: 'a-secret', connectionID: 'c' };
		expect(unsealConnection(sealConnection({ ...minimal, extra: 'dropped' } as ConnectionSecrets, key), [key])).toEqual(
			{
				ok: true,
				connection: minimal,
				keyId: key.id,
			},
		);
	});

	describe('refuses, with a reason and nothing else', () => {
		it.each([
			['an empty value', '', 'empty'],
			['spaces', '   ', 'empty'],
			['a plain access token', 'eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6MX0.sig', 'notSealed'],
			['a future version', VECTOR.replace('.v1.', '.v2.'), 'unknownVersion'],
			['a broken version', VECTOR.replace('.v1.', '.x1.'), 'malformed'],
			['a value cut short', VECTOR.slice(0, 60), 'malformed'],
			['only the header', 'dapi.sealed.v1.c84103d0.', 'malformed'],
			['a payload that is not base64url', `${VECTOR.slice(0, -3)}+/=`, 'malformed'],
			['an extra part', `${VECTOR}.more`, 'malformed'],
			['a value cut by a few characters', VECTOR.slice(0, -4), 'tampered'],
			['one changed character in the ciphertext', flipPayloadChar(VECTOR, 60), 'tampered'],
			['one changed character in the tag', flipPayloadChar(VECTOR, 3), 'tampered'],
			['the IV changed', VECTOR.replace('AAECAwQF', 'AAECAwQG'), 'tampered'],
			['another key id in the header', VECTOR.replace('c84103d0', 'c84103d1'), 'unknownKey'],
		])('%s', (_what, value, problem) => {
			const result = unsealConnection(value, [key]);
			expect(result).toEqual({ ok: false, problem });
			expect(JSON.stringify(result)).not.toContain(CONNECTION.userSecret);
		});

		// Base64url leaves spare bits at the end: a lenient decoder ignores an appended character or a
		// change in those bits. Payload lengths of every remainder mod 4 are tried (a token of 1–3 more characters).
		it('every one-character append, insertion, change or removal, whatever the payload length', () => {
			const sealedValues = [0, 1, 2, 3].map((extra) =>
				sealConnection({ ...CONNECTION, accessToken: CONNECTION.accessToken + 'x'.repeat(extra) }, key, IV),
			);
			expect(new Set(sealedValues.map((value) => value.split('.')[4].length % 4))).toEqual(new Set([0, 2, 3]));
			for (const value of sealedValues) {
				expect(unsealConnection(value, [key]).ok).toBe(true);
				const opened = oneCharacterEdits(value).filter((edited) => unsealConnection(edited, [key]).ok);
				expect(opened).toEqual([]);
			}
		});

		it('a value sealed with a key the credential does not have (a foreign key)', () => {
			const foreign = sealConnection(CONNECTION, deriveSealingKey(OTHER_SECRET));
			expect(unsealConnection(foreign, [key])).toEqual({ ok: false, problem: 'unknownKey' });
		});

		it('a foreign value whose header claims our key id', () => {
			const other = deriveSealingKey(OTHER_SECRET);
			const forged = sealConnection(CONNECTION, other).replace(other.id, key.id);
			expect(unsealConnection(forged, [key])).toEqual({ ok: false, problem: 'tampered' });
		});

		it.each([
			['no access token', { ...CONNECTION, accessToken: '' }],
			['a blank access token', { ...CONNECTION, accessToken: '   ' }],
			['a blank user secret', { ...CONNECTION, userSecret: '\t' }],
			['a blank connection ID', { ...CONNECTION, connectionID: ' ' }],
		])('a sealed value that holds %s', (_what, content) => {
			// Sealed here, as a value from an older or a broken sealer would be: sealConnection refuses it.
			const cipher = createCipheriv('aes-256-gcm', key.key, IV);
			cipher.setAAD(Buffer.from('dapi.sealed.v1.c84103d0'));
			const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final(), cipher.getAuthTag()]);
			const value = `dapi.sealed.v1.c84103d0.${Buffer.concat([IV, body]).toString('base64url')}`;
			expect(unsealConnection(value, [key])).toEqual({ ok: false, problem: 'noConnection' });
		});
	});

	it.each([
		['access token', { accessToken: ' \n ' }],
		['user secret', { userSecret: '' }],
		['connection ID', { connectionID: '   ' }],
	])('never seals a connection with a blank %s', (_what, blank) => {
		expect(() => sealConnection({ ...CONNECTION, ...blank }, key)).toThrow(
			'A connection needs its access token, user secret and connection ID to be sealed',
		);
	});

	describe('key rotation', () => {
		it('opens values of the previous key and seals with the current one', () => {
			const oldValue = sealConnection(CONNECTION, deriveSealingKey(SECRET));
			const keys = sealingKeysFrom(OTHER_SECRET, SECRET);
			expect(keys.problem).toBeUndefined();
			expect(keys.current?.id).toBe(deriveSealingKey(OTHER_SECRET).id);
			expect(keys.all.map((k) => k.id)).toEqual([deriveSealingKey(OTHER_SECRET).id, key.id]);
			expect(unsealConnection(oldValue, keys.all)).toMatchObject({ ok: true, keyId: key.id });
			const resealed = sealConnection(CONNECTION, keys.current!);
			expect(unsealConnection(resealed, [deriveSealingKey(OTHER_SECRET)])).toMatchObject({
				ok: true,
				connection: CONNECTION,
			});
			// After the rotation, without the previous key, the old value no longer opens.
			expect(unsealConnection(oldValue, sealingKeysFrom(OTHER_SECRET, '').all)).toEqual({
				ok: false,
				problem: 'unknownKey',
			});
		});

		it('refuses short secrets and says how to make one, without echoing them', () => {
			const keys = sealingKeysFrom('short-secret', '');
			expect(keys.all).toEqual([]);
			expect(keys.problem).toMatch(/Connection Sealing Key is too short.*at least 32.*openssl rand -base64 32/);
			expect(keys.problem).not.toContain('short-secret');
			expect(sealingKeysFrom(SECRET, 'old-short').problem).toMatch(/Previous Sealing Key is too short/);
		});

		it('a credential without a sealing key has no current key', () => {
			expect(sealingKeysFrom(undefined, undefined)).toEqual({ all: [] });
			expect(sealingKeysFrom('', SECRET).current).toBeUndefined();
		});
	});
});
