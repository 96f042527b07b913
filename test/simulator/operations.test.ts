import { useSimulator } from '../support/simulator';
import {
	APP_SECRET,
	FIXED_NOW,
	HOUR,
	UUID,
	call,
	expectDapiError,
	login,
	opID,
	userCall,
} from '../support/simulatorHttp';

const APP_KEY = 'ops-app-key';

describe('delink', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	test.each(['/v2/users/DelinkUser', '/v2/users/delinkuser', '/v2/data/DelinkUser'])(
		'%s answers the base envelope, then the token is 401 INVALID_TOKEN everywhere',
		async (path) => {
			const session = await login(sim, 'user-ae-adcb-002');
			const other = await login(sim, 'user-ae-adcb-002');
			const reply = await userCall(sim, session, path);
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body).sort()).toEqual(['operationID', 'status', 'success']);
			expect(reply.body).toMatchObject({ success: true, status: 'done' });
			for (const next of ['/v2/data/accounts/get', '/v2/metadata/accounts/get', path]) {
				expectDapiError(await userCall(sim, session, next), 401, 'INVALID_TOKEN');
			}
			// Another connection of the same user keeps working.
			expect((await userCall(sim, other, '/v2/data/accounts/get')).status).toBe(200);
		},
	);

	test('needs Bearer and userSecret like any user endpoint, and a refused delink revokes nothing', async () => {
		const session = await login(sim);
		expectDapiError(
			await call(sim, '/v2/users/DelinkUser', { appSecret: APP_SECRET, userSecret: session.connect.userSecret }),
			401,
			'INVALID_TOKEN',
		);
		// Node's requestDelinkUser shape (token in the body, no header) is not accepted.
		expectDapiError(
			await call(sim, '/v2/users/delinkuser', {
				appSecret: APP_SECRET,
				userSecret: session.connect.userSecret,
				accessToken: session.accessToken,
			}),
			401,
			'INVALID_TOKEN',
		);
		expectDapiError(
			await call(
				sim,
				'/v2/users/DelinkUser',
				{ appSecret: APP_SECRET, userSecret: 'wrong' },
				{ token: session.accessToken },
			),
			401,
			'INVALID_USER_SECRET',
		);
		expect((await userCall(sim, session, '/v2/data/identity/get')).status).toBe(200);
	});

	test('other spellings are 404', async () => {
		const session = await login(sim);
		expectDapiError(await userCall(sim, session, '/v2/users/delinkUser'), 404, 'NOT_FOUND');
		expectDapiError(await userCall(sim, session, '/v2/data/delinkuser'), 404, 'NOT_FOUND');
		expect((await userCall(sim, session, '/v2/data/identity/get')).status).toBe(200);
	});
});

describe('operation registry and status endpoints', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, appKey: APP_KEY, now: () => now }, { freshForEachTest: true });
	let now: number;
	beforeEach(async () => {
		now = FIXED_NOW;
	});

	const getOp = (operationID: unknown, extra: Record<string, unknown> = {}) =>
		call(sim, '/v2/operation/get', { appKey: APP_KEY, appSecret: APP_SECRET, operationID, ...extra });
	const statusOp = (operationID: unknown) => call(sim, '/v2/operation/status', { operationID, appSecret: APP_SECRET });

	test('every answered call is registered with endpoint, status, times and error type', async () => {
		const session = await login(sim, 'user-ae-liv-001');
		const ok = await userCall(sim, session, '/v2/data/accounts/get');
		now += 5000;
		const bad = await userCall(sim, session, '/v2/data/balance/get', { accountID: 'acc-nope' });
		const noToken = await call(sim, '/v2/data/identity/get', { appSecret: APP_SECRET, userSecret: 'x' });
		const ops = sim.operations();
		expect(ops).toHaveLength(4);
		const [exchange, accounts, balance, identity] = ops;
		expect(exchange).toMatchObject({
			endpoint: '/v2/auth/ExchangeToken',
			type: '/auth/ExchangeToken',
			status: 'done',
			errorType: null,
		});
		expect(accounts).toEqual({
			operationID: opID(ok),
			endpoint: '/v2/data/accounts/get',
			type: '/data/accounts/get',
			status: 'done',
			startedAt: FIXED_NOW,
			endedAt: FIXED_NOW,
			errorType: null,
			userID: 'user-ae-liv-001',
			connectionID: session.connect.connectionID,
		});
		expect(balance).toMatchObject({
			operationID: opID(bad),
			status: 'failed',
			errorType: 'INVALID_ACCOUNT_ID',
			startedAt: FIXED_NOW + 5000,
		});
		expect(identity).toMatchObject({
			operationID: opID(noToken),
			status: 'failed',
			errorType: 'INVALID_TOKEN',
			userID: null,
		});
		// A copy: changing it changes nothing.
		ops[1].status = 'failed';
		expect(sim.operations()[1].status).toBe('done');
		const control = await fetch(`${sim.url}/__sim/operations`);
		expect(await control.json()).toEqual({ operations: sim.operations() });
	});

	test('/operation/get answers {success, status, operationID, opInfo} for a done operation', async () => {
		const session = await login(sim, 'user-ae-liv-001');
		const transfer = await userCall(sim, session, '/v2/payment/transfer/create', {
			senderID: 'acc-liv-001-current',
			amount: 5,
			receiverID: 'ben-liv-001-01',
		});
		expect(transfer.status).toBe(200);
		now += HOUR;
		const reply = await getOp(opID(transfer));
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			success: true,
			status: 'done',
			operationID: opID(transfer),
			opInfo: {
				startDate: new Date(FIXED_NOW).toISOString(),
				endDate: new Date(FIXED_NOW).toISOString(),
				status: 'done',
				type: '/payment/transfer/create',
			},
		});
		expect(Object.keys(reply.body.opInfo)).toEqual(['startDate', 'endDate', 'status', 'type']);
		// The status query is not an operation of its own: ExchangeToken and the transfer only.
		expect(sim.operations().map((op) => op.type)).toEqual(['/auth/ExchangeToken', '/payment/transfer/create']);
	});

	test('a failed operation carries errorType, and /operation/status gives the same answer', async () => {
		const session = await login(sim, 'user-ae-adcb-002');
		const transfer = await userCall(sim, session, '/v2/payment/transfer/autoflow', {
			senderID: 'acc-adcb-002-current',
			amount: 999999,
			beneficiary: {
				name: 'Khalid Haddad',
				accountNumber: '11223344550099',
				iban: 'AE690300011223344550099',
				swiftCode: 'ADCBAEAA',
				type: 'local',
				address: { line1: 'Khalifa City A', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
				country: 'AE',
				branchAddress: 'Khalifa City',
				branchName: 'Main Branch',
			},
		});
		expectDapiError(transfer, 400, 'INSUFFICIENT_BALANCE');
		const viaGet = await getOp(opID(transfer));
		const viaStatus = await statusOp(opID(transfer));
		expect(viaGet.body).toEqual({
			success: true,
			status: 'failed',
			operationID: opID(transfer),
			opInfo: {
				startDate: new Date(FIXED_NOW).toISOString(),
				endDate: new Date(FIXED_NOW).toISOString(),
				errorType: 'INSUFFICIENT_BALANCE',
				status: 'failed',
				type: '/payment/transfer/autoflow',
			},
		});
		expect(viaStatus.status).toBe(200);
		expect(viaStatus.body).toEqual(viaGet.body);
	});

	test('PHP sends Bearer and userSecret to /operation/get: accepted, not needed', async () => {
		const session = await login(sim, 'user-ae-liv-001');
		const accounts = await userCall(sim, session, '/v2/data/accounts/get');
		const php = await call(
			sim,
			'/v2/operation/get',
			{ appKey: APP_KEY, operationID: opID(accounts), appSecret: APP_SECRET, userSecret: session.connect.userSecret },
			{ token: session.accessToken },
		);
		expect(php.status).toBe(200);
		expect(php.body.opInfo.type).toBe('/data/accounts/get');
	});

	test('errors: appSecret, appKey, operationID', async () => {
		const session = await login(sim);
		const known = opID(await userCall(sim, session, '/v2/data/identity/get'));
		expectDapiError(
			await call(sim, '/v2/operation/get', { appKey: APP_KEY, appSecret: 'nope', operationID: known }),
			401,
			'INVALID_APP_SECRET',
		);
		let reply = await call(sim, '/v2/operation/get', { appSecret: APP_SECRET, operationID: known });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('appKey is missing.');
		expectDapiError(await getOp(known, { appKey: 'sim-app-key' }), 401, 'INVALID_APP_KEY');
		reply = await getOp(undefined);
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toBe('operationID is missing.');
		expectDapiError(await statusOp(''), 422, 'PARAMETER_MISSING');
		expectDapiError(await getOp('00000000-0000-4000-8000-000000000000'), 404, 'INVALID_OPERATION_ID');
		expectDapiError(await statusOp('nope'), 404, 'INVALID_OPERATION_ID');
		// A failed status query gets its own registered operationID, which can itself be looked up.
		const failed = await statusOp('nope');
		expect(opID(failed)).toMatch(UUID);
		expect((await statusOp(opID(failed))).body).toMatchObject({
			status: 'failed',
			opInfo: { errorType: 'INVALID_OPERATION_ID', type: '/operation/status' },
		});
	});

	test('an operation waiting for user input shows user_input_required with no endDate, then done', async () => {
		sim.setUserInputPolicy('/v2/data/balance/get', 'otp');
		const session = await login(sim, 'user-ae-liv-001');
		const ask = await userCall(sim, session, '/v2/data/balance/get', { accountID: 'acc-liv-001-current' });
		let status = await getOp(opID(ask));
		expect(status.body).toEqual({
			success: true,
			status: 'user_input_required',
			operationID: opID(ask),
			opInfo: {
				startDate: new Date(FIXED_NOW).toISOString(),
				endDate: null,
				status: 'user_input_required',
				type: '/data/balance/get',
			},
		});
		now += 30000;
		await userCall(sim, session, '/v2/data/balance/get', {
			accountID: 'acc-liv-001-current',
			operationID: opID(ask),
			userInputs: [{ id: 'otp', index: 0, answer: sim.userInputAnswers.otp }],
		});
		status = await statusOp(opID(ask));
		expect(status.body.status).toBe('done');
		expect(status.body.opInfo).toEqual({
			startDate: new Date(FIXED_NOW).toISOString(),
			endDate: new Date(FIXED_NOW + 30000).toISOString(),
			status: 'done',
			type: '/data/balance/get',
		});
	});
});
