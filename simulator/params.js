// @ts-check
'use strict';

const { DapiError } = require('./errors');

/**
 * Missing, null and '' all count as absent: PHP sends empty strings for fields it has no value for.
 * @param {unknown} value
 */
const isAbsent = (value) => value === undefined || value === null || value === '';

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @param {string} [label] name used in messages, e.g. beneficiary.name
 * @returns {string | undefined}
 */
function optionalString(body, field, label = field) {
	const value = body[field];
	if (isAbsent(value)) return undefined;
	if (typeof value !== 'string') throw new DapiError('PARAMETER_ERROR', `${label} must be a string.`);
	return value;
}

/**
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @param {string} [label]
 * @returns {string}
 */
function requiredString(body, field, label = field) {
	const value = optionalString(body, field, label);
	if (value === undefined) throw new DapiError('PARAMETER_MISSING', `${label} is missing.`);
	return value;
}

/**
 * A nested JSON object such as beneficiary, address or transfer.
 * @param {Record<string, unknown>} body
 * @param {string} field
 * @param {string} [label]
 * @returns {Record<string, unknown>}
 */
function requiredObject(body, field, label = field) {
	const value = body[field];
	if (isAbsent(value)) throw new DapiError('PARAMETER_MISSING', `${label} is missing.`);
	if (typeof value !== 'object' || Array.isArray(value))
		throw new DapiError('PARAMETER_ERROR', `${label} must be an object.`);
	return /** @type {Record<string, unknown>} */ (value);
}

/**
 * Docs (transfer autoflow): amount "Must be number rounded to up to 2 decimal points". A JSON number > 0 only;
 * numeric strings are refused, as no SDK sends one.
 * @param {Record<string, unknown>} body
 * @param {string} [field]
 * @param {string} [label]
 * @returns {number}
 */
function requiredAmount(body, field = 'amount', label = field) {
	const value = body[field];
	if (isAbsent(value)) throw new DapiError('PARAMETER_MISSING', `${label} is missing.`);
	if (typeof value !== 'number' || !Number.isFinite(value))
		throw new DapiError('PARAMETER_ERROR', `${label} must be a number.`);
	if (value <= 0) throw new DapiError('PARAMETER_ERROR', `${label} must be greater than 0.`);
	if (Number(value.toFixed(2)) !== value)
		throw new DapiError('PARAMETER_ERROR', `${label} must have at most 2 decimal places.`);
	return value;
}

/**
 * @param {string} value
 * @param {number} max
 * @param {string} label
 */
function maxLength(value, max, label) {
	if (value.length > max) throw new DapiError('PARAMETER_ERROR', `${label} is too long. Maximum length: ${max}`);
	return value;
}

module.exports = { isAbsent, optionalString, requiredString, requiredObject, requiredAmount, maxLength };
