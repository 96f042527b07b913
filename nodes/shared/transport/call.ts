import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { ExplainFailure } from '../errors';
import { envelopeFailed } from './answer';

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
	/** What the call changes, e.g. "transfer": sent once, whatever happens; a lost answer makes its outcome unknown. */
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

/** The credential a call is sent with: the connection's own, or the Dapi API credential. */
export const credentialTypeOf = (auth: UserAuth): string =>
	auth.source === 'credential' ? 'dapiConnectionApi' : 'dapiApi';

/** The credential fields that are not secret; every other text field of a credential is scrubbed from answers. */
const PUBLIC_CREDENTIAL_FIELDS = new Set(['baseUrl', 'appKey', 'allowedHttpRequestDomains', 'allowedDomains']);

/** Every secret of a credential, whatever its type (and whatever fields it grows), so none can come back. */
export const credentialSecrets = (credentials: ICredentialDataDecryptedObject): string[] =>
	Object.entries(credentials)
		.filter(([key, value]) => !PUBLIC_CREDENTIAL_FIELDS.has(key) && typeof value === 'string')
		.map(([, value]) => value as string);

/** The access token a call sends, whatever its source; none for an app-level call. */
export function userToken(auth: UserAuth, credentials: ICredentialDataDecryptedObject): string | undefined {
	if (auth.source === 'fields') return auth.accessToken;
	if (auth.source === 'credential' && typeof credentials.accessToken === 'string') return credentials.accessToken;
	return undefined;
}
