import { NODE_TYPES, chainWorkflow, runWorkflow } from '../../../../support/engine';
import {
	APP_SECRET,
	allText,
	callsTo,
	connect,
	dapiNode,
	useDapiSimulator,
	type Connection,
} from '../../../../support/dapi';
import { startHostileServer, type HostileServer } from '../../../../support/hostileServer';
import { PAYROLL, PER_ITEM_FIELDS, dapiRunner, sdkItem, secretsOf, withToken } from '../../../../support/fixtures';

describe('Dapi node, Batch (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	let account: { id: string; iban: string | null; number: string; balance: number };
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});
	beforeEach(() => {
		sim.clearRequests();
		sim.setUserInputPolicy('/v2/batch/transfers/create', 'none');
		account = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0];
	});

	describe('Create Batch Transfer', () => {
		it("makes ONE batch from all input items, one transfer each, after reading the bank's limits; the answer is paired with every item", async () => {
			const result = await run(withToken(PAYROLL, liv), 'batch', 'createTransfer', {
				senderID: { __rl: true, mode: 'list', value: account.id },
				...PER_ITEM_FIELDS,
				transferAdditionalFields: { remark: '={{ "Salary " + $json.employee.split(" ")[0] }}' },
				remark: 'Payroll June',
			});
			expect(result.error()).toBeUndefined();
			const output = result.output('Dapi');
			expect(output).toHaveLength(1);
			expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(output[0].json).toMatchObject({
				success: true,
				status: 'done',
				details: { stage: 'pending', numPendingItems: 3, totalAmountRequested: 2950.75 },
			});

			expect(sim.requests().map((request) => request.path)).toEqual([
				'/v2/batch/metadata/get',
				'/v2/batch/transfers/create',
			]);
			expect(callsTo(sim, '/batch/metadata/get')[0].body).toEqual(secretsOf(liv));
			const [call] = callsTo(sim, '/batch/transfers/create');
			expect(call.headers.authorization).toBe(`Bearer ${liv.accessToken}`);
			expect(call.body).toEqual({
				...secretsOf(liv),
				senderID: account.id,
				type: 'local',
				items: PAYROLL.map((line) => sdkItem(line, { remark: `Salary ${line.employee.split(' ')[0]}` })),
				remark: 'Payroll June',
			});
			expect(sim.users()[0].accounts[0].balance).toBeCloseTo(account.balance - 2950.75, 2);
		});

		it('from a list field makes one batch per input item, each paired with its own item', async () => {
			const transfers = (lines: typeof PAYROLL) =>
				lines.map((line) => ({
					amount: String(line.salary),
					currency: 'aed',
					beneficiary: { name: line.employee, iban: line.iban, swiftCode: 'BOMLAEAD', country: 'AE' },
				}));
			const items = withToken(
				[{ transfers: transfers(PAYROLL.slice(0, 2)) }, { transfers: transfers(PAYROLL.slice(2)) }],
				liv,
			);
			const result = await run(items, 'batch', 'createTransfer', { senderID: account.id, transfersFrom: 'list' });
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			const calls = callsTo(sim, '/batch/transfers/create');
			expect(calls.map((c) => (c.body as { items: unknown[] }).items)).toEqual([
				PAYROLL.slice(0, 2).map((line) => sdkItem(line)),
				[sdkItem(PAYROLL[2])],
			]);
		});

		it.each([['0.000000001'], [1e-9], ['1e3'], ['-5'], ['0x10']])(
			'a list transfer with amount %p is refused before sending, never rounded',
			async (amount) => {
				const transfer = {
					amount,
					currency: 'AED',
					beneficiary: { name: 'A', iban: PAYROLL[0].iban, swiftCode: 'BOMLAEAD', country: 'AE' },
				};
				const result = await run(withToken([{ transfers: [transfer] }], liv), 'batch', 'createTransfer', {
					senderID: account.id,
					transfersFrom: 'list',
				});
				expect(result.error()?.message).toMatch(/amount/i);
				expect(sim.requests().filter((request) => request.path === '/v2/batch/transfers/create')).toHaveLength(0);
			},
		);

		it.each([
			[
				'more transfers than maxBatchTransfers',
				Array.from({ length: 6 }, (_, n) => ({ ...PAYROLL[0], salary: 10 + n })),
				'The batch has 6 transfers, more than the 5 the bank takes at once',
			],
			[
				'a total above maxTotalTransferAmount',
				[
					{ ...PAYROLL[0], salary: 30000 },
					{ ...PAYROLL[1], salary: 20000.01 },
				],
				"The transfers add up to 50,000.01, more than the bank's 50,000 per batch",
			],
			[
				'a total below minTotalTransferAmount',
				[{ ...PAYROLL[0], salary: 9.99 }],
				"The transfers add up to 9.99, less than the bank's minimum of 10 per batch",
			],
		])('refuses %s before sending the batch', async (_what, lines, message) => {
			const result = await run(withToken(lines, liv), 'batch', 'createTransfer', {
				senderID: account.id,
				...PER_ITEM_FIELDS,
			});
			expect(result.error()?.message).toBe(message);
			expect(result.error()?.description).toMatch(/Batch Metadata/);
			expect(sim.requests().map((request) => request.path)).toEqual(['/v2/batch/metadata/get']);
		});

		it.each([
			[{ swiftCode: '={{ $json.employee === "Sara Ali" ? "" : "BOMLAEAD" }}' }, 1, 'Beneficiary SWIFT Code is empty'],
			[{ iban: '' }, 0, 'Beneficiary IBAN and Beneficiary Account Number are both empty'],
			[{ currency: 'DIRHAM' }, 0, 'Currency is not a 3-letter currency code'],
			[{ amount: '={{ $json.salary + 0.001 }}' }, 0, 'Amount has more than 2 decimals'],
			[
				{ senderID: '={{ $json.employee === "Huda Nasser" ? "acc-other" : "acc-liv-001-current" }}' },
				2,
				"Sender Account differs from the first item's",
			],
			[{ transferAdditionalFields: { date: '2024-02-30' } }, 0, 'Date is not a date in the form YYYY-MM-DD'],
		])('refuses %j before anything is sent, naming the item', async (override, itemIndex, message) => {
			const result = await run(withToken(PAYROLL, liv), 'batch', 'createTransfer', {
				senderID: account.id,
				...PER_ITEM_FIELDS,
				...override,
			});
			expect(result.error()?.message).toBe(message);
			expect((result.error()?.context as { itemIndex?: number }).itemIndex).toBe(itemIndex);
			expect(sim.requests()).toHaveLength(0);
		});

		it('refuses input items of different connections: one batch is one call on one token', async () => {
			const other = await connect(sim, 'user-ae-liv-001');
			sim.clearRequests();
			const items = [...withToken(PAYROLL.slice(0, 2), liv), ...withToken(PAYROLL.slice(2), other)];
			const result = await run(items, 'batch', 'createTransfer', { senderID: account.id, ...PER_ITEM_FIELDS });
			expect(result.error()?.message).toBe('The input items belong to different bank connections');
			expect(allText(result.error())).not.toContain(other.accessToken);
			expect(sim.requests()).toHaveLength(0);
		});

		it.each([
			[
				[
					{ amount: 5, currency: 'AED', beneficiary: { name: 'A', iban: 'AE1', swiftCode: 'X', country: 'AE' } },
					{ ammount: 5 },
				],
				'Transfers[1].ammount is not a field of a Dapi batch transfer',
			],
			[
				[{ amount: 5, currency: 'AED', beneficiary: { name: 'A', iban: 'AE1', country: 'AE' } }],
				'Transfers[0].beneficiary.swiftCode is empty',
			],
			[
				[
					{
						type: 'same',
						amount: 5,
						currency: 'AED',
						beneficiary: { name: 'A', iban: 'AE1', swiftCode: 'X', country: 'AE' },
					},
				],
				'Transfers[0].type is "same", not the batch\'s Transfer Type "local"',
			],
			[
				[
					{
						amount: 5,
						currency: 'AED',
						beneficiary: { name: 'A', iban: 'AE1', swiftCode: 'X', country: 'AE', address: { line1: 'x' } },
					},
				],
				'Transfers[0].beneficiary.address must be text',
			],
			[[], 'Transfers is empty'],
			['not json', 'Transfers is not valid JSON'],
		])('a list field is checked field by field: %j', async (transfers, message) => {
			const result = await run(withToken([{}], liv), 'batch', 'createTransfer', {
				senderID: account.id,
				transfersFrom: 'list',
				transfers: typeof transfers === 'string' ? transfers : JSON.stringify(transfers),
			});
			expect(result.error()?.message).toBe(message);
			expect(sim.requests()).toHaveLength(0);
		});

		it('an AI agent may not pay a batch unless the node allows it', async () => {
			const refused = await run(
				withToken(PAYROLL, liv),
				'batch',
				'createTransfer',
				{ senderID: account.id, ...PER_ITEM_FIELDS },
				{ type: NODE_TYPES.dapiTool },
			);
			expect(refused.error()?.message).toBe('An AI agent may not run this batch transfer unless you allow it');
			expect(sim.requests()).toHaveLength(0);
			const allowed = await run(
				withToken(PAYROLL, liv),
				'batch',
				'createTransfer',
				{ senderID: account.id, ...PER_ITEM_FIELDS, options: { allowForAiAgent: true } },
				{ type: NODE_TYPES.dapiTool },
			);
			expect(allowed.error()).toBeUndefined();
			expect(callsTo(sim, '/batch/transfers/create')).toHaveLength(1);
		});

		it('with Continue On Fail, a refused batch is one error item paired with every input item', async () => {
			const result = await run(
				withToken(PAYROLL, liv),
				'batch',
				'createTransfer',
				{ senderID: account.id, ...PER_ITEM_FIELDS, country: '={{ "" }}' },
				{ onError: 'continueRegularOutput' },
			);
			expect(result.error()).toBeUndefined();
			const output = result.output('Dapi');
			expect(output).toHaveLength(1);
			expect(output[0].json.error).toBe('Beneficiary Country is empty');
			expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});

		it('a prompt goes to Needs User Input; the resume skips the limits call, and a lost answer is an unknown outcome, never re-sent', async () => {
			sim.setUserInputPolicy('/v2/batch/transfers/create', 'otp');
			const parameters = { senderID: account.id, ...PER_ITEM_FIELDS };
			const asked = await run(withToken(PAYROLL, liv), 'batch', 'createTransfer', parameters);
			expect(asked.error()).toBeUndefined();
			const [prompt] = asked.output('Dapi', 1);
			expect(prompt.json).toMatchObject({ status: 'user_input_required', endpoint: '/batch/transfers/create' });
			expect(prompt.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(allText(prompt.json)).not.toContain(liv.accessToken);

			sim.clearRequests();
			sim.setLatency(1500);
			try {
				const resumed = await run(withToken(PAYROLL, liv), 'batch', 'createTransfer', {
					...parameters,
					options: {
						operationID: prompt.json.operationID,
						userInputs: { input: [{ id: 'otp', index: 0, answer: '123456' }] },
						timeout: 1000,
					},
				});
				expect(resumed.error()?.message).toBe("The batch transfer's outcome is unknown: no answer within 1 s");
				expect(resumed.error()?.description).toContain(`operation ID ${prompt.json.operationID as string}`);
			} finally {
				sim.setLatency(0);
			}
			// The simulator still answers the call the node gave up on; wait for that, however loaded the machine.
			await sim.untilRequests((log) => log.every((request) => request.status !== null));
			expect(sim.requests().map((request) => `${request.path} ${request.status}`)).toEqual([
				'/v2/batch/transfers/create 200',
			]);
			// The bank got the answer and paid once.
			expect(sim.users()[0].accounts[0].balance).toBeCloseTo(account.balance - 2950.75, 2);
		});
	});

	describe("the bank's limits, and its prompts, as a server may send them", () => {
		let server: HostileServer;
		beforeAll(async () => {
			server = await startHostileServer();
		});
		afterAll(async () => await server.close());

		/** The payroll's three transfers (2,950.75 in all) as one batch, sent to the server. */
		const sendBatch = async (options: Record<string, unknown> = {}) =>
			await runWorkflow(
				chainWorkflow(
					PAYROLL.map((line) => ({ ...line, accessToken: 'token', userSecret: 'secret' })),
					[dapiNode('batch', 'createTransfer', { senderID: 'acc-1', ...PER_ITEM_FIELDS, options } as never)],
				),
				{ dapiApi: { appSecret: APP_SECRET, baseUrl: server.baseUrl } },
			);

		/** The batch against a server whose every answer carries `metadata`. */
		async function sendWithLimits(metadata: unknown) {
			server.setFault({ kind: 'json', text: JSON.stringify({ success: true, status: 'done', metadata, details: {} }) });
			return await sendBatch();
		}

		it.each([
			[{ maxBatchTransfers: '2' }, 'The batch has 3 transfers, more than the 2 the bank takes at once'],
			[{ maxTotalTransferAmount: '2000' }, "The transfers add up to 2,950.75, more than the bank's 2,000 per batch"],
			[
				{ minTotalTransferAmount: '3000' },
				"The transfers add up to 2,950.75, less than the bank's minimum of 3,000 per batch",
			],
		])('a limit sent as text, %j, is read and applied: nothing is sent', async (metadata, message) => {
			const result = await sendWithLimits(metadata);
			expect(result.error()?.message).toBe(message);
			expect(server.received.get('/batch/transfers/create')).toBeUndefined();
		});

		it('limits sent as text that the batch meets let it go, once', async () => {
			const result = await sendWithLimits({
				maxBatchTransfers: '3',
				maxTotalTransferAmount: '2950.75',
				minTotalTransferAmount: '10',
				filenameMaxChars: '30',
			});
			expect(result.error()).toBeUndefined();
			expect(server.received.get('/batch/transfers/create')).toBe(1);
		});

		it.each([
			['maxBatchTransfers', 'two'],
			['maxBatchTransfers', '2.5'],
			['maxBatchTransfers', 2.5],
			['maxBatchTransfers', '1e3'],
			['maxBatchTransfers', '0x10'],
			['maxBatchTransfers', ' 2'],
			['maxBatchTransfers', ''],
			['maxBatchTransfers', -1],
			['maxBatchTransfers', true],
			['maxTotalTransferAmount', '1,000'],
			['maxTotalTransferAmount', { amount: 5 }],
			['minTotalTransferAmount', '-5'],
		])('a limit that cannot be read (%s %j) stops the batch before it is sent', async (limit, value) => {
			const result = await sendWithLimits({ [limit]: value });
			expect(result.error()?.name).toBe('NodeApiError');
			expect(result.error()?.message).toBe(`The bank's batch limit ${limit} could not be read`);
			expect(result.error()?.description).toMatch(/nothing was sent/);
			expect(server.received.get('/batch/metadata/get')).toBe(1);
			expect(server.received.get('/batch/transfers/create')).toBeUndefined();
		});

		// Dapi's SDKs answer a prompt on the endpoint that asked; any other call in between resets the session.
		it('a prompt on the limits read is resumed there, then the batch is created', async () => {
			const prompt = {
				success: true,
				status: 'user_input_required',
				operationID: 'op-metadata',
				userInputs: [{ id: 'otp', index: 0, queryType: 'txt', query: 'OTP?' }],
			};
			const limits = { success: true, status: 'done', operationID: 'op-metadata', metadata: { maxBatchTransfers: 5 } };
			server.setFault({
				kind: 'scripted',
				answers: {
					'/batch/metadata/get': [prompt, limits],
					'/batch/transfers/create': [{ success: true, status: 'done', operationID: 'op-create', details: {} }],
				},
			});
			const asked = await sendBatch();
			expect(asked.error()).toBeUndefined();
			const [needsInput] = asked.output('Dapi', 1);
			expect(needsInput.json).toMatchObject({
				endpoint: '/batch/metadata/get',
				resume: { operationID: 'op-metadata', endpoint: '/batch/metadata/get' },
			});
			expect(server.requests.map((request) => request.path)).toEqual(['/batch/metadata/get']);

			const resumed = await sendBatch({
				operationID: 'op-metadata',
				userInputs: { input: [{ id: 'otp', index: 0, answer: '123456' }] },
				resumeEndpoint: needsInput.json.endpoint,
			});
			expect(resumed.error()).toBeUndefined();
			expect(resumed.output('Dapi')[0].json).toMatchObject({ operationID: 'op-create' });
			expect(server.requests.map((request) => request.path)).toEqual([
				'/batch/metadata/get',
				'/batch/metadata/get',
				'/batch/transfers/create',
			]);
			expect(server.requests[1].body).toMatchObject({
				operationID: 'op-metadata',
				userInputs: [{ id: 'otp', index: 0, answer: '123456' }],
			});
			// The create is a new operation: the answers belonged to the limits read.
			expect(server.requests[2].body).not.toHaveProperty('operationID');
			expect(server.requests[2].body).not.toHaveProperty('userInputs');
		});

		it('a Resume Endpoint that is not one of the batch calls is refused before sending', async () => {
			server.setFault({ kind: 'json', text: '{"success":true,"status":"done"}' });
			const result = await sendBatch({ operationID: 'op-1', resumeEndpoint: '/data/balance/get' });
			expect(result.error()?.message).toBe('Resume Endpoint is not a call of this operation');
			expect(server.requests).toEqual([]);
		});

		it('limits that are not an object stop the batch before it is sent', async () => {
			const result = await sendWithLimits([{ maxBatchTransfers: 2 }]);
			expect(result.error()?.message).toBe("The bank's batch limits could not be read");
			expect(server.received.get('/batch/transfers/create')).toBeUndefined();
		});
	});
});
