import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser } from '../../../../support/fixtures';

describe('Dapi node, ACH Get Pull (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let chase: Connection;
	let checking: string;
	beforeAll(async () => {
		chase = await connect(sim, 'user-us-chase-003');
		checking = seededUser(sim, 'user-us-chase-003').accounts[0].id;
	});

	it("gives the connection's latest pull as one item, from the SDKs' body", async () => {
		await run(chase, 'ach', 'createPull', { senderID: checking, amount: 20 });
		await run(chase, 'ach', 'createPull', { senderID: checking, amount: 42.5 });
		sim.clearRequests();

		const result = await run(chase, 'ach', 'getPull');

		expect(result.error()).toBeUndefined();
		const items = result.output('Dapi');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ amount: 42.5, status: 'pending' });
		expect(items[0].json).not.toHaveProperty('success');
		expectSdkShape(sim, chase, '/ach/pull/get');
	});

	it("with Keep Whole Response, gives Dapi's whole answer", async () => {
		await run(chase, 'ach', 'createPull', { senderID: checking, amount: 7 });

		const result = await run(chase, 'ach', 'getPull', { options: { keepWholeResponse: true } });

		expect(result.output('Dapi')[0].json).toMatchObject({
			success: true,
			status: 'done',
			transfer: { amount: 7, status: 'pending' },
		});
	});

	it("Dapi's refusal is the item's error, and a read is sent once when Dapi answered", async () => {
		const fresh = await connect(sim, 'user-us-chase-003');
		sim.clearRequests();

		const result = await run(fresh, 'ach', 'getPull');

		expect(result.error()?.description).toMatch(/No ACH pull has been created on this connection/);
		expect(callsTo(sim, '/ach/pull/get')).toHaveLength(1);
	});
});
