// @ts-check
'use strict';

/**
 * @typedef {object} ErrorSpec
 * @property {number} status   HTTP status answered with this type.
 * @property {string} msg      Default message. Never contains a secret.
 * @property {boolean} mockOnly true when no Dapi source names this type.
 * @property {'docs' | 'sdk-proxy' | 'mock'} source where the type comes from.
 */

/** @param {number} status @param {string} msg @returns {ErrorSpec} */
const docs = (status, msg) => ({ status, msg, mockOnly: false, source: 'docs' });
/** @param {number} status @param {string} msg @returns {ErrorSpec} */
const sdkProxy = (status, msg) => ({ status, msg, mockOnly: false, source: 'sdk-proxy' });
/**
 * Dapi documents no type for these situations (wrong app secret or app key, bad access code or token,
 * unknown operation, parallel calls, routing errors), so the names are ours. Clients must not rely on them
 * matching production; they only need to be distinct so tests can tell cases apart.
 * @param {number} status @param {string} msg @returns {ErrorSpec}
 */
const mock = (status, msg) => ({ status, msg, mockOnly: true, source: 'mock' });

/** @type {Readonly<Record<string, ErrorSpec>>} */
const ERRORS = Object.freeze({
	// docs.dapi.com/docs/error-codes ("Banking Errors") and the older docs.dapi.co errors page.
	INACTIVE_ACCOUNT: docs(401, 'Provided account number is incorrect or inactive.'),
	INVALID_CREDENTIALS: docs(401, 'Your user entered invalid login credentials.'),
	INVALID_MFA: docs(401, 'Your user has entered invalid MFA information (OTP, Secret Question).'),
	INVALID_ACCOUNT_ID: docs(404, 'Provided account ID is incorrect.'),
	INVALID_CARD_ID: docs(404, 'Provided card ID is incorrect.'),
	INVALID_DATE_RANGE: docs(400, 'Provided date range is not supported by the bank.'),
	PARAMETER_ERROR: docs(400, 'Your request body contains incorrect parameters.'),
	PARAMETER_MISSING: docs(422, 'Your request body is missing necessary parameters.'),
	INSUFFICIENT_BALANCE: docs(400, "The user's account does not have sufficient balance for this transaction."),
	BENEFICIARY_NOT_ACTIVATED: docs(400, 'Beneficiary has not been activated as two factor authentication is required.'),
	BENEFICIARY_COOL_DOWN_PERIOD: docs(
		400,
		'New beneficiary will be activated for fund transfer after the cool down period.',
	),
	BENEFICIARY_ALREADY_EXISTS: docs(400, 'A beneficiary with this account number or IBAN already exists.'),
	BENEFICIARY_NAME_CHARACTER_LIMIT: docs(400, 'Beneficiary name is longer than the bank allows.'),

	// Returned by the SDKs' local proxy helpers (dapi-go app/app.go), not by api.dapi.com itself.
	BAD_REQUEST: sdkProxy(400, 'Bad request'),
	UNKNOWN_ERROR: sdkProxy(500, 'Oops! Something happened while performing the request.'),

	INVALID_APP_SECRET: mock(401, 'The appSecret is missing or invalid.'),
	INVALID_ACCESS_CODE: mock(401, 'The accessCode is invalid.'),
	ACCESS_CODE_EXPIRED: mock(401, 'The accessCode has expired. Access codes are valid for 30 minutes.'),
	ACCESS_CODE_ALREADY_USED: mock(401, 'The accessCode has already been exchanged.'),
	INVALID_CONNECTION_ID: mock(401, 'The connectionID does not match the accessCode.'),
	INVALID_TOKEN: mock(401, 'The access token is missing, invalid or revoked.'),
	INVALID_USER_SECRET: mock(401, "The userSecret does not match this access token's connection."),
	PARALLEL_REQUESTS: mock(
		400,
		'Another request with this access token is in progress. Dapi does not allow parallel calls on one access token.',
	),
	INVALID_APP_KEY: mock(401, 'The appKey does not belong to this appSecret.'),
	INVALID_OPERATION_ID: mock(404, 'No operation with this operationID.'),
	NOT_FOUND: mock(404, 'No such endpoint.'),
	METHOD_NOT_ALLOWED: mock(405, 'Only POST is allowed. All Dapi API calls use POST.'),
});

/** An error answer in Dapi's envelope. Handlers throw it; the server turns it into the HTTP answer. */
class DapiError extends Error {
	/**
	 * @param {string} type a key of ERRORS
	 * @param {string} [msg] overrides the catalogue message; must not contain secrets
	 */
	constructor(type, msg) {
		const spec = ERRORS[type];
		if (!spec) throw new Error(`Unknown Dapi error type ${type}`);
		super(msg ?? spec.msg);
		this.type = type;
		this.status = spec.status;
	}
}

/**
 * @param {DapiError} err
 * @param {string} operationID
 */
function errorBody(err, operationID) {
	return { success: false, status: 'failed', type: err.type, msg: err.message, operationID };
}

module.exports = { ERRORS, DapiError, errorBody };
