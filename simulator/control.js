// @ts-check
'use strict';

/** Reserved path prefix for the simulator's own API. Dapi paths all start with /v2. */
const CONTROL_PREFIX = '/__sim';

/**
 * @typedef {{ status: number, body: unknown }} ControlAnswer
 * @typedef {(body: Record<string, unknown>, core: import('./core').Core) => ControlAnswer} ControlHandler
 */

/** @param {string} msg @param {number} [status] @returns {ControlAnswer} */
const fail = (msg, status = 400) => ({ status, body: { error: msg } });
/** @param {unknown} body @returns {ControlAnswer} */
const ok = (body) => ({ status: 200, body });

/** Keyed by "METHOD path". @type {Record<string, ControlHandler>} */
const CONTROL_ROUTES = {
	'POST /__sim/connect': (body, core) => {
		const { userID } = body;
		if (userID !== undefined && typeof userID !== 'string') return fail('userID must be a string');
		if (userID !== undefined && !core.state.findUser(userID)) {
			return fail(`Unknown userID "${userID}". Seeded users: ${core.state.users.map((u) => u.userID).join(', ')}`, 404);
		}
		return ok(core.connect(userID));
	},
	'GET /__sim/requests': (_body, core) => ok({ requests: core.requests() }),
	'DELETE /__sim/requests': (_body, core) => {
		core.clearRequests();
		return ok({ requests: [] });
	},
	'POST /__sim/clock': (body, core) => {
		const { advanceMs } = body;
		if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
			return fail('advanceMs must be a finite number >= 0');
		}
		return ok({ now: core.advanceClock(advanceMs) });
	},
	'POST /__sim/latency': (body, core) => {
		const { latencyMs } = body;
		if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
			return fail('latencyMs must be a finite number >= 0');
		}
		core.setLatency(latencyMs);
		return ok({ latencyMs });
	},
	'GET /__sim/users': (_body, core) => ok({ users: core.users() }),
	'GET /__sim/health': () => ok({ ok: true }),
};

/**
 * @param {string} method
 * @param {string} pathname
 * @param {string} rawBody
 * @param {import('./core').Core} core
 * @returns {ControlAnswer}
 */
function handleControl(method, pathname, rawBody, core) {
	const handler = CONTROL_ROUTES[`${method} ${pathname}`];
	if (!handler) {
		const known = Object.keys(CONTROL_ROUTES).some((key) => key.endsWith(` ${pathname}`));
		return known ? fail(`${method} is not supported on ${pathname}`, 405) : fail(`No control endpoint ${pathname}`, 404);
	}
	let body = {};
	if (rawBody.trim() !== '') {
		try {
			body = JSON.parse(rawBody);
		} catch {
			return fail('Body is not valid JSON');
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail('Body must be a JSON object');
	}
	return handler(/** @type {Record<string, unknown>} */ (body), core);
}

/** @param {string} pathname */
function isControlPath(pathname) {
	return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

module.exports = { CONTROL_PREFIX, CONTROL_ROUTES, handleControl, isControlPath };
