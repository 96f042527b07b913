import { useSimulator } from '../support/simulator';
import { startSimulator } from '../../simulator';
import { APP_SECRET, JWT_LIKE, UUID, call, expectDapiError, login, userCall } from '../support/simulatorHttp';

const THIRTY_MINUTES = 30 * 60 * 1000;

describe('Connect and ExchangeToken', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	function exchange(body: Record<string, unknown>) {
		return call(sim, '/v2/auth/ExchangeToken', body);
	}

	test('connect() returns the Connect success payload, defaulting to the first seeded user', () => {
		const result = sim.connect();
		expect(Object.keys(result).sort()).toEqual([
			'accessCode',
			'connectionID',
			'success',
			'tokenID',
			'userID',
			'userSecret',
		]);
		expect(result.success).toBe(true);
		expect(result.userID).toBe(sim.users()[0].userID);
		expect(result.userID).toBe('user-ae-liv-001');
		expect(result.accessCode).toMatch(JWT_LIKE);
		expect(result.connectionID).toMatch(UUID);
		expect(result.tokenID).toMatch(UUID);
		expect(result.userSecret.length).toBeGreaterThanOrEqual(32);

		const other = sim.connect('user-us-chase-003');
		expect(other.userID).toBe('user-us-chase-003');
		expect(other.accessCode).not.toBe(result.accessCode);
		expect(other.userSecret).not.toBe(result.userSecret);
		expect(other.connectionID).not.toBe(result.connectionID);
	});

	test('connect() rejects an unknown user', () => {
		expect(() => sim.connect('nobody')).toThrow(/Unknown userID "nobody"/);
	});

	test('a fresh access code exchanges for a token bound to its connection and user', async () => {
		const connect = sim.connect('user-ae-adcb-002');
		const reply = await exchange({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});

		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual([
			'accessToken',
			'operationID',
			'status',
			'success',
			'tokenID',
			'userID',
		]);
		expect(reply.body).toMatchObject({
			success: true,
			status: 'done',
			tokenID: connect.tokenID,
			userID: 'user-ae-adcb-002',
		});
		expect(reply.body.operationID).toMatch(UUID);
		expect(reply.body.accessToken).toMatch(JWT_LIKE);

		const identity = await userCall(sim, { connect, accessToken: reply.body.accessToken }, '/v2/data/identity/get');
		expect(identity.status).toBe(200);
		expect(identity.body.identity.name).toBe('Omar Khalid Haddad');
	});

	test('every exchange yields a different token', async () => {
		const a = await login(sim);
		const b = await login(sim);
		expect(a.accessToken).not.toBe(b.accessToken);
	});

	test('an access code works once', async () => {
		const connect = sim.connect();
		const body = { appSecret: APP_SECRET, accessCode: connect.accessCode, connectionID: connect.connectionID };
		expect((await exchange(body)).status).toBe(200);
		expectDapiError(await exchange(body), 401, 'ACCESS_CODE_ALREADY_USED');
	});

	test('a code issued for another connection is rejected and stays usable for its own', async () => {
		const mine = sim.connect();
		const theirs = sim.connect();
		const wrong = await exchange({
			appSecret: APP_SECRET,
			accessCode: mine.accessCode,
			connectionID: theirs.connectionID,
		});
		expectDapiError(wrong, 401, 'INVALID_CONNECTION_ID');

		const right = await exchange({
			appSecret: APP_SECRET,
			accessCode: mine.accessCode,
			connectionID: mine.connectionID,
		});
		expect(right.status).toBe(200);
		expect(right.body.tokenID).toBe(mine.tokenID);
	});

	test('an unknown code is rejected without echoing it', async () => {
		const connect = sim.connect();
		const reply = await exchange({
			appSecret: APP_SECRET,
			accessCode: 'not-a-real-code',
			connectionID: connect.connectionID,
		});
		expectDapiError(reply, 401, 'INVALID_ACCESS_CODE');
		expect(reply.text).not.toContain('not-a-real-code');
	});

	test.each([
		['absent', 'accessCode', { connectionID: 'c' }],
		['absent', 'connectionID', { accessCode: 'a' }],
		['empty', 'accessCode', { accessCode: '', connectionID: 'c' }],
		['null', 'connectionID', { accessCode: 'a', connectionID: null }],
	])('an %s %s is PARAMETER_MISSING (422) naming the field', async (_how, field, body) => {
		const reply = await exchange({ appSecret: APP_SECRET, ...body });
		expectDapiError(reply, 422, 'PARAMETER_MISSING');
		expect(reply.body.msg).toContain(field);
	});

	test('a non-string accessCode is PARAMETER_ERROR', async () => {
		const reply = await exchange({ appSecret: APP_SECRET, accessCode: 42, connectionID: 'c' });
		expectDapiError(reply, 400, 'PARAMETER_ERROR');
		expect(reply.body.msg).toContain('accessCode');
	});
});

describe('access code expiry (injected clock)', () => {
	const START = Date.UTC(2025, 0, 15, 9, 0, 0);
	const sim = useSimulator({ appSecret: APP_SECRET, now: () => START });

	test('a code is still valid exactly 30 minutes after issue', async () => {
		const connect = sim.connect();
		sim.advanceClock(THIRTY_MINUTES);
		const reply = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(reply.status).toBe(200);
	});

	test('a code expires 30 minutes + 1 ms after issue', async () => {
		const connect = sim.connect();
		expect(sim.advanceClock(THIRTY_MINUTES + 1)).toBe(sim.now());
		const reply = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expectDapiError(reply, 401, 'ACCESS_CODE_EXPIRED');
	});

	test('the simulator clock is the injected clock plus the advanced offset', () => {
		expect(sim.now()).toBe(START + THIRTY_MINUTES + THIRTY_MINUTES + 1);
		const last = sim.requests().at(-1);
		expect(last?.startedAt).toBe(sim.now());
		expect(last?.endedAt).toBe(sim.now());
	});

	test('advanceClock refuses to go backwards', () => {
		expect(() => sim.advanceClock(-1)).toThrow(TypeError);
		expect(() => sim.advanceClock(Number.NaN)).toThrow(TypeError);
	});
});

describe('app secret', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	test('the defaults are sim-app-secret / sim-app-key', async () => {
		const defaults = await startSimulator();
		try {
			expect(defaults.appSecret).toBe('sim-app-secret');
			expect(defaults.appKey).toBe('sim-app-key');
			const connect = defaults.connect();
			const reply = await call(defaults, '/v2/auth/ExchangeToken', {
				appSecret: 'sim-app-secret',
				accessCode: connect.accessCode,
				connectionID: connect.connectionID,
			});
			expect(reply.status).toBe(200);
			const claims = JSON.parse(Buffer.from(reply.body.accessToken.split('.')[1], 'base64url').toString());
			expect(claims.appKey).toBe('sim-app-key');
		} finally {
			await defaults.close();
		}
	});

	test.each([
		['wrong', { appSecret: 'guessed-secret-123' }],
		['missing', {}],
		['not a string', { appSecret: 12345 }],
	])('a %s appSecret is 401 INVALID_APP_SECRET and no secret is echoed', async (_label, secretPart) => {
		const connect = sim.connect();
		const reply = await call(sim, '/v2/auth/ExchangeToken', {
			...secretPart,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expectDapiError(reply, 401, 'INVALID_APP_SECRET');
		expect(reply.text).not.toContain('guessed-secret-123');
		expect(reply.text).not.toContain(APP_SECRET);

		// The failed call did not use up the code.
		const retry = await call(sim, '/v2/auth/ExchangeToken', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(retry.status).toBe(200);
	});

	test('the app secret is checked before parameters', async () => {
		const reply = await call(sim, '/v2/auth/ExchangeToken', { appSecret: 'nope' });
		expectDapiError(reply, 401, 'INVALID_APP_SECRET');
	});

	test('the app secret is checked before the Bearer token on data endpoints', async () => {
		const session = await login(sim);
		const reply = await userCall(sim, session, '/v2/data/accounts/get', {}, 'wrong-secret');
		expectDapiError(reply, 401, 'INVALID_APP_SECRET');
		expect(reply.text).not.toContain('wrong-secret');

		const noToken = await call(sim, '/v2/data/accounts/get', { userSecret: session.connect.userSecret });
		expectDapiError(noToken, 401, 'INVALID_APP_SECRET');
	});
});
