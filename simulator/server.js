// @ts-check
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { DapiError, errorBody } = require('./errors');
const { ROUTES_BY_PATH } = require('./routes');
const { requiredString } = require('./params');
const { handleControl, isControlPath } = require('./control');

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @typedef {{ status: number, type: string | null, body: unknown, headers?: Record<string, string> }} Answer
 * @typedef {{ text: string, tooLarge: boolean }} RawBody
 */

/** @param {http.IncomingMessage} req @returns {Promise<RawBody>} */
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

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
function sendJson(res, status, body, headers = {}) {
	const payload = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(payload),
		...headers,
	});
	res.end(payload);
}

/** @param {unknown} err @returns {Answer} */
function errorAnswer(err) {
	let dapiError;
	if (err instanceof DapiError) {
		dapiError = err;
	} else {
		console.error('[dapi-simulator] handler crashed:', err);
		dapiError = new DapiError('UNKNOWN_ERROR');
	}
	return {
		status: dapiError.status,
		type: dapiError.type,
		body: errorBody(dapiError, crypto.randomUUID()),
		headers: dapiError.type === 'METHOD_NOT_ALLOWED' ? { allow: 'POST' } : undefined,
	};
}

/**
 * The HTTP face of the simulator: /__sim control calls, and the Dapi API pipeline
 * route → method → JSON body → appSecret → (token guard + latency) → Bearer/userSecret → handler.
 * @param {import('./core').Core} core
 */
function createSimServer(core) {
	const { state, log, guard, settings } = core;
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();

	/** @returns {Promise<void>} */
	function latency() {
		const ms = settings.latencyMs;
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	/** @param {string | undefined} method @param {string} pathname @param {http.IncomingHttpHeaders} headers @param {RawBody} raw */
	function precheck(method, pathname, headers, raw) {
		const route = ROUTES_BY_PATH.get(pathname);
		if (!route) throw new DapiError('NOT_FOUND', `No endpoint ${pathname}. Paths are case-sensitive, e.g. /v2/auth/ExchangeToken.`);
		if (method !== 'POST') throw new DapiError('METHOD_NOT_ALLOWED');
		const mediaType = (headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
		if (mediaType !== 'application/json') {
			throw new DapiError('BAD_REQUEST', 'Request body must be JSON sent with content-type: application/json.');
		}
		if (raw.tooLarge) throw new DapiError('BAD_REQUEST', 'Request body is larger than 1 MiB.');
		let body;
		try {
			body = JSON.parse(raw.text);
		} catch {
			throw new DapiError('BAD_REQUEST', 'Request body is not valid JSON.');
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			throw new DapiError('BAD_REQUEST', 'Request body must be a JSON object.');
		}
		if (!state.isAppSecret(body.appSecret)) throw new DapiError('INVALID_APP_SECRET');
		return { route, body: /** @type {Record<string, unknown>} */ (body) };
	}

	/** @param {string | null} token @param {Record<string, unknown>} body */
	function authorizeUser(token, body) {
		if (token === null) throw new DapiError('INVALID_TOKEN', 'Authorization: Bearer <accessToken> header is missing.');
		const session = state.session(token);
		if (!session) throw new DapiError('INVALID_TOKEN');
		const userSecret = requiredString(body, 'userSecret');
		if (userSecret !== session.connection.userSecret) throw new DapiError('INVALID_USER_SECRET');
		return session;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {string} pathname
	 * @param {RawBody} raw
	 * @param {import('./request-log').LogEntry} entry
	 * @returns {Promise<Answer>}
	 */
	async function answerApi(req, pathname, raw, entry) {
		let checked;
		try {
			checked = precheck(req.method, pathname, req.headers, raw);
		} catch (err) {
			await latency();
			return errorAnswer(err);
		}
		const { route, body } = checked;
		const { token } = entry;

		if (token !== null) guard.enter(token, entry);
		try {
			await latency();
		} finally {
			if (token !== null) guard.leave(token, entry);
		}
		if (entry.overlapped) return errorAnswer(new DapiError('PARALLEL_REQUESTS'));

		try {
			const session = route.auth === 'user' ? authorizeUser(token, body) : null;
			const payload = route.handler({ body, state, session });
			return { status: 200, type: null, body: { operationID: crypto.randomUUID(), success: true, status: 'done', ...payload } };
		} catch (err) {
			return errorAnswer(err);
		}
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const path = req.url ?? '/';
		const pathname = path.split('?', 1)[0];
		const method = req.method ?? 'GET';

		if (isControlPath(pathname)) {
			const raw = await readBody(req);
			const answer = handleControl(method, pathname, raw.text, core);
			sendJson(res, answer.status, answer.body);
			return;
		}

		// Logged on arrival so seq follows arrival order even when bodies finish out of order.
		const entry = log.begin({
			method,
			path,
			headers: { ...req.headers },
			token: bearerToken(req.headers.authorization),
			startedAt: state.now(),
		});
		const raw = await readBody(req);
		entry.body = bodyForLog(raw.text);
		const answer = await answerApi(req, pathname, raw, entry);
		entry.status = answer.status;
		entry.type = answer.type;
		entry.endedAt = state.now();
		sendJson(res, answer.status, answer.body, answer.headers);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			console.error('[dapi-simulator] request failed:', err);
			if (!res.headersSent) {
				const answer = errorAnswer(err);
				sendJson(res, answer.status, answer.body);
			} else {
				res.destroy();
			}
		});
	});

	/** Stops pending latency timers; their requests are dropped with their sockets. */
	function cancelTimers() {
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
	}

	return { server, cancelTimers };
}

module.exports = { createSimServer };
