import { useSimulator } from '../support/simulator';
import { startSimulator } from '../../simulator';
import { APP_SECRET, UUID, call, expectDapiError, login, userCall, type Session } from '../support/simulatorHttp';

const AED = { code: 'AED', name: 'UNITED ARAB EMIRATES DIRHAM' };
const USD = { code: 'USD', name: 'UNITED STATES DOLLAR' };

describe('user-scoped data endpoints', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });
	let liv: Session;
	let adcb: Session;
	let chase: Session;
	let enbd: Session;

	beforeAll(async () => {
		liv = await login(sim, 'user-ae-liv-001');
		adcb = await login(sim, 'user-ae-adcb-002');
		chase = await login(sim, 'user-us-chase-003');
		enbd = await login(sim, 'user-ae-enbd-004');
	});

	describe('Bearer token and userSecret', () => {
		test('a missing Authorization header is 401 INVALID_TOKEN', async () => {
			const reply = await call(sim, '/v2/data/accounts/get', {
				appSecret: APP_SECRET,
				userSecret: liv.connect.userSecret,
			});
			expectDapiError(reply, 401, 'INVALID_TOKEN');
		});

		test('an unknown token is 401 INVALID_TOKEN and is not echoed', async () => {
			const reply = await call(
				sim,
				'/v2/data/accounts/get',
				{ appSecret: APP_SECRET, userSecret: liv.connect.userSecret },
				{ token: 'made-up-token-value' },
			);
			expectDapiError(reply, 401, 'INVALID_TOKEN');
			expect(reply.text).not.toContain('made-up-token-value');
		});

		test('a non-Bearer Authorization scheme is 401 INVALID_TOKEN', async () => {
			const reply = await call(
				sim,
				'/v2/data/accounts/get',
				{ appSecret: APP_SECRET, userSecret: liv.connect.userSecret },
				{ headers: { authorization: `Basic ${liv.accessToken}` } },
			);
			expectDapiError(reply, 401, 'INVALID_TOKEN');
		});

		test('the access code itself is not an access token', async () => {
			const reply = await call(
				sim,
				'/v2/data/accounts/get',
				{ appSecret: APP_SECRET, userSecret: liv.connect.userSecret },
				{ token: liv.connect.accessCode },
			);
			expectDapiError(reply, 401, 'INVALID_TOKEN');
		});

		test('a missing userSecret is 422 PARAMETER_MISSING naming userSecret', async () => {
			const reply = await call(sim, '/v2/data/accounts/get', { appSecret: APP_SECRET }, { token: liv.accessToken });
			expectDapiError(reply, 422, 'PARAMETER_MISSING');
			expect(reply.body.msg).toContain('userSecret');
		});

		test('a wrong userSecret is 401 INVALID_USER_SECRET and no secret is echoed', async () => {
			const reply = await call(
				sim,
				'/v2/data/accounts/get',
				{ appSecret: APP_SECRET, userSecret: 'wrong-user-secret-value' },
				{ token: liv.accessToken },
			);
			expectDapiError(reply, 401, 'INVALID_USER_SECRET');
			expect(reply.text).not.toContain('wrong-user-secret-value');
			expect(reply.text).not.toContain(liv.connect.userSecret);
			expect(reply.text).not.toContain(liv.accessToken);
		});

		test("another connection's userSecret does not fit this token", async () => {
			const reply = await call(
				sim,
				'/v2/data/identity/get',
				{ appSecret: APP_SECRET, userSecret: adcb.connect.userSecret },
				{ token: liv.accessToken },
			);
			expectDapiError(reply, 401, 'INVALID_USER_SECRET');
		});

		test('a new connection of the same user has its own userSecret', async () => {
			const again = await login(sim, 'user-ae-liv-001');
			expect(again.connect.userSecret).not.toBe(liv.connect.userSecret);
			expectDapiError(
				await call(
					sim,
					'/v2/data/identity/get',
					{ appSecret: APP_SECRET, userSecret: liv.connect.userSecret },
					{ token: again.accessToken },
				),
				401,
				'INVALID_USER_SECRET',
			);
			expect((await userCall(sim, again, '/v2/data/identity/get')).status).toBe(200);
		});
	});

	describe('identity', () => {
		test('returns the identity of the token user in the Dapi shape', async () => {
			const reply = await userCall(sim, liv, '/v2/data/identity/get');
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['identity', 'operationID', 'status', 'success']);
			expect(reply.body).toMatchObject({ success: true, status: 'done' });
			expect(reply.body.operationID).toMatch(UUID);
			expect(reply.body.identity).toEqual({
				name: 'Aisha Al Mansouri',
				nationality: 'AE',
				dateOfBirth: '1991-04-12',
				emailAddress: 'aisha.almansouri@example.com',
				numbers: [{ type: 'mobile', value: '+971501234567' }],
				address: {
					flat: '1204',
					building: 'Marina Heights',
					full: '1204 Marina Heights, Dubai Marina, Dubai, AE',
					area: 'Dubai Marina',
					poBox: '12345',
					city: 'Dubai',
					state: 'Dubai',
					country: 'AE',
				},
				identification: [{ type: 'national_id', value: '784-1991-1234567-1' }],
			});
		});

		test('each token sees its own user', async () => {
			const us = await userCall(sim, chase, '/v2/data/identity/get');
			expect(us.body.identity.name).toBe('Emily Carter');
			expect(us.body.identity.address.country).toBe('US');
			const ae = await userCall(sim, adcb, '/v2/data/identity/get');
			expect(ae.body.identity.identification).toEqual([
				{ type: 'passport', value: 'N1234567' },
				{ type: 'visa_number', value: '101/2019/7654321' },
			]);
		});

		test('every answer has a fresh operationID', async () => {
			const a = await userCall(sim, liv, '/v2/data/identity/get');
			const b = await userCall(sim, liv, '/v2/data/identity/get');
			expect(a.body.operationID).not.toBe(b.body.operationID);
		});
	});

	describe('accounts', () => {
		test('lists the accounts with exactly the SDK fields', async () => {
			const reply = await userCall(sim, adcb, '/v2/data/accounts/get');
			expect(reply.status).toBe(200);
			expect(reply.body).toMatchObject({ success: true, status: 'done' });
			expect(reply.body.accounts).toEqual([
				{
					id: 'acc-adcb-002-current',
					name: 'Current Account',
					type: 'current',
					iban: 'AE960300011223344550001',
					number: '11223344550001',
					currency: AED,
					isFavourite: true,
				},
				{
					id: 'acc-adcb-002-savings',
					name: 'Active Saver Account',
					type: 'savings',
					iban: 'AE690300011223344550002',
					number: '11223344550002',
					currency: AED,
					isFavourite: false,
				},
				{
					id: 'acc-adcb-002-usd',
					name: 'USD Current Account',
					type: 'current',
					iban: 'AE420300011223344550003',
					number: '11223344550003',
					currency: USD,
					isFavourite: false,
				},
			]);
		});

		test('US accounts have no IBAN', async () => {
			const reply = await userCall(sim, chase, '/v2/data/accounts/get');
			expect(reply.body.accounts.map((a: { id: string }) => a.id)).toEqual([
				'acc-chase-003-checking',
				'acc-chase-003-savings',
			]);
			for (const account of reply.body.accounts) {
				expect(account.iban).toBeNull();
				expect(account.currency).toEqual(USD);
			}
		});

		test('AE IBANs (accounts and seeded beneficiaries) pass the ISO 13616 mod-97 check', async () => {
			const ibans: string[] = [];
			for (const session of [liv, adcb, enbd]) {
				const reply = await userCall(sim, session, '/v2/data/accounts/get');
				ibans.push(...reply.body.accounts.map((a: { iban: string }) => a.iban));
				const beneficiaries = await userCall(sim, session, '/v2/payment/beneficiaries/get');
				ibans.push(...beneficiaries.body.beneficiaries.map((b: { iban: string }) => b.iban));
			}
			expect(ibans).toHaveLength(5 + 7);
			for (const iban of ibans) {
				const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
				expect(BigInt(digits) % 97n).toBe(1n);
			}
		});
	});

	describe('balance', () => {
		test('returns amount (number), currency and accountNumber for an account', async () => {
			const reply = await userCall(sim, adcb, '/v2/data/balance/get', { accountID: 'acc-adcb-002-savings' });
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['balance', 'operationID', 'status', 'success']);
			expect(reply.body.balance).toEqual({ amount: 120500.45, currency: AED, accountNumber: '11223344550002' });
		});

		test('every seeded account balance is a number with at most 2 decimals', async () => {
			for (const user of sim.users()) {
				const session = { liv, adcb, chase, enbd }[user.userID.split('-')[2] as 'liv' | 'adcb' | 'chase' | 'enbd'];
				for (const account of user.accounts) {
					const reply = await userCall(sim, session, '/v2/data/balance/get', { accountID: account.id });
					expect(reply.status).toBe(200);
					expect(typeof reply.body.balance.amount).toBe('number');
					expect(reply.body.balance.amount).toBe(account.balance);
					expect(Math.round(reply.body.balance.amount * 100) / 100).toBe(reply.body.balance.amount);
					expect(reply.body.balance.currency.code).toBe(account.currency);
				}
			}
		});

		test('returns the card balance for a cardID', async () => {
			const reply = await userCall(sim, adcb, '/v2/data/balance/get', { cardID: 'card-adcb-002-platinum' });
			expect(reply.status).toBe(200);
			expect(reply.body.balance).toEqual({
				cardNumber: '************4821',
				availableBalance: 18250.6,
				outstandingBalance: 6749.4,
				amountDue: 337.47,
				dueDate: '2026-01-15',
				currency: AED,
			});
		});

		test('neither accountID nor cardID is 422 PARAMETER_MISSING', async () => {
			const reply = await userCall(sim, liv, '/v2/data/balance/get');
			expectDapiError(reply, 422, 'PARAMETER_MISSING');
			expect(reply.body.msg).toContain('accountID');
		});

		test('both accountID and cardID is 400 PARAMETER_ERROR', async () => {
			const reply = await userCall(sim, adcb, '/v2/data/balance/get', {
				accountID: 'acc-adcb-002-current',
				cardID: 'card-adcb-002-platinum',
			});
			expectDapiError(reply, 400, 'PARAMETER_ERROR');
		});

		test('a non-string accountID is 400 PARAMETER_ERROR', async () => {
			expectDapiError(await userCall(sim, liv, '/v2/data/balance/get', { accountID: 7 }), 400, 'PARAMETER_ERROR');
		});

		test('an unknown account is 404 INVALID_ACCOUNT_ID', async () => {
			expectDapiError(
				await userCall(sim, liv, '/v2/data/balance/get', { accountID: 'acc-nope' }),
				404,
				'INVALID_ACCOUNT_ID',
			);
		});

		test("another user's account is 404 INVALID_ACCOUNT_ID", async () => {
			expectDapiError(
				await userCall(sim, liv, '/v2/data/balance/get', { accountID: 'acc-adcb-002-current' }),
				404,
				'INVALID_ACCOUNT_ID',
			);
		});

		test("an unknown or another user's card is 404 INVALID_CARD_ID", async () => {
			expectDapiError(
				await userCall(sim, adcb, '/v2/data/balance/get', { cardID: 'card-nope' }),
				404,
				'INVALID_CARD_ID',
			);
			expectDapiError(
				await userCall(sim, liv, '/v2/data/balance/get', { cardID: 'card-adcb-002-platinum' }),
				404,
				'INVALID_CARD_ID',
			);
		});
	});

	describe('accounts metadata', () => {
		test("returns the user's bank metadata with its transactionRange", async () => {
			const reply = await userCall(sim, chase, '/v2/metadata/accounts/get');
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['accountsMetadata', 'operationID', 'status', 'success']);
			const meta = reply.body.accountsMetadata;
			expect(Object.keys(meta).sort()).toEqual(
				[
					'address',
					'bankName',
					'beneficiaryCoolDownPeriod',
					'branchAddress',
					'branchName',
					'country',
					'isCreateBeneficiaryEndpointRequired',
					'sortCode',
					'swiftCode',
					'transactionRange',
					'transferBounds',
					'validators',
					'willNewlyAddedBeneficiaryExistBeforeCoolDownPeriod',
				].sort(),
			);
			expect(meta.transactionRange).toEqual({ value: 730, unit: 'days' });
			expect(meta.country).toEqual({ code: 'US', name: 'UNITED STATES' });
			expect(meta.transferBounds[0].currency).toEqual(USD);
		});

		test('each bank has its own transactionRange and beneficiary cool-down', async () => {
			const banks = [];
			for (const session of [liv, adcb, chase, enbd]) {
				const meta = (await userCall(sim, session, '/v2/metadata/accounts/get')).body.accountsMetadata;
				banks.push([meta.bankName, meta.transactionRange, meta.beneficiaryCoolDownPeriod]);
			}
			expect(banks).toEqual([
				['Liv', { value: 365, unit: 'days' }, { value: 0, unit: 'hrs' }],
				['Abu Dhabi Commercial Bank', { value: 180, unit: 'days' }, { value: 1, unit: 'hrs' }],
				['JPMorgan Chase Bank', { value: 730, unit: 'days' }, { value: 0, unit: 'hrs' }],
				['Emirates NBD', { value: 90, unit: 'days' }, { value: 12, unit: 'hrs' }],
			]);
		});

		test('needs the Bearer token and userSecret like the data endpoints', async () => {
			expectDapiError(
				await call(sim, '/v2/metadata/accounts/get', { appSecret: APP_SECRET, userSecret: liv.connect.userSecret }),
				401,
				'INVALID_TOKEN',
			);
			expectDapiError(
				await call(sim, '/v2/metadata/accounts/get', { appSecret: APP_SECRET }, { token: liv.accessToken }),
				422,
				'PARAMETER_MISSING',
			);
		});
	});

	test('answers cannot change the seeded data', async () => {
		const first = await userCall(sim, liv, '/v2/data/balance/get', { accountID: 'acc-liv-001-current' });
		first.body.balance.amount = 0;
		const users = sim.users();
		users[0].accounts[0].balance = 0;
		const second = await userCall(sim, liv, '/v2/data/balance/get', { accountID: 'acc-liv-001-current' });
		expect(second.body.balance.amount).toBe(15234.75);
		expect(sim.users()[0].accounts[0].balance).toBe(15234.75);
	});
});

describe('determinism', () => {
	async function snapshot() {
		const sim = await startSimulator({ appSecret: APP_SECRET });
		try {
			const out: Record<string, unknown> = { users: sim.users() };
			for (const user of sim.users()) {
				const session = await login(sim, user.userID);
				for (const path of ['/v2/data/identity/get', '/v2/data/accounts/get', '/v2/metadata/accounts/get']) {
					const { operationID, ...rest } = (await userCall(sim, session, path)).body;
					expect(operationID).toMatch(UUID);
					out[`${user.userID} ${path}`] = rest;
				}
				for (const account of user.accounts) {
					const { operationID, ...rest } = (
						await userCall(sim, session, '/v2/data/balance/get', { accountID: account.id })
					).body;
					expect(operationID).toMatch(UUID);
					out[`${user.userID} ${account.id}`] = rest;
				}
			}
			return out;
		} finally {
			await sim.close();
		}
	}

	test('two starts serve identical data', async () => {
		const a = await snapshot();
		const b = await snapshot();
		expect(b).toEqual(a);
		expect(Object.keys(a)).toHaveLength(1 + 4 * 3 + 7);
	});

	test('seeds four users at four banks in AE and US, with 1-3 accounts each', async () => {
		const sim = await startSimulator();
		try {
			const users = sim.users();
			expect(users.map((u) => [u.userID, u.bankID, u.country, u.accounts.length])).toEqual([
				['user-ae-liv-001', 'DAPIBANK_AE_LIV', 'AE', 1],
				['user-ae-adcb-002', 'DAPIBANK_AE_ADCB', 'AE', 3],
				['user-us-chase-003', 'DAPIBANK_US_CHASE', 'US', 2],
				['user-ae-enbd-004', 'DAPIBANK_AE_ENBD', 'AE', 1],
			]);
			expect(users[3].accounts).toEqual([
				{
					id: 'acc-enbd-004-current',
					name: 'Current Account',
					type: 'current',
					iban: 'AE800260001014782563001',
					number: '1014782563001',
					currency: 'AED',
					balance: 45210.3,
				},
			]);
			expect(users.map((u) => u.beneficiaries.map((b) => [b.id, b.status]))).toEqual([
				[
					['ben-liv-001-01', 'approved'],
					['ben-liv-001-02', 'approved'],
				],
				[
					['ben-adcb-002-01', 'approved'],
					['ben-adcb-002-02', 'approved'],
				],
				[],
				[
					['ben-enbd-004-01', 'approved'],
					['ben-enbd-004-02', 'approved'],
					['ben-enbd-004-03', 'waiting_for_confirmation'],
				],
			]);
			expect(users[2].wireBeneficiaries.map((b) => b.id)).toEqual(['wben-chase-003-01']);
			expect(users[1].cards).toEqual([
				{ id: 'card-adcb-002-platinum', name: 'ADCB Platinum Credit Card', cardNumber: '************4821' },
			]);
		} finally {
			await sim.close();
		}
	});
});
