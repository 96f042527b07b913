import { useSimulator } from '../support/simulator';
import {
	APP_SECRET,
	FIXED_NOW,
	USD,
	aeBeneficiary,
	expectDapiError,
	login,
	userCall,
	wireBeneficiary,
	type Session,
} from '../support/simulatorHttp';

describe('wire (US banks only)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let chase: Session;
	let liv: Session;
	beforeEach(async () => {
		chase = await login(sim, 'user-us-chase-003');
		liv = await login(sim, 'user-ae-liv-001');
	});

	const wireList = async () => (await userCall(sim, chase, '/v2/wire/beneficiaries/get')).body.beneficiaries;

	test.each([
		'/v2/wire/beneficiaries/get',
		'/v2/wire/beneficiaries/create',
		'/v2/wire/transfer/create',
		'/v2/wire/transfer/autoflow',
	])('%s at a non-US bank is 400 PARAMETER_ERROR, whatever the body', async (path) => {
		const reply = await userCall(sim, liv, path, {
			senderID: 'acc-liv-001-current',
			amount: 1,
			receiverID: 'x',
			...wireBeneficiary(),
		});
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe('Wire transfers are only available for US banks');
	});

	test('get lists the seeded wire beneficiary with the SDK beneficiary fields (no IBAN)', async () => {
		const reply = await userCall(sim, chase, '/v2/wire/beneficiaries/get');
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['beneficiaries', 'operationID', 'status', 'success']);
		expect(reply.body.beneficiaries).toEqual([
			{
				id: 'wben-chase-003-01',
				name: 'Michael Brooks',
				type: 'local',
				status: 'approved',
				iban: null,
				accountNumber: '000123456789',
			},
		]);
	});

	test('create answers the base envelope and lists the beneficiary; payment beneficiaries are separate', async () => {
		const reply = await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ sortCode: '123456' }));
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'status', 'success']);
		const list = await wireList();
		expect(list).toHaveLength(2);
		expect(list[1]).toEqual({
			id: expect.stringMatching(/^wben-/),
			name: 'Acme Supplies',
			type: 'local',
			status: 'approved',
			iban: null,
			accountNumber: '000555666777',
		});
		expect((await userCall(sim, chase, '/v2/payment/beneficiaries/get')).body.beneficiaries).toEqual([]);
		expectDapiError(
			await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ name: 'Acme Again' })),
			400,
			'BENEFICIARY_ALREADY_EXISTS',
		);
		// Same account number at another bank (routing number) is another beneficiary.
		expect(
			(await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ routingNumber: '011000015' })))
				.status,
		).toBe(200);
	});

	test.each([
		'name',
		'nickname',
		'accountNumber',
		'routingNumber',
		'type',
		'address',
		'country',
		'branchAddress',
		'branchName',
	])('create without %s is 422 PARAMETER_MISSING', async (field) => {
		const body = wireBeneficiary();
		delete body[field];
		const reply = await userCall(sim, chase, '/v2/wire/beneficiaries/create', body);
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe(`${field} is missing.`);
	});

	test('create checks the routing number, type and address', async () => {
		for (const routingNumber of ['12345678', '1234567890', '02600959A']) {
			const reply = await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ routingNumber }));
			expectDapiError(reply, 400, 'PARAMETER_ERROR');
			expect(reply.body.msg).toContain('routingNumber');
		}
		const type = await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ type: 'own' }));
		expectDapiError(type, 400, 'PARAMETER_ERROR');
		expect(type.body.msg).toBe('type has to be local, same or intl');
		expect(
			(await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ type: 'intl' }))).status,
		).toBe(200);
		const address = { line1: '100 Main St.', line2: 'Boston', line3: 'United States' };
		expectDapiError(
			await userCall(sim, chase, '/v2/wire/beneficiaries/create', wireBeneficiary({ accountNumber: '1', address })),
			400,
			'PARAMETER_ERROR',
		);
	});

	test('transfer/create to a wire beneficiary debits the account and shows as a wire debit', async () => {
		const reply = await userCall(sim, chase, '/v2/wire/transfer/create', {
			senderID: 'acc-chase-003-checking',
			amount: 250.75,
			receiverID: 'wben-chase-003-01',
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'reference', 'status', 'success']);
		expect(sim.users()[2].accounts[0].balance).toBe(2999.43);
		const txns = (
			await userCall(sim, chase, '/v2/data/transactions/get', {
				accountID: 'acc-chase-003-checking',
				fromDate: '2024-06-15',
				toDate: '2024-06-15',
			})
		).body.transactions;
		expect(txns[txns.length - 1]).toMatchObject({
			amount: 250.75,
			type: 'debit',
			description: 'OUTGOING WIRE TRANSFER',
			details: 'TO MICHAEL BROOKS',
			currency: USD,
			afterAmount: 2999.43,
			reference: reply.body.reference,
		});
	});

	test('transfer/create needs receiverID (a wire beneficiary) and follows the amount and balance rules', async () => {
		const call = (body: Record<string, unknown>) =>
			userCall(sim, chase, '/v2/wire/transfer/create', { senderID: 'acc-chase-003-checking', ...body });
		let reply = await call({ amount: 5 });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('receiverID is missing.');
		expectDapiError(await call({ amount: 5, receiverID: 'ben-liv-001-01' }), 400, 'PARAMETER_ERROR');
		expectDapiError(await call({ amount: 5.555, receiverID: 'wben-chase-003-01' }), 400, 'PARAMETER_ERROR');
		reply = await call({ amount: 3250.19, receiverID: 'wben-chase-003-01' });
		expectDapiError(reply, 400, 'INSUFFICIENT_BALANCE');
		expect(sim.users()[2].accounts[0].balance).toBe(3250.18);
	});

	test('autoflow creates the wire beneficiary (no cool-down at Chase) and transfers; bankName, nickname and type are required', async () => {
		const beneficiary = wireBeneficiary({ bankName: 'Bank of America' });
		const reply = await userCall(sim, chase, '/v2/wire/transfer/autoflow', {
			senderID: 'acc-chase-003-savings',
			amount: 990.07,
			remark: 'Invoice 7',
			beneficiary,
		});
		expect(reply.status).toBe(200);
		expect(typeof reply.body.reference).toBe('string');
		expect(sim.users()[2].accounts[1].balance).toBe(18000);
		expect(await wireList()).toHaveLength(2);
		expect(
			(
				await userCall(sim, chase, '/v2/wire/transfer/autoflow', {
					senderID: 'acc-chase-003-savings',
					amount: 1,
					beneficiary,
				})
			).status,
		).toBe(200);
		expect(await wireList()).toHaveLength(2);

		for (const field of ['bankName', 'nickname', 'routingNumber', 'type']) {
			const without: Record<string, unknown> = { ...beneficiary, accountNumber: '42' };
			delete without[field];
			const missing = await userCall(sim, chase, '/v2/wire/transfer/autoflow', {
				senderID: 'acc-chase-003-savings',
				amount: 1,
				beneficiary: without,
			});
			expectDapiError(missing, 422, 'PARAMETER_MISSING');
			expect(missing.body.msg).toBe(`beneficiary.${field} is missing.`);
		}
		expect(await wireList()).toHaveLength(2);
	});
});

describe('ACH pull (US banks only)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let chase: Session;
	beforeEach(async () => {
		chase = await login(sim, 'user-us-chase-003');
	});

	test('create records a pending pull (base envelope); get answers the latest pull of this connection', async () => {
		expectDapiError(await userCall(sim, chase, '/v2/ach/pull/get'), 400, 'PARAMETER_ERROR');
		const created = await userCall(sim, chase, '/v2/ach/pull/create', {
			transfer: { senderID: 'acc-chase-003-checking', amount: 75.1, description: 'Top-up' },
		});
		expect(created.status).toBe(200);
		expect(Object.keys(created.body).sort()).toEqual(['operationID', 'status', 'success']);
		let got = await userCall(sim, chase, '/v2/ach/pull/get');
		expect(got.status).toBe(200);
		expect(Object.keys(got.body).sort()).toEqual(['operationID', 'status', 'success', 'transfer']);
		expect(got.body.transfer).toEqual({ amount: 75.1, currency: USD, status: 'pending' });

		await userCall(sim, chase, '/v2/ach/pull/create', { transfer: { senderID: 'acc-chase-003-savings', amount: 12 } });
		got = await userCall(sim, chase, '/v2/ach/pull/get');
		expect(got.body.transfer).toEqual({ amount: 12, currency: USD, status: 'pending' });
		// A pull moves no money in the simulator.
		expect(sim.users()[2].accounts.map((a) => a.balance)).toEqual([3250.18, 18990.07]);
		// Another connection of the same user has no pull yet.
		const other = await login(sim, 'user-us-chase-003');
		expectDapiError(await userCall(sim, other, '/v2/ach/pull/get'), 400, 'PARAMETER_ERROR');
	});

	test('create checks the nested transfer object', async () => {
		const call = (body: Record<string, unknown>) => userCall(sim, chase, '/v2/ach/pull/create', body);
		let reply = await call({ senderID: 'acc-chase-003-checking', amount: 5 });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('transfer is missing.');
		reply = await call({ transfer: { amount: 5 } });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('transfer.senderID is missing.');
		reply = await call({ transfer: { senderID: 'acc-chase-003-checking', amount: -1 } });
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toContain('transfer.amount');
		expectDapiError(
			await call({ transfer: { senderID: 'acc-liv-001-current', amount: 5 } }),
			404,
			'INVALID_ACCOUNT_ID',
		);
		expectDapiError(
			await call({ transfer: { senderID: 'acc-chase-003-checking', amount: 5, description: 7 } }),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(await call({ transfer: 'acc-chase-003-checking' }), 400, 'PARAMETER_ERROR');
		expectDapiError(await userCall(sim, chase, '/v2/ach/pull/get'), 400, 'PARAMETER_ERROR');
	});

	test('AE banks answer PARAMETER_ERROR', async () => {
		const adcb = await login(sim, 'user-ae-adcb-002');
		for (const path of ['/v2/ach/pull/create', '/v2/ach/pull/get']) {
			const reply = await userCall(sim, adcb, path, { transfer: { senderID: 'acc-adcb-002-current', amount: 5 } });
			expectDapiError(reply, 400, 'PARAMETER_ERROR');
			expect(reply.body.msg).toBe('ACH pulls are only available for US banks');
		}
		// Payment endpoints stay open to AE beneficiaries.
		expect((await userCall(sim, adcb, '/v2/payment/beneficiaries/create', aeBeneficiary())).status).toBe(200);
	});
});
