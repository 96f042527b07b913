import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { resolveDapiUrl } from '../endpoint';
import { endpointFacts, reportsOnAnotherOperation } from '../endpointTable';
import { remembered } from '../remembered';
import { waitForTurn } from '../schedule';
import {
	dapiApiError,
	inputError,
	noAnswerError,
	stoppedBeforeSending,
	unreadableAnswerError,
	type ExplainFailure,
} from '../errors';
import { Redactor } from '../secrets';
import { envelopeFailed, parseAnswer } from './answer';
import { MAX_READ_ATTEMPTS, mayRetryRead, retryDelayMs } from './retry';
import { sendOnce, type Attempt } from './send';
import { takeToken } from './tokenQueue';

/**
 * Dapi stops its own work after 120 s (240 s for the transfer autoflows), and its production checklist
 * warns that a client giving up sooner gets 504s; one that gives up at that very limit still cuts off
 * answers on their way. So the defaults wait longer, as Dapi's Java SDK does: 135 s, and 5 minutes for
 * the calls that move money.
 */
export const DAPI_DEFAULT_TIMEOUT_MS = 135_000;
export const MONEY_TIMEOUT_MS = 300_000;

/** How long a call to this endpoint waits for Dapi when the user set no Timeout. */
export function defaultTimeoutMs(endpoint: string): number {
	return endpointFacts(endpoint).timeout === 'long' ? MONEY_TIMEOUT_MS : DAPI_DEFAULT_TIMEOUT_MS;
}
/** The longest Timeout a user may set: the SDKs' own ceiling (5 minutes). */
export const MAX_TIMEOUT_MS = 300_000;
export const MIN_TIMEOUT_MS = 1_000;

/**
 * What the transport needs of n8n's context, so that a node run, the editor's list searches and a
 * webhook (the Connect Trigger's exchange) can all call through it.
 */
export interface TransportContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequestWithAuthentication'>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/** Where the user-scoped token and secret of a call come from. */
export type UserAuth =
	{ source: 'none' } | { source: 'fields'; accessToken: string; userSecret: string } | { source: 'credential' };

export interface DapiCall {
	/** Path relative to the credential's Base URL, already checked with endpointProblem(). */
	endpoint: string;
	method?: IHttpRequestMethods;
	body?: IDataObject;
	headers?: IDataObject;
	auth: UserAuth;
	timeout?: number;
	/** Answers with Dapi's failure instead of throwing it. */
	neverError?: boolean;
	/** Sends the credential's App Key in the body (operation status names the app). */
	withAppKey?: boolean;
	/**
	 * What the call changes, e.g. "transfer". Such a call is sent once, whatever happens; an answer
	 * that is lost or unreadable makes its outcome unknown. Without it the call is a read.
	 */
	sideEffect?: string;
	/** What to do when a change's outcome is unknown, instead of checking the operation's status. */
	unknownOutcomeAdvice?: string;
	/** Whether a read may be sent again where Dapi cannot have reached the bank (default true). */
	retryReads?: boolean;
	/** Values only this call knows that must never reach an error or an item (for example an access code). */
	secrets?: Array<string | undefined>;
	explain?: ExplainFailure;
}

export interface DapiResponse {
	statusCode: number;
	headers: IDataObject;
	/** Dapi's envelope, with every secret the call knew scrubbed from it. */
	body: IDataObject;
}

/** Dapi reports failure in the body as well as in the status code; either one means the call failed. */
export function isDapiFailure(response: DapiResponse, statusIsResult = false): boolean {
	return response.statusCode < 200 || response.statusCode > 299 || envelopeFailed(response.body, statusIsResult);
}

const stringField = (body: IDataObject, key: string): string | undefined => {
	const value = body[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * What every call of one node run shares, worked out once per run: reading a credential is a
 * database query and a decryption (n8n would do it twice per call, here and in its helper), getNode()
 * copies the whole node, and the URL of an endpoint is the same for every item.
 */
interface RunState {
	credentials: Map<string, Promise<ICredentialDataDecryptedObject>>;
	nodeCredentials: Map<string, { id: string; name: string }>;
	urls: Map<string, ReturnType<typeof resolveDapiUrl>>;
}

const runStates = new WeakMap<TransportContext, RunState>();

function runState(this: TransportContext): RunState {
	return remembered(runStates, this, () => ({ credentials: new Map(), nodeCredentials: new Map(), urls: new Map() }));
}

/** A credential of this node run, read from n8n once per run (the transport and the sealing keys share it). */
export function credentialsOf(
	this: TransportContext,
	type: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	return remembered(runState.call(this).credentials, type, () => this.getCredentials(type, itemIndex));
}

function nodeCredential(this: TransportContext, type: string): { id: string; name: string } {
	return remembered(runState.call(this).nodeCredentials, type, () => {
		const named = this.getNode().credentials?.[type];
		return { id: named?.id ?? '', name: named?.name ?? '' };
	});
}

function urlOf(this: TransportContext, baseUrl: string, endpoint: string): ReturnType<typeof resolveDapiUrl> {
	return remembered(runState.call(this).urls, `${baseUrl}\n${endpoint}`, () => resolveDapiUrl(baseUrl, endpoint));
}

/** The credential fields that are not secret; every other text field of a credential is scrubbed from answers. */
const PUBLIC_CREDENTIAL_FIELDS = new Set(['baseUrl', 'appKey', 'allowedHttpRequestDomains', 'allowedDomains']);

/** Every secret of a credential, whatever its type (and whatever fields it grows), so none can come back. */
export const credentialSecrets = (credentials: ICredentialDataDecryptedObject): string[] =>
	Object.entries(credentials)
		.filter(([key, value]) => !PUBLIC_CREDENTIAL_FIELDS.has(key) && typeof value === 'string')
		.map(([, value]) => value as string);

/**
 * The only door to HTTP. Sends one call to Dapi with the app secret (through the credential), the
 * user's token and secret when the call is user-scoped, and accepts only Dapi's JSON envelope back.
 * A call that changes something is sent exactly once; a read is sent again only where Dapi cannot
 * have reached the bank, at most three times in all. Every secret the call knows is scrubbed from
 * what comes back before it can reach an error or an item.
 */
export async function apiRequest(this: TransportContext, itemIndex: number, call: DapiCall): Promise<DapiResponse> {
	const credentialType = credentialTypeOf(call.auth);
	const credentials = await credentialsOf.call(this, credentialType, itemIndex);
	const redactor = new Redactor([
		...credentialSecrets(credentials),
		...(call.auth.source === 'fields' ? [call.auth.accessToken, call.auth.userSecret] : []),
		...(call.secrets ?? []),
	]);

	const timeout = call.timeout ?? defaultTimeoutMs(call.endpoint);
	const options = buildRequest.call(this, itemIndex, call, credentials, timeout);
	const credential = { ...nodeCredential.call(this, credentialType), type: credentialType };
	const send = (abortSignal: AbortSignal) => {
		// n8n's helper aborts a request only with the execution's cancel signal (it replaces any
		// abortSignal given), so the call's own signal stands in for it on a context that otherwise is n8n's.
		const context = Object.create(this, { getExecutionCancelSignal: { value: () => abortSignal } }) as TransportContext;
		return this.helpers.httpRequestWithAuthentication.call(
			// n8n types the helper's `this` as an execution context; it uses only what every context has.
			context as unknown as IExecuteFunctions,
			credentialType,
			{ ...options, headers: { ...options.headers }, abortSignal },
			{ credentialsDecrypted: { ...credential, data: { ...credentials } } },
		);
	};

	const resuming = call.body?.operationID !== undefined || call.body?.userInputs !== undefined;
	const mayRetry = !call.sideEffect && !resuming && call.retryReads !== false;
	// Prepared ahead while earlier items' calls were in flight; the connection is free from here.
	await waitForTurn(this, itemIndex);
	// ...within this node run; other executions of this process may be calling on the same token.
	const cancel = this.getExecutionCancelSignal?.();
	const token = userToken(call.auth, credentials);
	const handOn = token ? await takeToken(token, cancel) : () => {};
	if (!handOn) throw stoppedBeforeSending(this.getNode(), itemIndex);
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
	return answerOf.call(this, itemIndex, call, attempt!, { attempts, redactor, timeout });
}

/** The credential a call is sent with: the connection's own, or the Dapi API credential. */
export const credentialTypeOf = (auth: UserAuth): string =>
	auth.source === 'credential' ? 'dapiConnectionApi' : 'dapiApi';

/** The access token a call sends, whatever its source; none for an app-level call. */
function userToken(auth: UserAuth, credentials: ICredentialDataDecryptedObject): string | undefined {
	if (auth.source === 'fields') return auth.accessToken;
	if (auth.source === 'credential' && typeof credentials.accessToken === 'string') return credentials.accessToken;
	return undefined;
}

function buildRequest(
	this: TransportContext,
	itemIndex: number,
	call: DapiCall,
	credentials: ICredentialDataDecryptedObject,
	timeout: number,
): IHttpRequestOptions {
	const headers: IDataObject = { ...call.headers, 'Content-Type': 'application/json' };
	const body: IDataObject = { ...call.body };
	if (call.withAppKey) {
		const appKey = typeof credentials.appKey === 'string' ? credentials.appKey.trim() : '';
		if (!appKey) {
			throw inputError(
				this.getNode(),
				itemIndex,
				'The Dapi API credential has no App Key',
				'This call names your app: add the App Key from the Dapi dashboard to the Dapi API credential.',
			);
		}
		body.appKey = appKey;
	}
	if (call.auth.source === 'fields') {
		headers.Authorization = `Bearer ${call.auth.accessToken}`;
		body.userSecret = call.auth.userSecret;
	}
	if (call.auth.source === 'credential') {
		for (const [field, label] of [
			['accessToken', 'Access Token'],
			['userSecret', 'User Secret'],
		]) {
			const value = credentials[field];
			if (typeof value !== 'string' || value.trim() === '') {
				throw inputError(
					this.getNode(),
					itemIndex,
					`The Dapi Connection credential's ${label} is empty`,
					`Fill in the connection's ${label} from Exchange Access Code in the Dapi Connection credential, or choose another Token Source.`,
				);
			}
		}
	}

	const resolved = urlOf.call(this, String(credentials.baseUrl ?? ''), call.endpoint);
	if ('problem' in resolved) {
		throw inputError(this.getNode(), itemIndex, 'The request URL was refused', resolved.problem);
	}
	return {
		method: call.method ?? 'POST',
		url: resolved.url,
		headers,
		body,
		json: true,
		// The body is read by sendOnce, after n8n's helper has returned: a body that breaks can then
		// never make the helper run its re-authentication path, which sends the request again.
		encoding: 'stream',
		timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Dapi never redirects; following one could carry the secrets in the body to another host.
		disableFollowRedirect: true,
	};
}

/** Turns what the attempts gave into Dapi's answer, or into the error that says what is known. */
function answerOf(
	this: TransportContext,
	itemIndex: number,
	call: DapiCall,
	attempt: Attempt,
	{ attempts, redactor, timeout }: { attempts: number; redactor: Redactor; timeout: number },
): DapiResponse {
	const context = {
		itemIndex,
		redactor,
		attempts,
		sideEffect: call.sideEffect,
		unknownOutcomeAdvice: call.unknownOutcomeAdvice,
		timeout,
	};
	const operationID = typeof call.body?.operationID === 'string' ? call.body.operationID : undefined;
	if (attempt.kind === 'noAnswer') {
		throw noAnswerError(this.getNode(), { endpoint: call.endpoint, operationID }, attempt, context);
	}
	const headers = redactor.value(attempt.headers);
	if (attempt.kind === 'brokenAnswer') {
		throw unreadableAnswerError(
			this.getNode(),
			{ endpoint: call.endpoint, operationID, httpCode: attempt.statusCode },
			attempt.reason,
			context,
		);
	}
	const parsed = parseAnswer(attempt.text, String(attempt.headers['content-type'] ?? ''));
	if (parsed.kind === 'notEnvelope') {
		throw unreadableAnswerError(
			this.getNode(),
			{ endpoint: call.endpoint, operationID, httpCode: attempt.statusCode },
			`it was ${parsed.what}, not Dapi's JSON answer`,
			context,
		);
	}
	const body = redactor.value(parsed.body);
	const response: DapiResponse = { statusCode: attempt.statusCode, headers, body };
	if (call.neverError || !isDapiFailure(response, reportsOnAnotherOperation(call.endpoint))) return response;
	if (call.sideEffect && [502, 504].includes(attempt.statusCode)) {
		// A gateway or Dapi's own timeout answered: the bank may still carry the call out.
		throw unreadableAnswerError(
			this.getNode(),
			{
				endpoint: call.endpoint,
				operationID: stringField(body, 'operationID') ?? operationID,
				httpCode: attempt.statusCode,
			},
			`Dapi answered HTTP ${attempt.statusCode}, which comes before the bank has finished`,
			context,
		);
	}
	throw dapiApiError(
		this.getNode(),
		{
			httpCode: attempt.statusCode,
			type: stringField(body, 'type'),
			msg: stringField(body, 'msg'),
			operationID: stringField(body, 'operationID'),
			endpoint: call.endpoint,
		},
		{ itemIndex, redactor, explain: call.explain, attempts },
	);
}
