import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, secretsOf } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let livAccount: { id: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
		livAccount = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	describe('Payment', () => {
		it('Create Transfer to a beneficiary sends the SDK body, and the balance really changes', async () => {
			const beneficiaries = (await run(liv, 'payment', 'getBeneficiaries')).output('Dapi');
			const receiverID = beneficiaries[0].json.id as string;
			sim.clearRequests();
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 125.5,
				receiverID,
				remark: 'Invoice 42',
			});
			expect(result.error()).toBeUndefined();
			expect(typeof result.output('Dapi')[0].json.reference).toBe('string');
			expect(callsTo(sim, '/payment/transfer/create')[0].body).toEqual({
				...secretsOf(liv),
				senderID: livAccount.id,
				amount: 125.5,
				receiverID,
				remark: 'Invoice 42',
			});
			const balance = await run(liv, 'data', 'getBalance', { accountID: livAccount.id });
			expect(balance.output('Dapi')[0].json.amount).toBeCloseTo(livAccount.balance - 125.5, 2);
		});

		it('Create Transfer to account details sends name, IBAN and account number', async () => {
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 10,
				payTo: 'details',
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/payment/transfer/create')[0].body).toEqual({
				...secretsOf(liv),
				senderID: livAccount.id,
				amount: 10,
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
		});

		it('INSUFFICIENT_BALANCE is a clear error and the transfer is sent exactly once', async () => {
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 99_999_999,
				payTo: 'details',
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
			expect(result.error()?.description).toMatch(/INSUFFICIENT_BALANCE/);
			expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(1);
		});

		it.each([
			[0, 'Amount must be at least 0.01'],
			[-5, 'Amount must be a plain positive number'],
			[10.005, 'Amount has more than 2 decimals'],
		])('refuses amount %p before sending', async (amount, message) => {
			const result = await run(liv, 'payment', 'createTransfer', { senderID: livAccount.id, amount, receiverID: 'x' });
			expect(result.error()?.message).toBe(message);
			expect(sim.requests()).toHaveLength(0);
		});
	});
});
