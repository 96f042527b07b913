/**
 * End to end through the real n8n CLI, with the packed package installed as a community package:
 * Manual Trigger → Set (a Dapi Connect result) → Dapi (Exchange Access Code) → Dapi Request
 * (/data/accounts/get), against the Dapi simulator; then the "accounts and balance" example workflow
 * imported the way `npm start` imports it (scripts/demo-setup.js).
 */
import { randomUUID } from 'node:crypto';

import { startSimulator } from '../../simulator';
import type { ConnectResult, Simulator } from '../../simulator';
import { importDemo, importReason } from '../../scripts/demo-setup';
import {
	NODE_TYPES,
	createUserFolder,
	execute,
	importCredentials,
	importWorkflow,
	nodeItems,
	removeUserFolder,
	runN8n,
} from './n8n';
import type { WorkflowToImport } from './n8n';

const APP_SECRET = 'sim-app-secret';
const APP_KEY = 'sim-app-key';
const CREDENTIAL = { id: 'dapiE2eCredent01', name: 'Dapi simulator' };
const WORKFLOW_ID = 'dapiE2eWorkflow1';

function workflow(connect: ConnectResult): WorkflowToImport {
	const credentials = { dapiApi: CREDENTIAL };
	const text = (name: keyof ConnectResult) => ({ id: randomUUID(), name, value: connect[name], type: 'string' });
	return {
		id: WORKFLOW_ID,
		name: 'Dapi e2e: exchange, then list accounts',
		nodes: [
			{
				id: randomUUID(),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: 'Connect Result',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: { assignments: [text('accessCode'), text('connectionID'), text('userSecret')] },
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Exchange',
				type: NODE_TYPES.dapi,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'auth',
					operation: 'exchangeAccessCode',
					accessCode: '={{ $json.accessCode }}',
					connectionID: '={{ $json.connectionID }}',
					userSecret: '={{ $json.userSecret }}',
				},
				credentials,
			},
			{
				id: randomUUID(),
				name: 'Accounts',
				type: NODE_TYPES.dapiRequest,
				typeVersion: 1,
				position: [660, 0],
				// accessToken / userSecret left out: their defaults map them from the Exchange output.
				parameters: { tokenSource: 'fields', method: 'POST', endpoint: '/data/accounts/get' },
				credentials,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Connect Result', type: 'main', index: 0 }]] },
			'Connect Result': { main: [[{ node: 'Exchange', type: 'main', index: 0 }]] },
			Exchange: { main: [[{ node: 'Accounts', type: 'main', index: 0 }]] },
		},
	};
}

// jest.config.js gives the e2e project testTimeout: 300000, but Jest reads testTimeout only at the
// top level, not per project, so it would be 5 s here.
jest.setTimeout(300_000);

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/** The account fields the Dapi API and the simulator's seed summary share (currency aside). */
type AccountFields = { id: string; name: string; type: string; iban: string | null; number: string };
const pick = ({ id, name, type, iban, number }: AccountFields): AccountFields => ({ id, name, type, iban, number });

describe('n8n execute (real n8n CLI, packed package)', () => {
	let sim: Simulator;
	let folder: string;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY });
		folder = createUserFolder();
	});

	afterAll(async () => {
		await sim?.close();
		if (folder) await removeUserFolder(folder);
	});

	test("exchanges a Connect access code and lists that user's accounts", async () => {
		// The seeded user with the most accounts, so the right user's data is unmistakable.
		const user = sim.users().reduce((most, u) => (u.accounts.length > most.accounts.length ? u : most));
		expect(user.accounts.length).toBeGreaterThan(1);
		const connect = sim.connect(user.userID);

		await importCredentials(folder, [
			{ ...CREDENTIAL, type: 'dapiApi', data: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl } },
		]);
		await importWorkflow(folder, workflow(connect));
		const { code, output, run } = await execute(folder, WORKFLOW_ID);

		if (code !== 0 || !run || run.status !== 'success') {
			throw new Error(`n8n execute: exit code ${code}, run status ${run?.status}. Its output:\n${output}`);
		}

		// Exchange: the token plus everything later calls need.
		const [exchanged, ...moreExchanged] = nodeItems(run, 'Exchange');
		expect(moreExchanged).toHaveLength(0);
		expect(Object.keys(exchanged).sort()).toEqual(['accessToken', 'connectionID', 'tokenID', 'userID', 'userSecret']);
		expect(exchanged).toEqual({
			accessToken: expect.stringMatching(/\S{20,}/),
			connectionID: connect.connectionID,
			userSecret: connect.userSecret,
			tokenID: connect.tokenID,
			userID: connect.userID,
		});

		// Accounts: that user's seeded accounts, as the simulator holds them.
		const [listed, ...moreListed] = nodeItems(run, 'Accounts');
		expect(moreListed).toHaveLength(0);
		const listedAccounts = (listed.accounts as Array<AccountFields & { currency: { code: string } }>).map(
			({ currency, ...account }) => ({
				...pick(account),
				currency: currency.code,
			}),
		);
		const seededAccounts = user.accounts.map((account) => ({ ...pick(account), currency: account.currency }));
		expect(listedAccounts).toEqual(seededAccounts);

		// What reached the Dapi API: exactly these two calls, in this order.
		const calls = sim.requests();
		expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
			'POST /v2/auth/ExchangeToken 200',
			'POST /v2/data/accounts/get 200',
		]);
		const [exchange, accountsCall] = calls;
		expect(exchange.body).toEqual({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(exchange.headers.authorization).toBeUndefined();
		expect(accountsCall.headers.authorization).toBe(`Bearer ${exchanged.accessToken}`);
		expect(accountsCall.body).toEqual(
			expect.objectContaining({ appSecret: APP_SECRET, userSecret: connect.userSecret }),
		);

		// Secrets: the app secret never shows; the access code only as the Set node's own output.
		expect(count(output, APP_SECRET)).toBe(0);
		const { 'Connect Result': setNodeRuns, ...otherRuns } = run.data.resultData.runData;
		const runWithoutSetNode = {
			...run,
			data: { ...run.data, resultData: { ...run.data.resultData, runData: otherRuns } },
		};
		expect(count(JSON.stringify(setNodeRuns), connect.accessCode)).toBe(1);
		expect(count(JSON.stringify(runWithoutSetNode), connect.accessCode)).toBe(0);
		expect(count(output, connect.accessCode)).toBe(1);
	});

	test('the accounts-and-balance example: Connect result → token → each account → its balance', async () => {
		// A simulator of its own, so the request log holds this run only.
		const exampleSim = await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY });
		try {
			expect(importReason(folder, exampleSim.port)).toBe('first run in this folder');
			await importDemo(folder, exampleSim.port, { runN8n: (args) => runN8n(folder, args) });
			expect(importReason(folder, exampleSim.port)).toBeNull();
			expect(importReason(folder, exampleSim.port + 1)).toMatch(/moved from port/);

			const { code, output, run } = await execute(folder, 'dapiDemoAccounts');
			if (code !== 0 || !run || run.status !== 'success') {
				throw new Error(`n8n execute: exit code ${code}, run status ${run?.status}. Its output:\n${output}`);
			}

			// The example asks the simulator for a Connect result (its first seeded user).
			const [connect, ...moreConnects] = nodeItems(run, 'Connect Result (Simulator)') as unknown as ConnectResult[];
			expect(moreConnects).toHaveLength(0);
			const user = exampleSim.users().find((u) => u.userID === connect.userID);
			expect(user).toBeDefined();
			const { accounts } = user!;
			expect(accounts.length).toBeGreaterThan(0);

			expect(nodeItems(run, 'Exchange Access Code')).toEqual([
				{
					accessToken: expect.stringMatching(/\S{20,}/),
					connectionID: connect.connectionID,
					tokenID: connect.tokenID,
					userID: connect.userID,
					userSecret: connect.userSecret,
				},
			]);
			const [{ accessToken }] = nodeItems(run, 'Exchange Access Code');

			// One item per account, in the bank's order, as the simulator holds them.
			const listed = nodeItems(run, 'Get Accounts') as Array<AccountFields & { currency: { code: string } }>;
			expect(listed.map(({ currency, ...account }) => ({ ...pick(account), currency: currency.code }))).toEqual(
				accounts.map((account) => ({ ...pick(account), currency: account.currency })),
			);
			// Then one balance per account, item for item, amounts as numbers.
			const balances = run.data.resultData.runData['Get Balance'][0].data!.main[0]!;
			expect(balances.map((item) => item.json)).toEqual(
				accounts.map((account) => ({
					amount: account.balance,
					currency: { code: account.currency, name: expect.any(String) },
					accountNumber: account.number,
				})),
			);
			expect(balances.map((item) => item.pairedItem)).toEqual(accounts.map((_, item) => ({ item })));

			// What reached the simulator: the exchange, the accounts, one balance call per account.
			const calls = exampleSim.requests();
			expect(calls.map((c) => `${c.path} ${c.status}`)).toEqual([
				'/v2/auth/ExchangeToken 200',
				'/v2/data/accounts/get 200',
				...accounts.map(() => '/v2/data/balance/get 200'),
			]);
			expect(calls.slice(2).map((c) => c.body)).toEqual(
				accounts.map((account) => ({ accountID: account.id, appSecret: APP_SECRET, userSecret: connect.userSecret })),
			);
			expect(calls.slice(1).every((c) => c.token === accessToken)).toBe(true);
			expect(count(output, APP_SECRET)).toBe(0);
		} finally {
			await exampleSim.close();
		}
	});
});
