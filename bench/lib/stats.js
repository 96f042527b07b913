// @ts-check
'use strict';

/** @param {number[]} values */
function median(values) {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @param {number[]} values */
function summary(values) {
	const finite = values.filter((value) => Number.isFinite(value));
	if (finite.length === 0) return { median: null, min: null, max: null, n: 0 };
	return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length };
}

/**
 * What the simulator saw during one measured run: API calls, error answers and calls that overlapped
 * another call on the same token (the simulator fails both).
 * @param {import('../../simulator').RequestLogEntry[]} requests
 */
function simulatorCounts(requests) {
	/** @type {Map<string, number>} */
	const perToken = new Map();
	let overlapped = 0;
	let errorAnswers = 0;
	for (const entry of requests) {
		if (entry.status !== 200) errorAnswers += 1;
		if (!entry.overlapped) continue;
		overlapped += 1;
		const token = entry.token ?? '(none)';
		perToken.set(token, (perToken.get(token) ?? 0) + 1);
	}
	return {
		calls: requests.length,
		errorAnswers,
		overlappedCalls: overlapped,
		tokensWithOverlaps: perToken.size,
		maxOverlappedCallsPerToken: Math.max(0, ...perToken.values()),
	};
}

/**
 * The median time from the simulator answering one call of a token to the next call of that token
 * arriving: what each step of a token's chain costs beyond the latency (client, n8n and network).
 * @param {import('../../simulator').RequestLogEntry[]} requests
 * @returns {number | null} ms
 */
function chainGapMs(requests) {
	/** @type {Map<string, import('../../simulator').RequestLogEntry[]>} */
	const byToken = new Map();
	for (const entry of requests) {
		if (entry.token === null) continue;
		const list = byToken.get(entry.token);
		if (list) list.push(entry);
		else byToken.set(entry.token, [entry]);
	}
	const gaps = [];
	for (const list of byToken.values()) {
		list.sort((a, b) => a.startedAt - b.startedAt);
		for (let i = 1; i < list.length; i++)
			if (list[i - 1].endedAt !== null) gaps.push(list[i].startedAt - /** @type {number} */ (list[i - 1].endedAt));
	}
	return median(gaps);
}

module.exports = { median, summary, simulatorCounts, chainGapMs };
