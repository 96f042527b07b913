// @ts-check
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { DapiError, errorBody } = require('./errors');
const { ROUTES_BY_PATH, canAskForUserInput } = require('./routes');
const { requiredString, optionalString } = require('./params');
const { answersAreRight, canonicalBody } = require('./user-input');
const { handleControl, isControlPath } = require('./control');
const { createWidget, isWidgetPath } = require('./connect-widget');

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

/**
 * The HTTP face of the simulator: /__sim control calls, and the Dapi API pipeline
 * route → method → JSON body → appSecret → (token guard + latency) → Bearer/userSecret → user input → handler.
 * Every answer carries an operationID that the operation registry knows.
 * @param {import('./core').Core} core
 */
function createSimServer(core) {
	const { state, log, guard, registry, userInputs, webhooks } = core;
	const widget = createWidget(core);
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
	 * Runs the handler for a started operation and closes the operation with its outcome.
	 * @param {import('./routes').Route} route
	 * @param {Record<string, unknown>} body
	 * @param {import('./state').Session | null} session
	 * @param {import('./operations').Operation} operation
	 * @returns {Answer}
	 */
	function run(route, body, session, operation) {
		try {
			const payload = route.handler({ body, state, session, operations: registry });
			registry.finish(operation, 'done', state.now());
			return {
				status: 200,
				type: null,
				body: { operationID: operation.operationID, success: true, status: 'done', ...payload },
			};
		} catch (err) {
			const dapiError = asDapiError(err);
			registry.finish(operation, 'failed', state.now(), dapiError.type);
			return errorAnswer(dapiError, operation.operationID);
		}
	}

	/**
	 * A user endpoint call: either a resume (operationID + userInputs) of an operation that asked for input,
	 * or a new operation that asks for input when the endpoint's policy says so, or runs at once.
	 * @param {import('./routes').Route} route
	 * @param {Record<string, unknown>} body
	 * @param {import('./state').Session} session
	 * @param {number} startedAt
	 * @returns {Answer}
	 */
	function runUserOperation(route, body, session, startedAt) {
		// PHP sends operationID: "" and userInputs: [] when it is not resuming.
		const operationID = optionalString(body, 'operationID');
		const answers = parseUserInputs(body.userInputs);

		if (operationID !== undefined) {
			const pending = userInputs.pending(operationID);
			if (!pending || pending.token !== session.accessToken) {
				throw new DapiError(
					'PARAMETER_ERROR',
					'operationID does not name an operation of this connection that is waiting for user input.',
				);
			}
			if (pending.endpoint !== route.path) {
				throw new DapiError(
					'PARAMETER_ERROR',
					`Operation ${operationID} was started on ${pending.endpoint.slice(3)}; send the user input to that endpoint.`,
				);
			}
			if (pending.canonicalBody !== canonicalBody(body)) {
				throw new DapiError(
					'PARAMETER_ERROR',
					'Resume with the same body as the call that asked for user input, plus operationID and userInputs.',
				);
			}
			userInputs.consume(operationID);
			const operation = /** @type {import('./operations').Operation} */ (registry.get(operationID));
			if (!answersAreRight(pending, answers)) {
				const invalid = new DapiError('INVALID_MFA');
				registry.finish(operation, 'failed', state.now(), invalid.type);
				return errorAnswer(invalid, operationID);
			}
			return run(route, body, session, operation);
		}

		if (answers.length > 0)
			throw new DapiError('PARAMETER_ERROR', 'userInputs were sent without the operationID that asked for them.');
		const operation = registry.begin({
			endpoint: route.path,
			startedAt,
			userID: session.user.userID,
			connectionID: session.connection.connectionID,
		});
		const policy = canAskForUserInput(route) ? userInputs.policyFor(route.path) : 'none';
		if (policy === 'none') return run(route, body, session, operation);

		const prompts = userInputs.open({
			operationID: operation.operationID,
			endpoint: route.path,
			token: session.accessToken,
			body,
			policy,
		});
		registry.awaitUserInput(operation);
		return {
			status: 200,
			type: null,
			body: { operationID: operation.operationID, success: true, status: 'user_input_required', userInputs: prompts },
		};
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
