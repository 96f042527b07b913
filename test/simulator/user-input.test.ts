import { useSimulator } from '../support/simulator';
import * as zlib from 'node:zlib';
import { USER_INPUT_ANSWERS } from '../../simulator';
import { APP_SECRET, UUID, call, expectDapiError, login, opID, userCall, type Session } from '../support/simulatorHttp';

const BALANCE = '/v2/data/balance/get';
const ACCOUNT = { accountID: 'acc-liv-001-current' };
const OTP_QUERY = 'Please enter the OTP sent to your registered mobile number';

/** Reads a PNG the way a decoder does: signature, chunks with CRCs, IHDR, inflated IDAT. */
function decodePng(png: Buffer) {
	expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const chunks: Array<{ type: string; data: Buffer }> = [];
	let offset = 8;
	while (offset < png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.subarray(offset + 4, offset + 8).toString('ascii');
		const data = png.subarray(offset + 8, offset + 8 + length);
		const crc = png.readUInt32BE(offset + 8 + length);
		expect(crc).toBe(zlib.crc32(png.subarray(offset + 4, offset + 8 + length)));
		chunks.push({ type, data });
		offset += 12 + length;
	}
	expect(offset).toBe(png.length);
	expect(chunks[0].type).toBe('IHDR');
	expect(chunks[chunks.length - 1].type).toBe('IEND');
	const ihdr = chunks[0].data;
	const header = {
		width: ihdr.readUInt32BE(0),
		height: ihdr.readUInt32BE(4),
		bitDepth: ihdr[8],
		colorType: ihdr[9],
		interlace: ihdr[12],
	};
	const pixels = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
	return { ...header, pixels };
}

describe('user input (MFA)', () => {
	const sim = useSimulator({ appSecret: APP_SECRET }, { freshForEachTest: true });
	let liv: Session;
	beforeEach(async () => {
		liv = await login(sim, 'user-ae-liv-001');
	});

	const ask = (session = liv, path = BALANCE, body: Record<string, unknown> = ACCOUNT) =>
		userCall(sim, session, path, body);
	const resume = (
		operationID: string,
		userInputs: unknown,
		session = liv,
		path = BALANCE,
		body: Record<string, unknown> = ACCOUNT,
	) => userCall(sim, session, path, { ...body, operationID, userInputs });
	const answer = (id: string, index: number, value: string) => ({ id, index, answer: value });

	test('the known answers', () => {
		expect(sim.userInputAnswers).toEqual({ otp: '123456', pin: '1234', secret_question: 'dapi', captcha: 'n8n42' });
		expect(USER_INPUT_ANSWERS).toEqual(sim.userInputAnswers);
	});

	test('by default nothing asks for input', async () => {
		const reply = await ask();
		expect(reply.body).toMatchObject({ status: 'done', balance: { amount: 15234.75 } });
		expect(sim.userInputPolicies()).toEqual({});
	});

	test('otp: the docs prompt shape, then the right answer runs the endpoint under the same operationID', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const prompt = await ask();
		expect(prompt.status).toBe(200);
		expect(Object.keys(prompt.body)).toEqual(['operationID', 'success', 'status', 'userInputs']);
		expect(prompt.body).toEqual({
			operationID: expect.stringMatching(UUID),
			success: true,
			status: 'user_input_required',
			userInputs: [{ answer: '', id: 'otp', index: 0, queryType: 'txt', query: OTP_QUERY }],
		});
		expect(Object.keys(prompt.body.userInputs[0])).toEqual(['answer', 'id', 'index', 'queryType', 'query']);
		expect(sim.operations().at(-1)).toMatchObject({
			operationID: opID(prompt),
			status: 'user_input_required',
			endedAt: null,
			type: '/data/balance/get',
		});

		const done = await resume(opID(prompt), [answer('otp', 0, '123456')]);
		expect(done.status).toBe(200);
		expect(done.body).toEqual({
			operationID: opID(prompt),
			success: true,
			status: 'done',
			balance: {
				amount: 15234.75,
				currency: { code: 'AED', name: 'UNITED ARAB EMIRATES DIRHAM' },
				accountNumber: '1015234567801',
			},
		});
		expect(sim.operations().at(-1)).toMatchObject({ operationID: opID(prompt), status: 'done', errorType: null });
		// Used up: the same answers again are refused.
		expectDapiError(await resume(opID(prompt), [answer('otp', 0, '123456')]), 400, 'PARAMETER_ERROR');
	});

	test('otp_pin: two prompts (otp index 0, pin index 1), both answers needed', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp_pin');
		const prompt = await ask();
		expect(prompt.body.userInputs).toEqual([
			{ answer: '', id: 'otp', index: 0, queryType: 'txt', query: OTP_QUERY },
			{ answer: '', id: 'pin', index: 1, queryType: 'txt', query: 'Please enter your pin' },
		]);
		const done = await resume(opID(prompt), [answer('pin', 1, '1234'), answer('otp', 0, '123456')]);
		expect(done.body).toMatchObject({ operationID: opID(prompt), status: 'done', balance: { amount: 15234.75 } });

		const second = await ask();
		const onlyOtp = await resume(opID(second), [answer('otp', 0, '123456')]);
		expectDapiError(onlyOtp, 401, 'INVALID_MFA');
		expect(opID(onlyOtp)).toBe(opID(second));
		const third = await ask();
		expectDapiError(
			await resume(opID(third), [answer('otp', 0, '123456'), answer('pin', 0, '1234')]),
			401,
			'INVALID_MFA',
		);
	});

	test('secret_question: one prompt, answer "dapi"', async () => {
		sim.setUserInputPolicy(BALANCE, 'secret_question');
		const prompt = await ask();
		expect(prompt.body.userInputs).toEqual([
			{ answer: '', id: 'secret_question', index: 0, queryType: 'txt', query: expect.stringMatching(/\?$/) },
		]);
		expectDapiError(await resume(opID(prompt), [answer('secret_question', 0, 'Dapi')]), 401, 'INVALID_MFA');
		const again = await ask();
		expect((await resume(opID(again), [answer('secret_question', 0, 'dapi')])).body.status).toBe('done');
	});

	test('captcha: queryType image, query a base64 PNG that decodes and shows dark text on white', async () => {
		sim.setUserInputPolicy(BALANCE, 'captcha');
		const prompt = await ask();
		expect(prompt.body.userInputs).toHaveLength(1);
		const [input] = prompt.body.userInputs;
		expect(input).toMatchObject({ answer: '', id: 'captcha', index: 0, queryType: 'image' });
		expect(input.query).toMatch(/^[A-Za-z0-9+/]+=*$/);
		const png = decodePng(Buffer.from(input.query, 'base64'));
		expect(png).toMatchObject({ bitDepth: 8, colorType: 0, interlace: 0 });
		expect(png.width).toBeGreaterThan(png.height);
		expect(png.pixels).toHaveLength((png.width + 1) * png.height);
		const values = new Set<number>();
		for (let y = 0; y < png.height; y++) {
			expect(png.pixels[y * (png.width + 1)]).toBe(0); // filter byte
			for (let x = 1; x <= png.width; x++) values.add(png.pixels[y * (png.width + 1) + x]);
		}
		expect([...values].sort()).toEqual([0, 255]);
		expect((await resume(opID(prompt), [answer('captcha', 0, 'n8n42')])).body.status).toBe('done');
	});

	test('a wrong answer is 401 INVALID_MFA with the operationID, consumes the operation and does not run the endpoint', async () => {
		sim.setUserInputPolicy('/v2/payment/transfer/create', 'otp');
		const body = { senderID: 'acc-liv-001-current', amount: 100, receiverID: 'ben-liv-001-01' };
		const prompt = await userCall(sim, liv, '/v2/payment/transfer/create', body);
		expect(prompt.body.status).toBe('user_input_required');
		expect(sim.users()[0].accounts[0].balance).toBe(15234.75);
		const wrong = await resume(opID(prompt), [answer('otp', 0, '654321')], liv, '/v2/payment/transfer/create', body);
		expectDapiError(wrong, 401, 'INVALID_MFA');
		expect(opID(wrong)).toBe(opID(prompt));
		expect(wrong.text).not.toContain('654321');
		expect(sim.operations().find((op) => op.operationID === opID(prompt))).toMatchObject({
			status: 'failed',
			errorType: 'INVALID_MFA',
		});
		expectDapiError(
			await resume(opID(prompt), [answer('otp', 0, '123456')], liv, '/v2/payment/transfer/create', body),
			400,
			'PARAMETER_ERROR',
		);
		expect(sim.users()[0].accounts[0].balance).toBe(15234.75);

		// The right answer runs the transfer exactly once.
		const next = await userCall(sim, liv, '/v2/payment/transfer/create', body);
		const done = await resume(opID(next), [answer('otp', 0, '123456')], liv, '/v2/payment/transfer/create', body);
		expect(done.body).toMatchObject({ operationID: opID(next), status: 'done', reference: expect.any(String) });
		expect(sim.users()[0].accounts[0].balance).toBe(15134.75);
	});

	test.each([
		['no userInputs', undefined],
		['an empty list', []],
		['a wrong id', [{ id: 'pin', index: 0, answer: '123456' }]],
		['a wrong index', [{ id: 'otp', index: 1, answer: '123456' }]],
		[
			'an extra answer',
			[
				{ id: 'otp', index: 0, answer: '123456' },
				{ id: 'pin', index: 1, answer: '1234' },
			],
		],
		[
			'a duplicate answer',
			[
				{ id: 'otp', index: 0, answer: '123456' },
				{ id: 'otp', index: 0, answer: '123456' },
			],
		],
		['an empty answer', [{ id: 'otp', index: 0, answer: '' }]],
	])('%s is 401 INVALID_MFA', async (_what, userInputs) => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const prompt = await ask();
		const reply = await userCall(sim, liv, BALANCE, {
			...ACCOUNT,
			operationID: opID(prompt),
			...(userInputs === undefined ? {} : { userInputs }),
		});
		expectDapiError(reply, 401, 'INVALID_MFA');
		expect(opID(reply)).toBe(opID(prompt));
	});

	test("an answer without index counts as index 0 (dapi-go's omitempty never sends index 0); the pin still needs index 1", async () => {
		sim.setUserInputPolicy(BALANCE, 'otp_pin');
		const prompt = await ask();
		const done = await userCall(sim, liv, BALANCE, {
			...ACCOUNT,
			operationID: opID(prompt),
			userInputs: [
				{ id: 'otp', answer: '123456' },
				{ id: 'pin', index: 1, answer: '1234' },
			],
		});
		expect(done.body).toMatchObject({ operationID: opID(prompt), status: 'done' });
		const next = await ask();
		const wrong = await userCall(sim, liv, BALANCE, {
			...ACCOUNT,
			operationID: opID(next),
			userInputs: [
				{ id: 'otp', answer: '123456' },
				{ id: 'pin', answer: '1234' },
			],
		});
		expectDapiError(wrong, 401, 'INVALID_MFA');
	});

	test('resume errors that do not consume the operation: unknown id, other endpoint, other token, other body, malformed inputs', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const prompt = await ask();
		const right = [answer('otp', 0, '123456')];
		expectDapiError(await resume('00000000-0000-4000-8000-000000000000', right), 400, 'PARAMETER_ERROR');
		const elsewhere = await resume(opID(prompt), right, liv, '/v2/data/accounts/get', {});
		expectDapiError(elsewhere, 400, 'PARAMETER_ERROR');
		expect(elsewhere.body.msg).toContain('/data/balance/get');
		const other = await login(sim, 'user-ae-liv-001');
		expectDapiError(await resume(opID(prompt), right, other), 400, 'PARAMETER_ERROR');
		const otherBody = await resume(opID(prompt), right, liv, BALANCE, { accountID: 'acc-other' });
		expectDapiError(otherBody, 400, 'PARAMETER_ERROR');
		expect(otherBody.body.msg).toContain('same body');
		expectDapiError(await resume(opID(prompt), 'otp=123456'), 400, 'PARAMETER_ERROR');
		expectDapiError(await resume(opID(prompt), [{ id: 'otp', index: 0, answer: 123456 }]), 400, 'PARAMETER_ERROR');
		expectDapiError(await resume(opID(prompt), [{ id: 'otp', index: '0', answer: '123456' }]), 400, 'PARAMETER_ERROR');
		expectDapiError(await resume(opID(prompt), ['123456']), 400, 'PARAMETER_ERROR');
		// Still pending: the right resume works.
		expect((await resume(opID(prompt), right)).body).toMatchObject({ operationID: opID(prompt), status: 'done' });
	});

	test('PHP\'s operationID "" and userInputs [] mean a new operation; userInputs without operationID is refused', async () => {
		sim.setUserInputPolicy(BALANCE, 'otp');
		const php = await ask(liv, BALANCE, { ...ACCOUNT, operationID: '', userInputs: [] });
		expect(php.body.status).toBe('user_input_required');
		// The resume compares bodies without operationID/userInputs, so PHP's empty fields do not matter.
		expect((await resume(opID(php), [answer('otp', 0, '123456')])).body.status).toBe('done');
		expectDapiError(
			await ask(liv, BALANCE, { ...ACCOUNT, userInputs: [answer('otp', 0, '123456')] }),
			400,
			'PARAMETER_ERROR',
		);
		expectDapiError(await ask(liv, BALANCE, { ...ACCOUNT, operationID: 'never-issued' }), 400, 'PARAMETER_ERROR');
	});

	test("'*' covers every user endpoint except metadata; auth and operation status never ask; a path's own policy wins", async () => {
		sim.setUserInputPolicy('*', 'otp');
		sim.setUserInputPolicy(BALANCE, 'otp_pin');
		expect(sim.userInputPolicies()).toEqual({ '*': 'otp', [BALANCE]: 'otp_pin' });
		const fresh = await login(sim, 'user-ae-adcb-002');
		for (const path of [
			'/v2/data/identity/get',
			'/v2/data/accounts/get',
			'/v2/data/cards/get',
			'/v2/payment/beneficiaries/get',
			'/v2/users/DelinkUser',
		]) {
			const reply = await userCall(sim, fresh, path);
			expect(reply.body.status).toBe('user_input_required');
			expect(reply.body.userInputs).toHaveLength(1);
		}
		expect((await ask(fresh, BALANCE, { accountID: 'acc-adcb-002-current' })).body.userInputs).toHaveLength(2);
		const meta = await userCall(sim, fresh, '/v2/metadata/accounts/get');
		expect(meta.body.status).toBe('done');
		const status = await call(sim, '/v2/operation/status', { appSecret: APP_SECRET, operationID: opID(meta) });
		expect(status.body.status).toBe('done');
		// The token still works after the delink prompt: delink only happens once answered.
		expect((await userCall(sim, fresh, '/v2/metadata/accounts/get')).status).toBe(200);

		sim.setUserInputPolicy('*', 'none');
		expect((await userCall(sim, fresh, '/v2/data/identity/get')).body.status).toBe('done');
		expect((await ask(fresh, BALANCE, { accountID: 'acc-adcb-002-current' })).body.status).toBe('user_input_required');
		sim.setUserInputPolicy(BALANCE, 'none');
		expect(sim.userInputPolicies()).toEqual({});
	});

	test('a delink behind MFA revokes the token only once answered', async () => {
		sim.setUserInputPolicy('/v2/users/DelinkUser', 'otp');
		const prompt = await userCall(sim, liv, '/v2/users/DelinkUser');
		expect((await userCall(sim, liv, '/v2/data/identity/get')).status).toBe(200);
		const done = await resume(opID(prompt), [answer('otp', 0, '123456')], liv, '/v2/users/DelinkUser', {});
		expect(done.body).toEqual({ operationID: opID(prompt), success: true, status: 'done' });
		expectDapiError(await userCall(sim, liv, '/v2/data/identity/get'), 401, 'INVALID_TOKEN');
	});

	test('setUserInputPolicy refuses unknown paths and policies and the endpoints that never ask', () => {
		expect(() => sim.setUserInputPolicy('/v2/data/nope', 'otp')).toThrow(TypeError);
		expect(() => sim.setUserInputPolicy('/data/balance/get', 'otp')).toThrow(TypeError);
		expect(() => sim.setUserInputPolicy(BALANCE, 'sms' as never)).toThrow(TypeError);
		for (const path of [
			'/v2/metadata/accounts/get',
			'/v2/auth/ExchangeToken',
			'/v2/operation/get',
			'/v2/operation/status',
		]) {
			expect(() => sim.setUserInputPolicy(path, 'otp')).toThrow(/never asks/);
		}
		expect(sim.userInputPolicies()).toEqual({});
	});

	test('control API: POST and GET /__sim/user-input', async () => {
		const post = (body: unknown) =>
			fetch(`${sim.url}/__sim/user-input`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const set = await post({ path: BALANCE, policy: 'captcha' });
		expect(set.status).toBe(200);
		expect(await set.json()).toEqual({ policies: { [BALANCE]: 'captcha' }, answers: sim.userInputAnswers });
		expect((await ask()).body.userInputs[0].id).toBe('captcha');
		expect((await post({ path: '/v2/metadata/accounts/get', policy: 'otp' })).status).toBe(400);
		expect((await post({ path: BALANCE, policy: 'fingerprint' })).status).toBe(400);
		expect((await post({ policy: 'otp' })).status).toBe(400);
		const listed = await fetch(`${sim.url}/__sim/user-input`);
		expect(await listed.json()).toEqual({ policies: { [BALANCE]: 'captcha' }, answers: sim.userInputAnswers });
		expect((await post({ path: BALANCE, policy: 'none' })).status).toBe(200);
		expect((await ask()).body.status).toBe('done');
	});
});
