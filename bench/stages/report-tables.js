// @ts-check
'use strict';

/** Two tables of the report (bench/stages/report.js): the rows over TLS, and the time over the ideal schedule. */

const { fmtCount, fmtMs, fmtRange, fmtRatio, tableHead, tableRow } = require('../lib/format');

/**
 * The rows over TLS (issue 25): time, against the ideal schedule and against the keep-alive client,
 * and the connections each call opened, counted at the front.
 * @param {any} tls results.tls @returns {string[]}
 */
function renderTls(tls) {
	const first = tls.profiles[0];
	const lines = [
		`**Over TLS, with round trips** (bench/lib/tls-front.js: a TLS 1.3 front on loopback adding 2 round trips to a new connection and 1 to each request): ${fmtCount(first.calls)} Get Balance calls over ${first.tokens} tokens, ${tls.parallel} tokens at a time; ${first.reps} run(s) per row. ` +
			"The ideal schedule: the simulator's time for each token's calls plus one round trip per call (every call on an open connection). Connections per call: counted at the front.",
		'',
		...tableHead([
			'round trip',
			'row',
			'time',
			'× ideal',
			'× keep-alive client',
			'connections per call',
			'failed items / overlapping calls',
		]),
	];
	for (const profile of tls.profiles) {
		const keepAlive = profile.rows.find((/** @type {any} */ row) => row.key === 'httpsKeepAlive')?.ms.median ?? null;
		for (const row of profile.rows) {
			const bad = row.failedItems + row.overlappedCalls > 0;
			lines.push(
				tableRow([
					profile.label,
					row.label,
					fmtRange(row.ms),
					// With no round trip and no server time the ideal is the simulator's own ~1 ms a call: no yardstick.
					row.idealMs && profile.rttMs + profile.serverMs > 0
						? `${fmtRatio(row.vsIdeal.median)} (of ${fmtMs(row.idealMs)})`
						: '—',
					keepAlive && row.ms.median !== null ? fmtRatio(row.ms.median / keepAlive) : '—',
					row.connectionsPerCall === null ? '—' : row.connectionsPerCall.toFixed(2),
					bad ? `**${row.failedItems} / ${row.overlappedCalls}**` : '0 / 0',
				]),
			);
		}
	}
	return lines;
}

/** The time over the ideal schedule of the rows over plain HTTP. @param {any} results @returns {string[]} */
function renderTimeOverIdeal(results) {
	const lines = [];
	lines.push('');
	lines.push(
		"**Time over the ideal schedule**, from the simulator's log and n8n's run data (one clock): before the node's first call reached the simulator, after its last answer left it, and in between; and the median time from an answer to the same token's next call (medians of the runs, first item order)",
	);
	lines.push('');
	lines.push(
		...tableHead([
			'latency',
			'row',
			'over the ideal',
			'before the first call',
			'after the last answer',
			'in between',
			"answer → the token's next call",
		]),
	);
	for (const profile of results.rows.profiles) {
		for (const row of profile.rows) {
			const o = row[profile.orders[0]];
			if (!o || !o.idealMs || o.ms.median === null) continue;
			const over = o.ms.median - o.idealMs;
			const edges = typeof o.firstCallAfterMs === 'number' && typeof o.afterLastAnswerMs === 'number';
			lines.push(
				tableRow([
					profile.label.replace(/ \(.*\)$/, ''),
					row.label,
					fmtMs(over),
					edges ? fmtMs(o.firstCallAfterMs) : '—',
					edges ? fmtMs(o.afterLastAnswerMs) : '—',
					edges ? fmtMs(over - o.firstCallAfterMs - o.afterLastAnswerMs) : '—',
					fmtMs(o.chainGapMs),
				]),
			);
		}
	}

	return lines;
}

module.exports = { renderTls, renderTimeOverIdeal };
