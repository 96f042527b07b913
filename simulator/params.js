// @ts-check
'use strict';

const { DapiError } = require('./errors');

/**
 * Missing, null and '' all count as absent: PHP sends empty strings for fields it has no value for.
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @returns {string | undefined}
 */
function optionalString(body, field) {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') throw new DapiError('PARAMETER_ERROR', `${field} must be a string.`);
	return value;
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @returns {string}
 */
function requiredString(body, field) {
	const value = optionalString(body, field);
	if (value === undefined) throw new DapiError('PARAMETER_MISSING', `${field} is missing.`);
	return value;
}

module.exports = { optionalString, requiredString };
