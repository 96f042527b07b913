/**
 * What the nodes refuse before anything is sent: money moved by an AI agent the user did not allow,
 * operations a hand-edited workflow names that do not exist, and bodies too deep to be Dapi's.
 */
import { NODE_TYPES, chainWorkflow, runWorkflow } from '../support/engine';
import {
	allText,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	exchangeNode,
	requestNode,
	useDapiSimulator,
	type Connection,
} from '../support/dapi';
import { sealingCredentials } from '../support/sealing';

const sim = useDapiSimulator();
let user: Connection;
let accountID: string;

beforeAll(async () => {
	user = await connect(sim, 'user-ae-liv-001');
	accountID = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0].id;
});

const transfer = { senderID: '', amount: 5, payTo: 'beneficiary', receiverID: 'ben-x' };

describe('an AI agent near money', () => {
	it.each([
		['payment', 'createTransfer', '/payment/transfer/create'],
		['auth', 'delinkUser', '/users/DelinkUser'],
		['ach', 'createPull', '/ach/pull/create'],
	])('as a tool, %s → %s is refused unless the node allows it', async (resource, operation, path) => {
		// Its own connection: the delink case revokes it.
		const user = await connect(sim, 'user-ae-liv-001');
		sim.clearRequests();
		const parameters = { ...transfer, senderID: accountID };
		const refused = await runWorkflow(
			chainWorkflow([user as never], [dapiNode(resource, operation, parameters, { type: NODE_TYPES.dapiTool })]),
			appCredentials(sim),
		);
		expect(refused.error()?.message).toMatch(/^An AI agent may not run this/);
		expect(refused.error()?.description).toMatch(/Allow an AI Agent to Run It/);
		expect(callsTo(sim, path)).toHaveLength(0);

		const allowed = await runWorkflow(
			chainWorkflow(
				[user as never],
				[
					dapiNode(
						resource,
						operation,
						{ ...parameters, options: { allowForAiAgent: true } },
						{ type: NODE_TYPES.dapiTool },
					),
				],
			),
			appCredentials(sim),
		);
		expect(allowed.error()?.message ?? '').not.toMatch(/AI agent/);
		expect(callsTo(sim, path)).toHaveLength(1);
	});

	it('the same operation in a workflow (not as a tool) needs no leave', async () => {
		await runWorkflow(
			chainWorkflow([user as never], [dapiNode('payment', 'createTransfer', { ...transfer, senderID: accountID })]),
			appCredentials(sim),
		);
		expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(1);
	});

	it('reads stay open to an agent', async () => {
		const read = await runWorkflow(
			chainWorkflow([user as never], [dapiNode('data', 'getAccounts', {}, { type: NODE_TYPES.dapiTool })]),
			appCredentials(sim),
		);
		expect(read.error()).toBeUndefined();
	});

	it('as a tool, the exchange gives an agent a sealed connection, never the token in clear without leave', async () => {
		const connect = sim.connect();
		sim.clearRequests();
		const exchange = async (parameters: Record<string, unknown>) =>
			await runWorkflow(
				chainWorkflow([connect], [exchangeNode(parameters as never, { type: NODE_TYPES.dapiTool })]),
				sealingCredentials(sim),
			);

		const plain = await exchange({});
		expect(plain.error()?.message).toBe('An AI agent may not receive the access token and user secret in clear');
		expect(plain.error()?.description).toMatch(/Output "Sealed Connection".*Allow an AI Agent to Run It/);
		// Refused before the exchange: the code is still good.
		expect(callsTo(sim, '/auth/ExchangeToken')).toHaveLength(0);

		const sealedOut = await exchange({ output: 'sealed' });
		expect(callsTo(sim, '/auth/ExchangeToken')).toHaveLength(1);
		expect(sealedOut.error()).toBeUndefined();
		const [item] = sealedOut.output('Exchange');
		expect(item.json.sealedConnection).toMatch(/^dapi\.sealed\.v1\./);
		expect(item.json).not.toHaveProperty('accessToken');
		expect(allText(item.json)).not.toContain(connect.userSecret);
	});

	it('with leave, an agent gets the token and user secret in clear', async () => {
		const connect = sim.connect();
		const allowed = await runWorkflow(
			chainWorkflow([connect], [exchangeNode({ options: { allowForAiAgent: true } }, { type: NODE_TYPES.dapiTool })]),
			appCredentials(sim),
		);
		expect(allowed.error()).toBeUndefined();
		expect(allowed.output('Exchange')[0].json).toMatchObject({ userSecret: connect.userSecret });
		expect(allowed.output('Exchange')[0].json.accessToken).toEqual(expect.any(String));
	});

	it('Dapi Request as a tool: a payment path is refused, a known read is not', async () => {
		const tool = { type: NODE_TYPES.dapiRequestTool };
		const payment = await runWorkflow(
			chainWorkflow(
				[user as never],
				[
					requestNode(
						{
							endpoint: '/payment/transfer/create',
							specifyBody: 'json',
							jsonBody: '{"senderID":"a","amount":1,"receiverID":"b"}',
						},
						tool,
					),
				],
			),
			appCredentials(sim),
		);
		expect(payment.error()?.message).toMatch(/^An AI agent may not run this call to \/payment\/transfer\/create/);
		expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(0);
		const read = await runWorkflow(
			chainWorkflow([user as never], [requestNode({ endpoint: '/data/accounts/get' }, tool)]),
			appCredentials(sim),
		);
		expect(read.error()).toBeUndefined();
	});
});

describe('a hand-edited workflow', () => {
	it.each([
		['payment', 'constructor'],
		['payment', 'nope'],
		['payment', '__proto__'],
		['data', 'hasOwnProperty'],
	])('resource %p, operation %p: a clear error, no JavaScript message', async (resource, operation) => {
		const result = await runWorkflow(
			chainWorkflow([user as never], [dapiNode(resource, operation)]),
			appCredentials(sim),
		);
		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(`The operation "${operation}" of resource "${resource}" is not supported`);
		expect(sim.requests()).toHaveLength(0);
	});
});

describe('Dapi Request bodies', () => {
	it('a body nested deeper than any Dapi body is refused before sending', async () => {
		let deep = '{}';
		for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
		const result = await runWorkflow(
			chainWorkflow(
				[user as never],
				[requestNode({ endpoint: '/data/accounts/get', specifyBody: 'json', jsonBody: deep })],
			),
			appCredentials(sim),
		);
		expect(result.error()?.message).toBe('JSON Body is nested too deeply');
		expect(sim.requests()).toHaveLength(0);
	});
});

describe('node versions', () => {
	it.each([
		[1, 'operation'],
		[2, 'operationStatus'],
	])('version %p runs Get Status under resource %p', async (typeVersion, resource) => {
		const result = await runWorkflow(
			chainWorkflow(
				[{ operationID: 'op-unknown-1' }],
				[{ ...dapiNode(resource, 'getStatus', { operationID: '={{ $json.operationID }}' }), typeVersion } as never],
			),
			appCredentials(sim),
		);
		// Whatever Dapi answers about an unknown operation, the call went out: the resource was understood.
		expect(result.error()?.message ?? '').not.toMatch(/not supported/);
		expect(callsTo(sim, '/operation/get')).toHaveLength(1);
	});
});

describe("n8n's error output (On Error: Continue (using error output))", () => {
	it('a failed item goes to the error output, paired with its input; the good one stays on the main output', async () => {
		const good = await connect(sim, 'user-ae-liv-001');
		const items = [good, { ...good, accessToken: 'not-a-token-0123456789' }];
		const node = {
			...dapiNode('data', 'getAccounts', { options: { keepWholeResponse: true } }),
			onError: 'continueErrorOutput' as const,
		};
		const result = await runWorkflow(chainWorkflow(items as never, [node]), appCredentials(sim));
		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi', 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		// Dapi has two outputs of its own (Done, Needs User Input); n8n adds the error output after them.
		const failed = result.output('Dapi', 2);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json.error).toBe('Dapi rejected the access token');
		expect(failed[0].json.details).toMatchObject({ type: 'INVALID_TOKEN', httpCode: '401' });
	});

	it('Dapi Request: the error output is its second', async () => {
		const good = await connect(sim, 'user-ae-liv-001');
		const items = [{ ...good, accessToken: 'not-a-token-0123456789' }, good];
		const node = { ...requestNode({ endpoint: '/data/accounts/get' }), onError: 'continueErrorOutput' as const };
		const result = await runWorkflow(chainWorkflow(items as never, [node]), appCredentials(sim));
		expect(result.output('Request', 0).map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(result.output('Request', 1).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	});
});
