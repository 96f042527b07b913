import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { stoppedBeforeSending } from '../errors';
import type { Run, RunContext } from '../run';
import { Redactor } from '../secrets';
import { credentialSecrets, credentialTypeOf, userToken, type DapiCall, type DapiResponse } from './call';
import { answerOf } from './outcome';
import { buildRequest } from './request';
import { MAX_READ_ATTEMPTS, mayRetryRead, retryDelayMs } from './retry';
import { sendOnce, type Attempt } from './send';
import { defaultTimeoutMs } from './timeouts';
import { takeToken } from './tokenQueue';

export * from './call';
export * from './timeouts';

/**
 * The only door to HTTP: one call to Dapi, only its JSON envelope accepted back, every secret the call knows
 * scrubbed from it. A change is sent exactly once; a read again only where Dapi cannot have reached the bank.
 */
export async function dapiRequest(run: Run, itemIndex: number, call: DapiCall): Promise<DapiResponse> {
	const credentialType = credentialTypeOf(call.auth);
	const credentials = await run.credentials(credentialType, itemIndex);
	const redactor = new Redactor([
		...credentialSecrets(credentials),
		...(call.auth.source === 'fields' ? [call.auth.accessToken, call.auth.userSecret] : []),
		...(call.secrets ?? []),
	]);

	const timeout = call.timeout ?? defaultTimeoutMs(call.endpoint);
	const options = buildRequest(run, itemIndex, call, credentials, timeout);
	const credential = { ...run.credentialNamed(credentialType), type: credentialType };
	const send = async (abortSignal: AbortSignal) =>
		await run.n8n.helpers.httpRequestWithAuthentication.call(
			helperContext(run.n8n, abortSignal),
			credentialType,
			{ ...options, headers: { ...options.headers }, abortSignal },
			{ credentialsDecrypted: { ...credential, data: { ...credentials } } },
		);

	const resuming = call.body?.operationID !== undefined || call.body?.userInputs !== undefined;
	const mayRetry = !call.sideEffect && !resuming && call.retryReads !== false;
	// Prepared ahead while earlier items' calls were in flight; the connection is free from here...
	await run.waitForTurn(itemIndex);
	// ...within this run; other executions of this process may be calling on the same token.
	const cancel = run.cancelSignal();
	const token = userToken(call.auth, credentials);
	const handOn = token ? await takeToken(token, cancel) : () => {};
	if (!handOn) throw stoppedBeforeSending(run.n8n.getNode(), itemIndex);
	let attempt: Attempt | undefined;
	let attempts = 0;
	try {
		while (attempts < MAX_READ_ATTEMPTS) {
			attempts++;
			attempt = await sendOnce(send, timeout, cancel);
			if (!mayRetry || attempts >= MAX_READ_ATTEMPTS || !mayRetryRead(attempt)) break;
			const delay = retryDelayMs(attempt, attempts);
			if (delay === 'tooLong') break;
			await sleep(delay);
		}
	} finally {
		handOn();
	}
	return answerOf(run, itemIndex, call, attempt!, { attempts, redactor, timeout });
}

/**
 * n8n's helper as `this`: it aborts a request only with the execution's cancel signal (it replaces any
 * abortSignal given), so the call's own signal stands in for it. These are the members the helper uses.
 */
function helperContext(context: RunContext, abortSignal: AbortSignal): IExecuteFunctions {
	const members = {
		getNode: () => context.getNode(),
		getCredentials: async (type: string, itemIndex?: number) => await context.getCredentials(type, itemIndex),
		helpers: context.helpers,
		logger: context.logger,
		getExecutionCancelSignal: () => abortSignal,
	};
	// n8n types the helper's `this` as an execution context; it uses only what every context has.
	return members as unknown as IExecuteFunctions;
}
