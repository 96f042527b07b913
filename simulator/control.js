// @ts-check
'use strict';

/** Reserved path prefix for the simulator's own API. Dapi paths all start with /v2. */
const CONTROL_PREFIX = '/__sim';

/**
 * @typedef {{ status: number, body: unknown }} ControlAnswer
 * @typedef {(body: Record<string, unknown>, core: import('./core').Core) => ControlAnswer | Promise<ControlAnswer>} ControlHandler
 */

/** @param {string} msg @param {number} [status] @returns {ControlAnswer} */
const fail = (msg, status = 400) => ({ status, body: { error: msg } });
/** @param {unknown} body @returns {ControlAnswer} */
const ok = (body) => ({ status: 200, body });

/**
 * Runs a core setter that validates by throwing TypeError, and answers 400 with its message.
 * @param {() => ControlAnswer} action
 * @returns {ControlAnswer}
 */
function validated(action) {
	try {
		return action();
	} catch (err) {
		if (err instanceof TypeError) return fail(err.message);
		throw err;
	}
}

/** Keyed by "METHOD path". @type {Record<string, ControlHandler>} */
const CONTROL_ROUTES = {
	'POST /__sim/connect': (body, core) => {
		const { userID } = body;
		if (userID !== undefined && typeof userID !== 'string') return fail('userID must be a string');
		if (userID !== undefined && !core.state.findUser(userID)) {
			return fail(`Unknown userID "${userID}". Seeded users: ${core.state.users.map((u) => u.userID).join(', ')}`, 404);
		}
		return ok(core.api.connect(userID));
	},
	'GET /__sim/connections': (_body, core) => ok({ connections: core.api.issued() }),
	'GET /__sim/requests': (_body, core) => ok({ requests: core.api.requests() }),
	'DELETE /__sim/requests': (_body, core) => {
		core.api.clearRequests();
		return ok({ requests: [] });
	},
	'POST /__sim/clock': (body, core) => {
		const { advanceMs } = body;
		if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
			return fail('advanceMs must be a finite number >= 0');
		}
		return ok({ now: core.api.advanceClock(advanceMs) });
	},
	/** {latencyMs} for a fixed delay, or {minMs, maxMs} for a uniform spread per call. */
	'POST /__sim/latency': (body, core) =>
		validated(() => {
			if ('latencyMs' in body) {
				if (typeof body.latencyMs !== 'number') return fail('latencyMs must be a finite number >= 0');
				core.api.setLatency(body.latencyMs);
				return ok({ latencyMs: core.api.latency() });
			}
			if (!('minMs' in body) || !('maxMs' in body)) return fail('Send {latencyMs} or {minMs, maxMs}');
			core.api.setLatency({ minMs: /** @type {number} */ (body.minMs), maxMs: /** @type {number} */ (body.maxMs) });
			return ok({ minMs: body.minMs, maxMs: body.maxMs });
		}),
	'GET /__sim/users': (_body, core) => ok({ users: core.api.users() }),
	'GET /__sim/health': () => ok({ ok: true }),

	/** {path, policy}: path is a route path such as /v2/data/balance/get, or '*'. */
	'POST /__sim/user-input': (body, core) =>
		validated(() => {
			const { path, policy } = body;
			if (typeof path !== 'string')
				return fail('path must be a string: a route path such as /v2/data/balance/get, or "*"');
			core.api.setUserInputPolicy(path, /** @type {import('./user-input').UserInputPolicy} */ (policy));
			return ok({ policies: core.api.userInputPolicies(), answers: core.api.userInputAnswers });
		}),
	'GET /__sim/user-input': (_body, core) =>
		ok({ policies: core.api.userInputPolicies(), answers: core.api.userInputAnswers }),

	'GET /__sim/operations': (_body, core) => ok({ operations: core.api.operations() }),

	/** {url, secret, scheme?, aesKey?} switches webhooks on; {url: null} (or an empty body) off. */
	'POST /__sim/webhook': (body, core) =>
		validated(() => {
			const off = Object.keys(body).length === 0 || body.url === null;
			core.api.setWebhook(
				off ? null : /** @type {import('./webhooks').WebhookConfig} */ (/** @type {unknown} */ (body)),
			);
			return ok({ webhook: core.api.webhook() });
		}),
	'GET /__sim/webhook': (_body, core) => ok({ webhook: core.api.webhook() }),
	/** {fault: 'bad-signature' | 'old-timestamp' | 'duplicate' | null, sticky?: boolean} */
	'POST /__sim/webhook/fault': (body, core) =>
		validated(() => {
			if (!('fault' in body)) return fail('fault is missing (null clears it)');
			const sticky = body.sticky ?? false;
			core.api.setWebhookFault(/** @type {import('./webhooks').WebhookFault | null} */ (body.fault), {
				sticky: /** @type {boolean} */ (sticky),
			});
			return ok({ fault: body.fault, sticky });
		}),
	/** {envelope}: posts it to the webhook now and answers with the delivery. */
	'POST /__sim/webhook/send': async (body, core) => {
		const { envelope } = body;
		if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope))
			return fail('envelope must be a JSON object');
		if (core.api.webhook() === null) return fail('No webhook configured: POST /__sim/webhook first', 409);
		return ok({ delivery: await core.api.sendWebhook(/** @type {Record<string, unknown>} */ (envelope)) });
	},
	'GET /__sim/webhook/deliveries': (_body, core) => ok({ deliveries: core.api.webhookDeliveries() }),
	'DELETE /__sim/webhook/deliveries': (_body, core) => {
		core.api.clearWebhookDeliveries();
		return ok({ deliveries: [] });
	},
};

/**
 * @param {string} method
 * @param {string} pathname
 * @param {string} rawBody
 * @param {import('./core').Core} core
 * @returns {Promise<ControlAnswer>}
 */
async function handleControl(method, pathname, rawBody, core) {
	const handler = CONTROL_ROUTES[`${method} ${pathname}`];
	if (!handler) {
		const known = Object.keys(CONTROL_ROUTES).some((key) => key.endsWith(` ${pathname}`));
		return known
			? fail(`${method} is not supported on ${pathname}`, 405)
			: fail(`No control endpoint ${pathname}`, 404);
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
