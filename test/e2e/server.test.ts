/**
 * End to end through a real `n8n start` (one server for this file), set up as `npm start` sets up
 * its demo: the "Dapi (simulator)" credential and the example workflows imported with n8n's CLI,
 * the owner account, the simulator asking for an OTP on identity (scripts/demo-setup.js).
 *
 * Proves: the MFA example's round trip through a Wait node and its resume URL; the webhook example
 * answering a Connect payload with accounts and nothing secret; both credential types' tests through
 * n8n's credential-test route; n8n's own HTTP Request node with the Dapi API credential; and that the
 * executions n8n saved hold no app secret (and, for the webhook example, nothing secret at all).
 */
import fs from 'node:fs';
import path from 'node:path';

import { ERRORS, startSimulator } from '../../simulator';
import type { ConnectResult, SeededUserSummary, Simulator } from '../../simulator';
import { seedUsers } from '../../simulator/seed';
import {
	ADMIN_CREDENTIAL,
	CONNECTION_WORKFLOWS,
	DEMO_CREDENTIAL,
	MFA_OTP,
	MFA_PATH,
	configureSimulator,
	demoOwner,
	ensureOwner,
	importDemo,
} from '../../scripts/demo-setup';
import { N8N_LINE, NODE_TYPES, runDataItems, runN8n } from './n8n';
import { N8nServer, type Execution } from './server';

// Jest reads testTimeout only at the top level of its config, not per project.
jest.setTimeout(300_000);

const APP_SECRET = 'sim-app-secret';
const APP_KEY = 'sim-app-key';
const WRONG_APP_SECRET = 'not-the-app-secret-7f3a';
const WRONG_USER_SECRET = 'not-the-user-secret-7f3a';
const WORKFLOWS = { mfa: 'dapiDemoMfaOtp', webhook: 'dapiDemoWebhook01' } as const;

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const mostAccounts = (users: SeededUserSummary[]) =>
	users.reduce((most, user) => (user.accounts.length > most.accounts.length ? user : most));

describe('real n8n server (n8n start), set up like the npm start demo', () => {
	let sim: Simulator;
	let server: N8nServer;
	/** What the runs below leave for the saved-data scan at the end. */
	const runs: {
		mfa?: { executionId: string; accessToken: string; accessCode: string; userSecret: string };
		webhook?: { connect: ConnectResult; accessToken: string };
		httpRequest?: { executionId: string; failedId: string; accessToken: string };
	} = {};

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY });
		await configureSimulator(sim.url);
		server = await N8nServer.start({
			beforeStart: (folder) => importDemo(folder, sim.port, { runN8n: (args) => runN8n(folder, args) }),
		});
	});

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
	});

	test('the owner exists, the demo login works, the package and the imported demo are there', async () => {
		const settings = await server.request<{ data: { userManagement: { showSetupOnFirstLoad: boolean } } }>(
			'GET',
			'/rest/settings',
		);
		expect(settings.body.data.userManagement.showSetupOnFirstLoad).toBe(false);
		// What a second `npm start` does: no new owner, and it can tell whether the printed login works.
		await expect(ensureOwner(server.url, demoOwner({}))).resolves.toMatchObject({ created: false, loginWorks: true });
		await expect(ensureOwner(server.url, { ...demoOwner({}), password: 'Wrong-Password1' })).resolves.toEqual({
			created: false,
			loginWorks: false,
			cookie: null,
		});

		const types = await server.request<Array<{ name: string }>>('GET', '/types/nodes.json', undefined, 'cookie');
		const names = types.body.map((type) => type.name);
		expect(names).toEqual(
			expect.arrayContaining([
				NODE_TYPES.dapi,
				NODE_TYPES.dapiRequest,
				NODE_TYPES.dapiTrigger,
				NODE_TYPES.dapiConnectTrigger,
			]),
		);

		const credentials = await server.credentials();
		expect(credentials).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ ...DEMO_CREDENTIAL, type: 'dapiApi' }),
				expect.objectContaining({ id: ADMIN_CREDENTIAL.id, name: ADMIN_CREDENTIAL.name, type: 'httpHeaderAuth' }),
			]),
		);
		expect(credentials).toHaveLength(2);
		const workflows = await server.api<{ data: Array<{ id: string; active: boolean }> }>('GET', '/workflows');
		expect(workflows.data.map((w) => w.id).sort()).toEqual(
			['dapiDemoAccounts', WORKFLOWS.mfa, WORKFLOWS.webhook, ...Object.values(CONNECTION_WORKFLOWS)].sort(),
		);
		expect(workflows.data.every((w) => !w.active)).toBe(true);
	});

	test('MFA example: Needs User Input, the run waits, the OTP posted to its resume URL finishes it', async () => {
		const before = sim.requests().length;
		const executionId = await server.runWorkflow(WORKFLOWS.mfa);
		const waiting = await server.waitForExecution(executionId, 'waiting');
		const data = waiting.data!;

		const [connect] = runDataItems(data, 'Connect Result (Simulator)') as unknown as ConnectResult[];
		const [exchanged] = runDataItems(data, 'Exchange Access Code');
		// Get Identity sent its item to output 1, "Needs User Input", and nothing to "Done".
		expect(data.resultData.runData['Get Identity'][0].data?.main[0] ?? []).toEqual([]);
		const prompts = runDataItems(data, 'Get Identity', 0, 1);
		expect(prompts).toEqual([
			{
				status: 'user_input_required',
				operationID: expect.stringMatching(/^\S{8,}$/),
				endpoint: '/data/identity/get',
				userInputs: [{ id: 'otp', index: 0, queryType: expect.any(String), query: expect.any(String) }],
				request: {},
				resume: {
					operationID: prompts[0].operationID,
					userInputs: [{ id: 'otp', index: 0, answer: '' }],
					endpoint: '/data/identity/get',
				},
			},
		]);
		const { operationID } = prompts[0] as { operationID: string };
		expect(sim.operations()).toContainEqual(
			expect.objectContaining({ operationID, status: 'user_input_required', endpoint: MFA_PATH }),
		);
		// The prompt holds no token or secret.
		for (const secret of [exchanged.accessToken as string, connect.userSecret, connect.accessCode, APP_SECRET]) {
			expect(JSON.stringify(prompts)).not.toContain(secret);
		}

		const [withUrl] = runDataItems(data, 'Resume URL');
		expect(withUrl).toEqual({ ...prompts[0], resumeUrl: expect.any(String) });
		const resumeUrl = withUrl.resumeUrl as string;
		if (N8N_LINE === '2') {
			// The resume URL n8n 2.x made for this execution carries a signature; the bare URL is refused.
			expect(resumeUrl).toMatch(new RegExp(`^${server.url}/webhook-waiting/${executionId}\\?signature=[0-9a-f]{32,}$`));
			const bare = await fetch(`${server.url}/webhook-waiting/${executionId}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ otp: MFA_OTP }),
			});
			expect(bare.status).toBe(401);
		} else {
			// n8n 1.x signs only "send and wait" resume URLs: a Wait node's is the bare URL (docs/compatibility.md).
			expect(resumeUrl).toBe(`${server.url}/webhook-waiting/${executionId}`);
		}
		expect((await server.execution(executionId)).status).toBe('waiting');

		const resumed = await fetch(resumeUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ otp: MFA_OTP }),
		});
		expect(resumed.status).toBe(200);
		const done = await server.waitForExecution(executionId, 'success');

		// The identity of the user the Connect result named, as the simulator's seed holds it.
		const seeded = seedUsers().find((user) => user.userID === connect.userID);
		expect(seeded).toBeDefined();
		expect(runDataItems(done.data!, 'Answer the Bank')).toEqual([seeded!.identity]);

		// What reached the simulator: exchange, the call that prompted, the resume with the answer.
		const calls = sim.requests().slice(before);
		expect(calls.map((c) => `${c.path} ${c.status} ${c.type}`)).toEqual([
			'/v2/auth/ExchangeToken 200 null',
			`${MFA_PATH} 200 null`,
			`${MFA_PATH} 200 null`,
		]);
		expect(calls[1].body).toEqual({ appSecret: APP_SECRET, userSecret: connect.userSecret });
		expect(calls[2].body).toEqual({
			appSecret: APP_SECRET,
			userSecret: connect.userSecret,
			operationID,
			userInputs: [{ id: 'otp', index: 0, answer: MFA_OTP }],
		});
		expect(calls[2].token).toBe(exchanged.accessToken);
		expect(sim.operations()).toContainEqual(expect.objectContaining({ operationID, status: 'done' }));

		runs.mfa = { executionId, accessToken: exchanged.accessToken as string, ...connect };
	});

	test('webhook example: a Connect payload posted to /webhook/dapi-connect is answered with the accounts, nothing secret', async () => {
		await server.activateWorkflow(WORKFLOWS.webhook);
		const user = mostAccounts(sim.users());
		expect(user.accounts.length).toBeGreaterThan(1);
		const connect = sim.connect(user.userID);
		const before = sim.requests().length;

		const answer = await server.callWebhook<{ connectionID: string; accounts: unknown[] }>('dapi-connect', connect);

		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			connectionID: connect.connectionID,
			accounts: user.accounts.map(({ id, name, type, currency }) => ({ id, name, type, currency })),
		});
		const calls = sim.requests().slice(before);
		expect(calls.map((c) => `${c.path} ${c.status}`)).toEqual([
			'/v2/auth/ExchangeToken 200',
			'/v2/data/accounts/get 200',
		]);
		expect(calls[0].body).toEqual({
			appSecret: APP_SECRET,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		const accessToken = calls[1].token!;
		expect(accessToken).toMatch(/\S{20,}/);
		for (const secret of [connect.accessCode, connect.userSecret, accessToken, APP_SECRET]) {
			expect(answer.text).not.toContain(secret);
		}

		runs.webhook = { connect, accessToken };
	});

	describe('credential tests through POST /rest/credentials/test', () => {
		test('Dapi API: the good secret passes, a wrong one and a Base URL that is not Dapi fail with our messages', async () => {
			const data = { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl };
			const created = await server.createCredential({ name: 'Dapi (public API)', type: 'dapiApi', data });
			expect(created).toMatchObject({ id: expect.any(String), name: 'Dapi (public API)', type: 'dapiApi' });
			const credential = { id: created.id, name: created.name, type: 'dapiApi' };
			const before = sim.requests().length;

			await expect(server.testCredential({ ...credential, data })).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			await expect(
				server.testCredential({ ...credential, data: { ...data, appSecret: WRONG_APP_SECRET } }),
			).resolves.toEqual({
				status: 'Error',
				message: 'Dapi rejected the App Secret. Copy it again from the Dapi dashboard.',
			});
			// The simulator's root without /v2: its "no such endpoint" answer must not count as success.
			await expect(server.testCredential({ ...credential, data: { ...data, baseUrl: sim.url } })).resolves.toEqual({
				status: 'Error',
				message: 'The Base URL answered "not found": check that it ends with /v2.',
			});
			// A Base URL that answers, but not with Dapi's envelope (n8n's own REST API).
			await expect(
				server.testCredential({ ...credential, data: { ...data, baseUrl: `${server.url}/rest` } }),
			).resolves.toEqual({
				status: 'Error',
				message: 'The Base URL did not answer like the Dapi API. Check that it ends with /v2.',
			});

			// The simulator saw both calls to it: the good secret got past the app check, the wrong one not.
			const calls = sim.requests().slice(before);
			expect(calls.map((c) => `${c.path} ${c.status} ${c.type}`)).toEqual([
				'/v2/auth/ExchangeToken 401 INVALID_ACCESS_CODE',
				'/v2/auth/ExchangeToken 401 INVALID_APP_SECRET',
				'/auth/ExchangeToken 404 NOT_FOUND',
			]);
			expect(calls.map((c) => (c.body as { appSecret: string }).appSecret)).toEqual([
				APP_SECRET,
				WRONG_APP_SECRET,
				APP_SECRET,
			]);
		});

		test('Dapi Connection API: a real token and user secret pass, a wrong user secret fails', async () => {
			const connect = sim.connect(mostAccounts(sim.users()).userID);
			const exchange = await fetch(`${sim.baseUrl}/auth/ExchangeToken`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					appSecret: APP_SECRET,
					accessCode: connect.accessCode,
					connectionID: connect.connectionID,
				}),
			});
			const { accessToken } = (await exchange.json()) as { accessToken: string };
			expect(accessToken).toMatch(/\S{20,}/);
			const data = { appSecret: APP_SECRET, baseUrl: sim.baseUrl, accessToken, userSecret: connect.userSecret };
			const created = await server.createCredential({
				name: 'Dapi connection (public API)',
				type: 'dapiConnectionApi',
				data,
			});
			const credential = { id: created.id, name: created.name, type: 'dapiConnectionApi' };
			const before = sim.requests().length;

			await expect(server.testCredential({ ...credential, data })).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			const bad = await server.testCredential({ ...credential, data: { ...data, userSecret: WRONG_USER_SECRET } });
			expect(bad.status).toBe('Error');
			expect(bad.message).toBe(
				'Dapi rejected the app secret, access token or user secret. Exchange a fresh access code if the connection was delinked.',
			);
			expect(bad.message).not.toContain(WRONG_USER_SECRET);

			// The test reads Dapi's envelope instead of failing on the status, so n8n's retry after a 401
			// (httpRequestWithAuthentication's credential refresh) never sends the refused call again.
			const calls = sim.requests().slice(before);
			expect(calls.map((c) => `${c.path} ${c.status} ${c.type}`)).toEqual([
				'/v2/metadata/accounts/get 200 null',
				'/v2/metadata/accounts/get 401 INVALID_USER_SECRET',
			]);
			expect(calls.map((c) => c.token)).toEqual([accessToken, accessToken]);
			expect(calls.map((c) => (c.body as { userSecret: string }).userSecret)).toEqual([
				connect.userSecret,
				WRONG_USER_SECRET,
			]);
		});
	});

	test("n8n's HTTP Request node with the Dapi API credential (predefined type) gets the app secret into the body", async () => {
		// The credential is locked to Dapi's host by default; this one allows the simulator's.
		const credential = await server.createCredential({
			name: 'Dapi (for HTTP Request)',
			type: 'dapiApi',
			data: {
				appSecret: APP_SECRET,
				appKey: APP_KEY,
				baseUrl: sim.baseUrl,
				allowedHttpRequestDomains: 'domains',
				allowedDomains: '127.0.0.1',
			},
		});
		const connect = sim.connect();
		const workflow = await server.createWorkflow({
			name: 'e2e: HTTP Request node exchanges an access code',
			nodes: [
				{
					id: 'e2e-http-1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'e2e-http-2',
					name: 'Exchange Via HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: {
						method: 'POST',
						url: `${sim.baseUrl}/auth/ExchangeToken`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'dapiApi',
						sendBody: true,
						specifyBody: 'json',
						jsonBody: JSON.stringify({ accessCode: connect.accessCode, connectionID: connect.connectionID }),
						options: {},
					},
					credentials: { dapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Start: { main: [[{ node: 'Exchange Via HTTP Request', type: 'main', index: 0 }]] } },
		});
		const before = sim.requests().length;

		const executionId = await server.runWorkflow(workflow.id);
		const done = await server.waitForExecution(executionId, 'success');

		const calls = sim.requests().slice(before);
		expect(calls.map((c) => `${c.path} ${c.status}`)).toEqual(['/v2/auth/ExchangeToken 200']);
		expect(calls[0].body).toEqual({
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
			appSecret: APP_SECRET,
		});
		const [answer] = runDataItems(done.data!, 'Exchange Via HTTP Request');
		expect(answer).toMatchObject({
			success: true,
			userID: connect.userID,
			tokenID: connect.tokenID,
			accessToken: expect.stringMatching(/\S{20,}/),
		});

		// The token works: the simulator serves that user's accounts with it.
		const accounts = await fetch(`${sim.baseUrl}/data/accounts/get`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${answer.accessToken as string}` },
			body: JSON.stringify({ appSecret: APP_SECRET, userSecret: connect.userSecret }),
		});
		expect(accounts.status).toBe(200);

		// Again: the access code is used up, Dapi answers 401 and n8n saves a failed execution, whose error
		// shows the request as the node built it. The credential's authenticate adds the app secret to a
		// copy that goes to the network, so the secret is not in the saved error at all.
		const beforeAgain = sim.requests().length;
		const failedId = await server.runWorkflow(workflow.id);
		const failed = await server.waitForExecution(failedId, 'error');
		const again = sim.requests().slice(beforeAgain);
		expect(again.map((c) => `${c.path} ${c.status} ${c.type}`)).toEqual([
			'/v2/auth/ExchangeToken 401 ACCESS_CODE_ALREADY_USED',
		]);
		expect((again[0].body as { appSecret: string }).appSecret).toBe(APP_SECRET);
		const error = failed.data!.resultData.error as unknown as {
			description: string;
			context: { request: { body: object } };
		};
		expect(error.description).toBe(ERRORS.ACCESS_CODE_ALREADY_USED.msg);
		expect(error.context.request.body).toEqual({
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		});
		expect(JSON.stringify(failed.data)).not.toContain(APP_SECRET);

		runs.httpRequest = { executionId, failedId, accessToken: answer.accessToken as string };
	});

	test("by default the Dapi API credential reaches only api.dapi.com through n8n's HTTP Request node", async () => {
		const credential = await server.createCredential({
			name: 'Dapi (default host lock)',
			type: 'dapiApi',
			data: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl },
		});
		const workflow = await server.createWorkflow({
			name: 'e2e: HTTP Request node sends the Dapi credential elsewhere',
			nodes: [
				{
					id: 'e2e-lock-1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'e2e-lock-2',
					name: 'Elsewhere',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: {
						method: 'POST',
						url: `${sim.baseUrl}/data/accounts/get`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'dapiApi',
						options: {},
					},
					credentials: { dapiApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Start: { main: [[{ node: 'Elsewhere', type: 'main', index: 0 }]] } },
		});
		const before = sim.requests().length;
		const executionId = await server.runWorkflow(workflow.id);
		const failed = await server.waitForExecution(executionId, 'error');
		if (N8N_LINE === '1') {
			// n8n 1.x's HTTP Request node checks a predefined credential's Allowed Domains on redirects
			// only: the request goes out, app secret included (docs/compatibility.md).
			expect(
				sim
					.requests()
					.slice(before)
					.map((c) => (c.body as { appSecret?: string }).appSecret),
			).toEqual([APP_SECRET]);
			return;
		}
		expect(sim.requests().length).toBe(before);
		expect(JSON.stringify(failed.data!.resultData.error)).toMatch(/not allowed|allowed domains/i);
		expect(JSON.stringify(failed.data)).not.toContain(APP_SECRET);
	});

	describe('the executions n8n saved (public API, includeData)', () => {
		let saved: Execution[];
		const byWorkflow = (workflowId: string) => saved.filter((e) => e.workflowId === workflowId);

		beforeAll(async () => {
			saved = await server.executions();
		});

		test('the MFA and HTTP Request runs (and the failed one) are saved in full, without the app secret', () => {
			expect(runs.mfa && runs.httpRequest).toBeTruthy();
			const mfa = saved.find((e) => String(e.id) === runs.mfa!.executionId);
			const http = saved.find((e) => String(e.id) === runs.httpRequest!.executionId);
			for (const [execution, token] of [
				[mfa, runs.mfa!.accessToken],
				[http, runs.httpRequest!.accessToken],
			] as const) {
				expect(execution?.status).toBe('success');
				const text = JSON.stringify(execution);
				// The data is really there (not redacted or cut): the exchange's token is in it ...
				expect(text).toContain(token);
				// ... and the app secret, which n8n injected into those calls, is not.
				expect(count(text, APP_SECRET)).toBe(0);
			}
			const failed = saved.find((e) => String(e.id) === runs.httpRequest!.failedId);
			expect(failed?.status).toBe('error');
			expect(JSON.stringify(failed)).toContain('**hidden**');
			expect(count(JSON.stringify(failed), APP_SECRET)).toBe(0);
		});

		test('the webhook example keeps nothing: no execution, and no trace of its Connect payload or token anywhere', async () => {
			expect(runs.webhook).toBeDefined();
			const { connect, accessToken } = runs.webhook!;
			// saveDataSuccessExecution "none": n8n deletes the finished execution, right after it answered.
			let kept = byWorkflow(WORKFLOWS.webhook);
			for (let i = 0; kept.length > 0 && i < 60; i++) {
				await new Promise((resolve) => setTimeout(resolve, 250));
				saved = await server.executions();
				kept = byWorkflow(WORKFLOWS.webhook);
			}
			expect(kept).toEqual([]);
			expect(byWorkflow(WORKFLOWS.mfa).length).toBeGreaterThan(0); // the filter above finds what exists

			const everything = JSON.stringify(saved);
			for (const secret of [
				connect.accessCode,
				connect.userSecret,
				accessToken,
				APP_SECRET,
				WRONG_APP_SECRET,
				WRONG_USER_SECRET,
			]) {
				expect(count(everything, secret)).toBe(0);
			}
		});

		test("n8n's database files hold neither the app secret nor the webhook run's access token", () => {
			// Byte for byte, including SQLite's write-ahead log and free pages. (The webhook run's access
			// code and user secret do reach the WAL: n8n 2.41 writes every execution with its trigger data
			// when it starts and deletes it when "none" says so. The token comes later and never does.)
			const files = fs
				.readdirSync(path.join(server.folder, '.n8n'))
				.filter((name) => name.startsWith('database.sqlite'));
			expect(files).toContain('database.sqlite');
			const bytes = Buffer.concat(files.map((name) => fs.readFileSync(path.join(server.folder, '.n8n', name))));
			// The scan reads real data: the MFA run's token, saved by design, is found.
			expect(bytes.includes(runs.mfa!.accessToken)).toBe(true);
			for (const secret of [APP_SECRET, WRONG_APP_SECRET, WRONG_USER_SECRET, runs.webhook!.accessToken]) {
				expect(bytes.includes(secret)).toBe(false);
			}
		});
	});
});
