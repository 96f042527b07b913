// @ts-check
'use strict';

/**
 * @typedef {object} LogEntry
 * @property {number} seq         1-based, in arrival order
 * @property {string} method
 * @property {string} path        as received, e.g. /v2/auth/ExchangeToken
 * @property {Record<string, string | string[] | undefined>} headers lower-cased names
 * @property {unknown} body       parsed JSON, or the raw string when it did not parse
 * @property {number | null} status HTTP status answered (null while in flight)
 * @property {string | null} type   error type answered, null on success
 * @property {string | null} token  the Bearer token, or null
 * @property {boolean} overlapped   the concurrency guard tripped for this call
 * @property {number} startedAt     simulator clock (ms)
 * @property {number | null} endedAt
 */

/** API calls in arrival order. Control calls are never recorded here. */
class RequestLog {
	/** @type {LogEntry[]} */
	#entries = [];
	#seq = 0;

	/** @param {Omit<LogEntry, 'seq' | 'body' | 'status' | 'type' | 'overlapped' | 'endedAt'>} start */
	begin(start) {
		/** @type {LogEntry} */
		const entry = {
			seq: ++this.#seq,
			method: start.method,
			path: start.path,
			headers: start.headers,
			body: null,
			status: null,
			type: null,
			token: start.token,
			overlapped: false,
			startedAt: start.startedAt,
			endedAt: null,
		};
		this.#entries.push(entry);
		return entry;
	}

	/** Copies, so callers cannot change the log. @returns {LogEntry[]} */
	list() {
		return structuredClone(this.#entries);
	}

	clear() {
		this.#entries = [];
	}

	overlapCount() {
		return this.#entries.filter((entry) => entry.overlapped).length;
	}
}

module.exports = { RequestLog };
