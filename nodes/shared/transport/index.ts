import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { resolveDapiUrl } from '../endpoint';
import { dapiApiError, inputError, type ExplainFailure } from '../errors';
import { redactSecrets } from '../secrets';

/** Dapi's own server-side limit for every endpoint except transfer autoflow (240 s). */
export const DAPI_DEFAULT_TIMEOUT_MS = 120_000;

/** Where the user-scoped token and secret of a call come from. */
export type UserAuth =
	| { source: 'none' }
	| { source: 'fields'; accessToken: string; userSecret: string }
	| { source: 'credential' };

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
	/** What the call changes, e.g. "transfer": one that got no answer has an unknown outcome. */
	changes?: string;
	/** Values only this call knows that must never reach an error (for example an access code). */
	secrets?: Array<string | undefined>;
	explain?: ExplainFailure;
}

export interface DapiResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body?: unknown;
}

/** Dapi reports failure in the body as well as in the status code; either one means the call failed. */
export function isDapiFailure(response: DapiResponse): boolean {
	const body = response.body as IDataObject | undefined;
	const bodyFailed =
		typeof body === 'object' && body !== null && (body.success === false || body.status === 'failed');
	return response.statusCode < 200 || response.statusCode > 299 || bodyFailed;
}

const stringField = (body: unknown, key: string): string | undefined => {
	const value = typeof body === 'object' && body !== null ? (body as IDataObject)[key] : undefined;
	return typeof value === 'string' && value !== '' ? value : undefined;
};

// Reading a credential is a database query and a decryption; n8n would do it twice per call (here
// and in httpRequestWithAuthentication). It is read once per node run and handed to n8n.
const readCredentials = new WeakMap<IExecuteFunctions, Map<string, Promise<ICredentialDataDecryptedObject>>>();

function credentialsOf(
	this: IExecuteFunctions,
	type: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let byType = readCredentials.get(this);
	if (!byType) readCredentials.set(this, (byType = new Map()));
	let credentials = byType.get(type);
	if (!credentials) {
		credentials = this.getCredentials(type, itemIndex);
		byType.set(type, credentials);
	}
	return credentials;
}

/**
 * The only door to HTTP. Sends one call to Dapi with the app secret (through the credential), the
 * user's token and secret when the call is user-scoped, and turns Dapi's envelope into errors.
 * It never retries: payment calls must not be sent twice, and callers decide about reads.
 */
export async function dapiApiRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	call: DapiCall,
): Promise<DapiResponse> {
	const credentialType = call.auth.source === 'credential' ? 'dapiConnectionApi' : 'dapiApi';
	const credentials = await credentialsOf.call(this, credentialType, itemIndex);
	const secrets = [
		credentials.appSecret as string | undefined,
		credentials.accessToken as string | undefined,
		credentials.userSecret as string | undefined,
		...(call.auth.source === 'fields' ? [call.auth.accessToken, call.auth.userSecret] : []),
		...(call.secrets ?? []),
	];

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

	const resolved = resolveDapiUrl(String(credentials.baseUrl ?? ''), call.endpoint);
	if ('problem' in resolved) {
		throw inputError(this.getNode(), itemIndex, 'The request URL was refused', resolved.problem);
	}

	const options: IHttpRequestOptions = {
		method: call.method ?? 'POST',
		url: resolved.url,
		headers,
		body,
		json: true,
		timeout: call.timeout ?? DAPI_DEFAULT_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Dapi never redirects; following one could carry the secrets in the body to another host.
		disableFollowRedirect: true,
	};

	let raw: FullResponse;
	try {
		const node = this.getNode().credentials?.[credentialType];
		raw = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options, {
			credentialsDecrypted: { id: node?.id ?? '', name: node?.name ?? '', type: credentialType, data: { ...credentials } },
		})) as FullResponse;
	} catch (error) {
		throw transportError.call(this, error, call, itemIndex, secrets);
	}

	const response: DapiResponse = {
		statusCode: raw.statusCode,
		headers: raw.headers ?? {},
		body: raw.body,
	};
	if (!call.neverError && isDapiFailure(response)) {
		throw dapiApiError(
			this.getNode(),
			{
				httpCode: response.statusCode,
				type: stringField(response.body, 'type'),
				msg: stringField(response.body, 'msg'),
				operationID: stringField(response.body, 'operationID'),
				endpoint: call.endpoint,
			},
			{ itemIndex, secrets, explain: call.explain },
		);
	}
	return response;
}

/** A call that got no answer from Dapi: rebuilt from the error code alone, so the request never leaks. */
function transportError(
	this: IExecuteFunctions,
	error: { message?: string; code?: string; cause?: { code?: string } },
	call: DapiCall,
	itemIndex: number,
	secrets: Array<string | undefined>,
) {
	const code = error.cause?.code ?? error.code;
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message ?? '');
	const seconds = Math.round((call.timeout ?? DAPI_DEFAULT_TIMEOUT_MS) / 1000);
	const reason = redactSecrets(code ?? error.message ?? 'network error', secrets);
	// Refused before sending: nothing reached Dapi, so even a payment can simply be tried again.
	const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
	const operationID = typeof call.body?.operationID === 'string' ? call.body.operationID : undefined;
	const checkStatus = operationID
		? `Check it with Operation: Get Status and operation ID ${operationID} before trying again.`
		: 'Check the account\'s transactions (or Operation: Get Status when you have an operation ID) before trying again.';
	return dapiApiError(
		this.getNode(),
		{ endpoint: call.endpoint, operationID },
		{
			itemIndex,
			secrets,
			explain: () => {
				if (call.changes && !neverSent) {
					return {
						message: timedOut
							? `No answer from Dapi within ${seconds} s: the ${call.changes}'s outcome is unknown`
							: `The connection to Dapi broke: the ${call.changes}'s outcome is unknown`,
						description: `The ${call.changes} may or may not have been made, so it was not retried (${reason}). ${checkStatus}`,
					};
				}
				return timedOut
					? {
							message: `Dapi did not answer within ${seconds} s`,
							description:
								'Dapi itself allows 120 s (240 s for transfer autoflow); a shorter timeout can cut off calls that would succeed. The outcome of this call is unknown.',
						}
					: {
							message: 'Could not reach Dapi',
							description: `The request to the Base URL failed before Dapi answered (${reason}). Check the Base URL in the credential and the network.`,
						};
			},
		},
	);
}
