// @ts-check
'use strict';

/**
 * @typedef {object} HandlerContext
 * @property {Record<string, unknown>} body  parsed JSON object, appSecret already checked
 * @property {import('../state').SimState} state
 * @property {import('../state').Session | null} session set on 'user' routes (Bearer + userSecret checked)
 * @property {import('../operations').OperationRegistry} operations
 */
/**
 * A handler returns the endpoint fields; the server adds operationID, success and status
 * (except on routes flagged operationStatus, whose handlers return the whole answer).
 * It throws DapiError to answer with an error.
 * @typedef {(ctx: HandlerContext) => Record<string, unknown>} Handler
 */

module.exports = {};
