import { useSimulator } from '../support/simulator';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { APP_SECRET, FIXED_NOW, expectDapiError, login, userCall, type Session } from '../support/simulatorHttp';

const MINUTE = 60 * 1000;

/** One IBatchItem of the Node SDK, valid for a UAE bank. */
function item(
	overrides: Record<string, unknown> = {},
	beneficiary: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		type: 'local',
		amount: 100,
		currency: 'AED',
		beneficiary: {
			name: 'Omar Khalil',
			iban: 'AE070331234567890123456',
			accountNumber: '1234567890123456',
			swiftCode: 'BOMLAEAD',
			country: 'AE',
			...beneficiary,
		},
		...overrides,
	};
}

describe('batch transfers (Node SDK 2.3.2)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let liv: Session;
	let adcb: Session;
	beforeEach(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
	});

	const livBalance = () => sim.users()[0].accounts[0].balance;

	test("/batch/metadata/get answers the bank's limits with exactly the SDK fields, and never asks for MFA", async () => {
		sim.setUserInputPolicy('*', 'otp');
		const reply = await userCall(sim, liv, '/v2/batch/metadata/get');
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['metadata', 'operationID', 'status', 'success']);
		expect(Object.keys(reply.body.metadata).sort()).toEqual([
			'filenameMaxChars',
			'maxBatchTransfers',
			'maxTotalTransferAmount',
			'minTotalTransferAmount',
			'validators',
		]);
		expect(reply.body.metadata).toMatchObject({
			maxBatchTransfers: 5,
			maxTotalTransferAmount: 50000,
			minTotalTransferAmount: 10,
			filenameMaxChars: 30,
		});
		expect(Object.keys(reply.body.metadata.validators).sort()).toEqual(['intl', 'local', 'same']);
	});

	test('a bank without batch transfers refuses every batch call', async () => {
		const chase = await login(sim, 'user-us-chase-003');
		const reply = await userCall(sim, chase, '/v2/batch/metadata/get');
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe("Batch transfers are not available for this user's bank.");
	});

	test('/batch/transfers/create pays the accepted items, and the batch goes through the stages on the clock', async () => {
		const reply = await userCall(sim, liv, '/v2/batch/transfers/create', {
			senderID: 'acc-liv-001-current',
			type: 'local',
			items: [
				item({ amount: 1200.5, remark: 'June salary' }),
				item({ amount: 800 }, { name: 'Sara Ali', iban: 'AE460330000010123456789' }),
			],
			remark: 'Payroll June',
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['details', 'operationID', 'status', 'success']);
		const { details } = reply.body;
		expect(details).toMatchObject({
			stage: 'pending',
			sender: { iban: 'AE730260001015234567801', accountNumber: '1015234567801' },
			totalAmountRequested: 2000.5,
			totalAmountSucceeded: 0,
			currency: 'AED',
			numFailedItems: 0,
			numPendingItems: 2,
			numSucceededItems: 0,
		});
		expect(details.fileName.length).toBeLessThanOrEqual(30);
		expect(details.items[0]).toEqual({
			status: 'pending',
			errors: [],
			name: 'Omar Khalil',
			amount: 1200.5,
			currency: 'AED',
			iban: 'AE070331234567890123456',
			accountNumber: '1234567890123456',
		});
		expect(livBalance()).toBe(15234.75 - 2000.5);

		const itemsAt = async () =>
			(await userCall(sim, liv, '/v2/batch/items/get', { reference: details.reference })).body.transfers;
		const seen = [];
		for (let minute = 0; minute < 7; minute++) {
			seen.push((await itemsAt()).stage);
			sim.advanceClock(MINUTE);
		}
		expect(seen).toEqual([
			'pending',
			'waiting_for_verification',
			'waiting_for_authorization',
			'waiting_for_release',
			'releasing',
			'done',
			'done',
		]);
		const done = await itemsAt();
		expect(done).toMatchObject({
			reference: details.reference,
			fileName: details.fileName,
			totalAmountRequested: 2000.5,
			totalAmountSucceeded: 2000.5,
			currency: 'AED',
		});
		expect(done.items.map((i: { status: string }) => i.status)).toEqual(['succeeded', 'succeeded']);
		expect(typeof done.items[0].reference).toBe('string');
		expect(livBalance()).toBe(15234.75 - 2000.5);

		// The two transfers show in the sender's transactions.
		const transactions = await userCall(sim, liv, '/v2/data/transactions/get', {
			accountID: 'acc-liv-001-current',
			fromDate: '2024-06-15',
			toDate: '2024-06-15',
		});
		expect(
			transactions.body.transactions.filter((t: { amount: number }) => [1200.5, 800].includes(t.amount)),
		).toHaveLength(2);
	});

	test("an item the bank's validators refuse fails alone, with errors; a batch of only such items fails and pays nothing", async () => {
		const reply = await userCall(sim, liv, '/v2/batch/transfers/create', {
			senderID: 'acc-liv-001-current',
			type: 'local',
			items: [
				item({ amount: 50 }),
				item({ amount: 60 }, { iban: undefined, name: 'N'.repeat(36) }),
				item({ amount: 70, currency: 'USD' }),
			],
		});
		expect(reply.status).toBe(200);
		const { details } = reply.body;
		expect(details).toMatchObject({
			stage: 'pending',
			numFailedItems: 2,
			numPendingItems: 1,
			numSucceededItems: 0,
			totalAmountRequested: 180,
		});
		expect(details.items[1]).toMatchObject({
			status: 'failed',
			errors: [
				{ msg: 'beneficiary.name is too long. Maximum length: 35', field: 'beneficiary.name', type: 'PARAMETER_ERROR' },
				{ msg: 'beneficiary.iban is missing.', field: 'beneficiary.iban', type: 'PARAMETER_MISSING' },
			],
		});
		expect(details.items[2].errors).toEqual([
			{ msg: "currency must be the sender account's currency (AED).", field: 'currency', type: 'PARAMETER_ERROR' },
		]);
		expect(livBalance()).toBe(15234.75 - 50);

		const allRefused = await userCall(sim, liv, '/v2/batch/transfers/create', {
			senderID: 'acc-liv-001-current',
			type: 'local',
			items: [item({ amount: 20 }, { iban: undefined })],
		});
		expect(allRefused.body.details).toMatchObject({ stage: 'failed', numFailedItems: 1, numPendingItems: 0 });
		sim.advanceClock(10 * MINUTE);
		expect(
			(await userCall(sim, liv, '/v2/batch/items/get', { reference: allRefused.body.details.reference })).body.transfers
				.stage,
		).toBe('failed');
		expect(livBalance()).toBe(15234.75 - 50);
	});

	test("the bank's limits on count and total refuse the whole call, before anything is paid", async () => {
		const call = (items: unknown[]) =>
			userCall(sim, liv, '/v2/batch/transfers/create', { senderID: 'acc-liv-001-current', type: 'local', items });
		let reply = await call(Array.from({ length: 6 }, () => item({ amount: 10 })));
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe('items holds 6 transfers; the bank takes at most 5 in one batch (maxBatchTransfers).');
		reply = await call([item({ amount: 30000 }), item({ amount: 20000.01 })]);
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe("The items add up to 50000.01, above the bank's maxTotalTransferAmount of 50000.");
		reply = await call([item({ amount: 9.99 })]);
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe("The items add up to 9.99, below the bank's minTotalTransferAmount of 10.");
		reply = await call([item({ amount: 15000 }), item({ amount: 234.76 })]);
		expectDapiError(reply, 400, 'INSUFFICIENT_BALANCE');
		expect(livBalance()).toBe(15234.75);
	});

	test.each([
		[{ type: undefined }, 422, 'type is missing.'],
		[{ type: 'wire' }, 400, 'type has to be same, local or intl'],
		[{ items: undefined }, 422, 'items is missing.'],
		[{ items: [] }, 400, 'items must hold at least one transfer.'],
		[{ items: [item({ type: 'same' })] }, 400, "items[0].type must be the batch's type (local)."],
		[{ items: [item({ amount: 1.005 })] }, 400, 'items[0].amount must have at most 2 decimal places.'],
		[{ items: [item({ amount: '100' })] }, 400, 'items[0].amount must be a number.'],
		[{ items: [item({ currency: undefined })] }, 422, 'items[0].currency is missing.'],
		[{ items: [item({ date: '2024-02-30' })] }, 400, 'items[0].date must be a real date in the format YYYY-MM-DD.'],
		[{ items: [item({}, { swiftCode: undefined })] }, 422, 'items[0].beneficiary.swiftCode is missing.'],
		[{ items: [item({}, { country: undefined })] }, 422, 'items[0].beneficiary.country is missing.'],
		[{ items: [item({}, { address: { line1: 'x' } })] }, 400, 'items[0].beneficiary.address must be a string.'],
		[{ remark: 'r'.repeat(36) }, 400, 'remark is too long. Maximum length: 35'],
		[{ senderID: 'acc-nope' }, 404, 'Provided account ID is incorrect.'],
	])('/batch/transfers/create refuses %j', async (override, status, msg) => {
		const body = { senderID: 'acc-liv-001-current', type: 'local', items: [item()], ...override };
		const reply = await userCall(sim, liv, '/v2/batch/transfers/create', body);
		expect(reply.status).toBe(status);
		expect(reply.body.msg).toBe(msg);
		expect(livBalance()).toBe(15234.75);
	});

	test('/batch/file/create answers a base64 CSV of the accepted items and moves no money', async () => {
		const reply = await userCall(sim, adcb, '/v2/batch/file/create', {
			sender: { iban: 'AE960300011223344550001', accountNumber: '11223344550001' },
			type: 'local',
			items: [item({ amount: 25.5, remark: 'Rent, June' }), item({ amount: 10 }, { iban: undefined })],
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual([
			'details',
			'fileContent',
			'fileExtension',
			'operationID',
			'status',
			'success',
		]);
		expect(reply.body.fileExtension).toBe('csv');
		expect(Buffer.from(reply.body.fileContent, 'base64').toString('utf8')).toBe(
			'type,amount,currency,name,iban,accountNumber,swiftCode,country,remark\n' +
				'local,25.50,AED,Omar Khalil,AE070331234567890123456,1234567890123456,BOMLAEAD,AE,"Rent, June"\n',
		);
		expect(reply.body.details).toMatchObject({
			sender: { iban: 'AE960300011223344550001', accountNumber: '11223344550001' },
			numFailedItems: 1,
			numPendingItems: 1,
			numSucceededItems: 0,
		});
		expect(sim.users()[1].accounts[0].balance).toBe(8420.15);

		const wrongSender = await userCall(sim, adcb, '/v2/batch/file/create', {
			sender: { iban: 'AE960300011223344550001', accountNumber: '999' },
			type: 'local',
			items: [item()],
		});
		expectDapiError(wrongSender, 404, 'INVALID_ACCOUNT_ID');
		expectDapiError(
			await userCall(sim, adcb, '/v2/batch/file/create', {
				senderID: 'acc-adcb-002-current',
				type: 'local',
				items: [item()],
			}),
			422,
			'PARAMETER_MISSING',
		);
	});

	test("/batch/transfers/get lists the user's batches made in the range; /batch/items/get knows only the user's own", async () => {
		const made = await userCall(sim, liv, '/v2/batch/transfers/create', {
			senderID: 'acc-liv-001-current',
			type: 'same',
			items: [item({ type: 'same', amount: 15 })],
		});
		const { reference, fileName } = made.body.details;
		sim.advanceClock(2 * MINUTE);
		const list = await userCall(sim, liv, '/v2/batch/transfers/get', { fromDate: '2024-06-01', toDate: '2024-06-30' });
		expect(list.body.transfers).toEqual([
			{ stage: 'waiting_for_authorization', date: '2024-06-15T10:00:00.000Z', reference, fileName },
		]);
		expect(
			(await userCall(sim, liv, '/v2/batch/transfers/get', { fromDate: '2024-06-16', toDate: '2024-06-30' })).body
				.transfers,
		).toEqual([]);
		expect(
			(await userCall(sim, adcb, '/v2/batch/transfers/get', { fromDate: '2024-06-01', toDate: '2024-06-30' })).body
				.transfers,
		).toEqual([]);
		expectDapiError(
			await userCall(sim, liv, '/v2/batch/transfers/get', { fromDate: '2024-06-30', toDate: '2024-06-01' }),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/batch/transfers/get', { toDate: '2024-06-01' }),
			422,
			'PARAMETER_MISSING',
		);

		const theirs = await userCall(sim, adcb, '/v2/batch/items/get', { reference });
		expectDapiError(theirs, 400, 'PARAMETER_ERROR');
		expect(Object.keys((await userCall(sim, liv, '/v2/batch/items/get', { reference })).body.transfers).sort()).toEqual(
			['currency', 'fileName', 'items', 'reference', 'stage', 'totalAmountRequested', 'totalAmountSucceeded'],
		);
	});

	test('a batch transfer posts its result to the webhook, named by opInfo.type, as the other money calls do', async () => {
		const receiver = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => res.end('ok'));
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		try {
			sim.setWebhook({
				url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
				secret: 'batch-webhook-secret',
			});
			const reply = await userCall(sim, liv, '/v2/batch/transfers/create', {
				senderID: 'acc-liv-001-current',
				type: 'local',
				items: [item({ amount: 12 })],
			});
			await userCall(sim, liv, '/v2/batch/file/create', {
				sender: { iban: 'AE730260001015234567801', accountNumber: '1015234567801' },
				type: 'local',
				items: [item()],
			});
			await sim.flushWebhooks();
			const deliveries = sim.webhookDeliveries();
			expect(deliveries).toHaveLength(1);
			expect(deliveries[0].status).toBe(200);
			expect(deliveries[0].payload).toMatchObject({
				operationID: reply.body.operationID,
				status: 'done',
				details: { reference: reply.body.details.reference },
				opInfo: { type: '/batch/transfers/create', status: 'done' },
			});
		} finally {
			sim.setWebhook(null);
			await new Promise((resolve) => receiver.close(resolve));
		}
	});

	test('a batch transfer can ask for MFA and is paid only once the answer is in', async () => {
		sim.setUserInputPolicy('/v2/batch/transfers/create', 'otp');
		const body = { senderID: 'acc-liv-001-current', type: 'local', items: [item({ amount: 40 })] };
		const prompt = await userCall(sim, liv, '/v2/batch/transfers/create', body);
		expect(prompt.body.status).toBe('user_input_required');
		expect(livBalance()).toBe(15234.75);
		const done = await userCall(sim, liv, '/v2/batch/transfers/create', {
			...body,
			operationID: prompt.body.operationID,
			userInputs: [{ id: 'otp', index: 0, answer: '123456' }],
		});
		expect(done.body).toMatchObject({ status: 'done', details: { numPendingItems: 1 } });
		expect(livBalance()).toBe(15234.75 - 40);
	});
});
