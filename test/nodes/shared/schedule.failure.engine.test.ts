/**
 * What is sent when an item fails, through the real engine against a server that logs what arrives.
 * At Max Parallel Connections 1 items go out strictly in input order, and with Continue On Fail off no
 * item after the failed one is sent, whatever the failure. Above 1, items already under way when an
 * item fails carry on, and their outcomes are in the error: a sent item's outcome never vanishes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { deriveSealingKey, sealConnection } from '../../../nodes/shared/seal';
import { chainWorkflow, runWorkflow, type TestNode } from '../../support/engine';
import { allText, dapiNode } from '../../support/dapi';
import { startHostileServer, type Fault, type HostileServer, type ReceivedRequest } from '../../support/hostileServer';

const SEALING_SECRET = 'schedule-failure-sealing-secret-0123456789';
/** Items 0 and 2 share a connection, item 1 has its own. */
const TOKENS = ['token-A', 'token-B', 'token-A'];
/** Every request carries its item's user secret, which tells the server whose it is. */
const userSecret = (item: number) => `secret-${item}`;
const itemOf = (request: ReceivedRequest) =>
	Number(String((request.body as IDataObject).userSecret ?? '').replace('secret-', ''));

/** One answer that every operation here reads as a success, naming the item it was for. */
const success = (item: number): Fault => ({
	kind: 'json',
	text: JSON.stringify({
		success: true,
		status: 'done',
		operationID: `op-${item}`,
		reference: `REF-item-${item}`,
		balance: { amount: 100, currency: 'AED' },
		details: { reference: `BATCH-item-${item}` },
		metadata: { maxTotalTransferAmount: 1000000, minTotalTransferAmount: 1, maxBatchTransfers: 100 },
	}),
});
const REFUSAL: Fault = { kind: 'status', status: 400, body: 'envelope' };
const RESET: Fault = { kind: 'resetBeforeAnswer' };

interface Operation {
	name: string;
	/** The call whose answer decides the item (a batch reads the bank's limits first). */
	path: string;
	node: (options: INodeParameters) => TestNode;
	item: (index: number, token: string) => IDataObject;
	/** What makes the item refused before anything is sent. */
	invalid: IDataObject;
	sealed?: boolean;
}

const amountOf = (index: number) => 10 + index;
const tokenFields = (index: number, token: string) => ({ accessToken: token, userSecret: userSecret(index) });
const transferNode = (parameters: INodeParameters) => (options: INodeParameters) =>
	dapiNode('payment', 'createTransfer', {
		senderID: 'acc-1',
		amount: '={{ $json.amount }}',
		payTo: 'beneficiary',
		receiverID: 'ben-1',
		...parameters,
		options,
	});

const OPERATIONS: Operation[] = [
	{
		name: 'Create Transfer',
		path: '/payment/transfer/create',
		node: transferNode({}),
		item: (index, token) => ({ ...tokenFields(index, token), amount: amountOf(index) }),
		invalid: { amount: -5 },
	},
	{
		name: 'ACH Create Pull',
		path: '/ach/pull/create',
		node: (options) => dapiNode('ach', 'createPull', { senderID: 'acc-1', amount: '={{ $json.amount }}', options }),
		item: (index, token) => ({ ...tokenFields(index, token), amount: amountOf(index) }),
		invalid: { amount: 'ten' },
	},
	{
		name: 'Create Batch Transfer from a list per item',
		path: '/batch/transfers/create',
		node: (options) =>
			dapiNode('batch', 'createTransfer', {
				senderID: 'acc-1',
				transferType: 'local',
				transfersFrom: 'list',
				transfers: '={{ $json.transfers }}',
				options,
			}),
		item: (index, token) => ({
			...tokenFields(index, token),
			transfers: [
				{
					amount: amountOf(index),
					currency: 'AED',
					beneficiary: { name: 'Jane Doe', iban: 'AE070331234567890123456', swiftCode: 'EBILAEAD', country: 'AE' },
				},
			],
		}),
		invalid: { transfers: 'not a list' },
	},
	{
		name: 'Get Balance (a read)',
		path: '/data/balance/get',
		node: (options) => dapiNode('data', 'getBalance', { accountID: '={{ $json.accountID }}', options }),
		item: (index, token) => ({ ...tokenFields(index, token), accountID: 'acc-1' }),
		invalid: { accountID: '' },
	},
	{
		name: 'Create Transfer on sealed connections',
		path: '/payment/transfer/create',
		node: transferNode({ tokenSource: 'sealed', sealedConnection: '={{ $json.sealedConnection }}' }),
		item: (index, token) => ({
			sealedConnection: sealConnection(
				{ accessToken: token, userSecret: userSecret(index), connectionID: `conn-${token}` },
				deriveSealingKey(SEALING_SECRET),
			),
			amount: amountOf(index),
		}),
		invalid: { sealedConnection: 'dapi.sealed.v1.damaged' },
		sealed: true,
	},
];

const FAILURES = [
	{ name: 'Dapi refuses it', fault: REFUSAL },
	{ name: 'the connection resets before the answer', fault: RESET },
	{ name: 'a value is refused before sending', invalid: true },
] as const;

let server: HostileServer;
beforeAll(async () => {
	server = await startHostileServer();
});
afterAll(async () => await server.close());

const credentials = () => ({
	dapiApi: { appSecret: 'app-secret', appKey: 'app-key', baseUrl: server.baseUrl, sealingSecret: SEALING_SECRET },
});

/** The items in the order the server first heard from each. */
const arrivalOrder = () => [...new Set(server.log.map(itemOf))];

async function run(
	operation: Operation,
	items: IDataObject[],
	options: INodeParameters = {},
	extra: Partial<TestNode> = {},
) {
	return await runWorkflow(chainWorkflow(items, [{ ...operation.node(options), ...extra }]), credentials());
}

describe.each(OPERATIONS)('$name, items on connections A, B, A', (operation) => {
	const items = (invalidItem?: number) =>
		TOKENS.map((token, index) => ({
			...operation.item(index, token),
			...(index === invalidItem ? operation.invalid : {}),
		}));

	it.each(FAILURES)(
		'Max Parallel Connections 1: when item 1 fails ($name), items were sent in input order and item 2 never',
		async (failure) => {
			server.setFault(success(0));
			server.setFaultFor((request) =>
				'fault' in failure && itemOf(request) === 1 && request.path === operation.path
					? failure.fault
					: success(itemOf(request)),
			);
			const result = await run(operation, items('invalid' in failure ? 1 : undefined));

			expect(arrivalOrder()).toEqual('invalid' in failure ? [0] : [0, 1]);
			expect(server.log.filter((request) => request.path === operation.path).map(itemOf)).toEqual(
				'invalid' in failure ? [0] : [0, 1],
			);
			const error = result.error();
			expect(error?.context?.itemIndex).toBe(1);
			expect(error?.description ?? '').not.toMatch(/item 2/);
		},
	);

	it('with Continue On Fail every item is still sent, in input order', async () => {
		server.setFault(success(0));
		server.setFaultFor((request) => (itemOf(request) === 1 ? REFUSAL : success(itemOf(request))));
		const result = await run(operation, items(), {}, { onError: 'continueRegularOutput' });

		expect(arrivalOrder()).toEqual([0, 1, 2]);
		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi').map((item) => [item.pairedItem, 'error' in item.json])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
	});
});

describe('Max Parallel Connections 3, items on connections A, B, C: an item already under way when item 1 fails', () => {
	const operation = OPERATIONS[0];
	const items = ['token-A', 'token-B', 'token-C'].map((token, index) => operation.item(index, token));

	/** Item 1 fails only once item 2 has arrived; item 2 is answered only after item 1's answer went out. */
	function failWithTwoUnderWay(itemOne: Fault, itemTwo: Fault) {
		const arrived = new Map<number, (request: ReceivedRequest) => void>();
		const arrival = new Map<number, Promise<ReceivedRequest>>(
			[1, 2].map((item) => [item, new Promise((resolve) => arrived.set(item, resolve))]),
		);
		server.setFault(success(0));
		server.setFaultFor(async (request) => {
			const item = itemOf(request);
			arrived.get(item)?.(request);
			if (item === 1) {
				await arrival.get(2);
				return itemOne;
			}
			if (item === 2) {
				await (await arrival.get(1))!.answered;
				return itemTwo;
			}
			return success(item);
		});
	}

	it('done: its reference is in the error', async () => {
		failWithTwoUnderWay(REFUSAL, success(2));
		const result = await run(operation, items, { maxParallelConnections: 3 });

		expect(result.error()?.context?.itemIndex).toBe(1);
		const description = result.error()?.description ?? '';
		expect(description).toMatch(/item 2\b[^;]*REF-item-2/);
		expect(description).not.toMatch(/item 0\b/);
		expect(allText(result.error())).not.toMatch(/token-[ABC]|secret-\d|app-secret/);
	});

	it('reset: its unknown outcome is in the error', async () => {
		failWithTwoUnderWay(REFUSAL, RESET);
		const result = await run(operation, items, { maxParallelConnections: 3 });

		expect(result.error()?.context?.itemIndex).toBe(1);
		expect(result.error()?.description ?? '').toMatch(/item 2\b[^;]*outcome is unknown/);
	});

	it('item 1 itself reset: the error says its outcome is unknown and gives item 2 its reference', async () => {
		failWithTwoUnderWay(RESET, success(2));
		const result = await run(operation, items, { maxParallelConnections: 3 });

		expect(result.error()?.message).toMatch(/outcome is unknown/);
		expect(result.error()?.description ?? '').toMatch(/item 2\b[^;]*REF-item-2/);
	});
});
