import { connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape } from '../../../../support/fixtures';

describe('Dapi node, Batch Get Metadata (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});

	it("gives the bank's batch limits as one item per input item, each from the SDKs' body", async () => {
		const result = await run([liv, liv], 'batch', 'getMetadata');

		expect(result.error()).toBeUndefined();
		const items = result.output('Dapi');
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ maxBatchTransfers: 5, filenameMaxChars: 30 });
		expect(items[0].json).not.toHaveProperty('operationID');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.requests()).toHaveLength(2);
	});

	it('sends the app secret and user secret in the body and the token as Bearer, nothing else', async () => {
		await run(liv, 'batch', 'getMetadata');
		expectSdkShape(sim, liv, '/batch/metadata/get');
	});

	it('refuses an item without an access token before anything is sent', async () => {
		const result = await run({ userSecret: liv.userSecret }, 'batch', 'getMetadata');
		expect(result.error()?.message).toMatch(/Access Token/);
		expect(sim.requests()).toHaveLength(0);
	});
});
