import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { ADDRESS, dapiRunner, secretsOf, wireBeneficiary } from '../../../../support/fixtures';

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

		it('Transfer Autoflow nests a wire beneficiary with its bank name and type', async () => {
			const result = await run(chase, 'wire', 'transferAutoflow', {
				senderID: checking,
				amount: 12,
				...wireBeneficiary,
				bankName: 'JPMorgan Chase',
				beneficiaryType: 'intl',
				address: ADDRESS,
			});
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/transfer/autoflow')[0].body).toEqual({
				...secretsOf(chase),
				senderID: checking,
				amount: 12,
				beneficiary: { ...wireBeneficiary, bankName: 'JPMorgan Chase', type: 'intl', address: ADDRESS.lines },
			});
		});
	});
});
