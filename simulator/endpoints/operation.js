// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { requiredString } = require('../params');
const { operationAnswer } = require('../operations');

/** @param {import('./types').HandlerContext} ctx */
function lookUp(ctx) {
	const operationID = requiredString(ctx.body, 'operationID');
	const operation = ctx.operations.get(operationID);
	if (!operation) throw new DapiError('INVALID_OPERATION_ID');
	return operationAnswer(operation);
}

/**
 * POST /v2/operation/get {appKey, appSecret, operationID} (docs get-job-status). A Bearer token and userSecret
 * (PHP sends both) are not needed and not checked.
 * @type {import('./types').Handler}
 */
function getOperation(ctx) {
	const appKey = requiredString(ctx.body, 'appKey');
	if (appKey !== ctx.state.appKey) throw new DapiError('INVALID_APP_KEY');
	return lookUp(ctx);
}

/** POST /v2/operation/status {operationID, appSecret} (Go and Node SDKs): same answer as /operation/get. @type {import('./types').Handler} */
function getOperationStatus(ctx) {
	return lookUp(ctx);
}

module.exports = { getOperation, getOperationStatus };
