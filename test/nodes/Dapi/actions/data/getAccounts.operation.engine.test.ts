import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { APP_SECRET, connect, dapiNode, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it('Get Accounts gives one item per account, paired with the input', async () => {
		const result = succeeded(await run(multi, 'data', 'getAccounts'));
		const items = result.output('Dapi');
		expect(items.map((item) => item.json.id)).toEqual(
			seededUser(sim, multi.userID).accounts.map((account) => account.id),
		);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(typeof (items[0].json.currency as { code: string }).code).toBe('string');
		expectSdkShape(sim, multi, '/data/accounts/get');
	});

	it("Keep Whole Response gives Dapi's answer as one item", async () => {
		const result = succeeded(await run(multi, 'data', 'getAccounts', { options: { keepWholeResponse: true } }));
		const items = result.output('Dapi');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ success: true, status: 'done' });
		expect((items[0].json.accounts as unknown[]).length).toBe(seededUser(sim, multi.userID).accounts.length);
	});

	it('token and secret can come from the Dapi Connection credential', async () => {
		const result = await runWorkflow(
			chainWorkflow([{}], [dapiNode('data', 'getAccounts', { tokenSource: 'credential' })]),
			{
				dapiConnectionApi: {
					appSecret: APP_SECRET,
					baseUrl: sim.baseUrl,
					accessToken: multi.accessToken,
					userSecret: multi.userSecret,
				},
			},
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi')).toHaveLength(seededUser(sim, multi.userID).accounts.length);
		expectSdkShape(sim, multi, '/data/accounts/get');
	});
});
