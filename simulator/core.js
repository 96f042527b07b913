// @ts-check
'use strict';

const { SimState } = require('./state');
const { RequestLog } = require('./request-log');
const { TokenGuard } = require('./concurrency');
const { OperationRegistry } = require('./operations');
const { UserInputs, USER_INPUT_ANSWERS, isPolicy, POLICIES } = require('./user-input');
const { Webhooks } = require('./webhooks');
const { ROUTES, ROUTES_BY_PATH, canAskForUserInput } = require('./routes');

/** @typedef {{ minMs: number, maxMs: number }} LatencyRange */

/**
 * A fixed delay (ms) or a range picked uniformly per call.
 * @param {unknown} latency
 * @returns {LatencyRange}
 */
function checkLatency(latency) {
	/** @param {unknown} ms */
	const valid = (ms) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
	if (valid(latency)) return { minMs: /** @type {number} */ (latency), maxMs: /** @type {number} */ (latency) };
	if (latency !== null && typeof latency === 'object') {
		const { minMs, maxMs } = /** @type {Record<string, unknown>} */ (latency);
		if (valid(minMs) && valid(maxMs) && /** @type {number} */ (minMs) <= /** @type {number} */ (maxMs)) {
			return { minMs: /** @type {number} */ (minMs), maxMs: /** @type {number} */ (maxMs) };
		}
		throw new TypeError('latency range needs finite numbers 0 <= minMs <= maxMs');
	}
	throw new TypeError('latencyMs must be a finite number >= 0 or { minMs, maxMs }');
}

/** @param {LatencyRange} range @returns {number | LatencyRange} */
const latencyView = (range) => (range.minMs === range.maxMs ? range.minMs : { ...range });

/**
 * The simulator without HTTP: state plus the operations both the programmatic API and the
 * /__sim control API offer.
 * @param {{ appKey: string, appSecret: string, now: () => number, latencyMs: number | LatencyRange }} options
 */
function createCore({ appKey, appSecret, now, latencyMs }) {
	const state = new SimState({ appKey, appSecret, now });
	const log = new RequestLog();
	const guard = new TokenGuard();
	const operations = new OperationRegistry();
	const userInputs = new UserInputs();
	const webhooks = new Webhooks(() => state.now());
	const settings = { latency: checkLatency(latencyMs) };

	/** @param {import('./seed').SeedBeneficiary} b */
	const beneficiarySummary = (b) => ({
		id: b.id,
		name: b.name,
		type: b.type,
		status: b.status,
		iban: b.iban,
		accountNumber: b.accountNumber,
	});

	return {
		state,
		log,
		guard,
		registry: operations,
		userInputs,
		webhooks,
		settings,
		/** Milliseconds to wait before answering the next API call. */
		pickLatency() {
			const { minMs, maxMs } = settings.latency;
			return minMs + Math.random() * (maxMs - minMs);
		},
		/** The simulator's public control API, exactly what startSimulator() hands out (its types: JSDoc, read by TypeScript). */
		api: {
			/** @param {string} [userID] */
			connect: (userID) => state.connect(userID),
			/** Every connection Connect made and the access tokens exchanged for it (for secret scans). */
			issued: () => state.issued(),
			requests: () => log.list(),
			/** @param {(entries: import('./request-log').LogEntry[]) => boolean} check */
			untilRequests: (check) => log.until(check),
			clearRequests: () => log.clear(),
			overlapCount: () => log.overlapCount(),
			/** @param {number} ms */
			advanceClock: (ms) => state.advanceClock(ms),
			now: () => state.now(),
			/** @param {number | LatencyRange} latency ms, or { minMs, maxMs } for a uniform spread per call */
			setLatency(latency) {
				settings.latency = checkLatency(latency);
			},
			latency: () => latencyView(settings.latency),
			/**
			 * @param {string} path a route path such as /v2/data/balance/get, or '*' for every user endpoint that can ask
			 * @param {import('./user-input').UserInputPolicy} policy
			 */
			setUserInputPolicy(path, policy) {
				if (!isPolicy(policy)) throw new TypeError(`policy must be one of ${POLICIES.join(', ')}`);
				if (path !== '*') {
					const route = typeof path === 'string' ? ROUTES_BY_PATH.get(path) : undefined;
					if (!route)
						throw new TypeError(`No endpoint ${String(path)}: use a route path such as /v2/data/balance/get, or '*'`);
					if (!canAskForUserInput(route))
						throw new TypeError(`${path} never asks for user input (docs: Auth, Metadata and Operations APIs)`);
				}
				userInputs.setPolicy(path, policy);
			},
			userInputPolicies: () => userInputs.policies(),
			userInputAnswers: USER_INPUT_ANSWERS,
			operations: () => operations.list(),
			/** @param {import('./webhooks').WebhookConfig | null} config */
			setWebhook: (config) => webhooks.configure(config),
			webhook: () => webhooks.config(),
			/** @param {import('./webhooks').WebhookFault | null} fault @param {{ sticky?: boolean }} [options] */
			setWebhookFault: (fault, options) => webhooks.setFault(fault, options),
			webhookDeliveries: () => webhooks.deliveries(),
			clearWebhookDeliveries: () => webhooks.clear(),
			/** @param {Record<string, unknown>} envelope */
			sendWebhook: (envelope) => webhooks.send(envelope),
			flushWebhooks: () => webhooks.idle(),
			users: () =>
				state.users.map((user) => {
					const bank = state.bankOf(user);
					return {
						userID: user.userID,
						name: user.identity.name,
						bankID: bank.bankID,
						bankName: bank.name,
						country: bank.accountsMetadata.country.code,
						accounts: user.accounts.map((a) => ({
							id: a.id,
							name: a.name,
							type: a.type,
							iban: a.iban,
							number: a.number,
							currency: a.currency.code,
							balance: a.balance,
						})),
						cards: user.cards.map((c) => ({ id: c.id, name: c.name, cardNumber: c.cardNumber })),
						beneficiaries: user.beneficiaries.map(beneficiarySummary),
						wireBeneficiaries: user.wireBeneficiaries.map(beneficiarySummary),
					};
				}),
			routes: () => ROUTES.map((route) => route.path),
		},
	};
}

/** @typedef {ReturnType<typeof createCore>} Core */

module.exports = { createCore, checkLatency };
