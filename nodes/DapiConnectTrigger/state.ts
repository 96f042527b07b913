import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The state a Connect page carries: which customer (`ref`) it was issued for, a nonce, and when it
 * expires, signed with HMAC-SHA256 under a key derived from the app secret for this one trigger.
 * The page's POST back is accepted only with a state this trigger issued, before it expires, once.
 */

/** As long as an access code lives (Dapi: 30 minutes). */
export const STATE_LIFETIME_MS = 30 * 60 * 1000;

const DERIVATION_CONTEXT = 'n8n-nodes-dapi/connect-state';

export interface ConnectState {
	ref: string;
	nonce: string;
	expiresAt: number;
}

export type StateCheck = { ok: true; state: ConnectState } | { ok: false; problem: 'invalid' | 'expired' | 'used' };

/**
 * The signing key of one trigger: the app secret never signs anything itself, and a state from one
 * trigger (or workflow) is worthless in another that shares the credential.
 */
export function stateKey(appSecret: string, triggerId: string): Buffer {
	return Buffer.from(hkdfSync('sha256', appSecret, DERIVATION_CONTEXT, `state key for ${triggerId}`, 32));
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest();

export function issueState(
	key: Buffer,
	ref: string,
	now: number,
	nonce = randomBytes(16).toString('base64url'),
): { token: string; state: ConnectState } {
	const state: ConnectState = { ref, nonce, expiresAt: now + STATE_LIFETIME_MS };
	const payload = Buffer.from(JSON.stringify({ r: state.ref, n: state.nonce, e: state.expiresAt })).toString(
		'base64url',
	);
	return { token: `${payload}.${sign(key, payload).toString('base64url')}`, state };
}

/** Checks signature and expiry (not whether it was used: see StateMemory). */
export function readState(key: Buffer, token: unknown, now: number): StateCheck {
	if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{43}$/.test(token))
		return { ok: false, problem: 'invalid' };
	const [payload, signature] = token.split('.');
	const given = Buffer.from(signature, 'base64url');
	const expected = sign(key, payload);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalid' };
	let fields: { r?: unknown; n?: unknown; e?: unknown };
	try {
		fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof fields;
	} catch {
		return { ok: false, problem: 'invalid' };
	}
	if (typeof fields.r !== 'string' || typeof fields.n !== 'string' || typeof fields.e !== 'number')
		return { ok: false, problem: 'invalid' };
	if (fields.e <= now) return { ok: false, problem: 'expired' };
	return { ok: true, state: { ref: fields.r, nonce: fields.n, expiresAt: fields.e } };
}

/** What the widget window reports: Connect's success or failure, or that the customer closed it. */
export type ConnectEvent = 'success' | 'failure' | 'abandoned';

/**
 * Marks the slot a report takes (false when taken): one success and one failure per state, since the customer
 * may get past a reported failure in the same window; nothing is left to report after the success.
 */
function take(
	used: Map<string, number>,
	slotKey: (slot: 'success' | 'failure') => string,
	state: ConnectState,
	event: ConnectEvent,
): boolean {
	const free = !used.has(slotKey(event === 'success' ? 'success' : 'failure'));
	used.set(slotKey('failure'), state.expiresAt);
	if (event !== 'failure') used.set(slotKey('success'), state.expiresAt);
	return free;
}

/**
 * The states already used, per trigger, until they expire anyway, in this n8n process's memory:
 * exact for copies arriving at the same moment here. Other processes and restarts are covered by the
 * record in the workflow's static data (useSharedState).
 */
export class StateMemory {
	private readonly used = new Map<string, number>();

	/** Marks the state used for a report; false when it may not be reported so (again): see take(). */
	use(triggerId: string, state: ConnectState, now: number, event: ConnectEvent = 'success'): boolean {
		for (const [key, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(key);
		return take(this.used, (slot) => `${triggerId}\u0000${state.nonce}\u0000${slot}`, state, event);
	}
}

/** Entries the workflow's record keeps at most (~40 bytes each): the ones expiring last survive. */
export const SHARED_STATE_LIMIT = 2000;

/**
 * The same check in the workflow's static data (every process, after restarts; not atomic: docs/queue-mode.md,
 * "A Connect state works once everywhere"). Holds a digest per slot, never the nonce or the ref.
 */
export function useSharedState(store: IDataObject, state: ConnectState, now: number, event: ConnectEvent): boolean {
	const recorded: unknown[] = Array.isArray(store.usedStates) ? store.usedStates.slice(-SHARED_STATE_LIMIT) : [];
	const used = new Map<string, number>();
	for (const entry of recorded) {
		if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number' && entry[1] > now)
			used.set(entry[0], entry[1]);
	}
	const digest = (slot: string) =>
		createHash('sha256').update(`${state.nonce}\u0000${slot}`).digest('base64url').slice(0, 22);
	if (!take(used, digest, state, event)) return false;
	store.usedStates = [...used].sort(([, a], [, b]) => a - b).slice(-SHARED_STATE_LIMIT);
	return true;
}

/** The one memory of this n8n process. */
export const usedStates = new StateMemory();

/** What a `ref` may be: a customer id, e-mail or similar, 1 to 128 characters. */
export const REF_PATTERN = /^[A-Za-z0-9._:@+-]{1,128}$/;
