// @ts-check
'use strict';

/**
 * Stage 8, the report: the results of one run as Markdown. The same text is printed at the end of a
 * run and, by `npm run bench:report`, written into docs/performance.md; it names the
 * commit measured and says whether the tree was clean.
 */

const { fmtBytes, fmtCount, fmtMs, fmtRange, fmtRatio, tableHead, tableRow } = require('../lib/format');
const { renderTimeOverIdeal, renderTls } = require('./report-tables');

/** @param {any} results @returns {string} */
function renderReport(results) {
	const m = results.machine;
	const g = results.git;
	const lines = [];
	const tree = g.clean ? 'clean tree' : `**${g.changedFiles.length} uncommitted files: not a committed tree**`;
	lines.push(
		`Run of commit \`${g.shortCommit}\` (${tree}) on ${results.startedAt.slice(0, 10)}, \`${results.command}\`${results.options.smoke ? ' (**smoke run: a check of the benchmark, not a measurement**)' : ''}: ` +
			`${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node.replace(/^v/, '')}, n8n ${m.n8n}; load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverageAtEnd[0]} at the end; ${Math.round(results.durationS / 60)} min. ` +
			"Times are the node's own execution time from n8n's run data (the plain `got` client: the wall time of its calls); median (min–max) of the runs. " +
			"The ideal schedule is the time the calls would take if each took exactly its latency, a token's calls one after another, as many tokens at once as the row allows.",
	);
	lines.push('');
	lines.push('**Targets** (ratios of medians from this run)');
	lines.push('');
	lines.push(...tableHead(['target', 'where', 'measured', 'target', '']));
	for (const t of results.targets) {
		const value =
			typeof t.value === 'number'
				? t.group === 'size' || t.group === 'safety'
					? fmtCount(Math.round(t.value))
					: fmtRatio(t.value)
				: String(t.value);
		const limit = t.limit
			.replace('<=', '≤')
			.replace('>=', '≥')
			.replace(/\d{4,}/, (/** @type {string} */ digits) => fmtCount(Number(digits)));
		lines.push(tableRow([t.name, t.where || '', value, limit, t.pass ? 'met' : '**missed**']));
	}

	for (const profile of results.rows?.profiles ?? []) {
		lines.push('');
		const perToken = profile.calls / profile.connections;
		lines.push(
			`**${profile.label[0].toUpperCase()}${profile.label.slice(1)}: ${fmtCount(profile.calls)} Get Balance calls over ${profile.connections} tokens** (${perToken} each; ${profile.reps} run(s) per row${profile.safeInterval ? `; HTTP Request's smallest safe batching interval: ${profile.safeInterval.intervalMs} ms` : ''})`,
		);
		lines.push('');
		const orders = profile.orders;
		const header = [
			'row',
			...orders.flatMap((/** @type {string} */ order) => [orders.length > 1 ? order : 'time', '× ideal']),
			'failed items',
			'overlapping calls',
		];
		lines.push(...tableHead(header));
		for (const row of profile.rows) {
			const cells = [row.label];
			let failed = 0;
			let overlaps = 0;
			for (const order of orders) {
				const o = row[order];
				if (!o) {
					cells.push('—', '—');
					continue;
				}
				cells.push(fmtRange(o.ms), o.idealMs ? `${fmtRatio(o.vsIdeal.median)} (of ${fmtMs(o.idealMs)})` : '—');
				failed = Math.max(failed, o.failedItems.max);
				overlaps = Math.max(overlaps, o.overlappedCalls.max);
			}
			cells.push(failed === 0 ? '0' : `**${failed}**`, overlaps === 0 ? '0' : `**${overlaps}**`);
			lines.push(tableRow(cells));
		}
	}

	if (results.tls) lines.push('', ...renderTls(results.tls));
	if (results.rows) lines.push(...renderTimeOverIdeal(results));

	const cpu = results.cpu;
	if (cpu) {
		lines.push('');
		lines.push(
			`**CPU per item**: ${fmtCount(cpu.items)} Get Balance items over ${fmtCount(cpu.items)} tokens at ${cpu.latencyMs} ms; CPU time (user + system) of the whole n8n process, median of ${cpu.reps} run(s); per item: minus the control, divided by the items`,
		);
		lines.push('');
		lines.push(...tableHead(['row', 'n8n process CPU', 'per item', 'node time', 'failed items', 'overlapping calls']));
		for (const row of cpu.rows) {
			lines.push(
				tableRow([
					row.label,
					fmtRange({ median: row.cpuMs, min: row.cpuMsRange[0], max: row.cpuMsRange[1], n: row.runs.length }),
					row.perItemMs === null ? '—' : fmtMs(row.perItemMs),
					row.key === 'control' ? '—' : fmtMs(row.ms),
					row.failedItems === null ? '—' : String(row.failedItems),
					String(row.overlappedCalls),
				]),
			);
		}
	}

	const mem = results.memory;
	if (mem) {
		lines.push('');
		lines.push(
			`**Memory**: the ENBD user's transactions ${mem.fromDate}..${mem.toDate}, ${fmtCount(mem.transactions)} items from ${mem.dapiCalls} Dapi calls, output JSON ${fmtBytes(mem.outputJsonBytes)}; peak RSS (VmHWM) of the n8n process, median of ${mem.reps} run(s)`,
		);
		lines.push('');
		lines.push(...tableHead(['workflow', 'peak RSS', 'its trivial run', 'growth', '× output JSON']));
		const p = mem.peakRssBytes;
		lines.push(
			tableRow([
				'Dapi node, Get Transactions, Split Into Bank-Sized Windows',
				fmtBytes(p.transactions),
				`${fmtBytes(p.trivial)} (No Operation)`,
				fmtBytes(mem.nodeGrowthBytes),
				fmtRatio(mem.nodeGrowthVsOutputJson),
			]),
		);
		lines.push(
			tableRow([
				'control: a Code node outputting the same items',
				fmtBytes(p.control),
				`${fmtBytes(p.trivialCode)} (Code passing its input on)`,
				fmtBytes(mem.controlGrowthBytes),
				fmtRatio(mem.controlGrowthVsOutputJson),
			]),
		);
		const heap = mem.retainedHeap;
		const five = heap.ranges['5 years'];
		const one = heap.ranges['1 year'];
		if (five && one) {
			lines.push('');
			lines.push(
				`Growth against the control: ${fmtRatio(mem.growthVsControl)}× (each from its own trivial run; from the No Operation run for both, where the control also pays for n8n's task runner: ${fmtRatio(mem.growthVsControlFromNoOp)}×). ` +
					`The runs of one workflow vary by ${fmtBytes(mem.peakRssSpreadBytes.trivial)} (No Operation), ${fmtBytes(mem.peakRssSpreadBytes.trivialCode)} (Code passing its input on), ${fmtBytes(mem.peakRssSpreadBytes.transactions ?? 0)} (the node) and ${fmtBytes(mem.peakRssSpreadBytes.control ?? 0)} (the control), as much as the growths differ: read the ratio with that in mind. ` +
					`Heap the node still holds after a garbage collection when it returns: ${fmtBytes(five.retainedHeapAfterGc)} for five years (output JSON ${fmtBytes(five.outputJsonBytes)}), ${fmtBytes(one.retainedHeapAfterGc)} for one year (${fmtBytes(one.outputJsonBytes)}): **${fmtRatio(heap.perOutputJsonByte)} bytes of heap per extra byte of output JSON**.`,
			);
		}
	}

	const prof = results.profile;
	if (prof && prof.profiles.length > 0) {
		lines.push('');
		lines.push(
			`**Where the time goes**: one run each under the CPU profiler (which slows it: ${prof.profiles.map((/** @type {any} */ p) => `${p.name} ${fmtMs(p.msUnderProfiler)}`).join(', ')}), over the window in which the node ran; ` +
				"ms per item (share of the CPU). The CPU goes to whoever's code runs, native code and libraries to their caller:",
		);
		lines.push('');
		lines.push(...tableHead(['', ...prof.profiles.map((/** @type {any} */ p) => p.name)]));
		/** @type {string[]} */
		const areas = [];
		for (const p of prof.profiles)
			for (const a of p.summary?.attribution ?? []) if (!areas.includes(a.name)) areas.push(a.name);
		/** @param {any} p @param {number | undefined} ms @param {boolean} share */
		const cell = (p, ms, share) =>
			ms === undefined || !p.summary
				? '—'
				: `${fmtMs(ms / p.items)}${share && p.summary.cpuMs ? ` (${Math.round((100 * ms) / p.summary.cpuMs)}%)` : ''}`;
		lines.push(
			tableRow(["the node's run", ...prof.profiles.map((/** @type {any} */ p) => cell(p, p.summary?.windowMs, false))]),
		);
		lines.push(
			tableRow([
				'waiting for answers (idle)',
				...prof.profiles.map((/** @type {any} */ p) => cell(p, p.summary?.idleMs, false)),
			]),
		);
		lines.push(tableRow(['CPU', ...prof.profiles.map((/** @type {any} */ p) => cell(p, p.summary?.cpuMs, false))]));
		for (const area of areas) {
			lines.push(
				tableRow([
					`— ${area}`,
					...prof.profiles.map((/** @type {any} */ p) =>
						cell(p, p.summary?.attribution.find((/** @type {any} */ a) => a.name === area)?.ms ?? 0, true),
					),
				]),
			);
		}
		if (prof.simulatorMsPerCall !== null) {
			lines.push('');
			lines.push(
				`The simulator, in the bench process, spends ${fmtMs(prof.simulatorMsPerCall)} of CPU per call (its thread's busy time while the plain client made the 10 ms calls), on the same two cores.`,
			);
		}
	}

	const size = results.size;
	if (size) {
		lines.push('');
		lines.push(
			`**Size**: loading every node and credential in a fresh Node process takes ${fmtMs(size.load.packageMs.median)} (median of ${size.load.reps}; n8n-workflow itself, loaded first: ${fmtMs(size.load.n8nWorkflowMs.median)}); the packed tarball is ${fmtCount(size.tarball.size)} bytes (${size.tarball.entryCount} files, ${fmtCount(size.tarball.unpackedSize)} bytes unpacked).`,
		);
	}
	return lines.join('\n');
}

module.exports = { renderReport, renderTls };
