/**
 * One call at a time per access token across executions: a webhook-started workflow runs one execution
 * per event, so the rule must hold across every execution of one n8n process, not only inside a node run.
 * Here many WorkflowExecute runs share this jest process as executions share an n8n process.
 */
import type { IDataObject } from 'n8n-workflow';

import { tokenQueueState } from '../../../../nodes/shared/transport/tokenQueue';
import { chainWorkflow, runWorkflow, type EngineRun } from '../../../support/engine';
import { appCredentials, connectSeeded, dapiNode, overlapAcrossTokens, useDapiSimulator } from '../../../support/dapi';
import type { ConnectedUser } from '../../../support/dapi';
import { startHostileServer, type HostileServer, type ReceivedRequest } from '../../../support/hostileServer';

const EXECUTIONS = 20;
const getBalance = () => dapiNode('data', 'getBalance', { accountID: '={{ $json.accountID }}' });

describe('20 executions at once against the simulator (40 ms per call)', () => {
	const sim = useDapiSimulator();
	let users: ConnectedUser[];
	beforeAll(async () => {
		users = await connectSeeded(sim, 4);
		sim.setLatency(40);
	});

	const balances = async (userOf: (execution: number) => ConnectedUser) =>
		await Promise.all(
			Array.from(
				{ length: EXECUTIONS },
				async (_, execution) =>
					await runWorkflow(chainWorkflow([userOf(execution) as never], [getBalance()]), appCredentials(sim)),
			),
		);
	const errors = (runs: EngineRun[]) => runs.map((run) => run.error()?.message).filter(Boolean);

	it('on one token: no call overlaps another, every execution gets its balance, and no token is kept', async () => {
		const runs = await balances(() => users[0]);

		expect(errors(runs)).toEqual([]);
		expect(sim.requests()).toHaveLength(EXECUTIONS);
		expect(sim.overlapCount()).toBe(0);
		expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 });
	});

	it('on 4 tokens: still no overlap on any token, while different tokens run side by side', async () => {
		const runs = await balances((execution) => users[execution % users.length]);

		expect(errors(runs)).toEqual([]);
		expect(sim.overlapCount()).toBe(0);
		expect(overlapAcrossTokens(sim)).toBe(true);
		expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 });
	});
});

describe('a stopped execution gives up its place on the token', () => {
	let server: HostileServer;
	beforeAll(async () => {
		server = await startHostileServer();
	});
	afterAll(async () => await server.close());

	const credentials = () => ({ dapiApi: { appSecret: 'app-secret', appKey: 'app-key', baseUrl: server.baseUrl } });
	const secretOf = (request: ReceivedRequest) => (request.body as IDataObject).userSecret;
	const execution = (name: string, cancelWhen?: Promise<unknown>) =>
		runWorkflow(
			chainWorkflow([{ accessToken: 'token-A', userSecret: name, accountID: 'acc-1' }], [getBalance()]),
			credentials(),
			{ cancelWhen },
		);

	/** The first call is held until released; every call is answered with a balance. */
	function holdFirst() {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let arrived!: () => void;
		const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
		server.setFault({ kind: 'json', text: JSON.stringify({ success: true, status: 'done', balance: { amount: 1 } }) });
		server.setFaultFor(async (request) => {
			if (secretOf(request) !== 'first') return undefined;
			arrived();
			await released;
			return undefined;
		});
		return { firstArrived, release };
	}

	it('stopped while waiting: it leaves the queue, sends nothing, and the call behind it goes next', async () => {
		const { firstArrived, release } = holdFirst();
		const first = execution('first');
		await firstArrived;
		let stop!: () => void;
		const second = execution('second', new Promise<void>((resolve) => (stop = resolve)));
		const third = execution('third');
		await until(() => tokenQueueState().waiting === 2);

		stop();
		await second;
		expect(tokenQueueState()).toEqual({ tokens: 1, waiting: 1 });
		release();
		const runs = await Promise.all([first, third]);

		expect(runs.map((run) => run.error())).toEqual([undefined, undefined]);
		expect(server.log.map(secretOf)).toEqual(['first', 'third']);
		expect(server.overlapped()).toBe(0);
		expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 });
	});

	it('stopped while its call runs: the call is dropped and the token handed on', async () => {
		const { firstArrived } = holdFirst();
		let stop!: () => void;
		const first = execution('first', new Promise<void>((resolve) => (stop = resolve)));
		await firstArrived;
		const second = execution('second');
		await until(() => tokenQueueState().waiting === 1);

		stop();
		await first;
		const run = await second;

		expect(run.error()).toBeUndefined();
		expect(server.log.map(secretOf)).toEqual(['first', 'second']);
		expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 });
	});
});

/** Waits, a turn of the event loop at a time, until `condition` holds (at most 10,000 turns). */
async function until(condition: () => boolean) {
	for (let turn = 0; turn < 10_000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
	if (!condition()) throw new Error('the condition never held');
}
