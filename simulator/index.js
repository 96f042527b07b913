// @ts-check
'use strict';

const { createCore } = require('./core');
const { createSimServer } = require('./server');
const { ERRORS } = require('./errors');
const { ROUTES } = require('./routes');
const { ACCESS_CODE_TTL_MS } = require('./state');
const { USER_INPUT_ANSWERS } = require('./user-input');

const HOST = '127.0.0.1';

const DEFAULTS = Object.freeze({
	port: 0,
	appSecret: 'sim-app-secret',
	appKey: 'sim-app-key',
	latencyMs: 0,
});

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [appSecret]
 * @property {string} [appKey]
 * @property {number | { minMs: number, maxMs: number }} [latencyMs] delay before every API answer, fixed or a uniform range
 * @property {() => number} [now] clock in ms; advanceClock adds to it
 */

/** @param {SimulatorOptions} options */
function normalize(options) {
	const merged = { ...DEFAULTS, now: Date.now, ...options };
	if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535)
		throw new TypeError('port must be an integer 0-65535');
	if (typeof merged.appSecret !== 'string' || merged.appSecret === '')
		throw new TypeError('appSecret must be a non-empty string');
	if (typeof merged.appKey !== 'string' || merged.appKey === '')
		throw new TypeError('appKey must be a non-empty string');
	if (typeof merged.now !== 'function') throw new TypeError('now must be a function returning ms');
	return merged;
}

/**
 * Starts the Dapi v2 simulator on 127.0.0.1.
 * @param {SimulatorOptions} [options]
 */
async function startSimulator(options = {}) {
	const { port, appSecret, appKey, latencyMs, now } = normalize(options);
	const core = createCore({ appKey, appSecret, now, latencyMs });
	const { server, cancelTimers } = createSimServer(core);

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});

	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('simulator server has no TCP address');
	const url = `http://${HOST}:${address.port}`;

	/** @type {Promise<void> | undefined} */
	let closing;

	return {
		url,
		baseUrl: `${url}/v2`,
		port: address.port,
		appKey,
		appSecret,
		...core.api,
		/** @returns {Promise<void>} */
		close() {
			closing ??= new Promise((resolve, reject) => {
				cancelTimers();
				core.webhooks.close();
				server.close((err) => (err ? reject(err) : resolve()));
				// Keep-alive sockets (fetch keeps them) would hold close() open forever.
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

/**
 * The types the tests import (TypeScript reads them from this JSDoc; there is no index.d.ts to keep).
 * @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator
 * @typedef {ReturnType<Simulator['connect']>} ConnectResult what Dapi Connect hands the app
 * @typedef {ReturnType<Simulator['users']>[number]} SeededUserSummary
 * @typedef {import('./request-log').LogEntry} RequestLogEntry
 * @typedef {import('./webhooks').WebhookDelivery} WebhookDelivery
 */

module.exports = { startSimulator, DEFAULTS, ERRORS, ROUTES, ACCESS_CODE_TTL_MS, USER_INPUT_ANSWERS };
