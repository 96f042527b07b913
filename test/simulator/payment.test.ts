import { useSimulator } from '../support/simulator';
import {
	AED,
	APP_SECRET,
	FIXED_NOW,
	HOUR,
	UUID,
	aeBeneficiary,
	expectDapiError,
	login,
	userCall,
	type Session,
} from '../support/simulatorHttp';

const cents = (n: number) => Math.round(n * 100);

describe('cards and complete accounts', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	test('/data/cards/get lists the cards with exactly the SDK fields', async () => {
		const adcb = await login(sim, 'user-ae-adcb-002');
		const reply = await userCall(sim, adcb, '/v2/data/cards/get');
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['cards', 'operationID', 'status', 'success']);
		expect(reply.body.cards).toEqual([
			{
				id: 'card-adcb-002-platinum',
				name: 'ADCB Platinum Credit Card',
				cardNumber: '************4821',
				creditLimit: 25000,
				currency: AED,
				type: 'credit',
				expiryDate: '2028-09-30',
				status: 'active',
			},
		]);
		const liv = await login(sim, 'user-ae-liv-001');
		expect((await userCall(sim, liv, '/v2/data/cards/get')).body.cards).toEqual([]);
	});

	test('/data/completeAccounts/get is accounts/get with each balance inside', async () => {
		for (const user of sim.users()) {
			const session = await login(sim, user.userID);
			const accounts = (await userCall(sim, session, '/v2/data/accounts/get')).body.accounts;
			const complete = await userCall(sim, session, '/v2/data/completeAccounts/get');
			expect(complete.status).toBe(200);
			expect(Object.keys(complete.body).sort()).toEqual(['accounts', 'operationID', 'status', 'success']);
			expect(complete.body.accounts).toHaveLength(accounts.length);
			for (const [i, account] of complete.body.accounts.entries()) {
				const { balance, ...rest } = account;
				expect(rest).toEqual(accounts[i]);
				const single = (await userCall(sim, session, '/v2/data/balance/get', { accountID: account.id })).body.balance;
				expect(balance).toEqual(single);
				expect(Object.keys(balance).sort()).toEqual(['accountNumber', 'amount', 'currency']);
			}
		}
	});
});

describe('payment: beneficiaries', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let liv: Session;
	let adcb: Session;
	let enbd: Session;
	beforeEach(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
		enbd = await login(sim, 'user-ae-enbd-004');
	});

	test('get lists the seeded beneficiaries with exactly the SDK fields', async () => {
		const reply = await userCall(sim, liv, '/v2/payment/beneficiaries/get');
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['beneficiaries', 'operationID', 'status', 'success']);
		expect(reply.body.beneficiaries).toEqual([
			{
				id: 'ben-liv-001-01',
				name: 'Mariam Al Mansouri',
				type: 'local',
				status: 'approved',
				iban: 'AE070300000012345678901',
				accountNumber: '0012345678901',
			},
			{
				id: 'ben-liv-001-02',
				name: 'Youssef Nasser',
				type: 'same',
				status: 'approved',
				iban: 'AE630260001019988776601',
				accountNumber: '1019988776601',
			},
		]);
		const chase = await login(sim, 'user-us-chase-003');
		expect((await userCall(sim, chase, '/v2/payment/beneficiaries/get')).body.beneficiaries).toEqual([]);
	});

	test('create answers the base envelope and the beneficiary is listed, approved', async () => {
		const reply = await userCall(
			sim,
			liv,
			'/v2/payment/beneficiaries/create',
			aeBeneficiary({ nickname: 'JD', bankName: 'CBD', phoneNumber: '+971500000001' }),
		);
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'status', 'success']);
		expect(reply.body).toMatchObject({ success: true, status: 'done' });
		expect(reply.body.operationID).toMatch(UUID);
		const list = (await userCall(sim, liv, '/v2/payment/beneficiaries/get')).body.beneficiaries;
		expect(list).toHaveLength(3);
		expect(list[2]).toEqual({
			id: expect.stringMatching(/^ben-/),
			name: 'Jane Doe',
			type: 'local',
			status: 'approved',
			iban: 'AE220460000045566778899',
			accountNumber: '0099887766001',
		});
		expect(sim.users()[0].beneficiaries).toEqual(list);
	});

	test.each([
		'name',
		'accountNumber',
		'iban',
		'swiftCode',
		'type',
		'address',
		'country',
		'branchAddress',
		'branchName',
	])('a missing required %s is 422 PARAMETER_MISSING naming it', async (field) => {
		const body = aeBeneficiary();
		delete body[field];
		const reply = await userCall(sim, liv, '/v2/payment/beneficiaries/create', body);
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe(`${field} is missing.`);
		expect((await userCall(sim, liv, '/v2/payment/beneficiaries/get')).body.beneficiaries).toHaveLength(2);
	});

	test.each(['line1', 'line2', 'line3'])('a missing address.%s is 422 PARAMETER_MISSING', async (line) => {
		const address: Record<string, string> = {
			line1: 'Maryam Street',
			line2: 'Abu Dhabi',
			line3: 'United Arab Emirates',
		};
		delete address[line];
		const reply = await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ address }));
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe(`address.${line} is missing.`);
	});

	test.each(['intl', 'own', 'LOCAL'])('type %p is 400 PARAMETER_ERROR "type has to be local or same"', async (type) => {
		const reply = await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ type }));
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe('type has to be local or same');
	});

	test.each([
		['line1', 'Maryam Street, 12'],
		['line1', 'Villa #4'],
		['line2', 'Abu-Dhabi'],
		['line3', 'U.A.E.'],
	])('address.%s %p (comma or special character) is 400 PARAMETER_ERROR', async (line, value) => {
		const address = { line1: 'Maryam Street', line2: 'Abu Dhabi', line3: 'United Arab Emirates', [line]: value };
		const reply = await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ address }));
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toContain(`address.${line}`);
	});

	test('non-string fields and a non-object address are 400 PARAMETER_ERROR', async () => {
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ name: 42 })),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ nickname: true })),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ address: 'Maryam Street' })),
			400,
			'PARAMETER_ERROR',
		);
	});

	test('the same IBAN or account number again is 400 BENEFICIARY_ALREADY_EXISTS', async () => {
		expect((await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary())).status).toBe(200);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ accountNumber: '1111111111' })),
			400,
			'BENEFICIARY_ALREADY_EXISTS',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary({ iban: 'AE100330001300456789012' })),
			400,
			'BENEFICIARY_ALREADY_EXISTS',
		);
		// A seeded one counts too; another user may add the same account.
		expectDapiError(
			await userCall(
				sim,
				liv,
				'/v2/payment/beneficiaries/create',
				aeBeneficiary({ iban: 'AE070300000012345678901', accountNumber: '0012345678901' }),
			),
			400,
			'BENEFICIARY_ALREADY_EXISTS',
		);
		expect((await userCall(sim, adcb, '/v2/payment/beneficiaries/create', aeBeneficiary())).status).toBe(200);
	});

	test('cool-down: ENBD (12 hrs) refuses transfers to a new beneficiary until 12 hours have passed', async () => {
		await userCall(sim, enbd, '/v2/payment/beneficiaries/create', aeBeneficiary());
		const receiverID = (await userCall(sim, enbd, '/v2/payment/beneficiaries/get')).body.beneficiaries.find(
			(b: { iban: string }) => b.iban === 'AE220460000045566778899',
		).id;
		const transfer = () =>
			userCall(sim, enbd, '/v2/payment/transfer/create', { senderID: 'acc-enbd-004-current', amount: 100, receiverID });

		let reply = await transfer();
		expectDapiError(reply, 400, 'BENEFICIARY_COOL_DOWN_PERIOD');
		expect(reply.body.msg).toBe('New beneficiary will be activated for fund transfer after 12 hour(s).');
		sim.advanceClock(6 * HOUR + 1);
		reply = await transfer();
		expectDapiError(reply, 400, 'BENEFICIARY_COOL_DOWN_PERIOD');
		expect(reply.body.msg).toBe('New beneficiary will be activated for fund transfer after 6 hour(s).');
		sim.advanceClock(6 * HOUR - 2);
		expectDapiError(await transfer(), 400, 'BENEFICIARY_COOL_DOWN_PERIOD');
		sim.advanceClock(1);
		reply = await transfer();
		expect(reply.status).toBe(200);
		expect(typeof reply.body.reference).toBe('string');
		// The refusals moved no money.
		expect(sim.users()[3].accounts[0].balance).toBe(45210.3 - 100);
	});

	test('cool-down: ADCB (1 hr) before and after advanceClock; Liv (0 hrs) is usable at once', async () => {
		await userCall(sim, adcb, '/v2/payment/beneficiaries/create', aeBeneficiary());
		const adcbReceiver = (await userCall(sim, adcb, '/v2/payment/beneficiaries/get')).body.beneficiaries[2].id;
		const body = { senderID: 'acc-adcb-002-current', amount: 10, receiverID: adcbReceiver };
		const reply = await userCall(sim, adcb, '/v2/payment/transfer/create', body);
		expectDapiError(reply, 400, 'BENEFICIARY_COOL_DOWN_PERIOD');
		expect(reply.body.msg).toBe('New beneficiary will be activated for fund transfer after 1 hour(s).');
		sim.advanceClock(HOUR);
		expect((await userCall(sim, adcb, '/v2/payment/transfer/create', body)).status).toBe(200);

		await userCall(sim, liv, '/v2/payment/beneficiaries/create', aeBeneficiary());
		const livReceiver = (await userCall(sim, liv, '/v2/payment/beneficiaries/get')).body.beneficiaries[2].id;
		expect(
			(
				await userCall(sim, liv, '/v2/payment/transfer/create', {
					senderID: 'acc-liv-001-current',
					amount: 10,
					receiverID: livReceiver,
				})
			).status,
		).toBe(200);
	});

	test('a beneficiary not yet confirmed by the bank is 400 BENEFICIARY_NOT_ACTIVATED', async () => {
		const reply = await userCall(sim, enbd, '/v2/payment/transfer/create', {
			senderID: 'acc-enbd-004-current',
			amount: 10,
			receiverID: 'ben-enbd-004-03',
		});
		expectDapiError(reply, 400, 'BENEFICIARY_NOT_ACTIVATED');
	});
});

describe('payment: transfers', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => FIXED_NOW }, { freshForEachTest: true });
	let liv: Session;
	let adcb: Session;
	beforeEach(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
	});

	const balanceOf = async (session: Session, accountID: string): Promise<number> =>
		(await userCall(sim, session, '/v2/data/balance/get', { accountID })).body.balance.amount;

	test('to a beneficiary: answers a reference and debits the sender exactly', async () => {
		const reply = await userCall(sim, liv, '/v2/payment/transfer/create', {
			senderID: 'acc-liv-001-current',
			amount: 125.5,
			receiverID: 'ben-liv-001-01',
			remark: 'Invoice 42',
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'reference', 'status', 'success']);
		expect(reply.body.reference).toMatch(/^DAPI240615\d{6}$/);
		expect(await balanceOf(liv, 'acc-liv-001-current')).toBe(15109.25);
		const second = await userCall(sim, liv, '/v2/payment/transfer/create', {
			senderID: 'acc-liv-001-current',
			amount: 0.25,
			receiverID: 'ben-liv-001-02',
		});
		expect(second.body.reference).not.toBe(reply.body.reference);
		expect(await balanceOf(liv, 'acc-liv-001-current')).toBe(15109);
		expect(sim.users()[0].accounts[0].balance).toBe(15109);
	});

	test('to account details (name + iban + accountNumber, optional nickname) works without a beneficiary', async () => {
		const reply = await userCall(sim, adcb, '/v2/payment/transfer/create', {
			senderID: 'acc-adcb-002-savings',
			amount: 500,
			name: 'John Smith',
			iban: 'AE460330000010123456789',
			accountNumber: '0010123456789',
			nickname: 'John',
		});
		expect(reply.status).toBe(200);
		expect(await balanceOf(adcb, 'acc-adcb-002-savings')).toBe(120000.45);
		expect((await userCall(sim, adcb, '/v2/payment/beneficiaries/get')).body.beneficiaries).toHaveLength(2);
	});

	test('more than the balance is 400 INSUFFICIENT_BALANCE and moves nothing; the whole balance is fine', async () => {
		const body = { senderID: 'acc-adcb-002-usd', receiverID: 'ben-adcb-002-01' };
		expectDapiError(
			await userCall(sim, adcb, '/v2/payment/transfer/create', { ...body, amount: 2310.81 }),
			400,
			'INSUFFICIENT_BALANCE',
		);
		expect(await balanceOf(adcb, 'acc-adcb-002-usd')).toBe(2310.8);
		expect((await userCall(sim, adcb, '/v2/payment/transfer/create', { ...body, amount: 2310.8 })).status).toBe(200);
		expect(await balanceOf(adcb, 'acc-adcb-002-usd')).toBe(0);
		expectDapiError(
			await userCall(sim, adcb, '/v2/payment/transfer/create', { ...body, amount: 0.01 }),
			400,
			'INSUFFICIENT_BALANCE',
		);
	});

	test.each([
		[0, 400, 'PARAMETER_ERROR'],
		[-5, 400, 'PARAMETER_ERROR'],
		[10.005, 400, 'PARAMETER_ERROR'],
		[0.001, 400, 'PARAMETER_ERROR'],
		['10.50', 400, 'PARAMETER_ERROR'],
		[null, 422, 'PARAMETER_MISSING'],
	])('amount %p is %i %s', async (amount, status, type) => {
		const reply = await userCall(sim, liv, '/v2/payment/transfer/create', {
			senderID: 'acc-liv-001-current',
			amount,
			receiverID: 'ben-liv-001-01',
		});
		expectDapiError(reply, status, type);
		expect(reply.body.msg).toContain('amount');
		expect(await balanceOf(liv, 'acc-liv-001-current')).toBe(15234.75);
	});

	test('amounts with 1 or 2 decimals are accepted exactly (0.1 + 0.2 style values stay exact)', async () => {
		for (const amount of [0.1, 0.2, 0.29, 1.1, 99.99]) {
			expect(
				(
					await userCall(sim, liv, '/v2/payment/transfer/create', {
						senderID: 'acc-liv-001-current',
						amount,
						receiverID: 'ben-liv-001-01',
					})
				).status,
			).toBe(200);
		}
		expect(await balanceOf(liv, 'acc-liv-001-current')).toBe((cents(15234.75) - 10 - 20 - 29 - 110 - 9999) / 100);
	});

	test('bad sender, receiver and body combinations', async () => {
		const call = (body: Record<string, unknown>) => userCall(sim, liv, '/v2/payment/transfer/create', body);
		let reply = await call({ amount: 5, receiverID: 'ben-liv-001-01' });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('senderID is missing.');
		expectDapiError(
			await call({ senderID: 'acc-adcb-002-current', amount: 5, receiverID: 'ben-liv-001-01' }),
			404,
			'INVALID_ACCOUNT_ID',
		);
		expectDapiError(
			await call({ senderID: 'acc-liv-001-current', amount: 5, receiverID: 'ben-adcb-002-01' }),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(await call({ senderID: 'acc-liv-001-current', amount: 5 }), 422, 'PARAMETER_MISSING');
		reply = await call({
			senderID: 'acc-liv-001-current',
			amount: 5,
			name: 'John Smith',
			iban: 'AE460330000010123456789',
		});
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('accountNumber is missing.');
		expectDapiError(
			await call({
				senderID: 'acc-liv-001-current',
				amount: 5,
				receiverID: 'ben-liv-001-01',
				iban: 'AE460330000010123456789',
			}),
			400,
			'PARAMETER_ERROR',
		);
		reply = await call({
			senderID: 'acc-liv-001-current',
			amount: 5,
			receiverID: 'ben-liv-001-01',
			remark: 'x'.repeat(36),
		});
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe('remark is too long. Maximum length: 35');
		expect(
			(await call({ senderID: 'acc-liv-001-current', amount: 5, receiverID: 'ben-liv-001-01', remark: 'x'.repeat(35) }))
				.status,
		).toBe(200);
	});
});

describe('payment: transfer autoflow', () => {
	const sim = useSimulator(
		{ appSecret: APP_SECRET, appKey: 'key-for-autoflow', now: () => FIXED_NOW },
		{ freshForEachTest: true },
	);
	let liv: Session;
	let adcb: Session;
	beforeEach(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
	});

	const beneficiaries = async (session: Session) =>
		(await userCall(sim, session, '/v2/payment/beneficiaries/get')).body.beneficiaries;

	test('with a new beneficiary at a bank without cool-down: creates it, transfers, answers a reference', async () => {
		const reply = await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
			senderID: 'acc-liv-001-current',
			amount: 20.25,
			remark: 'Lunch',
			beneficiary: aeBeneficiary(),
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'reference', 'status', 'success']);
		expect(sim.users()[0].accounts[0].balance).toBe(15214.5);
		const list = await beneficiaries(liv);
		expect(list).toHaveLength(3);
		expect(list[2]).toMatchObject({
			name: 'Jane Doe',
			iban: 'AE220460000045566778899',
			status: 'approved',
			type: 'local',
		});

		// Same IBAN again: the existing beneficiary is used, none is added.
		expect(
			(
				await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
					senderID: 'acc-liv-001-current',
					amount: 1,
					beneficiary: aeBeneficiary(),
				})
			).status,
		).toBe(200);
		expect(await beneficiaries(liv)).toHaveLength(3);
	});

	test('to a seeded beneficiary (matched by account number) transfers at once', async () => {
		const reply = await userCall(sim, adcb, '/v2/payment/transfer/autoflow', {
			senderID: 'acc-adcb-002-current',
			amount: 100,
			beneficiary: aeBeneficiary({
				name: 'Noura Saeed',
				iban: 'AE870350000190011223344',
				accountNumber: '0190011223344',
			}),
		});
		expect(reply.status).toBe(200);
		expect(await beneficiaries(adcb)).toHaveLength(2);
		expect(sim.users()[1].accounts[0].balance).toBe(8320.15);
	});

	test('a new beneficiary at a bank with a cool-down: BENEFICIARY_COOL_DOWN_PERIOD, it stays created, and works after', async () => {
		const body = { senderID: 'acc-adcb-002-current', amount: 5, beneficiary: aeBeneficiary() };
		const reply = await userCall(sim, adcb, '/v2/payment/transfer/autoflow', body);
		expectDapiError(reply, 400, 'BENEFICIARY_COOL_DOWN_PERIOD');
		expect(reply.body.msg).toBe('New beneficiary will be activated for fund transfer after 1 hour(s).');
		expect(await beneficiaries(adcb)).toHaveLength(3);
		expect(sim.users()[1].accounts[0].balance).toBe(8420.15);
		expectDapiError(
			await userCall(sim, adcb, '/v2/payment/transfer/autoflow', body),
			400,
			'BENEFICIARY_COOL_DOWN_PERIOD',
		);
		sim.advanceClock(HOUR);
		expect((await userCall(sim, adcb, '/v2/payment/transfer/autoflow', body)).status).toBe(200);
		expect(await beneficiaries(adcb)).toHaveLength(3);
		expect(sim.users()[1].accounts[0].balance).toBe(8415.15);
	});

	test('the autoflow beneficiary needs its type, as create-beneficiary does (local or same)', async () => {
		const { type: _type, ...untyped } = aeBeneficiary();
		let reply = await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
			senderID: 'acc-liv-001-current',
			amount: 1,
			beneficiary: untyped,
		});
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('beneficiary.type is missing.');
		const sameBank = {
			...untyped,
			type: 'same',
			iban: 'AE480260001017766554401',
			accountNumber: '1017766554401',
			swiftCode: 'DAPIBANK_AE_LIV',
		};
		expect(
			(
				await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
					senderID: 'acc-liv-001-current',
					amount: 1,
					beneficiary: sameBank,
				})
			).status,
		).toBe(200);
		expect((await beneficiaries(liv)).slice(2).map((b: { type: string }) => b.type)).toEqual(['same']);
		reply = await userCall(sim, liv, '/v2/payment/transfer/autoflow', {
			senderID: 'acc-liv-001-current',
			amount: 1,
			beneficiary: aeBeneficiary({ type: 'intl' }),
		});
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toBe('beneficiary.type has to be local or same');
		expect(sim.users()[0].accounts[0].balance).toBe(15233.75);
	});

	test('the beneficiary object is required and checked like create-beneficiary', async () => {
		const call = (body: Record<string, unknown>) =>
			userCall(sim, liv, '/v2/payment/transfer/autoflow', { senderID: 'acc-liv-001-current', amount: 1, ...body });
		let reply = await call({});
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('beneficiary is missing.');
		// dapi-go's struct has no json tag on Beneficiary, so it would send "Beneficiary": refused as missing.
		expectDapiError(await call({ Beneficiary: aeBeneficiary() }), 422, 'PARAMETER_MISSING');
		reply = await call({ beneficiary: aeBeneficiary({ swiftCode: undefined }) });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('beneficiary.swiftCode is missing.');
		reply = await call({
			beneficiary: aeBeneficiary({ address: { line1: 'Street, 5', line2: 'Dubai', line3: 'UAE' } }),
		});
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toContain('beneficiary.address.line1');
		expectDapiError(await call({ beneficiary: [aeBeneficiary()] }), 400, 'PARAMETER_ERROR');
		expect(await beneficiaries(liv)).toHaveLength(2);
	});

	test('amount, sender and balance rules match transfer/create', async () => {
		const call = (body: Record<string, unknown>) =>
			userCall(sim, liv, '/v2/payment/transfer/autoflow', { beneficiary: aeBeneficiary(), ...body });
		expectDapiError(await call({ senderID: 'acc-liv-001-current', amount: 1.234 }), 400, 'PARAMETER_ERROR');
		expectDapiError(await call({ senderID: 'acc-liv-001-current' }), 422, 'PARAMETER_MISSING');
		expectDapiError(await call({ senderID: 'acc-nope', amount: 1 }), 404, 'INVALID_ACCOUNT_ID');
		expectDapiError(await call({ senderID: 'acc-liv-001-current', amount: 15234.76 }), 400, 'INSUFFICIENT_BALANCE');
		expect(sim.users()[0].accounts[0].balance).toBe(15234.75);
	});

	test('the Java/C#/Go extras (appKey, userID, bankID, bundleID) are accepted when right and refused when wrong', async () => {
		const body = { senderID: 'acc-liv-001-current', amount: 1, beneficiary: aeBeneficiary() };
		const extras = {
			appKey: 'key-for-autoflow',
			userID: 'user-ae-liv-001',
			bankID: 'DAPIBANK_AE_LIV',
			bundleID: 'com.example.app',
			action: '/payment/transfer/autoflow',
		};
		expect((await userCall(sim, liv, '/v2/payment/transfer/autoflow', { ...body, ...extras })).status).toBe(200);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/transfer/autoflow', { ...body, ...extras, appKey: 'other-key' }),
			401,
			'INVALID_APP_KEY',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/transfer/autoflow', { ...body, ...extras, userID: 'user-ae-adcb-002' }),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(
			await userCall(sim, liv, '/v2/payment/transfer/autoflow', { ...body, ...extras, bankID: 'DAPIBANK_AE_ADCB' }),
			400,
			'PARAMETER_ERROR',
		);
	});
});
