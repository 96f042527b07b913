import { chainWorkflow, runWorkflow } from '../../../../support/engine';
import { APP_SECRET, allText, appCredentials, exchangeNode, useDapiSimulator } from '../../../../support/dapi';
import { startHostileServer } from '../../../../support/hostileServer';
import { SEALING_SECRET } from '../../../../support/sealing';

describe('Dapi node, Auth: Exchange Access Code (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	it('turns a Connect result into the permanent access token, sending exactly what the SDKs send', async () => {
		const connect = sim.connect();
		const result = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim));

		expect(result.error()).toBeUndefined();
		const [item] = result.output('Exchange');
		expect(Object.keys(item.json).sort()).toEqual(
			['accessToken', 'connectionID', 'tokenID', 'userID', 'userSecret'].sort(),
		);
		expect(item.json).toMatchObject({
			connectionID: connect.connectionID,
			userID: connect.userID,
			tokenID: connect.tokenID,
			userSecret: connect.userSecret,
		});
		expect(typeof item.json.accessToken).toBe('string');
		expect(item.pairedItem).toEqual({ item: 0 });

		const [call] = sim.requests();
		expect(sim.requests()).toHaveLength(1);
		expect(call.method).toBe('POST');
		expect(call.path).toBe('/v2/auth/ExchangeToken');
		expect(call.headers['content-type']).toMatch(/^application\/json/);
		expect(call.headers.authorization).toBeUndefined();
		expect(call.body).toEqual({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
	});

	it('leaves userSecret out of the output when none is given', async () => {
		const { accessCode, connectionID } = sim.connect();
		const result = await runWorkflow(
			chainWorkflow([{ accessCode, connectionID }], [exchangeNode()]),
			appCredentials(sim),
		);
		expect(result.output('Exchange')[0].json).not.toHaveProperty('userSecret');
	});

	it('maps fields from a webhook body with expressions', async () => {
		const connect = sim.connect();
		const result = await runWorkflow(
			chainWorkflow(
				[{ body: connect }],
				[
					exchangeNode({
						accessCode: '={{ $json.body.accessCode }}',
						connectionID: '={{ $json.body.connectionID }}',
						userSecret: '={{ $json.body.userSecret }}',
					}),
				],
			),
			appCredentials(sim),
		);
		expect(result.output('Exchange')[0].json.connectionID).toBe(connect.connectionID);
	});

	/** Everything the failing node left in the execution: its error and its run data. */
	const failureText = (result: Awaited<ReturnType<typeof runWorkflow>>) =>
		allText([result.error(), result.run.data.resultData.runData.Exchange]);

	describe('failures explain what to do and never show a secret', () => {
		const expectNoSecrets = (text: string, secrets: string[]) => {
			for (const secret of secrets) expect(text).not.toContain(secret);
		};

		it('expired code (older than 30 minutes)', async () => {
			const connect = sim.connect();
			sim.advanceClock(30 * 60 * 1000 + 1);
			const result = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim));
			const error = result.error();
			expect(error?.message).toBe('The access code has expired');
			expect(error?.description).toMatch(/30 minutes/);
			expect(error?.description).toMatch(/Connect again/);
			expectNoSecrets(failureText(result), [APP_SECRET, connect.accessCode, connect.userSecret]);
		});

		it('code used twice', async () => {
			const connect = sim.connect();
			const first = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim));
			expect(first.error()).toBeUndefined();
			const second = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim));
			expect(second.error()?.message).toBe('The access code was already used');
			expect(second.error()?.description).toMatch(/works once/);
			expectNoSecrets(failureText(second), [APP_SECRET, connect.accessCode, connect.userSecret]);
		});

		it('code of another connection', async () => {
			const connect = sim.connect();
			const other = sim.connect();
			const result = await runWorkflow(
				chainWorkflow([{ ...connect, connectionID: other.connectionID }], [exchangeNode()]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('The access code does not belong to this connection');
			expect(result.error()?.description).toMatch(/same Dapi Connect success payload/);
			expectNoSecrets(failureText(result), [APP_SECRET, connect.accessCode]);
		});

		it('wrong app secret', async () => {
			const connect = sim.connect();
			const wrongSecret = 'wrong-app-secret-123456';
			const result = await runWorkflow(chainWorkflow([connect], [exchangeNode()]), appCredentials(sim, wrongSecret));
			expect(result.error()?.message).toBe('Dapi rejected the app secret');
			expect(result.error()?.description).toMatch(/App Secret in the Dapi credential/);
			expect((result.error() as { httpCode?: string }).httpCode).toBe('401');
			expectNoSecrets(failureText(result), [wrongSecret, connect.accessCode]);
		});

		it('empty access code is refused before any request, naming the field', async () => {
			const result = await runWorkflow(
				chainWorkflow([{ accessCode: '', connectionID: 'c-1' }], [exchangeNode()]),
				appCredentials(sim),
			);
			expect(result.error()?.message).toBe('Access Code is empty');
			expect(result.error()?.description).toMatch(/accessCode/);
			expect(sim.requests()).toHaveLength(0);
		});

		it.each([
			['plain', '   '],
			['plain', '\t\n'],
			['sealed', '   '],
		])('a blank access token in the answer (output %s, %j) is no connection', async (output, accessToken) => {
			const server = await startHostileServer();
			try {
				const answer = { success: true, status: 'done', accessToken, tokenID: 't', userID: 'u' };
				server.setFault({ kind: 'json', text: JSON.stringify(answer) });
				const result = await runWorkflow(
					chainWorkflow(
						[{ accessCode: 'code-1', connectionID: 'c-1', userSecret: 'secret-1' }],
						[exchangeNode({ output })],
					),
					{ dapiApi: { appSecret: APP_SECRET, baseUrl: server.baseUrl, sealingSecret: SEALING_SECRET } },
				);
				expect(result.error()?.message).toBe('Dapi answered without an access token');
				expect(result.error()?.description).toMatch(/Connect again/);
				expect(result.output('Exchange')).toHaveLength(0);
			} finally {
				await server.close();
			}
		});
	});
});
