import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { deriveSealingKey, sealConnection, unsealConnection } from '../../nodes/shared/seal';
import { chainWorkflow, engineErrorLog, runListSearch, runWorkflow } from '../support/engine';
import {
	APP_KEY,
	APP_SECRET,
	allText,
	callsTo,
	dapiNode,
	exchangeNode,
	requestNode,
	startTestSimulator,
	type Simulator,
} from '../support/dapi';

const SEALING_SECRET = 'engine-test-sealing-secret-0123456789abcdef';
const NEW_SEALING_SECRET = 'engine-test-rotated-sealing-secret-9876543210';

/** The Dapi API credential with sealing keys. */
function sealingCredentials(sim: Simulator, sealing: IDataObject = { sealingSecret: SEALING_SECRET }): Record<string, ICredentialDataDecryptedObject> {
	return { dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl, ...sealing } };
}

const sealed = (parameters: IDataObject = {}) => ({ tokenSource: 'sealed', ...parameters });

describe('sealed connections in the real engine (simulator)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startTestSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.clearRequests());

	/** Exchanges a fresh Connect result with Output: Sealed Connection. */
	async function sealedExchange(userID?: string) {
		const connect = sim.connect(userID);
		const run = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]), sealingCredentials(sim));
		expect(run.error()).toBeUndefined();
		return { connect, item: run.output('Exchange')[0].json };
	}

	it('Exchange Access Code, Output Sealed Connection: one sealed value and the ids, no token or secret', async () => {
		const { connect, item } = await sealedExchange();
		expect(Object.keys(item).sort()).toEqual(['connectionID', 'sealedConnection', 'tokenID', 'userID']);
		expect(item).toMatchObject({ connectionID: connect.connectionID, tokenID: connect.tokenID, userID: connect.userID });
		expect(item.sealedConnection).toMatch(/^dapi\.sealed\.v1\.[0-9a-f]{8}\./);
		expect(allText(item)).not.toContain(connect.userSecret);

		// It opens, independently of the node, into the token Dapi issued and the user secret.
		const opened = unsealConnection(item.sealedConnection as string, [deriveSealingKey(SEALING_SECRET)]);
		expect(opened.ok).toBe(true);
		if (!opened.ok) return;
		expect(opened.connection).toMatchObject({ userSecret: connect.userSecret, connectionID: connect.connectionID, tokenID: connect.tokenID });
		expect(sim.requests()).toHaveLength(1);
		expect(allText(item)).not.toContain(opened.connection.accessToken);
	});

	it('refuses to exchange when the result could not be sealed: the access code stays unused', async () => {
		const connect = sim.connect();
		for (const [credentials, message] of [
			[sealingCredentials(sim, {}), /cannot be sealed/],
			[sealingCredentials(sim, { sealingSecret: 'too-short' }), /cannot be sealed/],
		] as const) {
			const run = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]), credentials);
			expect(run.error()?.message).toMatch(message);
			expect(run.error()?.description).toMatch(/Connection Sealing Key/);
			expect(allText(run.error())).not.toContain('too-short');
		}
		const withoutSecret = await runWorkflow(
			chainWorkflow([{ ...connect, userSecret: '' }], [exchangeNode({ output: 'sealed' })]),
			sealingCredentials(sim),
		);
		expect(withoutSecret.error()?.message).toBe('User Secret is empty');
		expect(sim.requests()).toHaveLength(0);
		// The code is still good.
		const run = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]), sealingCredentials(sim));
		expect(run.error()).toBeUndefined();
	});

	it('every user-scoped call takes its token from a sealed connection: Get Accounts, Dapi Request, Delink', async () => {
		const { item } = await sealedExchange('user-ae-adcb-002');
		sim.clearRequests();
		const accounts = await runWorkflow(
			chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim),
		);
		expect(accounts.error()).toBeUndefined();
		expect(accounts.output('Dapi').map((a) => a.json.id)).toHaveLength(3);
		const [call] = callsTo(sim, '/data/accounts/get');
		const opened = unsealConnection(item.sealedConnection as string, [deriveSealingKey(SEALING_SECRET)]);
		if (!opened.ok) throw new Error('the sealed value does not open');
		expect(call.headers.authorization).toBe(`Bearer ${opened.connection.accessToken}`);
		expect(call.body).toMatchObject({ appSecret: APP_SECRET, userSecret: opened.connection.userSecret });

		const request = await runWorkflow(
			chainWorkflow([item], [requestNode(sealed({ endpoint: '/data/identity/get' }))]),
			sealingCredentials(sim),
		);
		expect(request.error()).toBeUndefined();
		expect(request.output('Request')[0].json).toHaveProperty('identity');

		const delink = await runWorkflow(chainWorkflow([item], [dapiNode('auth', 'delinkUser', sealed())]), sealingCredentials(sim));
		expect(delink.error()).toBeUndefined();
		const after = await runWorkflow(chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]), sealingCredentials(sim));
		expect(after.error()?.message).toBe('Dapi rejected the access token');
		expect(allText([accounts.run, request.run, delink.run, after.run])).not.toContain(opened.connection.userSecret);
		expect(allText([accounts.run, request.run, delink.run, after.run])).not.toContain(opened.connection.accessToken);
	});

	it('a tampered, truncated, foreign or plain value fails its item with a clear error, sends nothing and shows no secret', async () => {
		const { connect, item } = await sealedExchange();
		const value = item.sealedConnection as string;
		const foreign = sealConnection(
			{ accessToken: 'foreign-token-123456', userSecret: 'foreign-secret-123456', connectionID: 'c' },
			deriveSealingKey('a-sealing-secret-this-credential-never-saw'),
		);
		const at = value.length - 40;
		const items = [
			{ sealedConnection: value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1) },
			{ sealedConnection: value.slice(0, 50) },
			{ sealedConnection: foreign },
			{ sealedConnection: connect.accessCode },
			{ sealedConnection: '' },
			{ sealedConnection: value },
		];
		engineErrorLog.length = 0;
		sim.clearRequests();
		const run = await runWorkflow(
			chainWorkflow(items, [dapiNode('data', 'getAccounts', sealed(), { onError: 'continueRegularOutput' })]),
			sealingCredentials(sim),
		);
		const out = run.output('Dapi');
		const errors = out.filter((o) => o.json.error);
		expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([
			[{ item: 0 }, 'Sealed Connection failed its integrity check'],
			[{ item: 1 }, 'Sealed Connection is truncated or damaged'],
			[{ item: 2 }, 'Sealed Connection was sealed with another key'],
			[{ item: 3 }, 'Sealed Connection is not a sealed connection'],
			[{ item: 4 }, 'Sealed Connection is empty'],
		]);
		expect(errors.every((e) => e.json.type === 'INVALID_SEALED_CONNECTION')).toBe(true);
		expect(errors.every((e) => typeof e.json.description === 'string' && (e.json.description as string).length > 20)).toBe(true);
		// Only the good item reached Dapi.
		expect(sim.requests()).toHaveLength(1);
		expect(out.filter((o) => !o.json.error).length).toBeGreaterThan(0);
		// What the node produced (its input holds the values under test, by design).
		const seen = allText([run.run.data.resultData.runData.Dapi, engineErrorLog]);
		for (const secret of [connect.userSecret, connect.accessCode, SEALING_SECRET, 'foreign-token-123456', 'foreign-secret-123456']) {
			expect(seen).not.toContain(secret);
		}

		const stopped = await runWorkflow(chainWorkflow([items[0]], [dapiNode('data', 'getAccounts', sealed())]), sealingCredentials(sim));
		expect(stopped.error()?.message).toBe('Sealed Connection failed its integrity check');
		expect(stopped.error()?.description).toMatch(/changed after it was sealed/);
	});

	it('a credential without a sealing key says so on every item', async () => {
		const { item } = await sealedExchange();
		const run = await runWorkflow(chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]), sealingCredentials(sim, {}));
		expect(run.error()?.message).toBe('The Dapi API credential has no Connection Sealing Key');
	});

	it('during a key rotation, values of the previous key still open', async () => {
		const { item } = await sealedExchange();
		const rotated = sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET, previousSealingSecret: SEALING_SECRET });
		const run = await runWorkflow(chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]), rotated);
		expect(run.error()).toBeUndefined();
		const afterRotation = await runWorkflow(
			chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET }),
		);
		expect(afterRotation.error()?.message).toBe('Sealed Connection was sealed with another key');
	});

	it('Max Parallel Connections never runs two values of one connection at once, even sealed twice', async () => {
		const { item } = await sealedExchange('user-ae-adcb-002');
		const key = deriveSealingKey(SEALING_SECRET);
		const opened = unsealConnection(item.sealedConnection as string, [key]);
		if (!opened.ok) throw new Error('the sealed value does not open');
		const resealed = sealConnection(opened.connection, key);
		expect(resealed).not.toBe(item.sealedConnection);
		const other = await sealedExchange('user-ae-liv-001');
		sim.setLatency(30);
		try {
			sim.clearRequests();
			const items = [item, { sealedConnection: resealed }, other.item, item];
			const run = await runWorkflow(
				chainWorkflow(items, [dapiNode('data', 'getAccounts', sealed({ options: { maxParallelConnections: 10 } }))]),
				sealingCredentials(sim),
			);
			expect(run.error()).toBeUndefined();
			expect(sim.overlapCount()).toBe(0);
			expect(sim.requests()).toHaveLength(4);
		} finally {
			sim.setLatency(0);
		}
	});
});

describe('Auth → Reseal Connection (key rotation)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startTestSimulator();
	});
	afterAll(async () => await sim.close());

	it('seals an old value again with the current key, without calling Dapi; the old key can then go', async () => {
		const connect = sim.connect();
		const exchanged = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]), sealingCredentials(sim));
		const old = exchanged.output('Exchange')[0].json;
		sim.clearRequests();

		const rotated = sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET, previousSealingSecret: SEALING_SECRET });
		const run = await runWorkflow(chainWorkflow([old, { sealedConnection: 'dapi.sealed.v1.00000000.AAAA' }], [dapiNode('auth', 'resealConnection', {}, { onError: 'continueRegularOutput' })]), rotated);
		expect(sim.requests()).toHaveLength(0);
		const [resealed, broken] = run.output('Dapi').map((item) => item.json);
		expect(resealed).toEqual({
			sealedConnection: expect.stringMatching(/^dapi\.sealed\.v1\./),
			connectionID: connect.connectionID,
			sealedWith: deriveSealingKey(NEW_SEALING_SECRET).id,
		});
		expect(broken).toMatchObject({ error: 'Sealed Connection is truncated or damaged', type: 'INVALID_SEALED_CONNECTION' });

		const onlyNewKey = sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET });
		const withNew = await runWorkflow(chainWorkflow([resealed], [dapiNode('data', 'getAccounts', sealed())]), onlyNewKey);
		expect(withNew.error()).toBeUndefined();
		const withOld = await runWorkflow(chainWorkflow([old], [dapiNode('data', 'getAccounts', sealed())]), onlyNewKey);
		expect(withOld.error()?.message).toBe('Sealed Connection was sealed with another key');
		expect(allText(run.run.data.resultData.runData.Dapi)).not.toContain(connect.userSecret);
	});
});

describe('the editor pickers with a sealed connection (LoadOptionsContext)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startTestSimulator();
	});
	afterAll(async () => await sim.close());

	it('a pasted sealed connection lists the accounts; an item expression or a foreign value asks nothing of Dapi', async () => {
		const connect = sim.connect('user-ae-adcb-002');
		const exchanged = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]), sealingCredentials(sim));
		const sealedConnection = exchanged.output('Exchange')[0].json.sealedConnection as string;
		sim.clearRequests();

		const pasted = dapiNode('data', 'getBalance', sealed({ sealedConnection }));
		const { results } = await runListSearch(pasted, 'searchAccounts', sealingCredentials(sim));
		expect(results.map((result) => result.value)).toEqual(['acc-adcb-002-current', 'acc-adcb-002-savings', 'acc-adcb-002-usd']);
		expect(callsTo(sim, '/data/accounts/get')[0].body).toEqual({ appSecret: APP_SECRET, userSecret: connect.userSecret });

		sim.clearRequests();
		await expect(runListSearch(dapiNode('data', 'getBalance', sealed()), 'searchAccounts', sealingCredentials(sim))).rejects.toThrow(
			"The list needs the connection's token, and it comes from the incoming item",
		);
		const foreign = dapiNode('data', 'getBalance', sealed({ sealedConnection }));
		const refused = await runListSearch(foreign, 'searchAccounts', sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET })).then(
			() => undefined,
			(caught: unknown) => caught as Error,
		);
		expect(refused?.message).toBe('Sealed Connection was sealed with another key');
		expect(allText(refused)).not.toContain(connect.userSecret);
		expect(sim.requests()).toHaveLength(0);
	});
});
