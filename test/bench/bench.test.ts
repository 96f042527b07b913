// The benchmark's own arithmetic: the ideal schedule every run is set against, the gap between a
// token's calls, and the section of docs/performance.md the report replaces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { idealScheduleMs, servedMsByToken } from '../../bench/lib/ideal';
import { chainGapMs } from '../../bench/lib/stats';
import { REPORT_FILE, replaceSection, writeReport } from '../../bench/lib/report-file';

type Entry = Parameters<typeof chainGapMs>[0][number];

const call = (token: string, startedAt: number, endedAt: number): Entry =>
	({
		seq: 0,
		method: 'POST',
		path: '/v2/data/balance/get',
		headers: {},
		body: null,
		status: 200,
		type: null,
		token,
		overlapped: false,
		startedAt,
		endedAt,
	}) as Entry;

describe('idealScheduleMs', () => {
	const fixed = (latency: number) => (_token: string, calls: number) => calls * latency;

	it('is ceil(tokens / parallel) × calls per token × latency at a fixed latency', () => {
		const tokens = Array.from({ length: 40 }, (_, t) => Array.from({ length: 5 }, () => `t${t}`)).flat();
		expect(idealScheduleMs(tokens, 10, fixed(300))).toBe(4 * 5 * 300);
		expect(idealScheduleMs(tokens, 1, fixed(300))).toBe(200 * 300);
		expect(idealScheduleMs(tokens, 50, fixed(300))).toBe(5 * 300);
	});

	it('does not depend on the order of the items', () => {
		const grouped = ['a', 'a', 'b', 'b', 'c', 'c'];
		const interleaved = ['a', 'b', 'c', 'a', 'b', 'c'];
		expect(idealScheduleMs(interleaved, 2, fixed(10))).toBe(idealScheduleMs(grouped, 2, fixed(10)));
		expect(idealScheduleMs(grouped, 2, fixed(10))).toBe(40);
	});

	it('gives each waiting token to the worker that is free first, in order of first appearance', () => {
		const served = servedMsByToken([
			call('a', 0, 900),
			call('b', 0, 100),
			call('c', 100, 200),
			call('c', 200, 300),
			call('d', 300, 600),
		]);
		// Workers: a (900) | b (100), then c (200) from 100, then d (300) from 300 → 900 and 600.
		expect(idealScheduleMs(['a', 'b', 'c', 'c', 'd'], 2, served)).toBe(900);
		// b | c, then d after b (100 + 300), then a after c (200 + 900): the long token last costs more.
		expect(idealScheduleMs(['b', 'c', 'c', 'd', 'a'], 2, served)).toBe(200 + 900);
	});
});

describe('chainGapMs', () => {
	it('is the median time from an answer to the same token’s next call', () => {
		const requests = [
			call('a', 0, 300),
			call('b', 1, 301),
			call('a', 320, 620),
			call('b', 306, 606),
			call('a', 650, 950),
		];
		// Gaps: a 20, 30; b 5 → median 20.
		expect(chainGapMs(requests)).toBe(20);
	});
});

describe('replaceSection', () => {
	it('replaces what is between the markers and keeps the rest', () => {
		const readme = 'intro\n<!-- bench:start (generated) -->\nold\n<!-- bench:end -->\nafter\n';
		expect(replaceSection(readme, 'new')).toBe(
			'intro\n<!-- bench:start (generated) -->\nnew\n<!-- bench:end -->\nafter\n',
		);
	});

	it('refuses a file without the markers', () => {
		expect(() => replaceSection('no markers here', 'new')).toThrow(/markers/);
	});
});

describe('writeReport', () => {
	let dir: string;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('writes docs/performance.md, not the README', () => {
		expect(path.relative(path.resolve(__dirname, '../..'), REPORT_FILE)).toBe(path.join('docs', 'performance.md'));
	});

	it('creates the file with a heading and the markers when it is missing', () => {
		const file = path.join(dir, 'docs', 'performance.md');
		writeReport('the report', file);
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toMatch(/^# Performance\n/);
		expect(text).toMatch(/<!-- bench:start[^>]*-->\nthe report\n<!-- bench:end -->\n$/);
	});

	it('replaces only the section of an existing file', () => {
		const file = path.join(dir, 'performance.md');
		fs.writeFileSync(file, '# Perf\n\nprose\n<!-- bench:start -->\nold\n<!-- bench:end -->\nmore prose\n');
		writeReport('new', file);
		expect(fs.readFileSync(file, 'utf8')).toBe(
			'# Perf\n\nprose\n<!-- bench:start -->\nnew\n<!-- bench:end -->\nmore prose\n',
		);
	});
});
