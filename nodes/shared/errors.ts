import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { redactSecrets } from './secrets';

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
			message: 'The bank rejected the user\'s login',
			description: `Stop using this connection: repeated calls may block the user's bank account. ${RECONNECT}`,
		},
	},
	{
		match: /^INVALID_MFA$/,
		explanation: {
			message: 'The bank rejected the answer to its prompt',
			description:
				'The OTP, PIN or secret answer was wrong or expired. Start the operation again to get a new prompt.',
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

function describeFailure(failure: DapiFailure, secrets: Array<string | undefined>): string {
	const parts = [
		failure.type ? `Dapi error type: ${failure.type}.` : undefined,
		failure.msg ? `Dapi said: "${redactSecrets(failure.msg, secrets)}".` : undefined,
		failure.httpCode ? `HTTP ${failure.httpCode} from ${failure.endpoint}.` : `Endpoint: ${failure.endpoint}.`,
		failure.operationID ? `Operation ID: ${failure.operationID}.` : undefined,
	];
	return parts.filter((part) => part !== undefined).join(' ');
}

/**
 * Builds the error for a failed Dapi call. Only the failure's own fields are attached, never the
 * request, so no secret can travel with the error into execution data.
 */
export function dapiApiError(
	node: INode,
	failure: DapiFailure,
	options: { itemIndex: number; secrets: Array<string | undefined>; explain?: ExplainFailure },
): NodeApiError {
	const type = failure.type ?? '';
	const explanation =
		options.explain?.(failure) ?? HINTS.find((hint) => type && hint.match.test(type))?.explanation;
	const dapiSays = failure.msg ? redactSecrets(failure.msg, options.secrets) : undefined;
	const message = explanation?.message ?? (dapiSays ? `Dapi: ${dapiSays}` : 'Dapi request failed');
	const description = [explanation?.description, describeFailure(failure, options.secrets)]
		.filter(Boolean)
		.join(' ');
	const safeResponse: JsonObject = {
		type: failure.type ?? null,
		msg: dapiSays ?? null,
		operationID: failure.operationID ?? null,
		endpoint: failure.endpoint,
	};
	const error = new NodeApiError(node, safeResponse, {
		message,
		description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex: options.itemIndex,
	});
	if (failure.type) error.context.type = failure.type;
	return error;
}

/** A problem with the node's own input, found before any request is sent. */
export function inputError(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}
