/**
 * Every number, date, amount and option a user (or an expression) can hand the Dapi node, the fixed
 * awkward cases and a seeded random sweep: each either goes out exactly as Dapi takes it or fails its
 * item with an error naming the field, before anything is sent. Nothing hangs, nothing crashes.
 */
import { chainWorkflow, runWorkflow } from '../support/engine';
import { appCredentials, callsTo, connect, dapiNode, useDapiSimulator, type Connection } from '../support/dapi';

const sim = useDapiSimulator();
let user: Connection;
let accountID: string;

beforeAll(async () => {
	user = await connect(sim, 'user-ae-liv-001');
	accountID = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0].id;
});

async function run(resource: string, operation: string, parameters: Record<string, unknown>) {
	return await runWorkflow(
		chainWorkflow([user as never], [dapiNode(resource, operation, parameters as never)]),
		appCredentials(sim),
	);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

describe('Amount', () => {
	const transfer = (amount: unknown) =>
		run('payment', 'createTransfer', { senderID: accountID, amount, payTo: 'beneficiary', receiverID: 'ben-x' });

	it.each([
		[0.01, 0.01],
		[150.25, 150.25],
		['12.50', 12.5],
		[' 7 ', 7],
		[1_000_000_000, 1_000_000_000],
	])('%p is sent as %p', async (amount, sent) => {
		await transfer(amount);
		expect((callsTo(sim, '/payment/transfer/create')[0]?.body as { amount?: unknown } | undefined)?.amount).toBe(sent);
	});

	it.each([
		[0],
		[-5],
		[1e-9],
		[0.001],
		[0.004],
		[0.005],
		[12.345],
		[0.1 + 0.2],
		[1e21],
		[1_000_000_000.01],
		['1e3'],
		['0x10'],
		['1_000'],
		['1,5'],
		['+5'],
		['abc'],
		[''],
		[Number.NaN],
		[Number.POSITIVE_INFINITY],
		[Number.NEGATIVE_INFINITY],
		[true],
		['１２'],
	])('%p is refused before sending, naming Amount', async (amount) => {
		const result = await transfer(amount);
		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toMatch(/^Amount /);
		expect(sim.requests()).toHaveLength(0);
	});

	it('a seeded random sweep: whatever is sent is a plain amount of 0.01 or more with at most 2 decimals', async () => {
		const next = random(20261128);
		const shapes = [
			() => Math.round(next() * 1e6) / 100,
			() => next() * 1000,
			() => -next() * 100,
			() => next() / 1000,
			() => (next() * 1e4).toFixed(Math.floor(next() * 4)),
			() => `${Math.floor(next() * 100)}e${Math.floor(next() * 5)}`,
			() => String(next() * 1e12),
		];
		let sent = 0;
		let refused = 0;
		for (let i = 0; i < 60; i++) {
			sim.clearRequests();
			const amount = shapes[Math.floor(next() * shapes.length)]();
			const result = await transfer(amount);
			const calls = callsTo(sim, '/payment/transfer/create');
			if (calls.length > 0) {
				sent++;
				const value = (calls[0].body as { amount: number }).amount;
				expect(typeof value).toBe('number');
				expect(value).toBeGreaterThanOrEqual(0.01);
				expect(String(value)).toMatch(/^\d+(\.\d{1,2})?$/);
				expect(value).toBe(Number(String(amount).trim()));
			} else {
				refused++;
				expect(result.error()?.message).toMatch(/^Amount /);
			}
		}
		expect(sent).toBeGreaterThan(0);
		expect(refused).toBeGreaterThan(0);
	});
});

describe('options and numbers', () => {
	const balance = (options: Record<string, unknown>) => run('data', 'getBalance', { accountID, options });

	it.each([[999], [300_001], [1500.5], [Number.NaN], ['soon'], [-1]])(
		'Timeout %p is refused before sending',
		async (timeout) => {
			const result = await balance({ timeout });
			expect(result.error()?.message).toMatch(/^Timeout must be a whole number/);
			expect(sim.requests()).toHaveLength(0);
		},
	);

	it.each([[2000], ['2000']])('Timeout %p is used', async (timeout) => {
		const result = await balance({ timeout });
		expect(result.error()).toBeUndefined();
	});

	it.each([[0], [51], [1.5], [Number.NaN], [-1], ['many']])(
		'Max Parallel Connections %p is refused before sending',
		async (max) => {
			const result = await balance({ maxParallelConnections: max });
			expect(result.error()?.message).toMatch(/^Max Parallel Connections must be a whole number/);
			expect(sim.requests()).toHaveLength(0);
		},
	);

	it.each([[-1], [1.5], [Number.NaN], [100], ['first']])(
		'a User Inputs index of %p is refused before sending',
		async (index) => {
			const result = await balance({ operationID: 'op-1', userInputs: { input: [{ id: 'otp', index, answer: '1' }] } });
			expect(result.error()?.message).toMatch(/Index must be a whole number/);
			expect(sim.requests()).toHaveLength(0);
		},
	);
});

describe('transaction dates and windows', () => {
	const transactions = (parameters: Record<string, unknown>) =>
		run('data', 'getTransactions', { accountID, fromDate: '2024-01-01', toDate: '2024-01-31', ...parameters });

	it.each([[0.5], [0], [-3], [1.5], [Number.NaN], [3651], ['a week']])(
		'Window Days %p is refused before sending (it once looped forever on 0.5)',
		async (windowDays) => {
			const result = await transactions({ options: { splitByRange: true, windowDays } });
			expect(result.error()?.message).toMatch(/^Window Days must be a whole number/);
			expect(sim.requests()).toHaveLength(0);
		},
	);

	it('Window Days 7 over 31 days makes 5 calls', async () => {
		const result = await transactions({ options: { splitByRange: true, windowDays: 7 } });
		expect(result.error()).toBeUndefined();
		expect(callsTo(sim, '/data/transactions/get')).toHaveLength(5);
	});

	it('a range that would need more than 3650 windows is refused before sending', async () => {
		const result = await transactions({
			fromDate: '1900-01-01',
			toDate: '2024-01-01',
			options: { splitByRange: true, windowDays: 1 },
		});
		expect(result.error()?.message).toMatch(/windows of 1 days/);
		expect(sim.requests()).toHaveLength(0);
	});

	it.each([['2024-02-30'], ['2024-13-01'], ['24-01-01'], ['2024-1-1'], ['={{ "" }}'], ['now'], ['2024-02-29x']])(
		'From Date %p is refused before sending',
		async (fromDate) => {
			const result = await transactions({ fromDate });
			expect(result.error()?.message).toMatch(/^From Date /);
			expect(sim.requests()).toHaveLength(0);
		},
	);
});
