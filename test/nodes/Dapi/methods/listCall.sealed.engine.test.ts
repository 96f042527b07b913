/** The editor pickers (listCall.ts) with Token Source: Sealed Connection, in n8n-core's LoadOptionsContext. */
import { chainWorkflow, runListSearch, runWorkflow } from '../../../support/engine';
import { APP_SECRET, allText, callsTo, dapiNode, exchangeNode, useDapiSimulator } from '../../../support/dapi';
import { NEW_SEALING_SECRET, sealed, sealingCredentials } from '../../../support/sealing';

describe('the editor pickers with a sealed connection (LoadOptionsContext)', () => {
	const sim = useDapiSimulator();

	it('a pasted sealed connection lists the accounts; an item expression or a foreign value asks nothing of Dapi', async () => {
		const connect = sim.connect('user-ae-adcb-002');
		const exchanged = await runWorkflow(
			chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]),
			sealingCredentials(sim),
		);
		const sealedConnection = exchanged.output('Exchange')[0].json.sealedConnection as string;
		sim.clearRequests();

		const pasted = dapiNode('data', 'getBalance', sealed({ sealedConnection }));
		const { results } = await runListSearch(pasted, 'searchAccounts', sealingCredentials(sim));
		expect(results.map((result) => result.value)).toEqual([
			'acc-adcb-002-current',
			'acc-adcb-002-savings',
			'acc-adcb-002-usd',
		]);
		expect(callsTo(sim, '/data/accounts/get')[0].body).toEqual({
			appSecret: APP_SECRET,
			userSecret: connect.userSecret,
		});

		sim.clearRequests();
		await expect(
			runListSearch(dapiNode('data', 'getBalance', sealed()), 'searchAccounts', sealingCredentials(sim)),
		).rejects.toThrow("The list needs the connection's token, and it comes from the incoming item");
		const foreign = dapiNode('data', 'getBalance', sealed({ sealedConnection }));
		const refused = await runListSearch(
			foreign,
			'searchAccounts',
			sealingCredentials(sim, { sealingSecret: NEW_SEALING_SECRET }),
		).then(
			() => undefined,
			(caught: unknown) => caught as Error,
		);
		expect(refused?.message).toBe('Sealed Connection was sealed with another key');
		expect(allText(refused)).not.toContain(connect.userSecret);
		expect(sim.requests()).toHaveLength(0);
	});
});
