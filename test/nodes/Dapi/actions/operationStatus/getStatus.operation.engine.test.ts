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
		/** A transfer to an IBAN from the LIV account; Continue On Fail keeps a refused one as an item. */
		const transferOf = async (amount: number) =>
			await run(
				liv,
				'payment',
				'createTransfer',
				{
					senderID: livAccount.id,
					amount,
					payTo: 'details',
					name: 'John Smith',
					iban: 'AE460330000010123456789',
					accountNumber: '0010123456789',
				},
				{ onError: 'continueRegularOutput' },
			);

		const statusOf = async (operationID: string, credentials = appCredentials(sim)) =>
			await runWorkflow(
				chainWorkflow(
					[{ operationID }],
					[dapiNode('operation', 'getStatus', { operationID: '={{ $json.operationID }}' })],
				),
				credentials,
			);

		it('asks /operation/get with appKey, appSecret and operationID and no user token', async () => {
			const operationID = (await transferOf(3)).output('Dapi')[0].json.operationID as string;
			sim.clearRequests();
			const result = await statusOf(operationID);
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({
				status: 'done',
				opInfo: { type: '/payment/transfer/create' },
			});
			const [call] = callsTo(sim, '/operation/get');
			expect(call.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET, operationID });
			expect(call.headers.authorization).toBeUndefined();
		});

		it("without an App Key in the credential, asks the SDKs' /operation/status with operationID and appSecret only", async () => {
			const operationID = (await transferOf(2)).output('Dapi')[0].json.operationID as string;
			sim.clearRequests();
			const credentials = appCredentials(sim);
			const result = await statusOf(operationID, { dapiApi: { ...credentials.dapiApi, appKey: '' } });
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({ status: 'done', operationID });
			expect(sim.requests().map((entry) => entry.path)).toEqual(['/v2/operation/status']);
			const [call] = callsTo(sim, '/operation/status');
			expect(call.body).toEqual({ appSecret: APP_SECRET, operationID });
			expect(call.headers.authorization).toBeUndefined();
		});

		it('gives a failed operation as its answer, with the reason, not as an error', async () => {
			const failed = (await transferOf(livAccount.balance + 1_000_000)).output('Dapi')[0].json;
			expect(failed.type).toBe('INSUFFICIENT_BALANCE');
			// The failed item names the operation in its description, which is where a user copies it from.
			const operationID = /Operation ID: ([\w-]+)/.exec(String(failed.description))?.[1] ?? '';
			expect(operationID).not.toBe('');

			const result = await statusOf(operationID);
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi', 1)).toEqual([]);
			expect(result.output('Dapi')[0].json).toMatchObject({
				success: true,
				status: 'failed',
				operationID,
				opInfo: { status: 'failed', errorType: 'INSUFFICIENT_BALANCE', type: '/payment/transfer/create' },
			});
		});

		it("gives an operation waiting for the bank's prompt on the main output, with nothing to resume", async () => {
			const BALANCE = '/v2/data/balance/get';
			sim.setUserInputPolicy(BALANCE, 'otp');
			try {
				const ask = await run(liv, 'data', 'getBalance', { accountID: livAccount.id });
				const operationID = String(ask.output('Dapi', 1)[0].json.operationID);
				const result = await statusOf(operationID);
				expect(result.error()).toBeUndefined();
				expect(result.output('Dapi', 1)).toEqual([]);
				const [item] = result.output('Dapi');
				expect(item.json).toMatchObject({ status: 'user_input_required', operationID });
				expect(item.json.resume).toBeUndefined();
			} finally {
				sim.setUserInputPolicy(BALANCE, 'none');
			}
		});

		it('still fails the item when Dapi refuses the status call itself (success false)', async () => {
			const result = await statusOf('no-such-operation');
			expect(result.error()?.message).toMatch(/Dapi/);
			expect(callsTo(sim, '/operation/get').length).toBeGreaterThan(0);
		});
	});
});
