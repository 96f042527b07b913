import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { Redactor } from '../secrets';

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

export function describeFailure(failure: DapiFailure): string {
	const parts = [
		failure.type ? `Dapi error type: ${failure.type}.` : undefined,
		failure.msg ? `Dapi said: "${failure.msg}".` : undefined,
		failure.httpCode ? `HTTP ${failure.httpCode} from ${failure.endpoint}.` : `Endpoint: ${failure.endpoint}.`,
		failure.operationID ? `Operation ID: ${failure.operationID}.` : undefined,
	];
	return parts.filter((part) => part !== undefined).join(' ');
}

/** Scrubs every text field of a failure: Dapi may echo a secret back in any of them. */
export function scrubbed(failure: DapiFailure, redactor: Redactor): DapiFailure {
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

export function marked<E extends NodeApiError | NodeOperationError>(error: E, outcome: FailedCallOutcome): E {
	error.context.outcome = outcome;
	return error;
}

/** Whether a call that failed with this error certainly made nothing at Dapi. */
export function madeNothing(error: unknown): boolean {
	if (error instanceof NodeOperationError) return true;
	return error instanceof NodeApiError && ['notSent', 'refused'].includes(String(error.context.outcome));
}

export const attemptsNote = (attempts: number | undefined) =>
	attempts && attempts > 1 ? ` Tried ${attempts} times.` : '';

export function apiError(
	node: INode,
	failure: DapiFailure,
	explanation: ErrorExplanation,
	itemIndex: number,
): NodeApiError {
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
