// @ts-check
'use strict';

/**
 * Stage 1, the workload: bank connections made through the simulator (a Connect result, then the
 * access code exchanged at /auth/ExchangeToken as an app would), and the items of every stage.
 *
 * - stress  (10 ms rows): 500 Get Balance calls over 50 tokens, 10 each, grouped and interleaved
 * - slow    (300 ms rows): 200 calls over 40 tokens, 5 each
 * - spread  (200–2,000 ms rows): 60 calls over 20 tokens, 3 each
 * - tls     (the rows over TLS with added round trips): 100 calls over 10 tokens, 10 each
 * - distinct (CPU per item): 500 calls over 500 tokens, so that no two calls can share a token
 * - ENBD    (memory): one connection of the ENBD user, whose bank gives 90 days of transactions a call
 */

const { connectAndExchange, seedBalanceWorkload } = require('../lib/workload');

const SIZES = {
	full: {
		stress: { connections: 50, callsPerConnection: 10 },
		slow: { connections: 40, callsPerConnection: 5 },
		spread: { connections: 20, callsPerConnection: 3 },
		tls: { connections: 10, callsPerConnection: 10 },
		distinct: { connections: 500, callsPerConnection: 1 },
		/** The safe-interval search tries the first connections of the stress workload, grouped. */
		searchConnections: 10,
	},
	smoke: {
		stress: { connections: 6, callsPerConnection: 3 },
		slow: { connections: 4, callsPerConnection: 2 },
		spread: { connections: 4, callsPerConnection: 2 },
		tls: { connections: 3, callsPerConnection: 2 },
		distinct: { connections: 20, callsPerConnection: 1 },
		searchConnections: 3,
	},
};

const ENBD = { userID: 'user-ae-enbd-004', accountID: 'acc-enbd-004-current', years: 5 };

/** @param {Date} date */
const day = (date) => date.toISOString().slice(0, 10);

/** @param {import('./setup').Bench} bench */
async function seedWorkloads(bench) {
	const { sim, options, log } = bench;
	const sizes = options.smoke ? SIZES.smoke : SIZES.full;
	sim.setLatency(0);
	const stress = await seedBalanceWorkload(sim, sizes.stress);
	const slow = await seedBalanceWorkload(sim, sizes.slow);
	const spread = await seedBalanceWorkload(sim, sizes.spread);
	const tls = await seedBalanceWorkload(sim, sizes.tls);
	const distinct = await seedBalanceWorkload(sim, sizes.distinct);
	const search = stress.grouped.slice(0, sizes.searchConnections * sizes.stress.callsPerConnection);

	const enbd = await connectAndExchange(sim, ENBD.userID);
	const today = new Date();
	const yearsBack = (/** @type {number} */ years) => {
		const date = new Date(today);
		date.setUTCFullYear(date.getUTCFullYear() - years);
		return date;
	};
	const oneYearBack = yearsBack(1);
	oneYearBack.setUTCDate(oneYearBack.getUTCDate() + 1);
	const memory = {
		userID: ENBD.userID,
		accountID: ENBD.accountID,
		item: { accessToken: enbd.accessToken, userSecret: enbd.userSecret, accountID: ENBD.accountID },
		toDate: day(today),
		fromDate: day(yearsBack(ENBD.years)),
		/** For the heap kept per output byte: one year against five, to tell what grows with the output. */
		oneYearFromDate: day(oneYearBack),
	};

	const described = (/** @type {{ connections: number, callsPerConnection: number }} */ size) => ({
		calls: size.connections * size.callsPerConnection,
		...size,
	});
	bench.results.workload = {
		stress: described(sizes.stress),
		slow: described(sizes.slow),
		spread: described(sizes.spread),
		tls: described(sizes.tls),
		distinct: described(sizes.distinct),
		memory: { userID: memory.userID, accountID: memory.accountID, fromDate: memory.fromDate, toDate: memory.toDate },
	};
	log(
		`simulator at ${sim.url}; connections exchanged: ${[stress, slow, spread, tls, distinct].map((w) => w.connections.length).join(' + ')} + 1 (ENBD)`,
	);
	return { stress, slow, spread, tls, distinct, search, memory };
}

/** @typedef {Awaited<ReturnType<typeof seedWorkloads>>} Workloads */

module.exports = { seedWorkloads };
