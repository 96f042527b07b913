import { callsTo, connect, useDapiSimulator, type Connection } from '../../../../support/dapi';
import { ADDRESS, beneficiary, dapiRunner, secretsOf } from '../../../../support/fixtures';

describe('Dapi node, Payment, Wire, ACH, Delink and Operation status (real engine, simulator)', () => {
	const sim = useDapiSimulator();
	const run = dapiRunner(sim);
	let liv: Connection;
	beforeAll(async () => {
		liv = await connect(sim, 'user-ae-liv-001');
	});

	describe('Payment', () => {
		it("Create Beneficiary sends the flat fields of the SDKs and gives Dapi's answer", async () => {
			const { parameters, sent } = beneficiary('01');
			const result = await run(liv, 'payment', 'createBeneficiary', {
				...parameters,
				beneficiaryType: 'local',
				beneficiaryAdditionalFields: { nickname: 'Jane', phoneNumber: '' },
			});
			expect(result.error()).toBeUndefined();
			expect(result.output('Dapi')[0].json).toMatchObject({ success: true, status: 'done' });
			const [call] = callsTo(sim, '/payment/beneficiaries/create');
			expect(call.body).toEqual({ ...secretsOf(liv), ...sent, type: 'local', nickname: 'Jane' });
			expect(call.headers.authorization).toBe(`Bearer ${liv.accessToken}`);
		});

		it.each([
			[
				{ address: { lines: { ...ADDRESS.lines, line1: 'Maryam Street, 12' } } },
				'Address Line 1 (street) contains commas or special characters',
			],
			[{ iban: '={{ "" }}' }, 'IBAN is empty'],
			[{ address: { lines: { ...ADDRESS.lines, line3: '' } } }, 'Address Line 3 (country) is empty'],
		])('Create Beneficiary refuses %j before sending', async (override, message) => {
			const result = await run(liv, 'payment', 'createBeneficiary', { ...beneficiary('02').parameters, ...override });
			expect(result.error()?.message).toBe(message);
			expect(sim.requests()).toHaveLength(0);
		});
	});
});
