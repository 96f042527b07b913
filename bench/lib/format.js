// @ts-check
'use strict';

/** Numbers and tables of the Markdown report (bench/stages/report.js). */

/** @param {number | null | undefined} ms */
const fmtMs = (ms) =>
	ms === null || ms === undefined || !Number.isFinite(ms)
		? 'n/a'
		: ms >= 10_000
			? `${(ms / 1000).toFixed(1)} s`
			: ms >= 1000
				? `${(ms / 1000).toFixed(2)} s`
				: ms >= 10
					? `${Math.round(ms)} ms`
					: `${ms.toFixed(2)} ms`;
/** @param {{ median: number | null, min: number | null, max: number | null, n: number }} s */
const fmtRange = (s) =>
	s.median === null ? 'n/a' : s.n > 1 ? `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})` : fmtMs(s.median);
/** @param {number | null | undefined} value */
const fmtRatio = (value) =>
	value === null || value === undefined || !Number.isFinite(value)
		? 'n/a'
		: value < 2
			? value.toFixed(3)
			: value < 100
				? value.toFixed(2)
				: value.toFixed(0);
/** @param {number} bytes */
const fmtBytes = (bytes) =>
	Math.abs(bytes) >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
/** @param {number} value */
const fmtCount = (value) => value.toLocaleString('en-US');

/** @param {string[]} cells */
const tableRow = (cells) => `| ${cells.join(' | ')} |`;
/** @param {string[]} header */
const tableHead = (header) => [tableRow(header), tableRow(header.map(() => '---'))];

module.exports = { fmtMs, fmtRange, fmtRatio, fmtBytes, fmtCount, tableRow, tableHead };
