import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { PAYROLL, PER_ITEM_FIELDS, dapiRunner, secretsOf, seededUser, withToken } from '../../../../support/fixtures';

describe('Dapi node, Batch Get Transfers (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
		sim.setUserInputPolicy('/v2/batch/transfers/create', 'none');
	});
	const today = () => new Date(sim.now()).toISOString().slice(0, 10);

	it('gives one item per batch made in the range, with the dates sent as given', async () => {
		const senderID = seededUser(sim, 'user-ae-liv-001').accounts[0].id;
		const references: string[] = [];
		for (const lines of [PAYROLL.slice(0, 1), PAYROLL.slice(1, 3)]) {
			const made = await run(withToken(lines, liv), 'batch', 'createTransfer', { senderID, ...PER_ITEM_FIELDS });
			expect(made.error()).toBeUndefined();
			references.push((made.output('Dapi')[0].json.details as { reference: string }).reference);
		}
		sim.clearRequests();

		const result = await run(liv, 'batch', 'getTransfers', { fromDate: today(), toDate: today() });

		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi').map((item) => item.json.reference)).toEqual(expect.arrayContaining(references));
		expect(callsTo(sim, '/batch/transfers/get').map((call) => call.body)).toEqual([
			{ ...secretsOf(liv), fromDate: today(), toDate: today() },
		]);
	});

	it('a range with no batch gives no item', async () => {
		const result = await run(liv, 'batch', 'getTransfers', { fromDate: '2020-01-01', toDate: '2020-01-31' });
		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi')).toHaveLength(0);
		expect(callsTo(sim, '/batch/transfers/get')).toHaveLength(1);
	});

	it.each([
		[{ fromDate: '2024-03-02', toDate: '2024-03-01' }, 'From Date is after To Date'],
		[{ fromDate: '2024-02-30', toDate: '2024-03-01' }, /From Date/],
		[{ fromDate: '={{ "" }}', toDate: '2024-03-01' }, /From Date/],
	])('refuses %j before sending', async (dates, message) => {
		const result = await run(liv, 'batch', 'getTransfers', dates);
		expect(result.error()?.message).toMatch(message);
		expect(sim.requests()).toHaveLength(0);
	});
});
