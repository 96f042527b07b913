import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, secretsOf } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});

	describe('Payment', () => {
		it('Get Beneficiaries gives one item per beneficiary', async () => {
			const result = await run(liv, 'payment', 'getBeneficiaries');
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi').length).toBeGreaterThan(0);
			expect(result.output('Dapi')[0].json).toHaveProperty('id');
			expect(callsTo(sim, '/payment/beneficiaries/get')[0].body).toEqual(secretsOf(liv));
		});
	});
});
