import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { NODE_TYPES, processedData } from '../../../../support/engine';
import { ADDRESS, dapiRunner, secretsOf, wireBeneficiary } from '../../../../support/fixtures';

describe('Dapi node, Wire Create Beneficiary (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let chase: Connection;
	beforeAll(async () => {
		chase = await connect(sim, 'user-us-chase-003');
	});
	beforeEach(() => processedData.clear());

	const parameters = (suffix: string, extra: Record<string, unknown> = {}) => ({
		...wireBeneficiary,
		accountNumber: `0001234567${suffix}`,
		address: ADDRESS,
		beneficiaryType: 'intl',
		...extra,
	});

	it("sends the wire fields flat, with the type and the address lines, and gives Dapi's answer", async () => {
		const result = await run(chase, 'wire', 'createBeneficiary', {
			...parameters('01'),
			beneficiaryAdditionalFields: { sortCode: ' 40-47-84 ', bankName: '' },
		});

		expect(result.error()).toBeUndefined();
		expect(result.output('Dapi')[0].json).toMatchObject({ success: true, status: 'done' });
		const [call] = callsTo(sim, '/wire/beneficiaries/create');
		expect(call.body).toEqual({
			...secretsOf(chase),
			...wireBeneficiary,
			accountNumber: '000123456701',
			type: 'intl',
			address: ADDRESS.lines,
			sortCode: '40-47-84',
		});
		expect(call.headers.authorization).toBe(`Bearer ${chase.accessToken}`);
	});

	it.each([
		[{ routingNumber: '={{ "" }}' }, 'Routing Number is empty'],
		[{ nickname: '={{ "  " }}' }, 'Nickname is empty'],
		[{ address: { lines: { ...ADDRESS.lines, line2: 'New York, NY' } } }, /Address Line 2 \(city\)/],
	])('refuses %j before sending', async (override, message) => {
		const result = await run(chase, 'wire', 'createBeneficiary', parameters('02', override));
		expect(result.error()?.message).toMatch(message);
		expect(sim.requests()).toHaveLength(0);
	});

	it('registers a payee once per Idempotency Key: a second run with the key is not sent', async () => {
		const keyed = parameters('03', { idempotencyKey: 'WB-03' });
		const first = await run(chase, 'wire', 'createBeneficiary', keyed);
		const second = await run(chase, 'wire', 'createBeneficiary', keyed);

		expect(first.error()).toBeUndefined();
		expect(second.error()?.message).toBe('Not sent: the Idempotency Key "WB-03" was already used');
		expect(callsTo(sim, '/wire/beneficiaries/create')).toHaveLength(1);
	});

	it('as an AI tool, is refused without leave and sent with it', async () => {
		const tool = { type: NODE_TYPES.dapiTool };
		const refused = await run(chase, 'wire', 'createBeneficiary', parameters('04'), tool);
		expect(refused.error()?.message).toBe('An AI agent may not run this wire beneficiary creation unless you allow it');
		expect(sim.requests()).toHaveLength(0);

		const allowed = await run(
			chase,
			'wire',
			'createBeneficiary',
			parameters('04', { options: { allowForAiAgent: true } }),
			tool,
		);
		expect(allowed.error()).toBeUndefined();
		expect(callsTo(sim, '/wire/beneficiaries/create')).toHaveLength(1);
	});
});
