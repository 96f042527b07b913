import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import {
	APP_SECRET,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	useDapiSimulator,
	type Connection,
	} from '../../../../support/dapi';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	const seeded = () => sim.users().find((user) => user.userID === 'user-ae-adcb-002')!;

	async function run(operation: string, parameters: Record<string, unknown> = {}, resource = 'data') {
		const result = await runWorkflow(
			chainWorkflow([multi as never], [dapiNode(resource, operation, parameters as never)]),
			appCredentials(sim),
		);
		const error = result.error();
		if (error) throw error;
		return result;
	}

	/** The SDKs send the app secret and user secret in the body and the token as Bearer, nothing else. */
	function expectSdkShape(path: string, extraBody: Record<string, unknown> = {}) {
		const calls = callsTo(sim, path);
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe('POST');
		expect(calls[0].headers.authorization).toBe(`Bearer ${multi.accessToken}`);
		expect(calls[0].body).toEqual({ appSecret: APP_SECRET, userSecret: multi.userSecret, ...extraBody });
	}

	it('Get Identity gives the identity object', async () => {
		const result = await run('getIdentity');
		const [item] = result.output('Dapi');
		expect(item.json.name).toBe(seeded().name);
		expect(item.pairedItem).toEqual({ item: 0 });
		expectSdkShape('/data/identity/get');
	});

	it('Get Accounts gives one item per account, paired with the input', async () => {
		const result = await run('getAccounts');
		const items = result.output('Dapi');
		expect(items.map((item) => item.json.id)).toEqual(seeded().accounts.map((account) => account.id));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(typeof (items[0].json.currency as { code: string }).code).toBe('string');
		expectSdkShape('/data/accounts/get');
	});

	it('Keep Whole Response gives Dapi\'s answer as one item', async () => {
		const result = await run('getAccounts', { options: { keepWholeResponse: true } });
		const items = result.output('Dapi');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ success: true, status: 'done' });
		expect((items[0].json.accounts as unknown[]).length).toBe(seeded().accounts.length);
	});

	it('Get Complete Accounts gives accounts with their balance', async () => {
		const result = await run('getCompleteAccounts');
		const items = result.output('Dapi');
		expect(items).toHaveLength(seeded().accounts.length);
		expect(typeof (items[0].json.balance as { amount: number }).amount).toBe('number');
		expectSdkShape('/data/completeAccounts/get');
	});

	it('Get Balance of an account keeps the amount a number', async () => {
		const account = seeded().accounts[1];
		const result = await run('getBalance', { accountID: account.id });
		const [item] = result.output('Dapi');
		expect(item.json.amount).toBe(account.balance);
		expectSdkShape('/data/balance/get', { accountID: account.id });
	});

	it('Get Balance of a card sends cardID', async () => {
		const card = seeded().cards[0];
		const result = await run('getBalance', { balanceOf: 'card', cardID: card.id });
		expect(result.output('Dapi')[0].json.cardNumber).toBe(card.cardNumber);
		expectSdkShape('/data/balance/get', { cardID: card.id });
	});

	it('Get Cards gives one item per card', async () => {
		const result = await run('getCards');
		expect(result.output('Dapi').map((item) => item.json.id)).toEqual(seeded().cards.map((card) => card.id));
		expectSdkShape('/data/cards/get');
	});

	it('Get Accounts Metadata gives the bank\'s rules', async () => {
		const result = await run('getAccountsMetadata', {}, 'metadata');
		const [item] = result.output('Dapi');
		expect(item.json.transactionRange).toEqual({ value: 180, unit: 'days' });
		expectSdkShape('/metadata/accounts/get');
	});

	it('Get Balance without an account ID fails before sending, naming the field', async () => {
		const result = await runWorkflow(
			chainWorkflow([multi as never], [dapiNode('data', 'getBalance', { accountID: '={{ "" }}' })]),
			appCredentials(sim),
		);
		expect(result.error()?.message).toBe('Account is empty');
		expect(sim.requests()).toHaveLength(0);
	});

	it('token and secret can come from the Dapi Connection credential', async () => {
		const result = await runWorkflow(chainWorkflow([{}], [dapiNode('data', 'getAccounts', { tokenSource: 'credential' })]), {
			dapiConnectionApi: {
				appSecret: APP_SECRET,
				baseUrl: sim.baseUrl,
				accessToken: multi.accessToken,
				userSecret: multi.userSecret,
			},
		});
		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi')).toHaveLength(seeded().accounts.length);
		expectSdkShape('/data/accounts/get');
	});
});
