import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it('Get Identity gives the identity object', async () => {
		const result = succeeded(await run(multi, 'data', 'getIdentity'));
		const [item] = result.output('Dapi');
		expect(item.json.name).toBe(seededUser(sim, multi.userID).name);
		expect(item.pairedItem).toEqual({ item: 0 });
		expectSdkShape(sim, multi, '/data/identity/get');
	});
});
