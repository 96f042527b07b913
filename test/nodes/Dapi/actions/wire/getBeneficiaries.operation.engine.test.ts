import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { ADDRESS, dapiRunner, expectSdkShape, wireBeneficiary } from '../../../../support/fixtures';

describe('Dapi node, Wire Get Beneficiaries (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let chase: Connection;
	beforeAll(async () => {
		chase = await connect(sim, 'user-us-chase-003');
	});

	it("gives one item per wire beneficiary, from the SDKs' body", async () => {
		for (const suffix of ['11', '12']) {
			const created = await run(chase, 'wire', 'createBeneficiary', {
				...wireBeneficiary,
				name: `Acme ${suffix}`,
				accountNumber: `0009876543${suffix}`,
				address: ADDRESS,
				beneficiaryType: 'local',
			});
			expect(created.error()).toBeUndefined();
		}
		sim.clearRequests();

		const result = await run(chase, 'wire', 'getBeneficiaries');

		expect(result.error()).toBeUndefined();
		const names = result.output('Dapi').map((item) => item.json.name);
		expect(names).toEqual(expect.arrayContaining(['Acme 11', 'Acme 12']));
		expect(result.output('Dapi').every((item) => typeof item.json.id === 'string')).toBe(true);
		expect(
			result.output('Dapi').every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expectSdkShape(sim, chase, '/wire/beneficiaries/get');
	});

	it('is a US call: a connection to a bank without wires gets the bank refusal as its error', async () => {
		const liv = await connect(sim, 'user-ae-liv-001');
		sim.clearRequests();
		const result = await run(liv, 'wire', 'getBeneficiaries');
		expect(result.error()).toBeDefined();
		expect(result.output('Dapi')).toHaveLength(0);
		expect(sim.requests()).toHaveLength(1);
	});
});
