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

		it('Create Beneficiary, Get Beneficiaries and Create Transfer', async () => {
			const created = await run(chase, 'wire', 'createBeneficiary', {
				...wireBeneficiary,
				address: ADDRESS,
				beneficiaryType: 'local',
			});
			expect(created.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/beneficiaries/create')[0].body).toEqual({
				...secretsOf(chase),
				...wireBeneficiary,
				type: 'local',
				address: ADDRESS.lines,
			});
			const list = await run(chase, 'wire', 'getBeneficiaries');
			const receiverID = list.output('Dapi')[0].json.id as string;
			const transfer = await run(chase, 'wire', 'createTransfer', { senderID: checking, amount: 50, receiverID });
			expect(transfer.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/transfer/create')[0].body).toEqual({
				...secretsOf(chase),
				senderID: checking,
				amount: 50,
				receiverID,
			});
		});
	});
});
