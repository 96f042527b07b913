// @ts-check
'use strict';

/** The options of `npm run bench` (bench/README.md). */

const path = require('node:path');

/**
 * @typedef {{ reps: number, spreadReps: number, tlsReps: number, cpuReps: number, memReps: number, loadReps: number, quick: boolean, smoke: boolean,
 *   tlsOnly: boolean, profile: boolean, whatIf: boolean, keep: boolean, baseline: string | null, out: string | null }} Options
 */

/** @param {string[]} argv @returns {Options} */
function parseOptions(argv) {
	/** @type {Options} */
	const options = {
		reps: 3,
		spreadReps: 3,
		tlsReps: 3,
		cpuReps: 5,
		memReps: 9,
		loadReps: 7,
		quick: false,
		smoke: false,
		tlsOnly: false,
		profile: true,
		whatIf: false,
		keep: false,
		baseline: null,
		out: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const count = () => {
			const next = Number(argv[++i]);
			if (!Number.isInteger(next) || next < 1) throw new Error(`${arg} needs a positive integer`);
			return next;
		};
		const text = () => {
			const next = argv[++i];
			if (!next || next.startsWith('--')) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--reps') options.reps = count();
		else if (arg === '--spread-reps') options.spreadReps = count();
		else if (arg === '--tls-reps') options.tlsReps = count();
		else if (arg === '--tls-only') options.tlsOnly = true;
		else if (arg === '--cpu-reps') options.cpuReps = count();
		else if (arg === '--mem-reps') options.memReps = count();
		else if (arg === '--quick')
			Object.assign(options, { quick: true, reps: 1, spreadReps: 1, tlsReps: 1, cpuReps: 2, memReps: 1, loadReps: 3 });
		else if (arg === '--smoke')
			Object.assign(options, { smoke: true, reps: 1, spreadReps: 1, tlsReps: 1, cpuReps: 1, memReps: 1, loadReps: 2 });
		else if (arg === '--baseline') options.baseline = text();
		else if (arg === '--out') options.out = path.resolve(text());
		else if (arg === '--no-profile') options.profile = false;
		else if (arg === '--what-if') options.whatIf = true;
		else if (arg === '--keep') options.keep = true;
		else throw new Error(`unknown argument ${arg} (see bench/README.md)`);
	}
	return options;
}

module.exports = { parseOptions };
