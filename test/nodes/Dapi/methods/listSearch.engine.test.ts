import { chainWorkflow, runListSearch, runWorkflow } from '../../../support/engine';
import {
	APP_SECRET,
	allText,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	useDapiSimulator,
	type Connection,
} from '../../../support/dapi';
import { startHostileServer } from '../../../support/hostileServer';

/** A resource locator value as n8n's editor saves it. */
const picked = (value: string, mode = 'list') => ({ __rl: true, mode, value });

describe("Account, Card and Beneficiary pickers (list searches in n8n-core's LoadOptionsContext, simulator)", () => {
	const sim = useDapiSimulator();
	let adcb: Connection;
	beforeAll(async () => {
		adcb = await connect(sim, 'user-ae-adcb-002');
	});
	beforeEach(() => {
		sim.clearRequests();
		sim.setUserInputPolicy('*', 'none');
	});

	const connection = () => ({
		dapiConnectionApi: {
			appSecret: APP_SECRET,
			baseUrl: sim.baseUrl,
			accessToken: adcb.accessToken,
			userSecret: adcb.userSecret,
		},
	});
	const fromCredential = (resource: string, operation: string, parameters: Record<string, unknown> = {}) =>
		dapiNode(resource, operation, { tokenSource: 'credential', ...parameters } as never);

	it('accounts: name, type, currency and the last 4 of the number, one call through the transport', async () => {
		const { results } = await runListSearch(fromCredential('data', 'getBalance'), 'searchAccounts', connection());
		expect(results).toEqual([
			{ name: 'Current Account · current · AED · ••••0001', value: 'acc-adcb-002-current' },
			{ name: 'Active Saver Account · savings · AED · ••••0002', value: 'acc-adcb-002-savings' },
			{ name: 'USD Current Account · current · USD · ••••0003', value: 'acc-adcb-002-usd' },
		]);
		const [call] = callsTo(sim, '/data/accounts/get');
		expect(sim.requests()).toHaveLength(1);
		expect(call.headers.authorization).toBe(`Bearer ${adcb.accessToken}`);
		expect(call.body).toEqual({ appSecret: APP_SECRET, userSecret: adcb.userSecret });
		// No full account number or IBAN reaches the editor.
		for (const account of sim.users()[1].accounts) {
			expect(allText(results)).not.toContain(account.number);
			expect(allText(results)).not.toContain(String(account.iban));
		}
	});

	it('the search text filters by name', async () => {
		const { results } = await runListSearch(
			fromCredential('data', 'getBalance'),
			'searchAccounts',
			connection(),
			'usd',
		);
		expect(results.map((result) => result.value)).toEqual(['acc-adcb-002-usd']);
	});

	it('cards: name, type, currency and masked number', async () => {
		const { results } = await runListSearch(
			fromCredential('data', 'getBalance', { balanceOf: 'card' }),
			'searchCards',
			connection(),
		);
		expect(results).toEqual([
			{ name: 'ADCB Platinum Credit Card · credit · AED · ••••4821', value: 'card-adcb-002-platinum' },
		]);
	});

	it('beneficiaries: name and masked IBAN; wire beneficiaries: name and masked account number', async () => {
		const { results } = await runListSearch(
			fromCredential('payment', 'createTransfer'),
			'searchBeneficiaries',
			connection(),
		);
		expect(results).toHaveLength(2);
		expect(results[1]).toEqual({ name: 'Noura Saeed · IBAN ••••3344', value: 'ben-adcb-002-02' });
		for (const beneficiary of sim.users()[1].beneficiaries)
			expect(allText(results)).not.toContain(String(beneficiary.iban));

		const chase = await connect(sim, 'user-us-chase-003');
		const wire = await runListSearch(fromCredential('wire', 'createTransfer'), 'searchWireBeneficiaries', {
			dapiConnectionApi: {
				appSecret: APP_SECRET,
				baseUrl: sim.baseUrl,
				accessToken: chase.accessToken,
				userSecret: chase.userSecret,
			},
		});
		expect(wire.results).toEqual([
			{
				name: `${sim.users()[2].wireBeneficiaries[0].name} · ••••${sim.users()[2].wireBeneficiaries[0].accountNumber.slice(-4)}`,
				value: 'wben-chase-003-01',
			},
		]);
	});

	it('with the token from an item expression (the default), nothing is asked of Dapi and the list says why', async () => {
		const node = dapiNode('data', 'getBalance');
		await expect(runListSearch(node, 'searchAccounts', appCredentials(sim))).rejects.toThrow(
			"The list needs the connection's token, and it comes from the incoming item",
		);
		expect(sim.requests()).toHaveLength(0);
	});

	it('with a token the editor can resolve (no item data), the list loads with the Dapi API credential', async () => {
		const node = dapiNode('data', 'getBalance', {
			accessToken: `={{ "${adcb.accessToken}" }}`,
			userSecret: adcb.userSecret,
		});
		const { results } = await runListSearch(node, 'searchAccounts', appCredentials(sim));
		expect(results).toHaveLength(3);
		expect(callsTo(sim, '/data/accounts/get')[0].body).toEqual({ appSecret: APP_SECRET, userSecret: adcb.userSecret });
	});

	it('when the bank asks for user input, the list says so and answers nothing', async () => {
		sim.setUserInputPolicy('/v2/data/accounts/get', 'otp');
		const search = runListSearch(fromCredential('data', 'getBalance'), 'searchAccounts', connection());
		await expect(search).rejects.toThrow('The bank asks for user input (such as an OTP) before it lists the accounts');
		const calls = callsTo(sim, '/data/accounts/get');
		expect(calls).toHaveLength(1);
		expect(calls[0].body).not.toHaveProperty('userInputs');
	});

	it('a Dapi error reaches the list as a clear error, without the token', async () => {
		const search = runListSearch(fromCredential('data', 'getBalance'), 'searchAccounts', {
			dapiConnectionApi: {
				appSecret: APP_SECRET,
				baseUrl: sim.baseUrl,
				accessToken: 'not-a-token-of-this-app',
				userSecret: adcb.userSecret,
			},
		});
		const error = await search.then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect((error as Error).message).toBe('Dapi rejected the access token');
		expect(allText(error)).not.toContain('not-a-token-of-this-app');
		expect(allText(error)).not.toContain(adcb.userSecret);
	});

	describe('values the pickers save are read in a run, and old plain IDs still work', () => {
		async function run(resource: string, operation: string, parameters: Record<string, unknown>) {
			return await runWorkflow(
				chainWorkflow([adcb as never], [dapiNode(resource, operation, parameters as never)]),
				appCredentials(sim),
			);
		}

		it.each([
			['a picked account', picked('acc-adcb-002-savings')],
			['an ID typed By ID', picked('acc-adcb-002-savings', 'id')],
			['an expression in the locator', picked('={{ "acc-adcb-002-" + "savings" }}', 'id')],
			['a plain string from an older workflow', 'acc-adcb-002-savings'],
		])('Get Balance with %s', async (_what, accountID) => {
			const result = await run('data', 'getBalance', { accountID });
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/data/balance/get')[0].body).toEqual({
				appSecret: APP_SECRET,
				userSecret: adcb.userSecret,
				accountID: 'acc-adcb-002-savings',
			});
		});

		it('card, sender and beneficiary pickers fill cardID, senderID and receiverID', async () => {
			expect(
				(await run('data', 'getBalance', { balanceOf: 'card', cardID: picked('card-adcb-002-platinum') })).error(),
			).toBeUndefined();
			expect((callsTo(sim, '/data/balance/get')[0].body as { cardID: string }).cardID).toBe('card-adcb-002-platinum');
			const transfer = await run('payment', 'createTransfer', {
				senderID: picked('acc-adcb-002-current'),
				amount: 1,
				receiverID: picked('ben-adcb-002-01'),
			});
			expect(transfer.error()).toBeUndefined();
			expect(callsTo(sim, '/payment/transfer/create')[0].body).toMatchObject({
				senderID: 'acc-adcb-002-current',
				receiverID: 'ben-adcb-002-01',
			});
		});

		it('an empty picker fails before sending, naming the field', async () => {
			const result = await run('payment', 'createTransfer', {
				senderID: picked('={{ "" }}', 'id'),
				amount: 1,
				receiverID: picked('ben-adcb-002-01'),
			});
			expect(result.error()?.message).toBe('Sender Account is empty');
			expect(sim.requests()).toHaveLength(0);
		});
	});

	describe('a list with entries that are not objects, or have no usable id', () => {
		// Non-objects, ids that are missing, blank or not text or a number, and a non-text IBAN: only `good` is an entry.
		const hostile = [null, 1, 'x', true, [], {}, { id: null }, { id: '  ' }, { id: {} }, { id: ['a'] }];
		const good = { id: 'good-1', name: 'Good', iban: { not: 'text' }, number: ['1234'] };

		it.each([
			['searchAccounts', 'accounts', fromCredential('data', 'getBalance')],
			['searchCards', 'cards', fromCredential('data', 'getBalance', { balanceOf: 'card' })],
			['searchBeneficiaries', 'beneficiaries', fromCredential('payment', 'createTransfer')],
			['searchWireBeneficiaries', 'beneficiaries', fromCredential('wire', 'createTransfer')],
		])('%s lists only the usable entries', async (method, field, node) => {
			const server = await startHostileServer();
			try {
				server.setFault({ kind: 'json', text: JSON.stringify({ success: true, [field]: [...hostile, good] }) });
				const { results } = await runListSearch(node, method, {
					dapiConnectionApi: { appSecret: APP_SECRET, baseUrl: server.baseUrl, accessToken: 't', userSecret: 's' },
				});
				expect(results).toEqual([{ name: 'Good', value: 'good-1' }]);
			} finally {
				await server.close();
			}
		});
	});
});
