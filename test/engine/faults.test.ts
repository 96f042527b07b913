/**
 * Fault injection through the real engine: every kind of call (read, money write, exchange, delink,
 * Dapi Request on a read, a payment and the exchange path) against a server that answers with every
 * fault we know of, counting what it received. A change must arrive exactly once whatever happens, a
 * read at most three times and only where Dapi cannot have reached the bank, every item must either
 * carry Dapi's data or fail with a clear n8n error, and no secret may come back anywhere.
 */
import type { INodeParameters } from 'n8n-workflow';

import { chainWorkflow, engineErrorLog, runWorkflow, type TestNode } from '../support/engine';
import { allText, dapiNode, exchangeNode, requestNode } from '../support/dapi';
import { MAX_RETRY_AFTER_MS } from '../../nodes/shared/transport/retry';
import { startHostileServer, type Body, type Fault, type HostileServer } from '../support/hostileServer';

// Secrets with characters that JSON and URLs escape, so every spelling differs.
const APP_SECRET = 'app-secret/with+plus "quoted" & more';
const ACCESS_TOKEN = 'token-value/+with=chars&more';
const USER_SECRET = 'user secret "q" /+& tail';
const ACCESS_CODE = 'code-ABC/def+ghi "x" end';
const SECRETS = [APP_SECRET, ACCESS_TOKEN, USER_SECRET, ACCESS_CODE];
const TIMEOUT_MS = 1500;

interface Kind {
	name: string;
	/** Path the server sees, without /v2. */
	path: string;
	change: boolean;
	node: (options: INodeParameters) => TestNode;
}

const userItem = {
	accessToken: ACCESS_TOKEN,
	userSecret: USER_SECRET,
	accessCode: ACCESS_CODE,
	connectionID: 'conn-1',
};
const withTimeout = { timeout: TIMEOUT_MS };

const KINDS: Kind[] = [
	{
		name: 'read (Get Accounts)',
		path: '/data/accounts/get',
		change: false,
		node: (o) => dapiNode('data', 'getAccounts', { options: { ...withTimeout, ...o } }),
	},
	{
		name: 'money (Create Transfer)',
		path: '/payment/transfer/create',
		change: true,
		node: (o) =>
			dapiNode('payment', 'createTransfer', {
				senderID: 'acc-1',
				amount: 10,
				payTo: 'beneficiary',
				receiverID: 'ben-1',
				options: { ...withTimeout, ...o },
			}),
	},
	{
		name: 'exchange',
		path: '/auth/ExchangeToken',
		change: true,
		node: (o) => exchangeNode({ options: { ...withTimeout, ...o } }),
	},
	{
		name: 'delink',
		path: '/users/DelinkUser',
		change: true,
		node: (o) => dapiNode('auth', 'delinkUser', { options: { ...withTimeout, ...o } }),
	},
	{
		name: 'Dapi Request read',
		path: '/data/accounts/get',
		change: false,
		node: (o) => requestNode({ endpoint: '/data/accounts/get', options: { ...withTimeout, ...o } }),
	},
	{
		name: 'Dapi Request payment',
		path: '/payment/transfer/create',
		change: true,
		node: (o) =>
			requestNode({
				endpoint: '/payment/transfer/create',
				specifyBody: 'json',
				jsonBody: JSON.stringify({ senderID: 'acc-1', amount: 10, receiverID: 'ben-1' }),
				options: { ...withTimeout, ...o },
			}),
	},
	{
		name: 'Dapi Request exchange (app-level)',
		path: '/auth/ExchangeToken',
		change: true,
		node: (o) =>
			requestNode({
				tokenSource: 'none',
				endpoint: '/auth/ExchangeToken',
				bodyParameters: {
					parameters: [
						{ name: 'accessCode', value: '={{ $json.accessCode }}' },
						{ name: 'connectionID', value: '={{ $json.connectionID }}' },
					],
				},
				options: { ...withTimeout, ...o },
			}),
	},
];

const BODIES: Body[] = ['envelope', 'empty', 'html', 'truncated', 'gzipCorrupt'];
const STATUSES = [401, 429, 500, 502, 503, 504];

interface FaultCase {
	name: string;
	fault: Fault;
	/** A read may be tried again: Dapi cannot have passed it to the bank. */
	retryable: boolean;
	/** A change's outcome is then unknown (the request may have been carried out). */
	unknownForChange: boolean;
}

const FAULTS: FaultCase[] = [
	...STATUSES.flatMap((status) =>
		BODIES.map((body): FaultCase => ({
			name: `${status} with ${body} body`,
			// Retry-After 0 keeps the test fast; the backoff itself is covered below.
			fault: { kind: 'status', status, body, retryAfter: '0' },
			retryable: status === 429 || status === 503,
			unknownForChange: status >= 500 && (status === 502 || status === 504 || body !== 'envelope'),
		})),
	),
	...(['empty', 'html', 'truncated', 'gzipCorrupt'] as Body[]).map((body): FaultCase => ({
		name: `200 with ${body} body`,
		fault: { kind: 'status', status: 200, body },
		retryable: false,
		unknownForChange: true,
	})),
	...['null', '[]', '[{"success": true}]', '"done"', '42', 'true', '{"accounts": []}'].map((text): FaultCase => ({
		name: `200 with JSON ${text}`,
		fault: { kind: 'json', text },
		retryable: false,
		unknownForChange: true,
	})),
	{ name: 'reset before the answer', fault: { kind: 'resetBeforeAnswer' }, retryable: false, unknownForChange: true },
	{
		name: 'reset in the middle of a 200 body',
		fault: { kind: 'resetMidBody', status: 200 },
		retryable: false,
		unknownForChange: true,
	},
	{
		name: 'reset in the middle of a 401 body',
		fault: { kind: 'resetMidBody', status: 401 },
		retryable: false,
		unknownForChange: false,
	},
	{ name: 'an answer trickled past Timeout', fault: { kind: 'trickle' }, retryable: false, unknownForChange: true },
	...(['type', 'msg', 'operationID'] as const).map((field): FaultCase => ({
		name: `a failure echoing the secrets in ${field}`,
		fault: { kind: 'echoIn', field },
		retryable: false,
		unknownForChange: false,
	})),
];

const RAW_JS_ERROR = /Cannot read prop|is not a function|is not defined|undefined|Unexpected token|Maximum call stack/;

let server: HostileServer;
const credentials = () => ({ dapiApi: { appSecret: APP_SECRET, appKey: 'app-key', baseUrl: server.baseUrl } });

beforeAll(async () => {
	server = await startHostileServer();
	server.setSecrets(SECRETS);
});
afterAll(async () => await server.close());

/** Every spelling of every secret that must never come back. */
const leaks = (text: string) =>
	SECRETS.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]).filter(
		(spelling) => text.includes(spelling),
	);

const tally = { cases: 0, passed: 0 };

describe.each(KINDS)('$name', (kind) => {
	it.each(FAULTS)('$name', async ({ fault, retryable, unknownForChange }) => {
		tally.cases++;
		server.setFault(fault);
		const logBefore = engineErrorLog.length;
		const result = await runWorkflow(chainWorkflow([userItem], [{ ...kind.node({}), name: 'Call' }]), credentials());

		const received = server.received.get(kind.path) ?? 0;
		expect(received).toBe(!kind.change && retryable ? 3 : 1);

		const error = result.error();
		expect(error).toBeDefined();
		expect(['NodeApiError', 'NodeOperationError']).toContain(error!.name);
		expect(error!.message).not.toMatch(RAW_JS_ERROR);
		expect(result.output('Call')).toHaveLength(0);
		if (kind.change) {
			expect(error!.message).toMatch(unknownForChange ? /outcome is unknown/ : /^(?!.*outcome is unknown)/);
		} else {
			expect(error!.message).not.toMatch(/outcome is unknown/);
		}
		if (!kind.change && retryable) expect(error!.description).toMatch(/Tried 3 times/);

		const everything = [
			allText(error),
			JSON.stringify(error, Object.getOwnPropertyNames(error)),
			allText(error!.context),
			allText((error as { cause?: unknown }).cause),
			// The input item holds the token by design; what the node itself wrote must not.
			allText(result.run.data.resultData.runData.Call),
			allText(result.run.data.resultData.error),
			...engineErrorLog.slice(logBefore),
		].join('\n');
		expect(leaks(everything)).toEqual([]);
		tally.passed++;
	});
});

describe('Continue On Fail', () => {
	it.each(KINDS)(
		'$name: a broken answer becomes an error item paired with its input, never a success',
		async (kind) => {
			server.setFault({ kind: 'json', text: '[]' });
			const items = [userItem, { ...userItem, connectionID: 'conn-2' }];
			const node = { ...kind.node({}), name: 'Call', onError: 'continueRegularOutput' as const };
			const result = await runWorkflow(chainWorkflow(items, [node]), credentials());
			expect(result.error()).toBeUndefined();
			const out = result.output('Call');
			expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of out) {
				expect(typeof item.json.error).toBe('string');
				expect(leaks(JSON.stringify(item.json))).toEqual([]);
			}
		},
	);
});

describe('answers that are fine but echo secrets', () => {
	it.each(KINDS)("$name: the item holds Dapi's data with every secret scrubbed", async (kind) => {
		server.setFault({ kind: 'successEcho' });
		const result = await runWorkflow(chainWorkflow([userItem], [{ ...kind.node({}), name: 'Call' }]), credentials());
		expect(result.error()).toBeUndefined();
		const out = result.output('Call');
		expect(out.length).toBeGreaterThan(0);
		const text = JSON.stringify(out.map((item) => item.json));
		// The exchange hands on the user secret it was given, by design; nothing else may leak.
		const allowed =
			kind.name === 'exchange'
				? [USER_SECRET, JSON.stringify(USER_SECRET).slice(1, -1), encodeURIComponent(USER_SECRET)]
				: [];
		expect(leaks(text).filter((spelling) => !allowed.includes(spelling))).toEqual([]);
		expect(text).toContain('[redacted]');
		expect(server.received.get(kind.path)).toBe(1);
	});
});

describe('reads retry with backoff, bounded, and can be told not to', () => {
	it('503 without Retry-After: three attempts spaced by a jittered backoff', async () => {
		server.setFault({ kind: 'status', status: 503, body: 'envelope' });
		const started = Date.now();
		const result = await runWorkflow(
			chainWorkflow([userItem], [{ ...KINDS[0].node({}), name: 'Call' }]),
			credentials(),
		);
		expect(server.received.get('/data/accounts/get')).toBe(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(500);
		expect(result.error()?.description).toMatch(/Tried 3 times/);
	});

	it('a Retry-After beyond the cap is not waited for', async () => {
		server.setFault({ kind: 'status', status: 429, body: 'envelope', retryAfter: '3600' });
		const started = Date.now();
		await runWorkflow(chainWorkflow([userItem], [{ ...KINDS[0].node({}), name: 'Call' }]), credentials());
		expect(server.received.get('/data/accounts/get')).toBe(1);
		// Waiting even the cap (let alone the hour) takes this long; one call on a busy machine does not.
		expect(Date.now() - started).toBeLessThan(MAX_RETRY_AFTER_MS);
	});

	it('Retry Reads off: one attempt', async () => {
		server.setFault({ kind: 'status', status: 503, body: 'envelope', retryAfter: '0' });
		await runWorkflow(
			chainWorkflow([userItem], [{ ...KINDS[0].node({ retryReads: false }), name: 'Call' }]),
			credentials(),
		);
		expect(server.received.get('/data/accounts/get')).toBe(1);
	});

	it('an MFA resume is never sent twice, even as a read', async () => {
		server.setFault({ kind: 'status', status: 503, body: 'envelope', retryAfter: '0' });
		const resume = { operationID: 'op-1', userInputs: { input: [{ id: 'otp', index: 0, answer: '123456' }] } };
		await runWorkflow(chainWorkflow([userItem], [{ ...KINDS[0].node(resume), name: 'Call' }]), credentials());
		expect(server.received.get('/data/accounts/get')).toBe(1);
	});
});

describe('a read answered with success but without its result', () => {
	it.each([
		[
			'status initialized: says the operation is in progress and names it',
			'{"success":true,"status":"initialized","operationID":"op-in-progress"}',
			'Dapi is still working on this operation',
			/op-in-progress.*Get Status/,
		],
		[
			'status done: says which field is missing',
			'{"success":true,"status":"done","operationID":"op-done"}',
			"Dapi's answer holds no accounts list",
			/no "accounts" field.*Keep Whole Response/,
		],
	])('%s', async (_case, text, message, description) => {
		server.setFault({ kind: 'json', text });
		const result = await runWorkflow(
			chainWorkflow([userItem], [{ ...KINDS[0].node({}), name: 'Call' }]),
			credentials(),
		);
		expect(result.error()?.message).toBe(message);
		expect(result.error()?.description).toMatch(description);
	});
});

describe('nothing listening', () => {
	it.each(KINDS)('$name: "Could not reach Dapi", and a read says it tried 3 times', async (kind) => {
		const closed = await startHostileServer();
		const baseUrl = closed.baseUrl;
		await closed.close();
		const result = await runWorkflow(chainWorkflow([userItem], [{ ...kind.node({}), name: 'Call' }]), {
			dapiApi: { appSecret: APP_SECRET, appKey: 'k', baseUrl },
		});
		expect(result.error()?.message).toBe('Could not reach Dapi');
		expect(result.error()?.description).toMatch(kind.change ? /nothing reached Dapi/ : /Tried 3 times/);
	});
});

afterAll(() => {
	// The closing note reports these figures.
	process.stdout.write(`fault cases: ${tally.passed} of ${tally.cases} passed\n`);
});
