import { NODE_TYPES, chainWorkflow, linkedWorkflow, runWorkflow } from '../../../support/engine';
import {
	APP_SECRET,
	allText,
	appCredentials,
	callsTo,
	connect,
	dapiNode,
	useDapiSimulator,
	type Connection,
} from '../../../support/dapi';

/**
 * The bank's prompts (OTP, PIN, secret question, captcha): the item leaves on the "Needs User Input"
 * output with everything to resume, and a second Dapi node answers them on the same endpoint.
 */
describe('Dapi node, user input (MFA) round trip', () => {
	const sim = useDapiSimulator();
	let user: Connection;
	let accountID: string;
	const BALANCE = '/v2/data/balance/get';

	beforeAll(async () => {
		user = await connect(sim, 'user-ae-liv-001');
		accountID = sim.users().find((u) => u.userID === 'user-ae-liv-001')!.accounts[0].id;
	});
	afterEach(() => sim.setUserInputPolicy(BALANCE, 'none'));

	const balanceNode = (name: string, options: Record<string, unknown> = {}) =>
		dapiNode(
			'data',
			'getBalance',
			{
				accountID: "={{ $('Start').item.json.accountID }}",
				accessToken: "={{ $('Start').item.json.accessToken }}",
				userSecret: "={{ $('Start').item.json.userSecret }}",
				options: options as never,
			},
			{ name },
		);

	const answer = (id: string, index: number, value: string) => ({ id, index, answer: value });

	/**
	 * Ask → Needs User Input → Resume with the given answers. Answers come from the start item, as a
	 * Form or Wait node would hand them over, never typed into the node.
	 */
	function roundTrip(answers: Array<ReturnType<typeof answer>>) {
		const typed = Object.fromEntries(answers.map((a) => [`answer_${a.id}`, a.answer]));
		return linkedWorkflow(
			[{ ...user, accountID, ...typed }] as never,
			[
				balanceNode('Ask'),
				balanceNode('Resume', {
					operationID: '={{ $json.operationID }}',
					userInputs: {
						input: answers.map((a) => ({ ...a, answer: `={{ $('Start').item.json.answer_${a.id} }}` })),
					},
				}),
			],
			[
				{ from: 'Start', to: 'Ask' },
				{ from: 'Ask', to: 'Resume', output: 1 },
			],
		);
	}

	it('an OTP prompt goes to the second output with all that is needed to resume, and no secret', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const result = await runWorkflow(
			chainWorkflow([{ ...user, accountID }] as never, [balanceNode('Ask')]),
			appCredentials(sim),
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('Ask', 0)).toHaveLength(0);
		const [item] = result.output('Ask', 1);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			status: 'user_input_required',
			endpoint: '/data/balance/get',
			request: { accountID },
		});
		expect(typeof item.json.operationID).toBe('string');
		expect(item.json.userInputs).toEqual([
			expect.objectContaining({ id: 'otp', index: 0, queryType: expect.any(String), query: expect.any(String) }),
		]);
		expect(item.json.resume).toEqual({
			operationID: item.json.operationID,
			userInputs: [{ id: 'otp', index: 0, answer: '' }],
			endpoint: '/data/balance/get',
		});
		const text = allText(item);
		for (const secret of [APP_SECRET, user.accessToken, user.userSecret]) expect(text).not.toContain(secret);
	});

	it('the answers resume the same endpoint with operationID and userInputs, and the result comes out', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const result = await runWorkflow(roundTrip([answer('otp', 0, sim.userInputAnswers.otp)]), appCredentials(sim));
		expect(result.error()).toBeUndefined();
		const [done] = result.output('Resume', 0);
		expect(typeof done.json.amount).toBe('number');
		const [ask, resume] = callsTo(sim, '/data/balance/get');
		expect(ask.body).toEqual({ appSecret: APP_SECRET, userSecret: user.userSecret, accountID });
		expect(resume.body).toEqual({
			appSecret: APP_SECRET,
			userSecret: user.userSecret,
			accountID,
			operationID: result.output('Ask', 1)[0].json.operationID,
			userInputs: [{ id: 'otp', index: 0, answer: sim.userInputAnswers.otp }],
		});
		expect(resume.headers.authorization).toBe(`Bearer ${user.accessToken}`);
	});

	it('several prompts (OTP and PIN) are answered together', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp_pin');
		const result = await runWorkflow(
			roundTrip([answer('otp', 0, sim.userInputAnswers.otp), answer('pin', 1, sim.userInputAnswers.pin)]),
			appCredentials(sim),
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('Ask', 1)[0].json.userInputs).toHaveLength(2);
		expect(result.output('Resume', 0)).toHaveLength(1);
	});

	it('a wrong answer is a clear error that does not echo the answer', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const result = await runWorkflow(roundTrip([answer('otp', 0, '000999')]), appCredentials(sim));
		const error = result.error();
		expect(error?.message).toBe('The bank rejected the answer to its prompt');
		expect(error?.description).toMatch(/INVALID_MFA/);
		expect(allText([error, result.run.data.resultData.runData.Resume])).not.toContain('000999');
	});

	it('a captcha comes as n8n binary data too', async () => {
		sim.setUserInputPolicy(BALANCE, 'captcha');
		const result = await runWorkflow(
			chainWorkflow([{ ...user, accountID }] as never, [balanceNode('Ask')]),
			appCredentials(sim),
		);
		const [item] = result.output('Ask', 1);
		expect(item.binary?.captcha0).toMatchObject({ mimeType: 'image/png', fileName: 'captcha-0.png' });
		const png = Buffer.from(item.binary!.captcha0.data, 'base64');
		expect(png.subarray(1, 4).toString()).toBe('PNG');
	});

	it('as an AI tool the prompt comes back as data on the main output', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const toolNode = { ...balanceNode('Ask'), type: NODE_TYPES.dapiTool };
		const result = await runWorkflow(chainWorkflow([{ ...user, accountID }] as never, [toolNode]), appCredentials(sim));
		expect(result.output('Ask', 0)[0].json.status).toBe('user_input_required');
		expect(result.output('Ask', 1)).toHaveLength(0);
	});
});
