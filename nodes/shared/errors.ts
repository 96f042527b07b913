import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { Redactor } from './secrets';
import { EGRESS_REFUSED } from './transport/send';

/** How long Dapi itself works on a call, as its production checklist gives it. */
export const DAPI_OWN_LIMIT = '120 s (240 s for the transfer autoflows)';

/** What Dapi said when a call failed: its envelope fields, or what we know about a transport failure. */
export interface DapiFailure {
	httpCode?: number;
	type?: string;
	msg?: string;
	operationID?: string;
	endpoint: string;
}

export interface ErrorExplanation {
	message: string;
	description: string;
}

/** Lets an operation explain failures in its own words before the generic hints are used. */
export type ExplainFailure = (failure: DapiFailure) => ErrorExplanation | undefined;

const RECONNECT =
	'Ask the user to connect the bank again with Dapi Connect, then run Exchange Access Code for a new token.';

// Hints for the error types Dapi documents, plus the app and token failures every API call can hit.
const HINTS: Array<{ match: RegExp; explanation: ErrorExplanation }> = [
	{
		match: /APP_SECRET|INVALID_APP|UNAUTHORIZED_APP/,
		explanation: {
			message: 'Dapi rejected the app secret',
			description:
				'Check the App Secret in the Dapi credential (Dapi dashboard, your app) and that the Base URL belongs to the same environment.',
		},
	},
	{
		match: /USER_SECRET/,
		explanation: {
			message: 'Dapi rejected the user secret',
			description:
				'Use the userSecret that Dapi Connect returned with this connection, together with its access token.',
		},
	},
	{
		match: /TOKEN/,
		explanation: {
			message: 'Dapi rejected the access token',
			description: `The token is unknown, belongs to another app, or was delinked. ${RECONNECT}`,
		},
	},
	{
		match: /^INVALID_CREDENTIALS$/,
		explanation: {
			message: "The bank rejected the user's login",
			description: `Stop using this connection: repeated calls may block the user's bank account. ${RECONNECT}`,
		},
	},
	{
		match: /^INVALID_MFA$/,
		explanation: {
			message: 'The bank rejected the answer to its prompt',
			description: 'The OTP, PIN or secret answer was wrong or expired. Start the operation again to get a new prompt.',
		},
	},
	{
		match: /PARALLEL|CONCURREN/,
		explanation: {
			message: 'Dapi refused parallel calls on one access token',
			description:
				'Dapi fails every call when two run at once on the same token. Make sure no other workflow uses this connection at the same time.',
		},
	},
	{
		match: /^PARAMETER_(MISSING|ERROR)$/,
		explanation: {
			message: 'Dapi rejected the request parameters',
			description: 'Check the body fields against the Dapi API reference for this endpoint.',
		},
	},
];

function describeFailure(failure: DapiFailure): string {
	const parts = [
		failure.type ? `Dapi error type: ${failure.type}.` : undefined,
		failure.msg ? `Dapi said: "${failure.msg}".` : undefined,
		failure.httpCode ? `HTTP ${failure.httpCode} from ${failure.endpoint}.` : `Endpoint: ${failure.endpoint}.`,
		failure.operationID ? `Operation ID: ${failure.operationID}.` : undefined,
	];
	return parts.filter((part) => part !== undefined).join(' ');
}

/** Scrubs every text field of a failure: Dapi may echo a secret back in any of them. */
function scrubbed(failure: DapiFailure, redactor: Redactor): DapiFailure {
	const clean = (text: string | undefined) => (text === undefined ? undefined : redactor.text(text));
	return {
		...failure,
		type: clean(failure.type),
		msg: clean(failure.msg),
		operationID: clean(failure.operationID),
		endpoint: redactor.text(failure.endpoint),
	};
}

/**
 * What a failed call is known to have done at Dapi, on the error's context: an Idempotency Key is freed
 * only when nothing was made (the request never left, or Dapi refused it); otherwise it stays recorded.
 * Every NodeOperationError the transport throws comes before sending, so it needs no mark.
 */
export type FailedCallOutcome = 'notSent' | 'refused';

function marked<E extends NodeApiError | NodeOperationError>(error: E, outcome: FailedCallOutcome): E {
	error.context.outcome = outcome;
	return error;
}

/** Whether a call that failed with this error certainly made nothing at Dapi. */
export function madeNothing(error: unknown): boolean {
	if (error instanceof NodeOperationError) return true;
	return error instanceof NodeApiError && ['notSent', 'refused'].includes(String(error.context.outcome));
}

const attemptsNote = (attempts: number | undefined) => (attempts && attempts > 1 ? ` Tried ${attempts} times.` : '');

function apiError(node: INode, failure: DapiFailure, explanation: ErrorExplanation, itemIndex: number): NodeApiError {
	const safeResponse: JsonObject = {
		type: failure.type ?? null,
		msg: failure.msg ?? null,
		operationID: failure.operationID ?? null,
		endpoint: failure.endpoint,
	};
	const error = new NodeApiError(node, safeResponse, {
		message: explanation.message,
		description: explanation.description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex,
	});
	if (failure.type) error.context.type = failure.type;
	// Read where an error is summarised beside another's (an item under way when another failed).
	if (failure.operationID) error.context.operationID = failure.operationID;
	return error;
}

/**
 * Builds the error for a call that Dapi answered with a failure. Only the failure's own fields are
 * attached, scrubbed, never the request, so no secret can travel with the error into execution data.
 */
export function dapiApiError(
	node: INode,
	failure: DapiFailure,
	options: { itemIndex: number; redactor: Redactor; explain?: ExplainFailure; attempts?: number },
): NodeApiError {
	const safe = scrubbed(failure, options.redactor);
	const type = safe.type ?? '';
	const explanation = options.explain?.(safe) ?? HINTS.find((hint) => type && hint.match.test(type))?.explanation;
	const message = explanation?.message ?? (safe.msg ? `Dapi: ${safe.msg}` : 'Dapi request failed');
	const description =
		[explanation?.description, describeFailure(safe)].filter(Boolean).join(' ') + attemptsNote(options.attempts);
	const error = apiError(node, safe, { message, description }, options.itemIndex);
	// Dapi answered with its failure envelope; a 5xx may come after the bank was reached.
	return safe.httpCode !== undefined && safe.httpCode < 500 ? marked(error, 'refused') : error;
}

export interface CallContext {
	itemIndex: number;
	redactor: Redactor;
	attempts: number;
	/** What the call changes ("transfer"), when it is not a read. */
	sideEffect?: string;
	unknownOutcomeAdvice?: string;
	timeout: number;
}

function checkOutcome(operationID: string | undefined): string {
	return operationID
		? `Check it with Operation: Get Status and operation ID ${operationID} before trying again.`
		: "Check the account's transactions (or Operation: Get Status with the operation ID from Dapi's dashboard) before trying again.";
}

function unknownOutcome(
	node: INode,
	failure: DapiFailure,
	what: string,
	context: CallContext & { sideEffect: string; code?: string },
): NodeApiError {
	return apiError(
		node,
		failure,
		{
			message: `The ${context.sideEffect}'s outcome is unknown: ${what}`,
			description: `The request reached Dapi or may have, so the ${context.sideEffect} may or may not have been made. It was sent once and not again. ${context.unknownOutcomeAdvice ?? checkOutcome(failure.operationID)}${context.code ? ` (${context.code})` : ''} ${describeFailure(failure)}`,
		},
		context.itemIndex,
	);
}

/** No answer came: say whether the request left at all, and for a change, that its outcome is unknown. */
export function noAnswerError(
	node: INode,
	failure: DapiFailure,
	attempt: { sent: boolean; timedOut: boolean; code: string },
	context: CallContext,
): NodeApiError {
	const safe = scrubbed(failure, context.redactor);
	const seconds = Math.round(context.timeout / 1000);
	// n8n replaces a message that names a network error code, so codes go in the description only.
	const reason = attempt.timedOut ? `no answer within ${seconds} s` : 'the connection broke before Dapi answered';
	if (attempt.code === EGRESS_REFUSED) {
		return apiError(
			node,
			safe,
			{
				message: "n8n's SSRF protection refused the Base URL",
				description: `This n8n instance blocks requests to the address the credential's Base URL leads to (N8N_SSRF_PROTECTION_ENABLED), so nothing was sent. If the Base URL is right, ask your n8n administrator to allow its host (N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES). ${describeFailure(safe)}`,
			},
			context.itemIndex,
		);
	}
	if (!attempt.sent) {
		const notSent = apiError(
			node,
			safe,
			{
				message: 'Could not reach Dapi',
				description: `The request could not be sent (${attempt.code}), so nothing reached Dapi. Check the Base URL in the credential and the network.${attemptsNote(context.attempts)} ${describeFailure(safe)}`,
			},
			context.itemIndex,
		);
		return marked(notSent, 'notSent');
	}
	if (context.sideEffect)
		return unknownOutcome(node, safe, reason, { ...context, sideEffect: context.sideEffect, code: attempt.code });
	return apiError(
		node,
		safe,
		attempt.timedOut
			? {
					message: `Dapi did not answer within ${seconds} s`,
					description: `Dapi itself works on a call for up to ${DAPI_OWN_LIMIT}; a Timeout at or under that can cut off calls that would succeed. ${describeFailure(safe)}`,
				}
			: {
					message: 'The connection to Dapi broke before it answered',
					description: `The request was sent (${attempt.code}), so it was not sent again: Dapi may have passed it to the bank. ${describeFailure(safe)}`,
				},
		context.itemIndex,
	);
}

/** An answer came but is not one Dapi gives (cut off, not JSON, not its envelope, a gateway's page). */
export function unreadableAnswerError(
	node: INode,
	failure: DapiFailure,
	what: string,
	context: CallContext,
): NodeApiError {
	const safe = scrubbed(failure, context.redactor);
	const code = failure.httpCode ?? 0;
	// A 4xx status is a refusal whatever its body says: nothing was carried out.
	if (context.sideEffect && !(code >= 400 && code < 500)) {
		return unknownOutcome(node, safe, what, { ...context, sideEffect: context.sideEffect });
	}
	const refused = code >= 400 && code < 500 ? `The call was refused with HTTP ${code}. ` : '';
	const error = apiError(
		node,
		safe,
		{
			message: `Dapi's answer could not be used: ${what}`,
			description: `${refused}Check that the credential's Base URL points at the Dapi API (it ends with /v2) and not at a proxy or web page.${attemptsNote(context.attempts)} ${describeFailure(safe)}`,
		},
		context.itemIndex,
	);
	return refused ? marked(error, 'refused') : error;
}

/** The execution was stopped while the call waited for its token: nothing was sent. */
export function stoppedBeforeSending(node: INode, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, 'The execution was stopped before this call was sent', {
		itemIndex,
		description: 'It waited for another call on the same access token to finish; nothing was sent to Dapi.',
	});
}

/** A problem with the node's own input, found before any request is sent. */
export function inputError(node: INode, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}
