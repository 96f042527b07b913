import { chainWorkflow, engineErrorLog, runWorkflow } from '../../support/engine';
import {
	APP_KEY,
	APP_SECRET,
	allText,
	appCredentials,
	exchangeNode,
	requestNode,
	useDapiSimulator,
} from '../../support/dapi';
import { startHostileServer, type Fault } from '../../support/hostileServer';

describe('Dapi Request node (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	const seededAccounts = (userID: string) =>
		sim
			.users()
			.find((user) => user.userID === userID)!
			.accounts.map((account) => account.id);

	/** Exchanges a fresh Connect result in the simulator and returns what Exchange Access Code outputs. */
	async function connectedItem(userID?: string) {
		const connect = sim.connect(userID);
		const result = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim));
		sim.clearRequests();
		return result.output('Exchange')[0].json as {
			accessToken: string;
			userSecret: string;
			connectionID: string;
			userID: string;
		};
	}

	it('Exchange Access Code then Dapi Request: the token flows through items with expressions', async () => {
		const connect = sim.connect();
		const result = await runWorkflow(chainWorkflow([connect], [exchangeNode(), requestNode()]), appCredentials(sim));
		expect(result.error()).toBeUndefined();
		const [item] = result.output('Request');
		expect(item.json.status).toBe('done');
		expect((item.json.accounts as Array<{ id: string }>).map((a) => a.id)).toEqual(seededAccounts(connect.userID));
		expect(item.pairedItem).toEqual({ item: 0 });

		const [exchange, accounts] = sim.requests();
		const token = result.output('Exchange')[0].json.accessToken;
		expect(accounts.method).toBe('POST');
		expect(accounts.path).toBe('/v2/data/accounts/get');
		expect(accounts.headers.authorization).toBe(`Bearer ${token}`);
		expect(accounts.headers['content-type']).toMatch(/^application\/json/);
		expect(accounts.body).toEqual({ appSecret: APP_SECRET, userSecret: connect.userSecret });
		expect(exchange.path).toBe('/v2/auth/ExchangeToken');
	});

	it('takes token and user secret from the Dapi Connection credential', async () => {
		const connection = await connectedItem();
		const result = await runWorkflow(
			chainWorkflow(
				[{ unrelated: true }],
				[requestNode({ tokenSource: 'credential', endpoint: '/data/identity/get' })],
			),
			{
				dapiConnectionApi: {
					appSecret: APP_SECRET,
					baseUrl: sim.baseUrl,
					accessToken: connection.accessToken,
					userSecret: connection.userSecret,
				},
			},
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('Request')[0].json.identity).toBeDefined();
		const [call] = sim.requests();
		expect(call.headers.authorization).toBe(`Bearer ${connection.accessToken}`);
		expect(call.body).toEqual({ appSecret: APP_SECRET, userSecret: connection.userSecret });
	});

	it('sends body fields, JSON bodies, extra headers and resume fields as given', async () => {
		const connection = await connectedItem();
		const accountID = seededAccounts(connection.userID)[0];
		const result = await runWorkflow(
			chainWorkflow(
				[connection],
				[
					requestNode({
						endpoint: '/data/balance/get',
						specifyBody: 'json',
						jsonBody: `={{ JSON.stringify({ accountID: "${accountID}" }) }}`,
						sendHeaders: true,
						headerParameters: { parameters: [{ name: 'X-Request-Source', value: 'n8n-test' }] },
						options: {
							operationID: 'op-123',
							userInputs: { input: [{ id: 'otp', index: 0, answer: '123456' }] },
						},
					}),
				],
			),
			appCredentials(sim),
		);
		// The simulator has no operation op-123, so only the request shape matters here.
		const [call] = sim.requests();
		expect(call.headers['x-request-source']).toBe('n8n-test');
		expect(call.body).toEqual({
			appSecret: APP_SECRET,
			userSecret: connection.userSecret,
			accountID,
			operationID: 'op-123',
			userInputs: [{ id: 'otp', index: 0, answer: '123456' }],
		});
		expect(result.run.data.resultData.runData.Request).toBeDefined();
	});

	it('reads balance with body fields and keeps amounts as numbers', async () => {
		const connection = await connectedItem();
		const accountID = seededAccounts(connection.userID)[0];
		const result = await runWorkflow(
			chainWorkflow(
				[connection],
				[
					requestNode({
						endpoint: '/data/balance/get',
						bodyParameters: { parameters: [{ name: 'accountID', value: accountID }] },
					}),
				],
			),
			appCredentials(sim),
		);
		expect(result.error()).toBeUndefined();
		const balance = result.output('Request')[0].json.balance as { amount: unknown };
		expect(typeof balance.amount).toBe('number');
		expect(sim.requests()[0].body).toMatchObject({ accountID });
	});

	it('app-level calls send only the app secret (token source None)', async () => {
		const connect = sim.connect();
		const result = await runWorkflow(
			chainWorkflow(
				[connect],
				[
					requestNode({
						tokenSource: 'none',
						endpoint: '/auth/ExchangeToken',
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify({ accessCode: $json.accessCode, connectionID: $json.connectionID }) }}',
					}),
				],
			),
			appCredentials(sim),
		);
		expect(result.error()).toBeUndefined();
		expect(typeof result.output('Request')[0].json.accessToken).toBe('string');
		const [call] = sim.requests();
		expect(call.headers.authorization).toBeUndefined();
		expect(call.body).toEqual({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
	});

	it.each(['/operation/status', '/operation/get'])(
		"%s gives a failed operation as its answer (its status is the checked operation's)",
		async (endpoint) => {
			const connection = await connectedItem();
			const failed = await fetch(`${sim.baseUrl}/payment/transfer/create`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${connection.accessToken}` },
				body: JSON.stringify({
					appSecret: APP_SECRET,
					userSecret: connection.userSecret,
					senderID: seededAccounts(connection.userID)[0],
					amount: 1e9,
					name: 'John Smith',
					iban: 'AE460330000010123456789',
					accountNumber: '0010123456789',
				}),
			});
			const { operationID, type } = (await failed.json()) as { operationID: string; type: string };
			expect(type).toBe('INSUFFICIENT_BALANCE');
			const result = await runWorkflow(
				chainWorkflow(
					[{ operationID }],
					[
						requestNode({
							tokenSource: 'none',
							endpoint,
							bodyParameters: {
								parameters: [
									{ name: 'operationID', value: '={{ $json.operationID }}' },
									...(endpoint === '/operation/get' ? [{ name: 'appKey', value: APP_KEY }] : []),
								],
							},
						}),
					],
				),
				appCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			expect(result.output('Request')[0].json).toMatchObject({
				success: true,
				status: 'failed',
				opInfo: { errorType: 'INSUFFICIENT_BALANCE' },
			});
		},
	);

	it('runs several items in order, each paired with its input and using its own token', async () => {
		const users = sim.users().map((user) => user.userID);
		const connections: Array<Awaited<ReturnType<typeof connectedItem>>> = [];
		for (const userID of users) connections.push(await connectedItem(userID));
		const result = await runWorkflow(chainWorkflow(connections, [requestNode()]), appCredentials(sim));
		expect(result.error()).toBeUndefined();
		const output = result.output('Request');
		expect(output.map((item) => item.pairedItem)).toEqual(users.map((_, item) => ({ item })));
		users.forEach((userID, i) => {
			expect((output[i].json.accounts as Array<{ id: string }>).map((a) => a.id)).toEqual(seededAccounts(userID));
			expect(sim.requests()[i].headers.authorization).toBe(`Bearer ${connections[i].accessToken}`);
		});
		expect(sim.overlapCount()).toBe(0);
	});

	describe('input that is refused before any request is sent', () => {
		const refused = [
			['https://evil.example/v2/data/accounts/get', /absolute URL/],
			['//evil.example/data/accounts/get', /absolute URL/],
			['/data/../../admin', /"\." or "\.\." segments/],
			['/data/%2e%2e/accounts/get', /may only contain/],
			['/data/accounts/get?x=https://evil.example', /may only contain/],
			['/data\\..\\accounts', /may only contain/],
			['/data//accounts/get', /may only contain/],
			['/@evil.example/x', /may only contain/],
			['={{ $json.missingPath ?? "" }}', /empty/],
		] as const;

		it.each(refused)('endpoint %j', async (endpoint, reason) => {
			const connection = await connectedItem();
			const result = await runWorkflow(chainWorkflow([connection], [requestNode({ endpoint })]), appCredentials(sim));
			expect(result.error()?.message).toMatch(/^Endpoint is not allowed/);
			expect(result.error()?.message).toMatch(reason);
			expect(sim.requests()).toHaveLength(0);
		});

		it("a path that repeats the Base URL's version", async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow([connection], [requestNode({ endpoint: '/v2/data/accounts/get' })]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('The request URL was refused');
			expect(result.error()?.description).toMatch(
				/already ends with \/v2; give the endpoint without it, e\.g\. \/data\/accounts\/get/,
			);
			expect(sim.requests()).toHaveLength(0);
		});

		it('invalid JSON body names the field', async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow([connection], [requestNode({ specifyBody: 'json', jsonBody: '{"accountID": ' })]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('JSON Body is not valid JSON');
			expect(sim.requests()).toHaveLength(0);
		});

		it('missing access token', async () => {
			const result = await runWorkflow(
				chainWorkflow([{ userSecret: 'abcdefgh' }], [requestNode()]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('Access Token is empty');
			expect(result.error()?.description).toMatch(/Exchange Access Code/);
			expect(sim.requests()).toHaveLength(0);
		});

		it('missing user secret', async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow([{ accessToken: connection.accessToken }], [requestNode()]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('User Secret is empty');
			expect(allText(result.error())).not.toContain(connection.accessToken);
			expect(sim.requests()).toHaveLength(0);
		});

		it('an Authorization header of its own', async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow(
					[connection],
					[
						requestNode({
							sendHeaders: true,
							headerParameters: { parameters: [{ name: 'authorization', value: 'Bearer x' }] },
						}),
					],
				),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('The header "authorization" cannot be set here');
			expect(sim.requests()).toHaveLength(0);
		});
	});

	describe("Dapi's failure envelope", () => {
		it("becomes an error carrying Dapi's type and msg, without any secret", async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow(
					[connection],
					[
						requestNode({
							endpoint: '/data/balance/get',
							bodyParameters: { parameters: [{ name: 'accountID', value: 'no-such-account' }] },
						}),
					],
				),
				appCredentials(sim),
			);
			const error = result.error() as Error & { description: string; httpCode: string; context: { type: string } };
			expect(error.httpCode).toBe('404');
			expect(error.context.type).toBe('INVALID_ACCOUNT_ID');
			expect(error.message).toMatch(/^Dapi: /);
			expect(error.description).toMatch(/Dapi error type: INVALID_ACCOUNT_ID/);
			const text = allText([error, result.run.data.resultData.runData.Request]);
			for (const secret of [APP_SECRET, connection.accessToken, connection.userSecret]) {
				expect(text).not.toContain(secret);
			}
		});

		it('wrong user secret and unknown token: clear errors that never show the secrets', async () => {
			const connection = await connectedItem();
			const wrongSecret = 'not-the-user-secret-0000';
			const items = [
				{ accessToken: connection.accessToken, userSecret: wrongSecret },
				{ accessToken: 'unknown-token-0123456789', userSecret: connection.userSecret },
			];
			const result = await runWorkflow(
				chainWorkflow(items, [requestNode({}, { onError: 'continueRegularOutput' })]),
				appCredentials(sim),
			);
			const [first, second] = result.output('Request');
			expect(first.json.error).toBe('Dapi rejected the user secret');
			expect(second.json.error).toBe('Dapi rejected the access token');
			expect(second.json.description).toMatch(/Connect/);
			const text = allText(result.output('Request'));
			for (const secret of [
				APP_SECRET,
				connection.accessToken,
				connection.userSecret,
				wrongSecret,
				'unknown-token-0123456789',
			]) {
				expect(text).not.toContain(secret);
			}
		});

		it('Never Error returns the failure envelope as the item', async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow([connection], [requestNode({ endpoint: '/data/balance/get', options: { neverError: true } })]),
				appCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			expect(result.output('Request')[0].json).toMatchObject({
				success: false,
				status: 'failed',
				type: 'PARAMETER_MISSING',
			});
		});

		it('Full Response returns status code, headers and body', async () => {
			const connection = await connectedItem();
			const result = await runWorkflow(
				chainWorkflow([connection], [requestNode({ options: { fullResponse: true } })]),
				appCredentials(sim),
			);
			const json = result.output('Request')[0].json as {
				statusCode: number;
				headers: object;
				body: { accounts: unknown };
			};
			expect(json.statusCode).toBe(200);
			expect(json.headers).toHaveProperty('content-type');
			expect(json.body.accounts).toBeDefined();
		});
	});

	describe('Continue On Fail', () => {
		it('gives an error item paired with its input and goes on with the next item', async () => {
			const good = await connectedItem();
			const items = [good, { accessToken: '', userSecret: good.userSecret }, good];
			const result = await runWorkflow(
				chainWorkflow(items, [requestNode({}, { onError: 'continueRegularOutput' })]),
				appCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			const output = result.output('Request');
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(output[0].json.accounts).toBeDefined();
			expect(output[1].json).toMatchObject({ error: 'Access Token is empty' });
			expect(output[2].json.accounts).toBeDefined();
			expect(sim.requests()).toHaveLength(2);
		});
	});

	describe('transport failures', () => {
		it('a timeout says so and that the outcome is unknown', async () => {
			const connection = await connectedItem();
			sim.setLatency(1500);
			try {
				const result = await runWorkflow(
					chainWorkflow([connection], [requestNode({ options: { timeout: 1000 } })]),
					appCredentials(sim),
				);
				expect(result.error()?.message).toBe('Dapi did not answer within 1 s');
				expect(result.error()?.description).toMatch(/a Timeout at or under that can cut off calls that would succeed/);
				expect(allText(result.error())).not.toContain(connection.accessToken);
			} finally {
				sim.setLatency(0);
			}
		});

		it('an unreachable Base URL', async () => {
			const result = await runWorkflow(
				chainWorkflow([{ accessToken: 'token-abcdef', userSecret: 'secret-abcdef' }], [requestNode()]),
				{
					dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: 'http://127.0.0.1:9/v2' },
				},
			);
			expect(result.error()?.message).toBe('Could not reach Dapi');
			expect(result.error()?.description).toMatch(/ECONNREFUSED/);
			expect(allText(result.error())).not.toContain(APP_SECRET);
			expect(allText(result.error())).not.toContain('token-abcdef');
		});
	});
});

describe('Dapi Request never follows a redirect away from the Dapi host', () => {
	it('answers a 307 as an error and sends nothing to the other host', async () => {
		const http = await import('node:http');
		const hits: string[] = [];
		const elsewhere = http.createServer((req, res) => {
			hits.push(req.url ?? '');
			res.end('{}');
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const otherPort = (elsewhere.address() as { port: number }).port;
		const redirector = http.createServer((req, res) => {
			res.writeHead(307, { location: `http://127.0.0.1:${otherPort}${req.url}` });
			res.end();
		});
		await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
		try {
			const port = (redirector.address() as { port: number }).port;
			const result = await runWorkflow(
				chainWorkflow([{ accessToken: 'token-abcdef', userSecret: 'secret-abcdef' }], [requestNode()]),
				{ dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: `http://127.0.0.1:${port}/v2` } },
			);
			expect((result.error() as { httpCode?: string }).httpCode).toBe('307');
			expect(hits).toEqual([]);
		} finally {
			redirector.close();
			elsewhere.close();
		}
	});

	describe('no header value the user sent comes back, whatever the header is called', () => {
		const HEADERS = {
			'Proxy-Authorization': 'Basic cHJveHktdXNlcjpwcm94eS1wYXNz',
			'X-Api-Key': 'api-key-value-0123456789',
			Cookie: 'session=cookie-value-abcdef',
			'X-Partner-Ref': 'partner-ref-value-7788',
		};
		const values = Object.values(HEADERS);
		const spellingsOf = (value: string) => [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];

		it.each<[string, Fault]>([
			['a refusal echoing them in msg', { kind: 'echoIn', field: 'msg' }],
			['a refusal echoing them in type', { kind: 'echoIn', field: 'type' }],
			['a refusal echoing them in operationID', { kind: 'echoIn', field: 'operationID' }],
			['a 500 page echoing them', { kind: 'status', status: 500, body: 'html' }],
			['a 502 envelope echoing them', { kind: 'status', status: 502, body: 'envelope' }],
			['a reset before the answer', { kind: 'resetBeforeAnswer' }],
			['a reset in the middle of the answer', { kind: 'resetMidBody', status: 200 }],
		])('%s', async (_what, fault) => {
			const server = await startHostileServer();
			try {
				server.setSecrets(values);
				server.setFault(fault);
				const logBefore = engineErrorLog.length;
				const node = requestNode({
					endpoint: '/data/accounts/get',
					sendHeaders: true,
					// From the item, as a workflow maps them: the node's own parameters then hold no value.
					headerParameters: {
						parameters: Object.keys(HEADERS).map((name) => ({ name, value: `={{ $json.headers["${name}"] }}` })),
					},
					options: { retryReads: false, timeout: 5000 },
				});
				const result = await runWorkflow(
					chainWorkflow(
						[{ accessToken: 'token-value-0123456789', userSecret: 'user-secret-0123456789', headers: HEADERS }],
						[node],
					),
					{ dapiApi: { appSecret: APP_SECRET, baseUrl: server.baseUrl } },
				);
				const error = result.error();
				expect(error).toBeDefined();
				const everything = [
					allText(error),
					JSON.stringify(error, Object.getOwnPropertyNames(error)),
					allText(error?.context),
					allText((error as { cause?: unknown }).cause),
					allText(result.run.data.resultData.runData.Request),
					...engineErrorLog.slice(logBefore),
				].join('\n');
				expect(values.flatMap(spellingsOf).filter((spelling) => everything.includes(spelling))).toEqual([]);
			} finally {
				await server.close();
			}
		});
	});
});
