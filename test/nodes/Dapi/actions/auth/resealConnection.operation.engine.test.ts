/** Auth → Reseal Connection: finishing a key rotation (real engine, simulator). */
import { deriveSealingKey } from '../../../../../nodes/shared/seal';
import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { allText, dapiNode, exchangeNode, useDapiSimulator } from '../../../../support/dapi';
import { oneCharacterEdits } from '../../../../support/edits';
import {
	NEW_SEALING_SECRET,
	SEALING_SECRET,
	sealed,
	sealedExchange,
	sealingCredentials,
} from '../../../../support/sealing';

describe('Auth → Reseal Connection (key rotation)', () => {
	const sim = useDapiSimulator();

	it('seals an old value again with the current key, without calling Dapi; the old key can then go', async () => {
		const connect = sim.connect();
		const exchanged = await runWorkflow(
			chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]),
			sealingCredentials(sim),
		);
		const old = exchanged.output('Exchange')[0].json;
		sim.clearRequests();

		const rotated = sealingCredentials(sim, {
			sealingSecret: NEW_SEALING_SECRET,
			previousSealingSecret: SEALING_SECRET,
		});
		const run = await runWorkflow(
			chainWorkflow(
				[old, { sealedConnection: 'dapi.sealed.v1.00000000.AAAA' }],
				[dapiNode('auth', 'resealConnection', {}, { onError: 'continueRegularOutput' })],
			),
			rotated,
		);
		expect(sim.requests()).toHaveLength(0);
		const [resealed, broken] = run.output('Dapi').map((item) => item.json);
		expect(resealed).toEqual({
			sealedConnection: expect.stringMatching(/^dapi\.sealed\.v1\./),
			connectionID: connect.connectionID,
			sealedWith: deriveSealingKey(NEW_SEALING_SECRET).id,
		});
		expect(broken).toMatchObject({
			error: 'Sealed Connection is truncated or damaged',
			type: 'INVALID_SEALED_CONNECTION',
		});

		const onlyNewKey = sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET });
		const withNew = await runWorkflow(
			chainWorkflow([resealed], [dapiNode('data', 'getAccounts', sealed())]),
			onlyNewKey,
		);
		expect(withNew.error()).toBeUndefined();
		const withOld = await runWorkflow(chainWorkflow([old], [dapiNode('data', 'getAccounts', sealed())]), onlyNewKey);
		expect(withOld.error()?.message).toBe('Sealed Connection was sealed with another key');
		expect(allText(run.run.data.resultData.runData.Dapi)).not.toContain(connect.userSecret);
	});

	// The end of the value is where a lenient base64url decoder ignores characters.
	it('refuses a sealed value with one character appended, changed or removed at its end: nothing is re-sealed', async () => {
		const { item } = await sealedExchange(sim);
		const edited = oneCharacterEdits(item.sealedConnection as string, (item.sealedConnection as string).length - 1);
		const run = await runWorkflow(
			chainWorkflow(
				edited.map((sealedConnection) => ({ sealedConnection })),
				[dapiNode('auth', 'resealConnection', {}, { onError: 'continueRegularOutput' })],
			),
			sealingCredentials(sim),
		);
		const out = run.output('Dapi').map((result) => result.json);
		expect(out).toHaveLength(edited.length);
		expect(out.filter((result) => result.sealedConnection !== undefined)).toEqual([]);
		for (const result of out) expect(result.type).toBe('INVALID_SEALED_CONNECTION');
	});
});
