// @ts-check
'use strict';

/**
 * A stand-in for Dapi's Connect Layer (connector.js v3), served by the simulator so that a page can
 * run "connect a bank" end to end without Dapi.
 *
 * It behaves the way such a third-party widget does, which is what matters for pages served in n8n's
 * HTML sandbox: the script comes from the simulator's origin, and `handler.open()` shows the bank
 * login in an iframe of that origin. The login page keeps its session in its own localStorage
 * between loading and logging in, and its backend refuses a login without that session. In a
 * document without an origin of its own (a sandbox without allow-same-origin, which every frame it
 * opens inherits) that storage throws, and the widget reports STORAGE_UNAVAILABLE instead of a login.
 *
 *   GET  /connect/v3/connector.js   window.Dapi = { environments, create(config) -> { open, close } }
 *   GET  /connect/v3/widget         the bank login (in the iframe): ?appKey&environment&countries
 *   POST /connect/v3/login          the widget's backend: {appKey, userID, password, session} -> Connect result
 *
 * Sandbox logins: every seeded user of the allowed countries, password SANDBOX_PASSWORD.
 * INFERRED: Dapi documents the script's surface (Dapi.create, environments, onReady/onSuccess/onFailure,
 * open) and the success payload; how its iframe talks to the page is not documented, so the
 * postMessage protocol here is the simulator's own.
 */

const crypto = require('node:crypto');

const { CONNECTOR_JS, MESSAGE_SOURCE, SANDBOX_PASSWORD, WIDGET_PREFIX, widgetPage } = require('./connect-widget-page');
/** A session lives as long as an access code. */
const SESSION_TTL_MS = 30 * 60 * 1000;

/** @param {string} pathname */
function isWidgetPath(pathname) {
	return pathname === WIDGET_PREFIX || pathname.startsWith(`${WIDGET_PREFIX}/`);
}

/**
 * @param {import('./core').Core} core
 */
function createWidget(core) {
	/** Sessions the login page was given, until used or expired. @type {Map<string, number>} */
	const sessions = new Map();

	/** @param {string} raw comma-separated country codes, empty for all */
	function usersOf(raw) {
		const countries = raw
			.split(',')
			.map((code) => code.trim().toUpperCase())
			.filter(Boolean);
		return core.api
			.users()
			.filter((user) => countries.length === 0 || countries.includes(user.country))
			.map(({ userID, name, bankID, bankName, country }) => ({ userID, name, bankID, bankName, country }));
	}

	/**
	 * @param {string} method
	 * @param {string} pathname
	 * @param {URLSearchParams} query
	 * @param {string} rawBody
	 * @returns {{ status: number, type: string, body: string, headers?: Record<string, string> }}
	 */
	function handle(method, pathname, query, rawBody) {
		const json = (/** @type {number} */ status, /** @type {unknown} */ body) => ({
			status,
			type: 'application/json; charset=utf-8',
			body: JSON.stringify(body),
		});
		const now = core.state.now();
		for (const [session, expires] of sessions) if (expires <= now) sessions.delete(session);

		if (method === 'GET' && pathname === `${WIDGET_PREFIX}/connector.js`) {
			// Any page may load the script, as from a CDN.
			return {
				status: 200,
				type: 'application/javascript; charset=utf-8',
				body: CONNECTOR_JS,
				headers: { 'access-control-allow-origin': '*' },
			};
		}
		if (method === 'GET' && pathname === `${WIDGET_PREFIX}/widget`) {
			const session = crypto.randomBytes(16).toString('base64url');
			sessions.set(session, now + SESSION_TTL_MS);
			const appKeyOk = query.get('appKey') === core.state.appKey;
			return {
				status: 200,
				type: 'text/html; charset=utf-8',
				body: widgetPage({ appKeyOk, users: usersOf(query.get('countries') ?? ''), session }),
			};
		}
		if (method === 'POST' && pathname === `${WIDGET_PREFIX}/login`) {
			let body;
			try {
				body = JSON.parse(rawBody);
			} catch {
				return json(400, { success: false, type: 'BAD_REQUEST', msg: 'Body must be JSON' });
			}
			const { appKey, userID, password, session } = body ?? {};
			if (appKey !== core.state.appKey)
				return json(401, { success: false, type: 'INVALID_APP_KEY', msg: 'Unknown app key' });
			if (typeof session !== 'string' || !sessions.delete(session)) {
				return json(401, {
					success: false,
					type: 'INVALID_SESSION',
					msg: 'The login session is missing or expired: open Connect again.',
				});
			}
			const user = typeof userID === 'string' ? core.state.findUser(userID) : undefined;
			if (!user || password !== SANDBOX_PASSWORD) {
				return json(401, { success: false, type: 'INVALID_CREDENTIALS', msg: 'Wrong user or password.' });
			}
			return json(200, { ...core.api.connect(user.userID), bankId: user.bankID });
		}
		return json(404, { success: false, type: 'NOT_FOUND', msg: `No Connect resource ${method} ${pathname}` });
	}

	return { handle };
}

module.exports = { WIDGET_PREFIX, SANDBOX_PASSWORD, MESSAGE_SOURCE, isWidgetPath, createWidget };
