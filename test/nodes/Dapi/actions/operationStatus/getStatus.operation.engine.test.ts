import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import {
	APP_KEY,
	APP_SECRET,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	useDapiSimulator,
	type Connection,
} from '../../../../support/dapi';
import { dapiRunner } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let livAccount: { id: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
		livAccount = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	describe('Operation: Get Status', () => {
		it('asks /operation/get with appKey, appSecret and operationID and no user token', async () => {
			const transfer = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 3,
				payTo: 'details',
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
			const operationID = transfer.output('Dapi')[0].json.operationID as string;
			sim.clearRequests();
			const result = await runWorkflow(
				chainWorkflow(
					[{ operationID }],
					[dapiNode('operation', 'getStatus', { operationID: '={{ $json.operationID }}' })],
				),
				appCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({
				status: 'done',
				opInfo: { type: '/payment/transfer/create' },
			});
			const [call] = callsTo(sim, '/operation/get');
			expect(call.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET, operationID });
			expect(call.headers.authorization).toBeUndefined();
		});
	});
});
