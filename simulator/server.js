// @ts-check
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { DapiError } = require('./errors');
const { ROUTES_BY_PATH } = require('./routes');
const { requiredString } = require('./params');
const { handleControl, isControlPath } = require('./control');
const { createWidget, isWidgetPath } = require('./connect-widget');
const { asDapiError, bearerToken, bodyForLog, errorAnswer, readBody, sendJson } = require('./http-helpers');
const { createRunner } = require('./run-operation');

/** @typedef {import('./http-helpers').Answer} Answer @typedef {import('./http-helpers').RawBody} RawBody */

/**
 * The HTTP face of the simulator: /__sim control calls, and the Dapi API pipeline
 * route → method → JSON body → appSecret → (token guard + latency) → Bearer/userSecret → user input → handler.
 * Every answer carries an operationID that the operation registry knows.
 * @param {import('./core').Core} core
 */
function createSimServer(core) {
	const { state, log, guard, registry, webhooks } = core;
	const widget = createWidget(core);
	const { run, runUserOperation } = createRunner(core);
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	let stopped = false;

	/** @param {import('./request-log').LogEntry} entry @returns {Promise<void>} */
	function latency(entry) {
		const ms = core.pickLatency();
		log.picked(entry, ms);
		if (ms <= 0) return Promise.resolve();
		// A call whose body was still arriving when close() ran gets no timer: it would hold the process open.
		if (stopped) return new Promise(() => undefined);
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
		if (!route)
			throw new DapiError(
				'NOT_FOUND',
				`No endpoint ${pathname}. Paths are case-sensitive, e.g. /v2/auth/ExchangeToken.`,
			);
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
	 * @returns {Promise<{ answer: Answer, route: import('./routes').Route | null, session: import('./state').Session | null }>}
	 */
	async function answerApi(req, pathname, raw, entry) {
		/** @type {import('./state').Session | null} */
		let session = null;
		/** An error before any operation started still gets a registered operationID. @param {unknown} err */
		const fail = (err) => {
			const dapiError = asDapiError(err);
			const operation = registry.begin({
				endpoint: pathname,
				startedAt: entry.startedAt,
				userID: session?.user.userID ?? null,
				connectionID: session?.connection.connectionID ?? null,
			});
			registry.finish(operation, 'failed', state.now(), dapiError.type);
			return errorAnswer(dapiError, operation.operationID);
		};

		let checked;
		try {
			checked = precheck(req.method, pathname, req.headers, raw);
		} catch (err) {
			await latency(entry);
			return { answer: fail(err), route: null, session };
		}
		const { route, body } = checked;
		const { token } = entry;

		if (token !== null) guard.enter(token, entry);
		try {
			await latency(entry);
		} finally {
			if (token !== null) guard.leave(token, entry);
		}
		if (entry.overlapped) return { answer: fail(new DapiError('PARALLEL_REQUESTS')), route, session };

		try {
			if (route.auth === 'user') {
				session = authorizeUser(token, body);
				return { answer: runUserOperation(route, body, session, entry.startedAt), route, session };
			}
			if (route.operationStatus) {
				return {
					answer: {
						status: 200,
						type: null,
						body: route.handler({ body, state, session: null, operations: registry }),
					},
					route,
					session,
				};
			}
			const operation = registry.begin({ endpoint: route.path, startedAt: entry.startedAt });
			return { answer: run(route, body, null, operation), route, session };
		} catch (err) {
			return { answer: fail(err), route, session };
		}
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const path = req.url ?? '/';
		const pathname = path.split('?', 1)[0];
		const method = req.method ?? 'GET';

		// The Connect Layer stand-in: a browser widget, not the API (no request log, no app secret).
		if (isWidgetPath(pathname)) {
			const raw = await readBody(req);
			const answer = widget.handle(method, pathname, new URL(path, 'http://simulator').searchParams, raw.text);
			res.writeHead(answer.status, {
				'content-type': answer.type,
				'content-length': Buffer.byteLength(answer.body),
				'cache-control': 'no-store',
				...answer.headers,
			});
			res.end(answer.body);
			return;
		}

		if (isControlPath(pathname)) {
			const raw = await readBody(req);
			const answer = await handleControl(method, pathname, raw.text, core);
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
		const { answer, route, session } = await answerApi(req, pathname, raw, entry);
		log.finish(entry, { status: answer.status, type: answer.type, endedAt: state.now() });
		sendJson(res, answer.status, answer.body, answer.headers);

		// Dapi sends the results of money-moving operations to the app's webhook once the API answer is out.
		// Dispatched in this tick (the POST itself starts later), so flushWebhooks() after the answer sees it.
		const envelope = /** @type {Record<string, unknown>} */ (answer.body);
		if (route?.webhook && session && (envelope.status === 'done' || envelope.status === 'failed')) {
			// INFERRED: Dapi documents no webhook schema; the result envelope plus the opInfo that
			// /operation/get documents (type = the endpoint called) is the closest documented shape.
			webhooks.dispatch({ ...envelope, opInfo: { type: route.path.replace(/^\/v2/, ''), status: envelope.status } });
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			console.error('[dapi-simulator] request failed:', err);
			if (!res.headersSent) {
				const answer = errorAnswer(asDapiError(err), crypto.randomUUID());
				sendJson(res, answer.status, answer.body);
			} else {
				res.destroy();
			}
		});
	});

	/** Stops pending latency timers; their requests are dropped with their sockets. */
	function cancelTimers() {
		stopped = true;
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
	}

	return { server, cancelTimers };
}

module.exports = { createSimServer };
