// @ts-check
'use strict';

/**
 * Stage 7, the targets (issues 6 and 14): ratios of medians from the same run, and counts that must
 * be zero. A missed target is reported, never an error: the benchmark exits non-zero only when it
 * cannot run.
 */

const LIMITS = {
	/** 10 ms, Max Parallel Connections 1 against a sequential client. */
	stressDapi1VsGotSequential: 1.1,
	/** 10 ms, Max Parallel Connections 10 against per-token queues with 10 in flight. */
	stressDapi10VsGotPerToken: 1.5,
	/** HTTP Request made safe (batch 1, smallest safe interval) is this many times slower than Dapi@10. */
	httpSafeVsDapi10: 15,
	/** 300 ms, Max Parallel Connections 10 against per-token queues. */
	slowDapi10VsGotPerToken: 1.02,
	/** 300 ms and spread: Max Parallel Connections 10 against its ideal schedule. */
	slowDapi10VsIdeal: 1.02,
	spreadDapi10VsIdeal: 1.02,
	/** CPU per item against n8n's HTTP Request node. */
	cpuPerItemVsHttp: 1.0,
	/** Peak RSS growth against the Code-node control. */
	memoryVsControl: 1.1,
	/** Over TLS at a 40 ms round trip, Max Parallel Connections 10 against its ideal schedule: a keep-alive client's figure. */
	tlsRtt40Dapi10VsIdeal: 1.4,
	/** The same with 300 ms of server time. */
	tlsRtt40Server300Dapi10VsIdeal: 1.08,
	loadMs: 100,
	tarballBytes: 150_000,
};

/**
 * @typedef {{ group: string, name: string, where?: string, value: number | string | null, limit: string, pass: boolean }} Target
 */

/** @param {any} results @returns {Target[]} */
function evaluateTargets(results) {
	/** @type {Target[]} */
	const targets = [];
	/** @param {string} group @param {string} name @param {string} where @param {number | null} value @param {'<=' | '>=' | '<'} op @param {number} limit */
	const check = (group, name, where, value, op, limit) => {
		const pass =
			value !== null &&
			Number.isFinite(value) &&
			(op === '<=' ? value <= limit : op === '>=' ? value >= limit : value < limit);
		targets.push({ group, name, where, value, limit: `${op} ${limit}`, pass });
	};
	/** A safety target: no overlapping calls and no failed items. @param {string} name @param {string} where @param {number} overlaps @param {number} failed */
	const noOverlapsOrFailures = (name, where, overlaps, failed) =>
		targets.push({
			group: 'safety',
			name,
			where,
			value: `${overlaps} / ${failed}`,
			limit: '0 / 0',
			pass: overlaps === 0 && failed === 0,
		});
	/** @param {number | null | undefined} a @param {number | null | undefined} b */
	const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

	for (const profile of results.rows?.profiles ?? []) {
		/** @param {string} key @param {string} order */
		const row = (key, order) =>
			profile.rows.find((/** @type {any} */ candidate) => candidate.key === key)?.[order] ?? null;
		const med = (/** @type {string} */ key, /** @type {string} */ order) => row(key, order)?.ms.median ?? null;
		for (const order of profile.orders) {
			const where = `${profile.label}, ${order}`;
			if (profile.key === 'stress') {
				check(
					'time',
					'Dapi@1 / got sequential',
					where,
					ratio(med('dapi1', order), med('gotSequential', order)),
					'<=',
					LIMITS.stressDapi1VsGotSequential,
				);
				check(
					'time',
					'Dapi@10 / got per-token queues',
					where,
					ratio(med('dapi10', order), med('gotPerToken', order)),
					'<=',
					LIMITS.stressDapi10VsGotPerToken,
				);
				check(
					'time',
					'HTTP Request safe batching / Dapi@10',
					where,
					ratio(med('httpSafe', order), med('dapi10', order)),
					'>=',
					LIMITS.httpSafeVsDapi10,
				);
			}
			if (profile.key === 'slow') {
				check(
					'time',
					'Dapi@10 / got per-token queues',
					where,
					ratio(med('dapi10', order), med('gotPerToken', order)),
					'<=',
					LIMITS.slowDapi10VsGotPerToken,
				);
				check(
					'time',
					'Dapi@10 / its ideal schedule',
					where,
					row('dapi10', order)?.vsIdeal.median ?? null,
					'<=',
					LIMITS.slowDapi10VsIdeal,
				);
			}
			if (profile.key === 'spread') {
				check(
					'time',
					'Dapi@10 / its ideal schedule',
					where,
					row('dapi10', order)?.vsIdeal.median ?? null,
					'<=',
					LIMITS.spreadDapi10VsIdeal,
				);
			}
			// Every run of every Dapi row (the baseline's too) and plain-client row: no overlap, no failed item.
			let overlaps = 0;
			let failed = 0;
			for (const candidate of profile.rows) {
				if (!/^(dapi|got)/.test(candidate.key) || !candidate[order]) continue;
				overlaps += candidate[order].overlappedCalls.total;
				failed += candidate[order].failedItems.total;
			}
			noOverlapsOrFailures(
				'overlapping calls / failed items, every Dapi and plain-client run',
				where,
				overlaps,
				failed,
			);
		}
	}

	for (const profile of results.tls?.profiles ?? []) {
		const row = (/** @type {string} */ key) => profile.rows.find((/** @type {any} */ r) => r.key === key);
		const where = `over TLS, ${profile.label}`;
		const limit =
			profile.key === 'rtt40'
				? LIMITS.tlsRtt40Dapi10VsIdeal
				: profile.key === 'rtt40server300'
					? LIMITS.tlsRtt40Server300Dapi10VsIdeal
					: null;
		if (limit !== null) {
			check('time', 'Dapi@10 / its ideal schedule', where, row('dapi10')?.vsIdeal.median ?? null, '<=', limit);
			// Not a target of the package: what the proposed n8n change would give, against the same limit.
			const patched = row('dapi10AgentReuse')?.vsIdeal.median ?? null;
			if (patched !== null)
				check('n8n patch', 'Dapi@10 on n8n patched to reuse agents / its ideal schedule', where, patched, '<=', limit);
		}
		const failed = profile.rows.reduce((/** @type {number} */ sum, /** @type {any} */ r) => sum + r.failedItems, 0);
		const overlaps = profile.rows.reduce(
			(/** @type {number} */ sum, /** @type {any} */ r) => sum + r.overlappedCalls,
			0,
		);
		noOverlapsOrFailures('overlapping calls / failed items, every row over TLS', where, overlaps, failed);
	}

	const cpu = results.cpu;
	if (cpu) {
		const perItem = (/** @type {string} */ key) =>
			cpu.rows.find((/** @type {any} */ row) => row.key === key)?.perItemMs ?? null;
		check(
			'cpu',
			'CPU per item, Dapi node / HTTP Request node',
			`${cpu.items} items, ${cpu.items} tokens`,
			ratio(perItem('dapi'), perItem('http')),
			'<=',
			LIMITS.cpuPerItemVsHttp,
		);
		const rows = cpu.rows.filter((/** @type {any} */ row) => row.failedItems !== null);
		const overlaps = rows.reduce((/** @type {number} */ sum, /** @type {any} */ row) => sum + row.overlappedCalls, 0);
		const failed = rows.reduce((/** @type {number} */ sum, /** @type {any} */ row) => sum + row.failedItems, 0);
		noOverlapsOrFailures('overlapping calls / failed items, CPU rows', `${cpu.items} tokens`, overlaps, failed);
	}

	const memory = results.memory;
	if (memory) {
		check(
			'memory',
			'peak RSS growth, Dapi node / Code-node control',
			`${memory.transactions.toLocaleString('en-US')} transactions`,
			memory.growthVsControl,
			'<=',
			LIMITS.memoryVsControl,
		);
		targets.push({
			group: 'safety',
			name: 'failed items, memory runs',
			where: '',
			value: memory.errorItems,
			limit: '= 0',
			pass: memory.errorItems === 0,
		});
	}

	const size = results.size;
	if (size) {
		check('size', 'load all nodes and credentials (ms)', '', size.load.packageMs.median, '<', LIMITS.loadMs);
		check('size', 'packed tarball (bytes)', '', size.tarball.size, '<', LIMITS.tarballBytes);
	}
	return targets;
}

module.exports = { evaluateTargets, LIMITS };
