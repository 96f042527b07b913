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
 * @property {number | null} latencyMs the delay picked for this call's answer (null until picked)
 * @property {number} startedAt     simulator clock (ms)
 * @property {number | null} endedAt
 */

/** API calls in arrival order. Control calls are never recorded here. */
class RequestLog {
	/** @type {LogEntry[]} */
	#entries = [];
	#seq = 0;
	/** @type {Set<() => void>} re-checked on every arrival and answer */
	#watchers = new Set();

	/** @param {Omit<LogEntry, 'seq' | 'body' | 'status' | 'type' | 'overlapped' | 'latencyMs' | 'endedAt'>} start */
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
			latencyMs: null,
			startedAt: start.startedAt,
			endedAt: null,
		};
		this.#entries.push(entry);
		this.#changed();
		return entry;
	}

	/** Records the delay picked for an entry's answer. @param {LogEntry} entry @param {number} ms */
	picked(entry, ms) {
		entry.latencyMs = ms;
		this.#changed();
	}

	/** Records the answer of an entry begin() returned. @param {LogEntry} entry @param {{ status: number, type: string | null, endedAt: number }} answer */
	finish(entry, { status, type, endedAt }) {
		Object.assign(entry, { status, type, endedAt });
		this.#changed();
	}

	/**
	 * Resolves once `check` holds for the log (a copy), checked now and after every arrival and answer:
	 * lets a test wait for a call to be in flight or answered without guessing a time.
	 * @param {(entries: LogEntry[]) => boolean} check
	 * @returns {Promise<void>}
	 */
	until(check) {
		return new Promise((resolve) => {
			const watcher = () => {
				if (!check(this.list())) return;
				this.#watchers.delete(watcher);
				resolve();
			};
			this.#watchers.add(watcher);
			watcher();
		});
	}

	#changed() {
		for (const watcher of [...this.#watchers]) watcher();
	}

	/** Copies, so callers cannot change the log. @returns {LogEntry[]} */
	list() {
		return structuredClone(this.#entries);
	}

	clear() {
		this.#entries = [];
		this.#changed();
	}

	overlapCount() {
		return this.#entries.filter((entry) => entry.overlapped).length;
	}
}

module.exports = { RequestLog };
