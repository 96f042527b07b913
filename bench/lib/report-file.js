// @ts-check
'use strict';

/**
 * Where `npm run bench:report` writes the report: docs/performance.md, between its
 * `<!-- bench:start … -->` and `<!-- bench:end -->` markers (created with them when missing).
 */

const fs = require('node:fs');
const path = require('node:path');

const REPORT_FILE = path.resolve(__dirname, '..', '..', 'docs', 'performance.md');

const SECTION_START = /<!-- bench:start[^>]*-->/;
const SECTION_END = '<!-- bench:end -->';
/** A new docs/performance.md: a heading and the empty markers. */
const NEW_FILE = `# Performance\n\n<!-- bench:start (written by \`npm run bench:report\` from a run of \`npm run bench\`; not edited by hand) -->\n${SECTION_END}\n`;

/**
 * The text with `section` between its bench:start and bench:end markers (which stay).
 * @param {string} text @param {string} section
 */
function replaceSection(text, section) {
	const start = SECTION_START.exec(text);
	const end = text.indexOf(SECTION_END);
	if (!start || end < start.index) throw new Error(`no <!-- bench:start --> … ${SECTION_END} markers`);
	return `${text.slice(0, start.index + start[0].length)}\n${section}\n${text.slice(end)}`;
}

/**
 * Writes `section` into `file` between the markers, creating the file (heading and markers) when missing.
 * @param {string} section @param {string} [file]
 */
function writeReport(section, file = REPORT_FILE) {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : NEW_FILE;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, replaceSection(text, section));
}

module.exports = { REPORT_FILE, replaceSection, writeReport };
