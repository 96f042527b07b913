/**
 * The Account / Card / Beneficiary pickers as n8n's editor loads them: a real `n8n start` with the packed
 * package, its REST endpoint for resource locator lists, and the Dapi simulator behind the credential.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { N8nServer } from './server';

jest.setTimeout(300_000);

const APP_SECRET = 'sim-app-secret';
const USER = 'user-ae-adcb-002';

interface ListAnswer {
	data?: { results: Array<{ name: string; value: string }> };
	message?: string;
}

describe('pickers through a real n8n server (n8n start, packed package)', () => {
	let sim: Simulator;
	let server: N8nServer;
	let connection: { id: string; name: string };
	let app: { id: string; name: string };

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET });
		server = await N8nServer.start();
		const connect = sim.connect(USER);
		const exchange = await fetch(`${sim.baseUrl}/auth/ExchangeToken`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				appSecret: APP_SECRET,
				accessCode: connect.accessCode,
				connectionID: connect.connectionID,
			}),
		});
		const { accessToken } = (await exchange.json()) as { accessToken: string };
		connection = await server.createCredential({
			name: 'Dapi connection (pickers)',
			type: 'dapiConnectionApi',
			data: { appSecret: APP_SECRET, baseUrl: sim.baseUrl, accessToken, userSecret: connect.userSecret },
		});
		app = await server.createCredential({
			name: 'Dapi app (pickers)',
			type: 'dapiApi',
			data: { appSecret: APP_SECRET, baseUrl: sim.baseUrl },
		});
	});

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
	});

	beforeEach(() => sim.clearRequests());

	/** What the editor posts when a resource locator's list opens. */
	async function list(
		methodName: string,
		parameters: Record<string, unknown>,
		credentials: Record<string, { id: string; name: string }>,
	) {
		return await server.request<ListAnswer>(
			'POST',
			'/rest/dynamic-node-parameters/resource-locator-results',
			{
				path: 'parameters.accountID',
				nodeTypeAndVersion: { name: 'n8n-nodes-dapi.dapi', version: 1 },
				methodName,
				currentNodeParameters: parameters,
				credentials,
			},
			'cookie',
		);
	}

	test('with a Dapi Connection credential, the account list loads from Dapi, numbers masked', async () => {
		const answer = await list(
			'searchAccounts',
			{
				resource: 'data',
				operation: 'getBalance',
				tokenSource: 'credential',
				accountID: { __rl: true, mode: 'list', value: '' },
			},
			{ dapiConnectionApi: connection },
		);
		expect(answer.status).toBe(200);
		const accounts = sim.users().find((user) => user.userID === USER)!.accounts;
		expect(answer.body.data!.results).toEqual(
			accounts.map((account) => ({
				name: `${account.name} · ${account.type} · ${account.currency} · ••••${account.number.slice(-4)}`,
				value: account.id,
			})),
		);
		for (const account of accounts) expect(answer.text).not.toContain(account.number);
		expect(sim.requests().map((call) => `${call.path} ${call.status}`)).toEqual(['/v2/data/accounts/get 200']);
	});

	test('with the token from an item expression, nothing is asked of Dapi and the list says why', async () => {
		const answer = await list(
			'searchAccounts',
			{
				resource: 'data',
				operation: 'getBalance',
				tokenSource: 'fields',
				accessToken: '={{ $json.accessToken }}',
				userSecret: '={{ $json.userSecret }}',
				accountID: { __rl: true, mode: 'list', value: '' },
			},
			{ dapiApi: app },
		);
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.text).toContain("The list needs the connection's token, and it comes from the incoming item");
		expect(sim.requests()).toHaveLength(0);
	});
});
