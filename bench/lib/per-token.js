// @ts-check
'use strict';

/**
 * Per-token queues, as a careful hand-written client would do it: one queue per access token, calls
 * of a token strictly one after another in input order, at most `maxParallel` tokens in flight.
 * A worker takes a whole token queue and runs it, then takes the next waiting queue.
 * @template T
 * @param {string[]} keys the token of each call
 * @param {number} maxParallel
 * @param {(index: number) => Promise<T>} task
 * @returns {Promise<T[]>} results in input order
 */
async function runPerToken(keys, maxParallel, task) {
	/** @type {Map<string, number[]>} */
	const queues = new Map();
	keys.forEach((key, index) => {
		const queue = queues.get(key);
		if (queue) queue.push(index);
		else queues.set(key, [index]);
	});
	const waiting = [...queues.values()];
	/** @type {T[]} */
	const results = new Array(keys.length);
	const worker = async () => {
		for (let queue = waiting.shift(); queue; queue = waiting.shift()) {
			for (const index of queue) results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(maxParallel, waiting.length)) }, worker));
	return results;
}

module.exports = { runPerToken };
