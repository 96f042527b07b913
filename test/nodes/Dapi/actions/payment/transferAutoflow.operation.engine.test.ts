import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { beneficiary, dapiRunner, secretsOf } from '../../../../support/fixtures';

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
		it('Transfer Autoflow nests the beneficiary with its type (local unless chosen), as the contract has it', async () => {
			const { parameters, sent } = beneficiary('03');
			const result = await run(liv, 'payment', 'transferAutoflow', {
				senderID: livAccount.id,
				amount: 20.25,
				...parameters,
			});
			expect(result.error()).toBeUndefined();
			expect(typeof result.output('Dapi')[0].json.reference).toBe('string');
			expect(callsTo(sim, '/payment/transfer/autoflow')[0].body).toEqual({
				...secretsOf(liv),
				senderID: livAccount.id,
				amount: 20.25,
				beneficiary: { ...sent, type: 'local' },
			});

			const same = beneficiary('05');
			sim.clearRequests();
			const sameBank = await run(liv, 'payment', 'transferAutoflow', {
				senderID: livAccount.id,
				amount: 1,
				...same.parameters,
				beneficiaryType: 'same',
			});
			expect(sameBank.error()).toBeUndefined();
			expect((callsTo(sim, '/payment/transfer/autoflow')[0].body as { beneficiary: unknown }).beneficiary).toEqual({
				...same.sent,
				type: 'same',
			});
		});

		it("a new beneficiary during the bank's cool-down is BENEFICIARY_COOL_DOWN_PERIOD", async () => {
			const adcb = await connect(sim, 'user-ae-adcb-002');
			const account = sim.users().find((u) => u.userID === 'user-ae-adcb-002')!.accounts[0];
			sim.clearRequests();
			const result = await run(adcb, 'payment', 'transferAutoflow', {
				senderID: account.id,
				amount: 5,
				...beneficiary('04').parameters,
			});
			expect(result.error()?.description).toMatch(/BENEFICIARY_COOL_DOWN_PERIOD/);
			expect(callsTo(sim, '/payment/transfer/autoflow')).toHaveLength(1);
		});

		it('a transfer whose answer is lost says its outcome is unknown, and is not retried', async () => {
			sim.setLatency(1500);
			try {
				const result = await run(liv, 'payment', 'transferAutoflow', {
					senderID: livAccount.id,
					amount: 1,
					...beneficiary('03').parameters,
					options: { timeout: 1000 },
				});
				expect(result.error()?.message).toBe("The transfer's outcome is unknown: no answer within 1 s");
				expect(result.error()?.description).toMatch(/Operation: Get Status/);
			} finally {
				sim.setLatency(0);
			}
			// The simulator still answers the call the node gave up on: wait for that answer, then count.
			await sim.untilRequests((log) => log.every((request) => request.status !== null));
			expect(callsTo(sim, '/payment/transfer/autoflow')).toHaveLength(1);
		});
	});
});
