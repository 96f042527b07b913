import { useSimulator } from '../support/simulator';
import { ERRORS, ROUTES, startSimulator } from '../../simulator';
import { APP_SECRET, call, expectDapiError, login, userCall } from '../support/simulatorHttp';

describe('HTTP surface', () => {
	const sim = useSimulator({ appSecret: APP_SECRET });

	test('listens on 127.0.0.1 and exposes the /v2 base URL', () => {
		expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
		expect(sim.baseUrl).toBe(`${sim.url}/v2`);
		expect(sim.port).toBeGreaterThan(0);
	});

	test.each(['GET', 'PUT', 'DELETE', 'PATCH'])(
		'%s on an API path is 405 METHOD_NOT_ALLOWED with Allow: POST',
		async (method) => {
			const reply = await call(sim, '/v2/data/accounts/get', { appSecret: APP_SECRET }, { method });
			expectDapiError(reply, 405, 'METHOD_NOT_ALLOWED');
			expect(reply.headers.get('allow')).toBe('POST');
		},
	);

	test.each([
		'/v2/auth/exchangetoken',
		'/v2/Data/Accounts/Get',
		'/auth/ExchangeToken',
		'/v2/auth/ExchangeToken/',
		'/v1/data/Identity',
		'/v2/data/transactions/nope',
		'/',
	])('unknown path %s is 404 NOT_FOUND (paths are exact-case)', async (path) => {
		const reply = await call(sim, path, { appSecret: APP_SECRET });
		expectDapiError(reply, 404, 'NOT_FOUND');
	});

	test('a query string does not change the route, and the log keeps the path as received', async () => {
		sim.clearRequests();
		const connect = sim.connect();
		const reply = await call(sim, '/v2/auth/ExchangeToken?trace=1', {
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(reply.status).toBe(200);
		expect(sim.requests()[0].path).toBe('/v2/auth/ExchangeToken?trace=1');
	});

	test('unparseable JSON is 400 BAD_REQUEST and the log keeps the raw text', async () => {
		sim.clearRequests();
		const reply = await call(sim, '/v2/auth/ExchangeToken', undefined, { raw: '{"appSecret": "test-app-secret",' });
		expectDapiError(reply, 400, 'BAD_REQUEST');
		const [entry] = sim.requests();
		expect(entry.body).toBe('{"appSecret": "test-app-secret",');
		expect(entry.status).toBe(400);
		expect(entry.type).toBe('BAD_REQUEST');
	});

	test('an empty body is 400 BAD_REQUEST', async () => {
		expectDapiError(await call(sim, '/v2/data/accounts/get', undefined, { raw: '' }), 400, 'BAD_REQUEST');
	});

	test.each([['[]'], ['"text"'], ['null'], ['42']])(
		'a JSON %s body (not an object) is 400 BAD_REQUEST',
		async (raw) => {
			expectDapiError(await call(sim, '/v2/data/accounts/get', undefined, { raw }), 400, 'BAD_REQUEST');
		},
	);

	test('a JSON body without content-type: application/json is 400 BAD_REQUEST', async () => {
		const connect = sim.connect();
		const raw = JSON.stringify({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		const reply = await call(sim, '/v2/auth/ExchangeToken', undefined, {
			raw,
			headers: { 'content-type': 'text/plain' },
		});
		expectDapiError(reply, 400, 'BAD_REQUEST');
		expect(reply.body.msg).toContain('application/json');
	});

	test('content-type with a charset parameter is accepted', async () => {
		const connect = sim.connect();
		const reply = await call(
			sim,
			'/v2/auth/ExchangeToken',
			{ appSecret: APP_SECRET, accessCode: connect.accessCode, connectionID: connect.connectionID },
			{ headers: { 'content-type': 'application/json; charset=utf-8' } },
		);
		expect(reply.status).toBe(200);
	});

	test('a body over 1 MiB is 400 BAD_REQUEST', async () => {
		const reply = await call(sim, '/v2/auth/ExchangeToken', { appSecret: APP_SECRET, pad: 'x'.repeat(1024 * 1024) });
		expectDapiError(reply, 400, 'BAD_REQUEST');
	});

	test('extra body fields that SDKs send (appKey, operationID, userInputs) are ignored', async () => {
		const session = await login(sim);
		const reply = await userCall(sim, session, '/v2/data/accounts/get', {
			appKey: 'sim-app-key',
			operationID: '',
			userInputs: [],
		});
		expect(reply.status).toBe(200);
	});

	test('headers are logged lower-cased', async () => {
		sim.clearRequests();
		const session = await login(sim);
		sim.clearRequests();
		await userCall(sim, session, '/v2/data/identity/get');
		await call(
			sim,
			'/v2/data/identity/get',
			{ appSecret: APP_SECRET, userSecret: session.connect.userSecret },
			{
				token: session.accessToken,
				headers: { 'X-Dapi-Library': 'dapi-go', 'X-Dapi-Library-Version': '1.4.0' },
			},
		);
		const [, entry] = sim.requests();
		expect(entry.headers['x-dapi-library']).toBe('dapi-go');
		expect(entry.headers['x-dapi-library-version']).toBe('1.4.0');
		expect(Object.keys(entry.headers).every((name) => name === name.toLowerCase())).toBe(true);
	});
});

describe('error catalogue', () => {
	const DOCUMENTED: Record<string, number> = {
		INACTIVE_ACCOUNT: 401,
		INVALID_CREDENTIALS: 401,
		INVALID_MFA: 401,
		INVALID_ACCOUNT_ID: 404,
		INVALID_CARD_ID: 404,
		INVALID_DATE_RANGE: 400,
		PARAMETER_ERROR: 400,
		PARAMETER_MISSING: 422,
		INSUFFICIENT_BALANCE: 400,
		BENEFICIARY_NOT_ACTIVATED: 400,
		BENEFICIARY_COOL_DOWN_PERIOD: 400,
		BENEFICIARY_ALREADY_EXISTS: 400,
		BENEFICIARY_NAME_CHARACTER_LIMIT: 400,
	};
	const MOCK_ONLY = [
		'INVALID_APP_SECRET',
		'INVALID_ACCESS_CODE',
		'ACCESS_CODE_EXPIRED',
		'ACCESS_CODE_ALREADY_USED',
		'INVALID_CONNECTION_ID',
		'INVALID_TOKEN',
		'INVALID_USER_SECRET',
		'PARALLEL_REQUESTS',
		'INVALID_APP_KEY',
		'INVALID_OPERATION_ID',
		'NOT_FOUND',
		'METHOD_NOT_ALLOWED',
	];

	test('documented types keep the docs status and are not mock-only', () => {
		for (const [type, status] of Object.entries(DOCUMENTED)) {
			expect(ERRORS[type]).toMatchObject({ status, mockOnly: false, source: 'docs' });
		}
	});

	test('BAD_REQUEST and UNKNOWN_ERROR come from the SDK proxy', () => {
		expect(ERRORS.BAD_REQUEST).toMatchObject({ status: 400, mockOnly: false, source: 'sdk-proxy' });
		expect(ERRORS.UNKNOWN_ERROR).toMatchObject({ status: 500, mockOnly: false, source: 'sdk-proxy' });
	});

	test('every type no Dapi source names is flagged mockOnly', () => {
		const mockOnly = Object.entries(ERRORS)
			.filter(([, spec]) => spec.mockOnly)
			.map(([type]) => type);
		expect(mockOnly.sort()).toEqual([...MOCK_ONLY].sort());
		for (const type of MOCK_ONLY) expect(ERRORS[type].source).toBe('mock');
		expect(Object.keys(ERRORS)).toHaveLength(Object.keys(DOCUMENTED).length + 2 + MOCK_ONLY.length);
	});

	test('the route table lists each implemented endpoint once', () => {
		expect(ROUTES.map((r) => `${r.auth} ${r.path}`)).toEqual([
			'app /v2/auth/ExchangeToken',
			'user /v2/data/identity/get',
			'user /v2/data/accounts/get',
			'user /v2/data/completeAccounts/get',
			'user /v2/data/balance/get',
			'user /v2/data/transactions/get',
			'user /v2/data/categorizedTransactions/get',
			'user /v2/data/enrichedTransactions/get',
			'user /v2/data/cards/get',
			'user /v2/metadata/accounts/get',
			'user /v2/payment/beneficiaries/get',
			'user /v2/payment/beneficiaries/create',
			'user /v2/payment/transfer/create',
			'user /v2/payment/transfer/autoflow',
			'user /v2/wire/beneficiaries/get',
			'user /v2/wire/beneficiaries/create',
			'user /v2/wire/transfer/create',
			'user /v2/wire/transfer/autoflow',
			'user /v2/ach/pull/create',
			'user /v2/ach/pull/get',
			'user /v2/batch/metadata/get',
			'user /v2/batch/transfers/get',
			'user /v2/batch/items/get',
			'user /v2/batch/file/create',
			'user /v2/batch/transfers/create',
			'user /v2/users/DelinkUser',
			'user /v2/users/delinkuser',
			'user /v2/data/DelinkUser',
			'app /v2/operation/get',
			'app /v2/operation/status',
		]);
		expect(new Set(ROUTES.map((r) => r.path)).size).toBe(ROUTES.length);
	});

	test('sim.routes() lists the same paths', async () => {
		const sim = await startSimulator();
		try {
			expect(sim.routes()).toEqual(ROUTES.map((r) => r.path));
		} finally {
			await sim.close();
		}
	});

	test('only the money-moving endpoints post webhooks, and only the metadata endpoints never ask for user input', () => {
		expect(ROUTES.filter((r) => r.webhook).map((r) => r.path)).toEqual([
			'/v2/payment/transfer/create',
			'/v2/payment/transfer/autoflow',
			'/v2/wire/transfer/create',
			'/v2/wire/transfer/autoflow',
			'/v2/ach/pull/create',
			'/v2/batch/transfers/create',
		]);
		expect(ROUTES.filter((r) => r.auth === 'user' && r.userInput === false).map((r) => r.path)).toEqual([
			'/v2/metadata/accounts/get',
			'/v2/batch/metadata/get',
		]);
		expect(ROUTES.filter((r) => r.operationStatus).map((r) => r.path)).toEqual([
			'/v2/operation/get',
			'/v2/operation/status',
		]);
	});
});
