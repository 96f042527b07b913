import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { appCredentials, connect, dapiNode, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { dapiRunner, expectSdkShape, seededUser, succeeded } from '../../../../support/fixtures';

describe('Dapi node, Data and Metadata reads (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let multi: Connection;
	beforeAll(async () => {
		multi = await connect(sim, 'user-ae-adcb-002');
	});

	it('Get Balance of an account keeps the amount a number', async () => {
		const account = seededUser(sim, multi.userID).accounts[1];
		const result = succeeded(await run(multi, 'data', 'getBalance', { accountID: account.id }));
		const [item] = result.output('Dapi');
		expect(item.json.amount).toBe(account.balance);
		expectSdkShape(sim, multi, '/data/balance/get', { accountID: account.id });
	});

	it('Get Balance of a card sends cardID', async () => {
		const card = seededUser(sim, multi.userID).cards[0];
		const result = succeeded(await run(multi, 'data', 'getBalance', { balanceOf: 'card', cardID: card.id }));
		expect(result.output('Dapi')[0].json.cardNumber).toBe(card.cardNumber);
		expectSdkShape(sim, multi, '/data/balance/get', { cardID: card.id });
	});

	it('Get Balance without an account ID fails before sending, naming the field', async () => {
		const result = await runWorkflow(
			chainWorkflow([multi as never], [dapiNode('data', 'getBalance', { accountID: '={{ "" }}' })]),
			appCredentials(sim),
		);
		expect(result.error()?.message).toBe('Account is empty');
		expect(sim.requests()).toHaveLength(0);
	});
});
