import { chainWorkflow, engineErrorLog, runWorkflow } from '../support/engine';
import { APP_SECRET, allText, appCredentials, exchangeNode, requestNode, useDapiSimulator } from '../support/dapi';

/**
 * Runs every failure the nodes know, with Continue On Fail and without, and searches everything a
 * user or an operator can see (error messages and descriptions, output items, n8n's error log) for
 * the app secret, user secrets, access codes and access tokens.
 */
describe('no secret in errors, error items or logs', () => {
	const sim = useDapiSimulator();

	it('holds for every failure path', async () => {
		engineErrorLog.length = 0;
		const secrets: string[] = [APP_SECRET];
		const seen: unknown[] = [];

		const used = sim.connect();
		const expired = sim.connect();
		const mismatched = sim.connect();
		const good = sim.connect();
		secrets.push(...[used, expired, mismatched, good].flatMap((c) => [c.accessCode, c.userSecret]));

		const exchanged = await runWorkflow(chainWorkflow([good, used], [exchangeNode()]), appCredentials(sim));
		const [goodToken] = exchanged.output('Exchange').map((item) => item.json.accessToken as string);
		secrets.push(...exchanged.output('Exchange').map((item) => item.json.accessToken as string));
		sim.advanceClock(31 * 60 * 1000);

		const wrongAppSecret = 'wrong-app-secret-abcdef';
		secrets.push(wrongAppSecret);

		const exchangeFailures = [{ ...used }, { ...expired }, { ...mismatched, connectionID: good.connectionID }];
		for (const onError of ['continueRegularOutput', undefined] as const) {
			const run = await runWorkflow(
				chainWorkflow(exchangeFailures, [exchangeNode({}, { onError })]),
				appCredentials(sim),
			);
			seen.push(run.error(), run.output('Exchange'), run.run.data.resultData.runData.Exchange);
			const wrongSecretRun = await runWorkflow(
				chainWorkflow([used], [exchangeNode({}, { onError })]),
				appCredentials(sim, wrongAppSecret),
			);
			seen.push(wrongSecretRun.error(), wrongSecretRun.output('Exchange'));
		}
		expect(seen.filter(Boolean).length).toBeGreaterThan(3);

		const otp = 'otp-answer-987654';
		const requestFailures = [
			{ accessToken: goodToken, userSecret: 'wrong-user-secret-xyz', otp },
			{ accessToken: 'no-such-token-abcdef', userSecret: good.userSecret, otp },
			{ accessToken: goodToken, userSecret: good.userSecret, accountID: 'missing-account', otp },
		];
		secrets.push('wrong-user-secret-xyz', 'no-such-token-abcdef');
		for (const onError of ['continueRegularOutput', undefined] as const) {
			const run = await runWorkflow(
				chainWorkflow(requestFailures, [
					requestNode(
						{
							endpoint: '/data/balance/get',
							bodyParameters: { parameters: [{ name: 'accountID', value: '={{ $json.accountID }}' }] },
							options: { userInputs: { input: [{ id: 'otp', index: 0, answer: '={{ $json.otp }}' }] } },
						},
						{ onError },
					),
				]),
				appCredentials(sim),
			);
			seen.push(run.error(), run.output('Request'), run.run.data.resultData.runData.Request);
		}
		secrets.push(otp);

		const text = allText(seen) + engineErrorLog.join('\n');
		expect(engineErrorLog.length).toBeGreaterThan(0);
		expect(text).toMatch(/Dapi rejected the user secret/);
		expect(text).toMatch(/The access code has expired/);
		for (const secret of secrets) {
			expect(text).not.toContain(secret);
		}
	});
});
