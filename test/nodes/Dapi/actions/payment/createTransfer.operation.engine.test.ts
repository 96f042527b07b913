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

const ADDRESS = { lines: { line1: 'Maryam Street 12', line2: 'Abu Dhabi', line3: 'United Arab Emirates' } };

/** A beneficiary as the node's parameters take it, and the flat fields Dapi's SDKs send for it. */
function beneficiary(suffix: string) {
	const fields = {
		name: `Jane Doe ${suffix}`,
		accountNumber: `10020030${suffix}`,
		iban: `AE07033123456789012${suffix}`,
		swiftCode: 'DAPIBANK_AE_LIV',
		country: 'AE',
		branchAddress: 'Dubai Mall',
		branchName: 'Main Branch',
	};
	return { parameters: { ...fields, address: ADDRESS }, sent: { ...fields, address: ADDRESS.lines } };
}

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	let liv: Connection;
	let livAccount: { id: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
		livAccount = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	async function run(user: Connection, resource: string, operation: string, parameters: Record<string, unknown> = {}) {
		return await runWorkflow(
			chainWorkflow([user as never], [dapiNode(resource, operation, parameters as never)]),
			appCredentials(sim),
		);
	}

	const base = (user: Connection) => ({ appSecret: APP_SECRET, userSecret: user.userSecret });

	describe('Payment', () => {
		it('Get Beneficiaries gives one item per beneficiary', async () => {
			const result = await run(liv, 'payment', 'getBeneficiaries');
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi').length).toBeGreaterThan(0);
			expect(result.output('Dapi')[0].json).toHaveProperty('id');
			expect(callsTo(sim, '/payment/beneficiaries/get')[0].body).toEqual(base(liv));
		});

		it('Create Beneficiary sends the flat fields of the SDKs and gives Dapi\'s answer', async () => {
			const { parameters, sent } = beneficiary('01');
			const result = await run(liv, 'payment', 'createBeneficiary', {
				...parameters,
				beneficiaryType: 'local',
				beneficiaryAdditionalFields: { nickname: 'Jane', phoneNumber: '' },
			});
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({ success: true, status: 'done' });
			const [call] = callsTo(sim, '/payment/beneficiaries/create');
			expect(call.body).toEqual({ ...base(liv), ...sent, type: 'local', nickname: 'Jane' });
			expect(call.headers.authorization).toBe(`Bearer ${liv.accessToken}`);
		});

		it.each([
			[{ address: { lines: { ...ADDRESS.lines, line1: 'Maryam Street, 12' } } }, 'Address Line 1 (street) contains commas or special characters'],
			[{ iban: '={{ "" }}' }, 'IBAN is empty'],
			[{ address: { lines: { ...ADDRESS.lines, line3: '' } } }, 'Address Line 3 (country) is empty'],
		])('Create Beneficiary refuses %j before sending', async (override, message) => {
			const result = await run(liv, 'payment', 'createBeneficiary', { ...beneficiary('02').parameters, ...override });
			expect(result.error()?.message).toBe(message);
			expect(sim.requests()).toHaveLength(0);
		});

		it('Create Transfer to a beneficiary sends the SDK body, and the balance really changes', async () => {
			const beneficiaries = (await run(liv, 'payment', 'getBeneficiaries')).output('Dapi');
			const receiverID = beneficiaries[0].json.id as string;
			sim.clearRequests();
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 125.5,
				receiverID,
				remark: 'Invoice 42',
			});
			expect(result.error()).toBeUndefined();
			expect(typeof result.output('Dapi')[0].json.reference).toBe('string');
			expect(callsTo(sim, '/payment/transfer/create')[0].body).toEqual({
				...base(liv),
				senderID: livAccount.id,
				amount: 125.5,
				receiverID,
				remark: 'Invoice 42',
			});
			const balance = await run(liv, 'data', 'getBalance', { accountID: livAccount.id });
			expect(balance.output('Dapi')[0].json.amount).toBeCloseTo(livAccount.balance - 125.5, 2);
		});

		it('Create Transfer to account details sends name, IBAN and account number', async () => {
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 10,
				payTo: 'details',
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/payment/transfer/create')[0].body).toEqual({
				...base(liv),
				senderID: livAccount.id,
				amount: 10,
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
		});

		it('INSUFFICIENT_BALANCE is a clear error and the transfer is sent exactly once', async () => {
			const result = await run(liv, 'payment', 'createTransfer', {
				senderID: livAccount.id,
				amount: 99_999_999,
				payTo: 'details',
				name: 'John Smith',
				iban: 'AE460330000010123456789',
				accountNumber: '0010123456789',
			});
			expect(result.error()?.description).toMatch(/INSUFFICIENT_BALANCE/);
			expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(1);
		});

		it.each([
			[0, 'Amount must be at least 0.01'],
			[-5, 'Amount must be a plain positive number'],
			[10.005, 'Amount has more than 2 decimals'],
		])('refuses amount %p before sending', async (amount, message) => {
			const result = await run(liv, 'payment', 'createTransfer', { senderID: livAccount.id, amount, receiverID: 'x' });
			expect(result.error()?.message).toBe(message);
			expect(sim.requests()).toHaveLength(0);
		});

		it('Transfer Autoflow nests the beneficiary with its type (local unless chosen), as the contract has it', async () => {
			const { parameters, sent } = beneficiary('03');
			const result = await run(liv, 'payment', 'transferAutoflow', {
				senderID: livAccount.id,
				amount: 20.25,
				...parameters,
			});
			expect(result.error()).toBeUndefined();
			expect(typeof result.output('Dapi')[0].json.reference).toBe('string');
			expect(callsTo(sim, '/payment/transfer/autoflow')[0].body).toEqual({
				...base(liv),
				senderID: livAccount.id,
				amount: 20.25,
				beneficiary: { ...sent, type: 'local' },
			});

			const same = beneficiary('05');
			sim.clearRequests();
			const sameBank = await run(liv, 'payment', 'transferAutoflow', {
				senderID: livAccount.id,
				amount: 1,
				...same.parameters,
				beneficiaryType: 'same',
			});
			expect(sameBank.error()).toBeUndefined();
			expect((callsTo(sim, '/payment/transfer/autoflow')[0].body as { beneficiary: unknown }).beneficiary).toEqual({ ...same.sent, type: 'same' });
		});

		it('a new beneficiary during the bank\'s cool-down is BENEFICIARY_COOL_DOWN_PERIOD', async () => {
			const adcb = await connect(sim, 'user-ae-adcb-002');
			const account = sim.users().find((u) => u.userID === 'user-ae-adcb-002')!.accounts[0];
			sim.clearRequests();
			const result = await run(adcb, 'payment', 'transferAutoflow', {
				senderID: account.id,
				amount: 5,
				...beneficiary('04').parameters,
			});
			expect(result.error()?.description).toMatch(/BENEFICIARY_COOL_DOWN_PERIOD/);
			expect(callsTo(sim, '/payment/transfer/autoflow')).toHaveLength(1);
		});

		it('a transfer whose answer is lost says its outcome is unknown, and is not retried', async () => {
			sim.setLatency(1500);
			try {
				const result = await run(liv, 'payment', 'transferAutoflow', {
					senderID: livAccount.id,
					amount: 1,
					...beneficiary('03').parameters,
					options: { timeout: 1000 },
				});
				expect(result.error()?.message).toBe("The transfer's outcome is unknown: no answer within 1 s");
				expect(result.error()?.description).toMatch(/Operation: Get Status/);
			} finally {
				sim.setLatency(0);
			}
			await new Promise((resolve) => setTimeout(resolve, 700));
			expect(callsTo(sim, '/payment/transfer/autoflow')).toHaveLength(1);
		});
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
				chainWorkflow([{ operationID }], [dapiNode('operation', 'getStatus', { operationID: '={{ $json.operationID }}' })]),
				appCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({ status: 'done', opInfo: { type: '/payment/transfer/create' } });
			const [call] = callsTo(sim, '/operation/get');
			expect(call.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET, operationID });
			expect(call.headers.authorization).toBeUndefined();
		});
	});

	describe('Wire and ACH (US)', () => {
		let chase: Connection;
		let checking: string;
		beforeAll(async () => {
			chase = await connect(sim, 'user-us-chase-003');
			checking = sim.users().find((u) => u.userID === 'user-us-chase-003')!.accounts[0].id;
		});

		const wireBeneficiary = {
			name: 'Acme Supplies',
			nickname: 'Acme',
			accountNumber: '000123456789',
			routingNumber: '021000021',
			country: 'US',
			branchAddress: '270 Park Avenue',
			branchName: 'Midtown',
		};

		it('Create Beneficiary, Get Beneficiaries and Create Transfer', async () => {
			const created = await run(chase, 'wire', 'createBeneficiary', { ...wireBeneficiary, address: ADDRESS, beneficiaryType: 'local' });
			expect(created.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/beneficiaries/create')[0].body).toEqual({
				...base(chase),
				...wireBeneficiary,
				type: 'local',
				address: ADDRESS.lines,
			});
			const list = await run(chase, 'wire', 'getBeneficiaries');
			const receiverID = list.output('Dapi')[0].json.id as string;
			const transfer = await run(chase, 'wire', 'createTransfer', { senderID: checking, amount: 50, receiverID });
			expect(transfer.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/transfer/create')[0].body).toEqual({ ...base(chase), senderID: checking, amount: 50, receiverID });
		});

		it('Transfer Autoflow nests a wire beneficiary with its bank name and type', async () => {
			const result = await run(chase, 'wire', 'transferAutoflow', {
				senderID: checking,
				amount: 12,
				...wireBeneficiary,
				bankName: 'JPMorgan Chase',
				beneficiaryType: 'intl',
				address: ADDRESS,
			});
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/wire/transfer/autoflow')[0].body).toEqual({
				...base(chase),
				senderID: checking,
				amount: 12,
				beneficiary: { ...wireBeneficiary, bankName: 'JPMorgan Chase', type: 'intl', address: ADDRESS.lines },
			});
		});

		it('ACH Create Pull nests the fields in transfer, Get Pull reads it back', async () => {
			const pull = await run(chase, 'ach', 'createPull', { senderID: checking, amount: 75.1, pullDescription: 'Top-up' });
			expect(pull.error()).toBeUndefined();
			expect(callsTo(sim, '/ach/pull/create')[0].body).toEqual({
				...base(chase),
				transfer: { senderID: checking, amount: 75.1, description: 'Top-up' },
			});
			const read = await run(chase, 'ach', 'getPull');
			expect(read.output('Dapi')[0].json).toMatchObject({ amount: 75.1 });
		});
	});

	describe('Auth: Delink User', () => {
		it.each([['/users/DelinkUser'], ['/users/delinkuser']])('revokes the token (path %s)', async (path) => {
			const user = await connect(sim, 'user-ae-liv-001');
			sim.clearRequests();
			const parameters = path === '/users/DelinkUser' ? {} : { delinkPath: path };
			const result = await run(user, 'auth', 'delinkUser', parameters);
			expect(result.error()).toBeUndefined();
			const [call] = sim.requests();
			expect(call.path).toBe(`/v2${path}`);
			expect(call.body).toEqual(base(user));
			expect(call.headers.authorization).toBe(`Bearer ${user.accessToken}`);
			const after = await run(user, 'data', 'getAccounts');
			expect(after.error()?.message).toBe('Dapi rejected the access token');
		});

		it('refuses a path that leaves the Base URL', async () => {
			const result = await run(liv, 'auth', 'delinkUser', { delinkPath: 'https://evil.example/x' });
			expect(result.error()?.message).toMatch(/^Path is not allowed/);
			expect(sim.requests()).toHaveLength(0);
		});
	});
});
