// @ts-check
'use strict';

/**
 * Dapi: "One accessToken cannot be used in multiple requests at the same time in parallel.
 * If parallel calls are caused, you can expect all requests to fail."
 * Tracks the calls in flight per token; a newcomer marks itself and everyone in flight as overlapped.
 */
class TokenGuard {
	/** @type {Map<string, Set<{ overlapped: boolean }>>} */
	#inFlight = new Map();

	/** @param {string} token @param {{ overlapped: boolean }} call */
	enter(token, call) {
		let calls = this.#inFlight.get(token);
		if (!calls) {
			calls = new Set();
			this.#inFlight.set(token, calls);
		}
		if (calls.size > 0) {
			call.overlapped = true;
			for (const other of calls) other.overlapped = true;
		}
		calls.add(call);
	}

	/** @param {string} token @param {{ overlapped: boolean }} call */
	leave(token, call) {
		const calls = this.#inFlight.get(token);
		if (!calls) return;
		calls.delete(call);
		if (calls.size === 0) this.#inFlight.delete(token);
	}
}

module.exports = { TokenGuard };
