/**
 * The Sealed Connection token source (nodes/shared/connection.ts) in the real engine: every
 * token-taking node opens it per item; values that do not open fail their item clearly; rotation;
 * Max Parallel Connections keyed on the opened token.
 */
import { deriveSealingKey, sealConnection, unsealConnection } from '../../../nodes/shared/seal';
import { chainWorkflow, engineErrorLog, runWorkflow } from '../../support/engine';
import { APP_SECRET, allText, callsTo, dapiNode, requestNode, useDapiSimulator } from '../../support/dapi';
import { NEW_SEALING_SECRET, SEALING_SECRET, sealed, sealedExchange, sealingCredentials } from '../../support/sealing';

describe('Token Source: Sealed Connection (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	it('every user-scoped call takes its token from a sealed connection: Get Accounts, Dapi Request, Delink', async () => {
		const { item } = await sealedExchange(sim, 'user-ae-adcb-002');
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

		const delink = await runWorkflow(
			chainWorkflow([item], [dapiNode('auth', 'delinkUser', sealed())]),
			sealingCredentials(sim),
		);
		expect(delink.error()).toBeUndefined();
		const after = await runWorkflow(
			chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim),
		);
		expect(after.error()?.message).toBe('Dapi rejected the access token');
		expect(allText([accounts.run, request.run, delink.run, after.run])).not.toContain(opened.connection.userSecret);
		expect(allText([accounts.run, request.run, delink.run, after.run])).not.toContain(opened.connection.accessToken);
	});
	it('a tampered, truncated, foreign or plain value fails its item with a clear error, sends nothing and shows no secret', async () => {
		const { connect, item } = await sealedExchange(sim);
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
		expect(
			errors.every((e) => typeof e.json.description === 'string' && (e.json.description as string).length > 20),
		).toBe(true);
		// Only the good item reached Dapi.
		expect(sim.requests()).toHaveLength(1);
		expect(out.filter((o) => !o.json.error).length).toBeGreaterThan(0);
		// What the node produced (its input holds the values under test, by design).
		const seen = allText([run.run.data.resultData.runData.Dapi, engineErrorLog]);
		for (const secret of [
			connect.userSecret,
			connect.accessCode,
			SEALING_SECRET,
			'foreign-token-123456',
			'foreign-secret-123456',
		]) {
			expect(seen).not.toContain(secret);
		}

		const stopped = await runWorkflow(
			chainWorkflow([items[0]], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim),
		);
		expect(stopped.error()?.message).toBe('Sealed Connection failed its integrity check');
		expect(stopped.error()?.description).toMatch(/changed after it was sealed/);
	});
	it('a credential without a sealing key says so on every item', async () => {
		const { item } = await sealedExchange(sim);
		const run = await runWorkflow(
			chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim, {}),
		);
		expect(run.error()?.message).toBe('The Dapi API credential has no Connection Sealing Key');
	});
	it('during a key rotation, values of the previous key still open', async () => {
		const { item } = await sealedExchange(sim);
		const rotated = sealingCredentials(sim, {
			sealingSecret: NEW_SEALING_SECRET,
			previousSealingSecret: SEALING_SECRET,
		});
		const run = await runWorkflow(chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]), rotated);
		expect(run.error()).toBeUndefined();
		const afterRotation = await runWorkflow(
			chainWorkflow([item], [dapiNode('data', 'getAccounts', sealed())]),
			sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET }),
		);
		expect(afterRotation.error()?.message).toBe('Sealed Connection was sealed with another key');
	});
	it('Max Parallel Connections never runs two values of one connection at once, even sealed twice', async () => {
		const { item } = await sealedExchange(sim, 'user-ae-adcb-002');
		const key = deriveSealingKey(SEALING_SECRET);
		const opened = unsealConnection(item.sealedConnection as string, [key]);
		if (!opened.ok) throw new Error('the sealed value does not open');
		const resealed = sealConnection(opened.connection, key);
		expect(resealed).not.toBe(item.sealedConnection);
		const other = await sealedExchange(sim, 'user-ae-liv-001');
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
