/** The transport in the real engine: what it reads from the Dapi Connection credential before sending. */
import { chainWorkflow, runWorkflow } from '../../../support/engine';
import { APP_SECRET, dapiNode, useDapiSimulator } from '../../../support/dapi';

describe('the Dapi Connection credential (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	it.each([
		['Access Token', { accessToken: '   ', userSecret: 'user-secret-1' }],
		['User Secret', { accessToken: 'token-1', userSecret: '\t' }],
	])('a blank %s is refused before anything is sent', async (field, secrets) => {
		const result = await runWorkflow(
			chainWorkflow([{}], [dapiNode('data', 'getAccounts', { tokenSource: 'credential' })]),
			{ dapiConnectionApi: { appSecret: APP_SECRET, baseUrl: sim.baseUrl, ...secrets } },
		);
		expect(result.error()?.message).toBe(`The Dapi Connection credential's ${field} is empty`);
		expect(sim.requests()).toHaveLength(0);
	});
});
