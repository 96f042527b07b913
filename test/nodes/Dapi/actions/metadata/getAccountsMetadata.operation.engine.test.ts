import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it("Get Accounts Metadata gives the bank's rules", async () => {
		const result = succeeded(await run(multi, 'metadata', 'getAccountsMetadata'));
		const [item] = result.output('Dapi');
		expect(item.json.transactionRange).toEqual({ value: 180, unit: 'days' });
		expectSdkShape(sim, multi, '/metadata/accounts/get');
	});
});
