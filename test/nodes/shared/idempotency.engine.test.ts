/**
 * The Idempotency Key through n8n's real engine: every run is a WorkflowExecute of its own (an
 * execution, with its own ID) in this jest process, as executions share an n8n process, and they all
 * share the file's processed-items store (test/support/processedData.ts, n8n's own read-then-write).
 * Transfers are counted where they arrive: at the simulator, or at the hostile server.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { forgetAttempts } from '../../../nodes/shared/idempotency';
import { tokenQueueState } from '../../../nodes/shared/transport/tokenQueue';
import {
	chainWorkflow,
	linkedWorkflow,
	processedData,
	registerTestNodeType,
	runWorkflow,
	NODE_TYPES,
	type EngineRun,
	type TestNode,
} from '../../support/engine';
import {
	APP_SECRET,
	allText,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	requestNode,
	useDapiSimulator,
	type Connection,
} from '../../support/dapi';
import { PAYROLL, PER_ITEM_FIELDS, withToken } from '../../support/fixtures';
import { startHostileServer, type HostileServer } from '../../support/hostileServer';

/** A node that fails every run: the step after the payment that makes a builder re-run the execution. */
class FailNode implements INodeType {
	description = {
		displayName: 'Fail',
		name: 'fail',
		group: ['transform'],
		version: 1,
		description: 'Fails',
		defaults: { name: 'Fail' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'The step after the payment failed');
	}
}
registerTestNodeType('test.fail', new FailNode());
const failNode: TestNode = { name: 'Fail', type: 'test.fail', parameters: {} };

let executions = 0;
/** Runs a workflow as a new execution (its own ID). */
const execute = (workflow: Parameters<typeof runWorkflow>[0], credentials: Parameters<typeof runWorkflow>[1]) =>
	runWorkflow(workflow, credentials, { executionId: `exec-${++executions}` });

const usedKey = (run: EngineRun) => run.error()?.context?.type === 'IDEMPOTENCY_KEY_USED';

beforeEach(() => processedData.clear());

describe('against the simulator: the key across runs', () => {
	const sim = useDapiSimulator();
	let user: Connection;
	let senderID: string;
	let receiverID: string;
	beforeAll(async () => {
		user = await connect(sim, 'user-ae-liv-001');
		senderID = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0].id;
		const beneficiaries = await execute(chainWorkflow([user as never], [dapiNode('payment', 'getBeneficiaries')]), {
			...appCredentials(sim),
		});
		receiverID = beneficiaries.output('Dapi')[0].json.id as string;
	});

	const pay = (parameters: Record<string, unknown> = {}, extra: Partial<TestNode> = {}) =>
		dapiNode(
			'payment',
			'createTransfer',
			{ senderID, amount: 10, receiverID, idempotencyKey: '={{ $json.invoiceId }}', ...parameters } as never,
			extra,
		);
	const transfers = () => callsTo(sim, '/payment/transfer/create').length;
	const invoice = (invoiceId: string) => [{ ...user, invoiceId }] as never;

	it('a re-run after a failure sends no second transfer, and its error names the first attempt', async () => {
		const first = await execute(chainWorkflow(invoice('INV-1'), [pay(), failNode]), appCredentials(sim));
		expect(first.error()?.message).toBe('The step after the payment failed');
		const paid = first.output('Dapi')[0].json;
		expect(transfers()).toBe(1);

		const rerun = await execute(chainWorkflow(invoice('INV-1'), [pay(), failNode]), appCredentials(sim));

		expect(transfers()).toBe(1);
		expect(rerun.error()?.message).toBe('Not sent: the Idempotency Key "INV-1" was already used');
		expect(usedKey(rerun)).toBe(true);
		const description = rerun.error()!.description!;
		expect(description).toContain(`execution exec-${executions - 1}`);
		expect(description).toContain(`reference ${String(paid.reference)}`);
		expect(description).toContain(`operation ID ${String(paid.operationID)}`);
		expect(description).toMatch(/was made, so this item was not sent/);
		expect(description).toMatch(/Idempotency Key → Release Key/);
	});

	it('with Already Sent chosen, the repeat goes to the third output carrying the earlier result', async () => {
		const options = { options: { ifKeyUsed: 'alreadySentOutput' } };
		const first = await execute(chainWorkflow(invoice('INV-2'), [pay(options)]), appCredentials(sim));
		expect(first.error()).toBeUndefined();
		const paid = first.output('Dapi')[0].json;

		const repeat = await execute(chainWorkflow(invoice('INV-2'), [pay(options)]), appCredentials(sim));

		expect(repeat.error()).toBeUndefined();
		expect(transfers()).toBe(1);
		expect(repeat.output('Dapi', 0)).toHaveLength(0);
		const [item] = repeat.output('Dapi', 2);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			alreadySent: true,
			idempotencyKey: 'INV-2',
			earlierAttempt: {
				outcome: 'done',
				at: expect.any(String),
				executionId: `exec-${executions - 1}`,
				reference: paid.reference,
				operationID: paid.operationID,
				result: paid,
			},
		});
	});

	it('several items with one key in one run: the first is sent, the others fail under Continue On Fail', async () => {
		const items = [
			{ ...user, invoiceId: 'INV-3' },
			{ ...user, invoiceId: 'INV-3' },
			{ ...user, invoiceId: 'INV-4' },
		];
		const result = await execute(
			chainWorkflow(items as never, [{ ...pay(), onError: 'continueRegularOutput' }]),
			appCredentials(sim),
		);

		expect(transfers()).toBe(2);
		const out = result.output('Dapi').map((item) => item.json);
		expect(out[0].reference).toEqual(expect.any(String));
		expect(out[1]).toMatchObject({
			error: 'Not sent: the Idempotency Key "INV-3" was already used',
			type: 'IDEMPOTENCY_KEY_USED',
		});
		expect(out[2].reference).toEqual(expect.any(String));
	});

	it('a transfer Dapi refuses made nothing: its key is freed and the fixed item goes through', async () => {
		const refused = await execute(chainWorkflow(invoice('INV-5'), [pay({ amount: 99_999_999 })]), appCredentials(sim));
		expect(refused.error()?.description).toMatch(/INSUFFICIENT_BALANCE/);
		expect(refused.error()?.description).toContain('The Idempotency Key "INV-5" was released, as nothing was made');

		const fixed = await execute(chainWorkflow(invoice('INV-5'), [pay()]), appCredentials(sim));

		expect(fixed.error()).toBeUndefined();
		expect(transfers()).toBe(2);
	});

	it('two credentials never share keys; an empty key checks nothing', async () => {
		const other = { dapiApi: { id: 'cred-app-2', name: 'Dapi API (second)' } };
		await execute(chainWorkflow(invoice('INV-6'), [pay()]), appCredentials(sim));
		const second = await execute(
			chainWorkflow(invoice('INV-6'), [pay({}, { credentials: other })]),
			appCredentials(sim),
		);
		expect(second.error()).toBeUndefined();

		const none = [{ ...user, invoiceId: '' }] as never;
		await execute(chainWorkflow(none, [pay()]), appCredentials(sim));
		await execute(chainWorkflow(none, [pay()]), appCredentials(sim));
		expect(transfers()).toBe(4);
	});

	it('after a restart (or on another worker) the key still blocks; the error says what is known', async () => {
		await execute(chainWorkflow(invoice('INV-10'), [pay()]), appCredentials(sim));
		forgetAttempts();

		const repeat = await execute(chainWorkflow(invoice('INV-10'), [pay()]), appCredentials(sim));

		expect(transfers()).toBe(1);
		expect(usedKey(repeat)).toBe(true);
		expect(repeat.error()?.description).toMatch(
			/^This key was recorded in this workflow's store on or after \d{4}-\d\d-\d\dT00:00:00\.000Z, by an execution this n8n process holds no details of/,
		);
	});

	it('a key expires after Key Expiry (Days): blocked at 44 days, sent again after 61 (45 by default)', async () => {
		const now = Date.now();
		const DAY = 86_400_000;
		await execute(chainWorkflow(invoice('INV-11'), [pay()]), appCredentials(sim));
		const clock = jest.spyOn(Date, 'now');
		try {
			clock.mockReturnValue(now + 44 * DAY);
			expect(usedKey(await execute(chainWorkflow(invoice('INV-11'), [pay()]), appCredentials(sim)))).toBe(true);
			clock.mockReturnValue(now + 61 * DAY);
			const later = await execute(chainWorkflow(invoice('INV-11'), [pay()]), appCredentials(sim));
			expect(later.error()).toBeUndefined();
			const shortWindow = { options: { keyExpiryDays: 10 } };
			clock.mockReturnValue(now + 61 * DAY + 31 * DAY);
			const sooner = await execute(chainWorkflow(invoice('INV-11'), [pay(shortWindow)]), appCredentials(sim));
			expect(sooner.error()).toBeUndefined();
		} finally {
			clock.mockRestore();
		}
		expect(transfers()).toBe(3);
	});

	it('a key that holds a secret of the call is shown masked', async () => {
		const keyed = pay({ idempotencyKey: '={{ "pay-" + $json.accessToken }}' });
		await execute(chainWorkflow(invoice('x'), [keyed]), appCredentials(sim));
		const repeat = await execute(chainWorkflow(invoice('x'), [keyed]), appCredentials(sim));
		expect(repeat.error()?.message).toBe('Not sent: the Idempotency Key "pay-[redacted]" was already used');
		expect(allText(repeat.error())).not.toContain(user.accessToken);
	});

	it('the store holds no secret and not the key: only hashes', async () => {
		await execute(chainWorkflow(invoice('INV-SECRET-CHECK'), [pay()]), appCredentials(sim));
		const stored = allText([...processedData.table.entries()]);
		for (const value of [APP_SECRET, user.accessToken, user.userSecret, 'INV-SECRET-CHECK', 'dapi-idempotency']) {
			expect(stored).not.toContain(value);
		}
		const [row] = [...processedData.table.values()].map((text) => JSON.parse(text) as { data: string[] });
		expect(row.data.every((entry) => /^[A-Za-z0-9+/]{22}==$/.test(entry))).toBe(true);
	});

	it("an answer to the bank's prompt resumes the operation its key was recorded for; a new attempt is refused", async () => {
		const PATH = '/v2/payment/transfer/create';
		sim.setUserInputPolicy(PATH, 'otp');
		try {
			const resume = {
				operationID: '={{ $json.operationID }}',
				userInputs: { input: [{ id: 'otp', index: 0, answer: "={{ $('Start').item.json.otp }}" }] },
			};
			const workflow = linkedWorkflow(
				[{ ...user, invoiceId: 'INV-7', otp: '123456' }] as never,
				[
					pay(
						{
							accessToken: "={{ $('Start').item.json.accessToken }}",
							userSecret: "={{ $('Start').item.json.userSecret }}",
						},
						{ name: 'Ask' },
					),
					pay(
						{
							accessToken: "={{ $('Start').item.json.accessToken }}",
							userSecret: "={{ $('Start').item.json.userSecret }}",
							idempotencyKey: "={{ $('Start').item.json.invoiceId }}",
							options: resume,
						},
						{ name: 'Resume' },
					),
				],
				[
					{ from: 'Start', to: 'Ask' },
					{ from: 'Ask', to: 'Resume', output: 1 },
				],
			);
			const round = await execute(workflow, appCredentials(sim));
			expect(round.error()).toBeUndefined();
			expect(round.output('Resume')[0].json.reference).toEqual(expect.any(String));
			expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(2);

			const again = await execute(chainWorkflow(invoice('INV-7'), [pay()]), appCredentials(sim));
			expect(usedKey(again)).toBe(true);
			expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(2);
		} finally {
			sim.setUserInputPolicy(PATH, 'none');
		}
	});

	it('Dapi Request: a transfer path is guarded like the Dapi node; a read ignores the key', async () => {
		const transfer = requestNode({
			endpoint: '/payment/transfer/create',
			specifyBody: 'json',
			jsonBody: JSON.stringify({ senderID, amount: 10, receiverID }),
			idempotencyKey: '={{ $json.invoiceId }}',
		});
		await execute(chainWorkflow(invoice('INV-8'), [transfer]), appCredentials(sim));
		const repeat = await execute(chainWorkflow(invoice('INV-8'), [transfer]), appCredentials(sim));
		expect(usedKey(repeat)).toBe(true);
		const toOutput = {
			...transfer,
			parameters: { ...transfer.parameters, options: { ifKeyUsed: 'alreadySentOutput' } },
		};
		const routed = await execute(chainWorkflow(invoice('INV-8'), [toOutput]), appCredentials(sim));
		expect(routed.output('Request', 1)[0].json).toMatchObject({ alreadySent: true, idempotencyKey: 'INV-8' });
		expect(transfers()).toBe(1);

		const read = requestNode({ endpoint: '/data/accounts/get', idempotencyKey: '={{ $json.invoiceId }}' });
		await execute(chainWorkflow(invoice('INV-9'), [read]), appCredentials(sim));
		const readAgain = await execute(chainWorkflow(invoice('INV-9'), [read]), appCredentials(sim));
		expect(readAgain.error()).toBeUndefined();
		expect(callsTo(sim, '/data/accounts/get')).toHaveLength(2);
	});

	it('a batch transfer is one payment with one key for all its items', async () => {
		const items = withToken(PAYROLL, user).map((line) => ({ ...line, invoiceId: 'PAYROLL-06' }));
		const batch = dapiNode('batch', 'createTransfer', {
			senderID,
			...PER_ITEM_FIELDS,
			idempotencyKey: '={{ $json.invoiceId }}',
		} as never);
		const first = await execute(chainWorkflow(items as never, [batch]), appCredentials(sim));
		const second = await execute(chainWorkflow(items as never, [batch]), appCredentials(sim));

		expect(first.error()).toBeUndefined();
		expect(usedKey(second)).toBe(true);
		expect(callsTo(sim, '/batch/transfers/create')).toHaveLength(1);
	});
});

describe('against a counting server: outcomes and concurrent executions', () => {
	let server: HostileServer;
	beforeAll(async () => {
		server = await startHostileServer();
	});
	afterAll(async () => await server.close());
	beforeEach(() => server.setFault({ kind: 'status', status: 200, body: 'envelope' }));

	const credentials = () => ({ dapiApi: { appSecret: 'app-secret', appKey: 'app-key', baseUrl: server.baseUrl } });
	const pay = (parameters: Record<string, unknown> = {}) =>
		dapiNode('payment', 'createTransfer', {
			senderID: 'acc-1',
			amount: 10,
			receiverID: 'ben-1',
			idempotencyKey: '={{ $json.invoiceId }}',
			...parameters,
		} as never);
	const item = (invoiceId: string, token = 'token-A') =>
		[{ accessToken: token, userSecret: `secret-of-${token}`, invoiceId }] as never;
	const transfers = () => server.received.get('/payment/transfer/create') ?? 0;
	const release = (invoiceId: string) =>
		execute(
			chainWorkflow([{ invoiceId }] as never, [
				dapiNode('idempotencyKey', 'release', { idempotencyKey: '={{ $json.invoiceId }}' }),
			]),
			credentials(),
		);

	it.each([
		['Dapi times out at its gateway (504)', { kind: 'status', status: 504, body: 'html' } as const],
		['the connection resets before an answer', { kind: 'resetBeforeAnswer' } as const],
		['Dapi fails with HTTP 500', { kind: 'status', status: 500, body: 'envelope' } as const],
	])('%s: the outcome is unknown, the key stays blocked until released on purpose', async (_, fault) => {
		server.setFault(fault);
		const first = await execute(chainWorkflow(item('INV-U'), [pay()]), credentials());
		expect(first.error()?.description).toContain(
			'The Idempotency Key "INV-U" stays recorded, so no run sends this again: check the outcome with Operation Status → Get Status first',
		);

		server.setFault({ kind: 'status', status: 200, body: 'envelope' });
		const blocked = await execute(chainWorkflow(item('INV-U'), [pay()]), credentials());
		expect(transfers()).toBe(0);
		expect(usedKey(blocked)).toBe(true);
		expect(blocked.error()?.description).toMatch(/ended with an unknown outcome: it may or may not have been made/);
		expect(blocked.error()?.description).toMatch(/Get Status/);

		const released = await release('INV-U');
		expect(released.output('Dapi')[0].json).toEqual({ released: true });
		const sent = await execute(chainWorkflow(item('INV-U'), [pay()]), credentials());
		expect(sent.error()).toBeUndefined();
		expect(transfers()).toBe(1);
	});

	it('a transfer that could not be sent at all frees its key', async () => {
		const closed = await startHostileServer();
		const baseUrl = closed.baseUrl;
		await closed.close();
		const unreachable = await execute(chainWorkflow(item('INV-N'), [pay()]), {
			dapiApi: { appSecret: 'app-secret', appKey: 'app-key', baseUrl },
		});
		expect(unreachable.error()?.message).toBe('Could not reach Dapi');
		expect(unreachable.error()?.description).toContain('The Idempotency Key "INV-N" was released');

		const sent = await execute(chainWorkflow(item('INV-N'), [pay()]), credentials());
		expect(sent.error()).toBeUndefined();
		expect(transfers()).toBe(1);
	});

	it('releasing a key that was never recorded says so; an AI agent may not release one without leave', async () => {
		const released = await release('INV-NEVER');
		expect(released.output('Dapi')[0].json).toMatchObject({ released: false });

		const asTool = await execute(
			chainWorkflow([{ invoiceId: 'INV-NEVER' }] as never, [
				dapiNode('idempotencyKey', 'release', { idempotencyKey: 'INV-NEVER' }, { type: NODE_TYPES.dapiTool }),
			]),
			credentials(),
		);
		expect(asTool.error()?.message).toBe(
			'An AI agent may not run this release of an Idempotency Key unless you allow it',
		);
	});

	it('20 executions at once with one key (the store already holds other keys) send exactly 1 transfer', async () => {
		await execute(chainWorkflow(item('INV-EARLIER'), [pay()]), credentials());
		server.setFault({ kind: 'status', status: 200, body: 'envelope' });

		const runs = await Promise.all(
			Array.from({ length: 20 }, async () => await execute(chainWorkflow(item('INV-20'), [pay()]), credentials())),
		);

		expect(transfers()).toBe(1);
		expect(runs.filter((run) => run.error() === undefined)).toHaveLength(1);
		expect(runs.filter(usedKey)).toHaveLength(19);
		expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 });
	});

	it('20 executions at once with 20 keys on 20 tokens all send, side by side', async () => {
		// Every transfer is held until all 20 are in flight together; one that never comes (its execution
		// ended first) lets the others go, so a failure shows as an error, not a hang.
		const held: Array<() => void> = [];
		let ended = 0;
		const maybeGo = () => {
			if (held.length + ended === 20) held.forEach((go) => go());
		};
		server.setFaultFor(async () => {
			await new Promise<void>((resolve) => {
				held.push(resolve);
				maybeGo();
			});
			return undefined;
		});

		const runs = await Promise.all(
			Array.from({ length: 20 }, async (_, n) => {
				const run = await execute(chainWorkflow(item(`INV-P${n}`, `token-${n}`), [pay()]), credentials());
				if (run.error()) ended++;
				maybeGo();
				return run;
			}),
		);

		expect(runs.map((run) => run.error()?.message).filter(Boolean)).toEqual([]);
		expect(transfers()).toBe(20);
		expect(server.overlapped()).toBe(0);
	});
});
