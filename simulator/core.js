// @ts-check
'use strict';

const { SimState } = require('./state');
const { RequestLog } = require('./request-log');
const { TokenGuard } = require('./concurrency');

/** @param {number} ms */
function checkLatency(ms) {
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
		throw new TypeError('latencyMs must be a finite number >= 0');
	}
	return ms;
}

/**
 * The simulator without HTTP: state plus the operations both the programmatic API and the
 * /__sim control API offer.
 * @param {{ appKey: string, appSecret: string, now: () => number, latencyMs: number }} options
 */
function createCore({ appKey, appSecret, now, latencyMs }) {
	const state = new SimState({ appKey, appSecret, now });
	const log = new RequestLog();
	const guard = new TokenGuard();
	const settings = { latencyMs: checkLatency(latencyMs) };

	return {
		state,
		log,
		guard,
		settings,
		/** @param {string} [userID] */
		connect: (userID) => state.connect(userID),
		requests: () => log.list(),
		clearRequests: () => log.clear(),
		overlapCount: () => log.overlapCount(),
		/** @param {number} ms */
		advanceClock: (ms) => state.advanceClock(ms),
		now: () => state.now(),
		/** @param {number} ms */
		setLatency(ms) {
			settings.latencyMs = checkLatency(ms);
		},
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
				};
			}),
	};
}

/** @typedef {ReturnType<typeof createCore>} Core */

module.exports = { createCore, checkLatency };
