import type { INode, NodeApiError } from 'n8n-workflow';

import type { Redactor } from '../secrets';
import { EGRESS_REFUSED } from '../transport/send';
import { apiError, attemptsNote, DAPI_OWN_LIMIT, describeFailure, marked, scrubbed, type DapiFailure } from './failure';

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
