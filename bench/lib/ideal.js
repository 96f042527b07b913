// @ts-check
'use strict';

/**
 * The ideal schedule: how long a run would take if every call took exactly its latency and nothing
 * else (no client, no n8n, no network), under the rule every careful client follows: a token's calls
 * one after another, at most `parallel` tokens at a time, each worker taking the next waiting token
 * (in order of first appearance) as soon as it is free. With a fixed latency L, c calls per token and
 * T tokens this is ceil(T / parallel) × c × L; with a spread it depends on the latencies drawn, so it
 * is computed per run from the time the simulator took to answer each call.
 *
 * @param {string[]} tokens the token of each call, in input order
 * @param {number} parallel
 * @param {(token: string, calls: number) => number} tokenMs how long all calls of one token take back to back
 * @returns {number} ms
 */
function idealScheduleMs(tokens, parallel, tokenMs) {
	/** @type {Map<string, number>} */
	const calls = new Map();
	for (const token of tokens) calls.set(token, (calls.get(token) ?? 0) + 1);
	const freeAt = new Array(Math.max(1, Math.min(parallel, calls.size))).fill(0);
	for (const [token, count] of calls) {
		const worker = freeAt.indexOf(Math.min(...freeAt));
		freeAt[worker] += tokenMs(token, count);
	}
	return Math.max(...freeAt);
}

/**
 * Per token, the time the simulator spent on its calls (arrival to answer, which is the latency it
 * drew plus its own work): the durations of a spread run's ideal schedule.
 * @param {import('../../simulator').RequestLogEntry[]} requests
 * @returns {(token: string) => number}
 */
function servedMsByToken(requests) {
	/** @type {Map<string, number>} */
	const served = new Map();
	for (const entry of requests) {
		if (entry.token === null || entry.endedAt === null) continue;
		served.set(entry.token, (served.get(entry.token) ?? 0) + (entry.endedAt - entry.startedAt));
	}
	return (token) => served.get(token) ?? 0;
}

module.exports = { idealScheduleMs, servedMsByToken };
