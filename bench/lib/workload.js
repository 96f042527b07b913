// @ts-check
'use strict';

/**
 * The workload: `connections` bank connections made through the simulator (Connect result, then the
 * access code exchanged at /auth/ExchangeToken as an app would), `callsPerConnection` balance calls
 * each, in two orders: grouped by token (a token's calls back to back) and interleaved (round robin).
 */

/**
 * @typedef {{ accessToken: string, userSecret: string, accountID: string }} BalanceItem
 * @typedef {{ grouped: BalanceItem[], interleaved: BalanceItem[], connections: BalanceItem[] }} Workload
 */

/**
 * Exchanges one Connect result for its access token, through the simulator's API.
 * @param {import('../../simulator').Simulator} sim
 * @param {string} userID
 */
async function connectAndExchange(sim, userID) {
	const connect = sim.connect(userID);
	const response = await fetch(`${sim.baseUrl}/auth/ExchangeToken`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			appSecret: sim.appSecret,
			accessCode: connect.accessCode,
			connectionID: connect.connectionID,
		}),
	});
	const body = /** @type {{ success?: boolean, accessToken?: string }} */ (await response.json());
	if (!response.ok || !body.accessToken)
		throw new Error(`ExchangeToken failed: ${response.status} ${JSON.stringify(body)}`);
	return { accessToken: body.accessToken, userSecret: connect.userSecret, userID };
}

/**
 * @param {import('../../simulator').Simulator} sim
 * @param {{ connections: number, callsPerConnection: number }} size
 * @returns {Promise<Workload>}
 */
async function seedBalanceWorkload(sim, { connections, callsPerConnection }) {
	const users = sim.users().filter((user) => user.accounts.length > 0);
	/** @type {BalanceItem[]} */
	const made = [];
	for (let i = 0; i < connections; i++) {
		const user = users[i % users.length];
		const { accessToken, userSecret } = await connectAndExchange(sim, user.userID);
		made.push({ accessToken, userSecret, accountID: user.accounts[0].id });
	}
	const grouped = made.flatMap((connection) => Array.from({ length: callsPerConnection }, () => ({ ...connection })));
	/** @type {BalanceItem[]} */
	const interleaved = [];
	for (let call = 0; call < callsPerConnection; call++)
		for (const connection of made) interleaved.push({ ...connection });
	return { grouped, interleaved, connections: made };
}

module.exports = { seedBalanceWorkload, connectAndExchange };
