// @ts-check
'use strict';

/**
 * @typedef {object} HandlerContext
 * @property {Record<string, unknown>} body  parsed JSON object, appSecret already checked
 * @property {import('../state').SimState} state
 * @property {import('../state').Session | null} session set on 'user' routes (Bearer + userSecret checked)
 */
/**
 * A handler returns the endpoint fields; the server adds operationID, success and status.
 * It throws DapiError to answer with an error.
 * @typedef {(ctx: HandlerContext) => Record<string, unknown>} Handler
 */

module.exports = {};
