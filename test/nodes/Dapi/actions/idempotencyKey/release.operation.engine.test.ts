import { allText, appCredentials, callsTo, connect, dapiNode, useDapiSimulator } from '../../../../support/dapi';
import type { Connection } from '../../../../support/dapi';
import { chainWorkflow, processedData, runWorkflow, NODE_TYPES } from '../../../../support/engine';
import { dapiRunner, seededUser } from '../../../../support/fixtures';

describe('Dapi node, Idempotency Key Release (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let senderID: string;
	let receiverID: string;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
		senderID = seededUser(sim, 'user-ae-liv-001').accounts[0].id;
		receiverID = (await run(liv, 'payment', 'getBeneficiaries')).output('Dapi')[0].json.id as string;
	});
	beforeEach(() => processedData.clear());

	const pay = (key: string) =>
		run({ ...liv, invoiceId: key }, 'payment', 'createTransfer', {
			senderID,
			amount: 5,
			receiverID,
			idempotencyKey: '={{ $json.invoiceId }}',
		});
	const release = (key: string, parameters: Record<string, unknown> = {}) =>
		runWorkflow(
			chainWorkflow(
				[{ invoiceId: key }],
				[dapiNode('idempotencyKey', 'release', { idempotencyKey: '={{ $json.invoiceId }}', ...parameters })],
			),
			appCredentials(sim),
		);
	const transfers = () => callsTo(sim, '/payment/transfer/create').length;

	it('frees a used key without calling Dapi, so the next payment with it is sent', async () => {
		await pay('INV-R1');
		expect((await pay('INV-R1')).error()?.message).toBe('Not sent: the Idempotency Key "INV-R1" was already used');
		expect(transfers()).toBe(1);
		sim.clearRequests();

		const released = await release('INV-R1');

		expect(released.error()).toBeUndefined();
		expect(released.output('Dapi').map((item) => item.json)).toEqual([{ released: true }]);
		expect(sim.requests()).toHaveLength(0);
		expect((await pay('INV-R1')).error()).toBeUndefined();
		expect(transfers()).toBe(1);
	});

	it('says so when the key was never recorded, and frees only the key it names', async () => {
		await pay('INV-R2');
		const released = await release('INV-OTHER');
		expect(released.output('Dapi')[0].json).toMatchObject({ released: false });
		expect((await pay('INV-R2')).error()?.message).toBe('Not sent: the Idempotency Key "INV-R2" was already used');
	});

	it("keeps keys per credential: the Dapi Connection credential's keys are not the Dapi API credential's", async () => {
		await pay('INV-R3');
		const released = await release('INV-R3', { tokenSource: 'credential' });
		expect(released.output('Dapi')[0].json).toMatchObject({ released: false });
	});

	it('refuses an empty key, and an AI agent without leave, before anything changes', async () => {
		const empty = await release('');
		expect(empty.error()?.message).toBe('Idempotency Key is empty');

		await pay('INV-R4');
		const asTool = await runWorkflow(
			chainWorkflow(
				[{ invoiceId: 'INV-R4' }],
				[dapiNode('idempotencyKey', 'release', { idempotencyKey: 'INV-R4' }, { type: NODE_TYPES.dapiTool })],
			),
			appCredentials(sim),
		);
		expect(asTool.error()?.message).toBe(
			'An AI agent may not run this release of an Idempotency Key unless you allow it',
		);
		expect(allText(asTool.error())).not.toContain(liv.userSecret);
		expect((await pay('INV-R4')).error()?.message).toBe('Not sent: the Idempotency Key "INV-R4" was already used');
	});
});
