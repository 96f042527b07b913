import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it('Get Cards gives one item per card', async () => {
		const result = succeeded(await run(multi, 'data', 'getCards'));
		expect(result.output('Dapi').map((item) => item.json.id)).toEqual(
			seededUser(sim, multi.userID).cards.map((card) => card.id),
		);
		expectSdkShape(sim, multi, '/data/cards/get');
	});
});
