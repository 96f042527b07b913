import type { IDataObject } from 'n8n-workflow';

import {
	SHARED_STATE_LIMIT,
	STATE_LIFETIME_MS,
	StateMemory,
	useSharedState,
	issueState,
	readState,
	stateKey,
} from '../../../nodes/DapiConnectTrigger/state';

const APP_SECRET = 'connect-trigger-unit-app-secret';

/** The state with one character of its signature changed (never to the same character). */
const forge = (state: string) => {
	const at = state.length - 10;
	return state.slice(0, at) + (state[at] === 'A' ? 'B' : 'A') + state.slice(at + 1);
};

describe('Dapi Connect Trigger: state', () => {
	const key = stateKey(APP_SECRET, 'wf:node');

	it('reads back what it issued, until it expires', () => {
		const now = 1_700_000_000_000;
		const { token, state } = issueState(key, 'customer-42', now);
		expect(readState(key, token, now)).toEqual({ ok: true, state });
		expect(state.expiresAt).toBe(now + STATE_LIFETIME_MS);
		expect(STATE_LIFETIME_MS).toBe(30 * 60 * 1000);
		expect(readState(key, token, now + STATE_LIFETIME_MS - 1).ok).toBe(true);
		expect(readState(key, token, now + STATE_LIFETIME_MS)).toEqual({ ok: false, problem: 'expired' });
	});

	it('refuses a forged, foreign or malformed state', () => {
		const now = Date.now();
		const { token } = issueState(key, 'customer-42', now);
		const [payload, signature] = token.split('.');
		const otherRef = Buffer.from(JSON.stringify({ r: 'customer-43', n: 'x', e: now + 1000 })).toString('base64url');
		for (const forged of [
			`${otherRef}.${signature}`,
			forge(`${payload}.${signature}`),
			issueState(stateKey(APP_SECRET, 'wf:other-node'), 'customer-42', now).token,
			issueState(stateKey('another-app-secret', 'wf:node'), 'customer-42', now).token,
			'',
			'nonsense',
			`${payload}.`,
			42,
			undefined,
		]) {
			expect(readState(key, forged, now)).toEqual({ ok: false, problem: 'invalid' });
		}
	});

	it('remembers used states once each, per trigger, and forgets them when they expire', () => {
		const memory = new StateMemory();
		const now = Date.now();
		const { state } = issueState(key, 'r', now);
		expect(memory.use('t1', state, now)).toBe(true);
		expect(memory.use('t1', state, now + 1)).toBe(false);
		expect(memory.use('t2', state, now + 1)).toBe(true);
		// After expiry the entry is dropped (the state is refused as expired anyway).
		expect(memory.use('t1', state, state.expiresAt + 1)).toBe(true);
	});

	it('a failure report does not spend the success; nothing is reported after the success', () => {
		const memory = new StateMemory();
		const now = Date.now();
		const { state } = issueState(key, 'r', now);
		expect(memory.use('t1', state, now, 'failure')).toBe(true);
		expect(memory.use('t1', state, now, 'failure')).toBe(false);
		expect(memory.use('t1', state, now, 'success')).toBe(true);
		expect(memory.use('t1', state, now, 'success')).toBe(false);
		const { state: other } = issueState(key, 'r', now);
		expect(memory.use('t1', other, now, 'success')).toBe(true);
		expect(memory.use('t1', other, now, 'failure')).toBe(false);
		// A closed window can bring no success, whether or not a failure was reported first.
		for (const first of [['abandoned'], ['failure', 'abandoned']] as const) {
			const { state: closed } = issueState(key, 'r', now);
			for (const event of first) memory.use('t1', closed, now, event);
			expect(memory.use('t1', closed, now, 'success')).toBe(false);
		}
	});

	it("the workflow's record: the same rules, a digest per slot, bounded, and nothing written for a refused report", () => {
		const now = Date.now();
		const store: IDataObject = {};
		const { state } = issueState(key, 'customer-42', now);
		expect(useSharedState(store, state, now, 'failure')).toBe(true);
		expect(useSharedState(store, state, now, 'success')).toBe(true);
		const saved = JSON.stringify(store);
		expect(useSharedState(store, state, now, 'success')).toBe(false);
		expect(useSharedState(store, state, now, 'failure')).toBe(false);
		expect(JSON.stringify(store)).toBe(saved);
		expect(saved).not.toContain(state.nonce);
		expect(saved).not.toContain('customer-42');

		// Whatever else the static data holds is no entry; expired entries are dropped on the next write.
		const messy: IDataObject = { usedStates: [null, 'x', [1, 2], ['a', 'b'], ...(store.usedStates as unknown[])] };
		expect(useSharedState(messy, state, now, 'success')).toBe(false);
		expect(useSharedState(messy, state, state.expiresAt, 'success')).toBe(true);
		expect(messy.usedStates).toHaveLength(2);

		// Full: the entry expiring first makes room.
		const full: IDataObject = {
			usedStates: Array.from({ length: SHARED_STATE_LIMIT }, (_, i) => [`slot-${i}`, state.expiresAt + i]),
		};
		const newest = issueState(key, 'r', now + 1000).state;
		expect(useSharedState(full, newest, now, 'success')).toBe(true);
		expect(full.usedStates).toHaveLength(SHARED_STATE_LIMIT);
		expect((full.usedStates as Array<[string, number]>)[0][0]).toBe('slot-2');
		expect(useSharedState(full, newest, now, 'success')).toBe(false);
	});

	it('derives the signing key from the app secret and the trigger, never uses the secret itself', () => {
		expect(stateKey(APP_SECRET, 'wf:node').equals(stateKey(APP_SECRET, 'wf:node'))).toBe(true);
		expect(stateKey(APP_SECRET, 'wf:node').equals(stateKey(APP_SECRET, 'wf:node2'))).toBe(false);
		expect(stateKey(APP_SECRET, 'wf:node').toString('latin1')).not.toContain(APP_SECRET);
	});
});
