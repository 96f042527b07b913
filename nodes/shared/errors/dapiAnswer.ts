import type { INode, NodeApiError } from 'n8n-workflow';

import type { Redactor } from '../secrets';
import {
	apiError,
	attemptsNote,
	describeFailure,
	marked,
	scrubbed,
	type DapiFailure,
	type ErrorExplanation,
	type ExplainFailure,
} from './failure';

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
