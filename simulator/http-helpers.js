// @ts-check
'use strict';

/** The simulator's HTTP plumbing: bodies in, JSON out, Dapi's error answers, the user inputs SDKs send. */

const { DapiError, errorBody } = require('./errors');

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @typedef {{ status: number, type: string | null, body: unknown, headers?: Record<string, string> }} Answer
 * @typedef {{ text: string, tooLarge: boolean }} RawBody
 */

/** @param {import('node:http').IncomingMessage} req @returns {Promise<RawBody>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		const done = () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES });
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', done);
		// An aborted upload never emits 'end'.
		req.on('close', done);
		req.on('error', reject);
	});
}

/** @param {string | undefined} header @returns {string | null} */
function bearerToken(header) {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1] : null;
}

/** @param {string} text */
function bodyForLog(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
function sendJson(res, status, body, headers = {}) {
	const payload = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(payload),
		...headers,
	});
	res.end(payload);
}

/** @param {unknown} err */
function asDapiError(err) {
	if (err instanceof DapiError) return err;
	console.error('[dapi-simulator] handler crashed:', err);
	return new DapiError('UNKNOWN_ERROR');
}

/** @param {DapiError} dapiError @param {string} operationID @returns {Answer} */
function errorAnswer(dapiError, operationID) {
	return {
		status: dapiError.status,
		type: dapiError.type,
		body: errorBody(dapiError, operationID),
		headers: dapiError.type === 'METHOD_NOT_ALLOWED' ? { allow: 'POST' } : undefined,
	};
}

/**
 * userInputs entries as the SDKs send them: [{id, index, answer}]. A missing index counts as 0: dapi-go tags
 * index omitempty, so it never sends index 0.
 * @param {unknown} value
 * @returns {Array<{ id: string, index: number, answer: string }>}
 */
function parseUserInputs(value) {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value))
		throw new DapiError('PARAMETER_ERROR', 'userInputs must be an array of {id, index, answer}.');
	return value.map((input, i) => {
		const fields = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {};
		const { id, index = 0, answer } = /** @type {Record<string, unknown>} */ (fields);
		if (typeof id !== 'string' || typeof answer !== 'string' || !Number.isInteger(index)) {
			throw new DapiError('PARAMETER_ERROR', `userInputs[${i}] must be {id: string, index: integer, answer: string}.`);
		}
		return { id, index: /** @type {number} */ (index), answer };
	});
}

module.exports = { readBody, bearerToken, bodyForLog, sendJson, asDapiError, errorAnswer, parseUserInputs };
