import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { PAYROLL, PER_ITEM_FIELDS, dapiRunner, secretsOf, withToken } from '../../../../support/fixtures';

const MINUTE = 60 * 1000;

describe('Dapi node, Batch (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let account: { id: string; iban: string | null; number: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});
	beforeEach(() => {
		sim.clearRequests();
		sim.setUserInputPolicy('/v2/batch/transfers/create', 'none');
		account = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	describe('reads', () => {
		it('Get Batch Metadata gives the limits; Get Batch Transfers lists the batch; Get Batch Items follows its stages', async () => {
			const metadata = await run(withToken([{}], liv), 'batch', 'getMetadata', {});
			expect(metadata.output('Dapi')[0].json).toMatchObject({
				maxBatchTransfers: 5,
				maxTotalTransferAmount: 50000,
				minTotalTransferAmount: 10,
				filenameMaxChars: 30,
			});

			const made = await run(withToken(PAYROLL.slice(0, 1), liv), 'batch', 'createTransfer', {
				senderID: account.id,
				...PER_ITEM_FIELDS,
			});
			const { reference } = made.output('Dapi')[0].json.details as { reference: string };
			const today = new Date(sim.now()).toISOString().slice(0, 10);
			sim.clearRequests();
			const list = await run(withToken([{}], liv), 'batch', 'getTransfers', { fromDate: today, toDate: today });
			expect(list.output('Dapi').map((item) => item.json.reference)).toContain(reference);
			expect(callsTo(sim, '/batch/transfers/get')[0].body).toEqual({
				...secretsOf(liv),
				fromDate: today,
				toDate: today,
			});

			const items = async () =>
				(
					await run(withToken([{ reference }], liv), 'batch', 'getItems', { reference: '={{ $json.reference }}' })
				).output('Dapi')[0].json;
			expect(await items()).toMatchObject({ reference, stage: 'pending', items: [{ status: 'pending' }] });
			sim.advanceClock(5 * MINUTE);
			expect(await items()).toMatchObject({
				reference,
				stage: 'done',
				totalAmountSucceeded: PAYROLL[0].salary,
				items: [{ status: 'succeeded' }],
			});
			expect(callsTo(sim, '/batch/items/get').at(-1)!.body).toEqual({ ...secretsOf(liv), reference });
		});
	});
});
