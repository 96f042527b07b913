// @ts-check
'use strict';

/** A duration for the bench's progress log. @param {number | null | undefined} ms */
const fmtMs = (ms) =>
	ms === null || ms === undefined
		? 'n/a'
		: ms >= 10_000
			? `${(ms / 1000).toFixed(1)} s`
			: ms >= 1000
				? `${(ms / 1000).toFixed(2)} s`
				: `${Math.round(ms)} ms`;

module.exports = { fmtMs };
