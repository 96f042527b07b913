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
import { DAY, inclusiveDays } from '../../../../support/dates';
import { dateWindows } from '../../../../../nodes/Dapi/actions/data/getTransactions.operation';

describe('Dapi node, Get Transactions (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	let enbd: Connection;
	let accountID: string;
	beforeAll(async () => {
		enbd = await connect(sim, 'user-ae-enbd-004');
		accountID = sim.users().find((u) => u.userID === 'user-ae-enbd-004')!.accounts[0].id;
	});

	async function transactions(parameters: Record<string, unknown>) {
		return await runWorkflow(
			chainWorkflow([enbd as never], [dapiNode('data', 'getTransactions', { accountID, ...parameters } as never)]),
			appCredentials(sim),
		);
	}

	/** What Dapi answers for one window, asked directly (the simulator is deterministic). */
	async function direct(path: string, fromDate: string, toDate: string) {
		const response = await fetch(`${sim.baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${enbd.accessToken}` },
			body: JSON.stringify({ appSecret: APP_SECRET, userSecret: enbd.userSecret, accountID, fromDate, toDate }),
		});
		return ((await response.json()) as { transactions: Array<Record<string, unknown>> }).transactions;
	}

	it('sends accountID, fromDate and toDate as the SDKs do and gives one item per transaction', async () => {
		const result = await transactions({ fromDate: '2024-03-01', toDate: '2024-03-31' });
		expect(result.error()).toBeUndefined();
		const [call] = callsTo(sim, '/data/transactions/get');
		expect(call.body).toEqual({
			appSecret: APP_SECRET,
			userSecret: enbd.userSecret,
			accountID,
			fromDate: '2024-03-01',
			toDate: '2024-03-31',
		});
		const items = result.output('Dapi');
		expect(items.map((item) => item.json)).toEqual(await direct('/data/transactions/get', '2024-03-01', '2024-03-31'));
		expect(typeof items[0].json.amount).toBe('number');
	});

	it.each([
		['categorized', '/data/categorizedTransactions/get', 'category'],
		['enriched', '/data/enrichedTransactions/get', 'brandDetails'],
	])('%s transactions use their own endpoint', async (transactionType, path, field) => {
		const result = await transactions({ transactionType, fromDate: '2024-04-01', toDate: '2024-04-10' });
		expect(result.error()).toBeUndefined();
		expect(callsTo(sim, path)).toHaveLength(1);
		expect(result.output('Dapi')[0].json).toHaveProperty(field);
	});

	it('a Transaction Type from an expression that is not one of the three is refused before anything is sent', async () => {
		const before = sim.requests().length;
		const result = await transactions({
			transactionType: '={{ "pending" }}',
			fromDate: '2024-04-01',
			toDate: '2024-04-10',
		});
		expect(result.error()?.message).toBe('Transaction Type "pending" is not one of this node\'s');
		expect(result.error()?.description).toMatch(/Plain, Categorized or Enriched/);
		expect(sim.requests()).toHaveLength(before);
	});

	it("a range longer than the bank allows, unsplit, is Dapi's INVALID_DATE_RANGE as a clear error", async () => {
		const result = await transactions({ fromDate: '2024-01-01', toDate: '2024-06-30' });
		expect(result.error()?.description).toMatch(/INVALID_DATE_RANGE/);
		expect((result.error() as { httpCode?: string }).httpCode).toBe('400');
	});

	it('splits a leap year into bank-sized windows read from Get Accounts Metadata and merges them in date order', async () => {
		const result = await transactions({
			fromDate: '2024-01-01',
			toDate: '2024-12-31',
			options: { splitByRange: true },
		});
		expect(result.error()).toBeUndefined();
		const paths = sim.requests().map((entry) => entry.path);
		expect(paths[0]).toBe('/v2/metadata/accounts/get');
		const windows = callsTo(sim, '/data/transactions/get').map(
			(entry) => entry.body as { fromDate: string; toDate: string },
		);
		expect(windows).toEqual(dateWindows('2024-01-01', '2024-12-31', 90).map((w) => expect.objectContaining(w)));
		expect(windows).toHaveLength(5);
		windows.forEach((w) => expect(inclusiveDays(w.fromDate, w.toDate)).toBeLessThanOrEqual(90));

		const expected = [];
		for (const w of windows) expected.push(...(await direct('/data/transactions/get', w.fromDate, w.toDate)));
		const merged = result.output('Dapi').map((item) => item.json);
		expect(merged).toEqual(expected);
		const dates = merged.map((t) => String(t.date));
		expect([...dates].sort()).toEqual(dates);
		expect(new Set(merged.map((t) => t.reference)).size).toBe(merged.length);
		expect(result.output('Dapi').every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sim.overlapCount()).toBe(0);
	});

	it('a given window size skips the metadata call; a range shorter than one window is one call', async () => {
		const result = await transactions({
			fromDate: '2024-02-28',
			toDate: '2024-03-01',
			options: { splitByRange: true, windowDays: 30 },
		});
		expect(result.error()).toBeUndefined();
		expect(sim.requests().map((entry) => entry.path)).toEqual(['/v2/data/transactions/get']);
	});

	describe("the bank's prompt in the middle of split windows", () => {
		const TRANSACTIONS = '/v2/data/transactions/get';
		afterEach(() => sim.setUserInputPolicy(TRANSACTIONS, 'none'));

		/** Asks with the bank's window from Get Accounts Metadata; the bank prompts on the first window. */
		async function ask() {
			sim.setUserInputPolicy(TRANSACTIONS, 'otp');
			const result = await transactions({
				fromDate: '2024-01-01',
				toDate: '2024-12-31',
				options: { splitByRange: true },
			});
			expect(result.error()).toBeUndefined();
			const [prompt] = result.output('Dapi', 1);
			sim.setUserInputPolicy(TRANSACTIONS, 'none');
			sim.clearRequests();
			return prompt.json as { operationID: string; windowDays: number; request: { fromDate: string; toDate: string } };
		}

		const resume = async (prompt: Awaited<ReturnType<typeof ask>>, windowDays: unknown) =>
			await transactions({
				fromDate: prompt.request.fromDate,
				toDate: prompt.request.toDate,
				options: {
					splitByRange: true,
					...(windowDays === undefined ? {} : { windowDays }),
					operationID: prompt.operationID,
					userInputs: { input: [{ id: 'otp', index: 0, answer: sim.userInputAnswers.otp }] },
				},
			});

		it('the prompt item says which window size asked, and the resume sends that window first, nothing before it', async () => {
			const prompt = await ask();
			expect(prompt.windowDays).toBe(90);
			expect(prompt.request).toMatchObject({ accountID, fromDate: '2024-01-01', toDate: '2024-12-31' });

			const result = await resume(prompt, prompt.windowDays);
			expect(result.error()).toBeUndefined();
			const calls = sim.requests();
			expect(calls.map((entry) => entry.path)).toEqual(Array(5).fill(TRANSACTIONS));
			const [window] = dateWindows('2024-01-01', '2024-12-31', 90);
			expect(calls[0].body).toMatchObject({ ...window, operationID: prompt.operationID });
			expect(calls[0].status).toBe(200);
			expect(calls.slice(1).every((entry) => !('operationID' in (entry.body as object)))).toBe(true);
			expect(result.output('Dapi').length).toBeGreaterThan(0);
		});

		it('a resume without Window Days is refused before anything is sent, naming the fix', async () => {
			const prompt = await ask();
			const result = await resume(prompt, undefined);
			expect(result.error()?.message).toBe('Resuming split transactions needs Window Days');
			expect(result.error()?.description).toMatch(/windowDays/);
			expect(sim.requests()).toHaveLength(0);
		});
	});

	it.each([
		[{ fromDate: '2024-2-01', toDate: '2024-02-10' }, 'From Date is not a date in the form YYYY-MM-DD'],
		[{ fromDate: '2023-02-29', toDate: '2023-03-10' }, 'From Date is not a date in the form YYYY-MM-DD'],
		[{ fromDate: '2024-03-10', toDate: '2024-03-01' }, 'From Date is after To Date'],
		[{ fromDate: '2024-03-01', toDate: '={{ "" }}' }, 'To Date is empty'],
	])('refuses %j before sending: %s', async (dates, message) => {
		const result = await transactions(dates);
		expect(result.error()?.message).toBe(message);
		expect(sim.requests()).toHaveLength(0);
	});
});

describe('Get Transactions at window edges, against a bank that counts edges loosely', () => {
	/** A stub Dapi that answers every window with one more day on each side, as a loose bank would. */
	async function looseBank() {
		const http = await import('node:http');
		const calls: Array<{ fromDate: string; toDate: string }> = [];
		const day = (date: string, delta: number) => new Date(Date.parse(date) + delta * DAY).toISOString().slice(0, 10);
		const server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				const body = JSON.parse(raw) as { fromDate: string; toDate: string };
				calls.push({ fromDate: body.fromDate, toDate: body.toDate });
				const transactions = [];
				for (let date = day(body.fromDate, -1); date <= day(body.toDate, 1); date = day(date, 1)) {
					transactions.push({ date, amount: 10.5, type: 'debit', reference: `REF-${date}`, description: 'CARD' });
				}
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ success: true, status: 'done', operationID: 'op', transactions }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return { server, calls, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/v2` };
	}

	it('returns every day once, in date order, across all windows', async () => {
		const bank = await looseBank();
		try {
			const result = await runWorkflow(
				chainWorkflow(
					[{ accessToken: 'token-abcdef', userSecret: 'secret-abcdef' }],
					[
						dapiNode('data', 'getTransactions', {
							accountID: 'acc-1',
							fromDate: '2024-02-27',
							toDate: '2024-03-04',
							options: { splitByRange: true, windowDays: 2 },
						}),
					],
				),
				{ dapiApi: { appSecret: APP_SECRET, appKey: 'k', baseUrl: bank.baseUrl } },
			);
			expect(result.error()).toBeUndefined();
			expect(bank.calls).toEqual(dateWindows('2024-02-27', '2024-03-04', 2));
			const dates = result.output('Dapi').map((item) => item.json.date);
			// The loose bank also returns the day before the first and after the last window: those are
			// Dapi's answer as it is; every day in between appears exactly once.
			expect(dates).toEqual([
				'2024-02-26',
				'2024-02-27',
				'2024-02-28',
				'2024-02-29',
				'2024-03-01',
				'2024-03-02',
				'2024-03-03',
				'2024-03-04',
				'2024-03-05',
			]);
		} finally {
			bank.server.close();
		}
	});
});
