/**
 * The exchange service through both its callers, Exchange Access Code (real engine) and the Connect
 * Trigger (its webhook), against the same answers from one hostile "Dapi".
 */
import { allText, exchangeNode } from '../../support/dapi';
import { chainWorkflow, runWorkflow } from '../../support/engine';
import { APP_KEY, APP_SECRET, SEALING_SECRET, trigger } from '../../support/connectTrigger';
import { startHostileServer, type HostileServer } from '../../support/hostileServer';
import { useSimulator } from '../../support/simulator';

/** A Connect success as the browser posts it (and a workflow maps it into the operation). */
const connect = {
	accessCode: 'ac-7f3a9c1e5b2d',
	connectionID: 'conn-exchange-1',
	userSecret: 'us-9e8d7c6b5a4f',
	tokenID: 'token-id-from-connect',
	userID: 'user-id-from-connect',
};
const SECRETS = [connect.accessCode, connect.userSecret, APP_SECRET, SEALING_SECRET];

describe('the exchange service, through Exchange Access Code and the Connect Trigger', () => {
	const sim = useSimulator({ appSecret: APP_SECRET, appKey: APP_KEY });
	let dapi: HostileServer;
	beforeAll(async () => {
		dapi = await startHostileServer();
	});
	afterAll(async () => await dapi.close());

	async function viaOperation(output: 'plain' | 'sealed') {
		const credentials = {
			appSecret: APP_SECRET,
			appKey: APP_KEY,
			baseUrl: dapi.baseUrl,
			sealingSecret: SEALING_SECRET,
		};
		const run = await runWorkflow(chainWorkflow([connect], [exchangeNode({ output })]), { dapiApi: credentials });
		const error = run.error();
		return {
			error: error?.message,
			items: run.output('Exchange').map((item) => item.json),
			text: allText([error, run.run.data.resultData.runData.Exchange]),
		};
	}

	async function viaTrigger(output: 'plain' | 'sealed') {
		const t = trigger(sim, {
			credentials: { baseUrl: dapi.baseUrl },
			parameters: { output, options: { failedConnectionsOutput: true } },
		});
		const { result } = await t.post({ state: await t.state(), event: 'success', payload: connect });
		const [connected, failed] = result.workflowData!;
		return {
			error: (failed[0]?.json.error as { msg?: string } | undefined)?.msg,
			items: connected.map((item) => item.json),
			text: JSON.stringify(result),
		};
	}

	it.each(['plain', 'sealed'] as const)(
		'an answer with a blank access token is no connection, with the same error from both (output %s)',
		async (output) => {
			dapi.setFault({ kind: 'json', text: JSON.stringify({ success: true, accessToken: ' ', tokenID: 't' }) });
			const [operation, connectTrigger] = [await viaOperation(output), await viaTrigger(output)];
			expect(operation.error).toBe('Dapi answered without an access token');
			expect(connectTrigger.error).toBe(operation.error);
			expect([operation.items, connectTrigger.items]).toEqual([[], []]);
			expect(dapi.log.map((request) => request.path)).toEqual(['/auth/ExchangeToken', '/auth/ExchangeToken']);
			for (const secret of SECRETS) expect(operation.text + connectTrigger.text).not.toContain(secret);
		},
	);

	it('a failure that echoes what Dapi was sent names the same error from both, with every secret masked', async () => {
		dapi.setFault({ kind: 'echoIn', field: 'msg' });
		dapi.setSecrets([connect.accessCode, APP_SECRET]);
		const [operation, connectTrigger] = [await viaOperation('sealed'), await viaTrigger('sealed')];
		expect(operation.error).toEqual(expect.any(String));
		expect(connectTrigger.error).toBe(operation.error);
		for (const secret of SECRETS) expect(operation.text + connectTrigger.text).not.toContain(secret);
		dapi.setSecrets([]);
	});

	it("a blank ID in Dapi's answer is no ID: the operation leaves it out, the trigger keeps Connect's", async () => {
		dapi.setFault({
			kind: 'json',
			text: JSON.stringify({ success: true, accessToken: 'tok-1', tokenID: '', userID: ' ' }),
		});
		const [operation, connectTrigger] = [await viaOperation('plain'), await viaTrigger('plain')];
		expect(operation.items).toEqual([
			{ accessToken: 'tok-1', connectionID: connect.connectionID, userSecret: connect.userSecret },
		]);
		expect(connectTrigger.items).toEqual([
			expect.objectContaining({ accessToken: 'tok-1', tokenID: connect.tokenID, userID: connect.userID }),
		]);
	});
});
