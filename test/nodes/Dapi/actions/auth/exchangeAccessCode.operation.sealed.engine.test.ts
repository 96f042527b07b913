/** Exchange Access Code with Output: Sealed Connection (real engine, simulator). */
import { deriveSealingKey, unsealConnection } from '../../../../../nodes/shared/seal';
import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { allText, exchangeNode, useDapiSimulator } from '../../../../support/dapi';
import { SEALING_SECRET, sealedExchange, sealingCredentials } from '../../../../support/sealing';

describe('Dapi node, Auth: Exchange Access Code, Output Sealed Connection (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	it('Exchange Access Code, Output Sealed Connection: one sealed value and the ids, no token or secret', async () => {
		const { connect, item } = await sealedExchange(sim);
		expect(Object.keys(item).sort()).toEqual(['connectionID', 'sealedConnection', 'tokenID', 'userID']);
		expect(item).toMatchObject({
			connectionID: connect.connectionID,
			tokenID: connect.tokenID,
			userID: connect.userID,
		});
		expect(item.sealedConnection).toMatch(/^dapi\.sealed\.v1\.[0-9a-f]{8}\./);
		expect(allText(item)).not.toContain(connect.userSecret);

		// It opens, independently of the node, into the token Dapi issued and the user secret.
		const opened = unsealConnection(item.sealedConnection as string, [deriveSealingKey(SEALING_SECRET)]);
		expect(opened.ok).toBe(true);
		if (!opened.ok) return;
		expect(opened.connection).toMatchObject({
			userSecret: connect.userSecret,
			connectionID: connect.connectionID,
			tokenID: connect.tokenID,
		});
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
		const run = await runWorkflow(
			chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]),
			sealingCredentials(sim),
		);
		expect(run.error()).toBeUndefined();
	});
});
