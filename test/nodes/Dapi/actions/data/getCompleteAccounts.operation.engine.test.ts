import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it('Get Complete Accounts gives accounts with their balance', async () => {
		const result = succeeded(await run(multi, 'data', 'getCompleteAccounts'));
		const items = result.output('Dapi');
		expect(items).toHaveLength(seededUser(sim, multi.userID).accounts.length);
		expect(typeof (items[0].json.balance as { amount: number }).amount).toBe('number');
		expectSdkShape(sim, multi, '/data/completeAccounts/get');
	});
});
