// @ts-check
'use strict';

const { median, summary } = require('../lib/stats');

/** @param {Array<number | null | undefined>} values */
const optionalMedian = (values) =>
	median(/** @type {number[]} */ (values.filter((value) => typeof value === 'number')));

/** The runs of one row and item order: medians, ranges and counts. @param {import('./setup').Run[]} list */
function summariseRuns(list) {
	const counts = (/** @type {(run: import('./setup').Run) => number} */ pick) => {
		const values = list.map(pick);
		return { median: median(values), max: Math.max(...values), total: values.reduce((sum, value) => sum + value, 0) };
	};
	const ideals = list.map((run) => run.idealMs).filter((ms) => typeof ms === 'number');
	return {
		ms: summary(list.map((run) => run.ms ?? NaN)),
		idealMs: ideals.length > 0 ? median(/** @type {number[]} */ (ideals)) : null,
		vsIdeal: summary(list.map((run) => (run.ms !== null && run.idealMs ? run.ms / run.idealMs : NaN))),
		failedItems: counts((run) => run.failedItems ?? 0),
		overlappedCalls: counts((run) => run.overlappedCalls),
		tokensWithOverlaps: Math.max(...list.map((run) => run.tokensWithOverlaps)),
		maxOverlappedCallsPerToken: Math.max(...list.map((run) => run.maxOverlappedCallsPerToken)),
		benchBusyMs: median(list.map((run) => run.benchBusyMs)),
		// Where the time over the ideal schedule goes: before the first call, between a token's calls, after the last answer.
		firstCallAfterMs: optionalMedian(list.map((run) => run.firstCallAfterMs)),
		afterLastAnswerMs: optionalMedian(list.map((run) => run.afterLastAnswerMs)),
		chainGapMs: optionalMedian(list.map((run) => run.chainGapMs)),
		runs: list,
	};
}

module.exports = { summariseRuns };
