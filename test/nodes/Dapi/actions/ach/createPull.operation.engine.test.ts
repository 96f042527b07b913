import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, secretsOf } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);

	describe('Wire and ACH (US)', () => {
		let chase: Connection;
		let checking: string;
		beforeAll(async () => {
			chase = await connect(sim, 'user-us-chase-003');
			checking = sim.users().find((u) => u.userID === 'user-us-chase-003')!.accounts[0].id;
		});

		it('ACH Create Pull nests the fields in transfer, Get Pull reads it back', async () => {
			const pull = await run(chase, 'ach', 'createPull', {
				senderID: checking,
				amount: 75.1,
				pullDescription: 'Top-up',
			});
			expect(pull.error()).toBeUndefined();
			expect(callsTo(sim, '/ach/pull/create')[0].body).toEqual({
				...secretsOf(chase),
				transfer: { senderID: checking, amount: 75.1, description: 'Top-up' },
			});
			const read = await run(chase, 'ach', 'getPull');
			expect(read.output('Dapi')[0].json).toMatchObject({ amount: 75.1 });
		});
	});
});
