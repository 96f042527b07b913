// @ts-check
'use strict';

const { DapiError } = require('./errors');

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 (UTC) of a simulator time in ms.
 * @param {number} ms
 */
function dayOf(ms) {
	return Math.floor(ms / DAY_MS);
}

/** @param {number} day days since 1970-01-01 @returns {string} YYYY-MM-DD */
function formatDay(day) {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A strict YYYY-MM-DD that names a real calendar day (2023-02-29 does not), as days since 1970-01-01.
 * @param {string} value
 * @returns {number | null}
 */
function parseDay(value) {
	const match = DATE_FORMAT.exec(value);
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	// setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999; overflow (02-30) rolls over and is caught below.
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return dayOf(date.getTime());
}

/**
 * @param {string} value
 * @param {string} field for the message
 */
function requireDay(value, field) {
	const day = parseDay(value);
	if (day === null) throw new DapiError('PARAMETER_ERROR', `${field} must be a real date in the format YYYY-MM-DD.`);
	return day;
}

module.exports = { DAY_MS, dayOf, formatDay, parseDay, requireDay };
