// @ts-check
'use strict';

/**
 * Reads a V8 .cpuprofile (from `--cpu-prof` on the n8n process) and summarises where the time went
 * while the node under test ran: the window from the first to the last sample with a frame of this
 * package's node code (dist/nodes) that belongs to a run (execute, executeItems, callDapi, …), or of
 * n8n's HTTP Request node, split into idle (waiting for the network), GC and CPU, with the
 * functions that cost the most CPU, self and inclusive (a function counts once per sample however
 * often it is on the stack). Async continuations start a new stack at the resumed function, so
 * inclusive time is "time spent while this function was on the stack".
 *
 * The attribution groups the CPU by who spent it (AREAS): a sample counts for the area of its leaf
 * frame's module, or, when that module is in no area (native code, node's internals, libraries such
 * as luxon or lodash), for the area of the nearest caller that is.
 *
 *   node bench/lib/profile.js <file.cpuprofile> [top] [dapi | httpRequest]
 */

const fs = require('node:fs');
const path = require('node:path');

const OUR_CODE = /n8n-nodes-dapi\/dist\/nodes\//;
/** Functions of the node's run (not of loading the package), which mark the window. */
const RUN_FUNCTIONS =
	/^(execute|router|executeItems|runByConnection|worker|callDapi|dapiApiRequest|getUserAuth|connectionKey|executeAt)$/;
/** The window of the Dapi node's run, or of n8n's HTTP Request node's. */
const WINDOWS = {
	dapi: { url: OUR_CODE, functions: RUN_FUNCTIONS },
	httpRequest: { url: /n8n-nodes-base\/dist\/nodes\/HttpRequest\//, functions: /^(execute|executeRequest)$/ },
};

/** Who spends the CPU, by the module path of a frame; the first that matches wins. */
const AREAS = [
	{ name: 'this package', test: /n8n-nodes-dapi\/dist\// },
	{ name: "n8n's HTTP Request node", test: /n8n-nodes-base\/dist\/nodes\/HttpRequest\// },
	{
		name: "n8n's expression engine",
		test: /@n8n\/expression-runtime|@n8n\/tournament|isolated-vm|\/recast\/|\/esprima|\/ast-types\/|n8n-workflow\/dist\/.*(expression|workflow-data-proxy|extensions\/)/,
	},
	{
		name: "n8n's HTTP helper and the sockets",
		test: /\/axios\/|follow-redirects|form-data|proxy-from-env|@n8n\/backend-network|request-helper|^node:(_http|http|https|net|tls|dns)|^node:internal\/(http|net|dns|stream_base_commons)/,
	},
	{ name: "n8n's credentials", test: /credential|@n8n\/typeorm|sqlite3/i },
	{
		name: 'n8n, the rest (execution engine, parameters, output)',
		test: /\/n8n-core\/|\/n8n-workflow\/|\/n8n\/dist\/|@n8n\//,
	},
];

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number }} CpuProfile
 */

/** @param {ProfileNode['callFrame']} frame */
function label(frame) {
	const name = frame.functionName || '(anonymous)';
	if (!frame.url) return name;
	const url = frame.url.replace(/^file:\/\//, '');
	const modules = url.lastIndexOf('node_modules/');
	const where = modules >= 0 ? url.slice(modules + 'node_modules/'.length) : path.basename(url);
	return `${name} ${where}:${frame.lineNumber + 1}`;
}

/** @param {string} url */
function area(url) {
	if (!url) return '(native / V8)';
	if (OUR_CODE.test(url)) return 'n8n-nodes-dapi (this package)';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
		url.replace(/.*node_modules\/n8n\/node_modules\//, 'node_modules/'),
	);
	if (url.startsWith('node:')) return 'node core';
	return match ? match[1] : path.basename(url);
}

/**
 * @param {CpuProfile} profile
 * @param {{ top?: number, window?: keyof typeof WINDOWS }} [options]
 */
function summarise(profile, { top = 15, window = 'dapi' } = {}) {
	const marker = WINDOWS[window];
	/** @type {Map<number, ProfileNode>} */
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	/** @type {Map<number, number>} */
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	/** @param {number} id */
	const stack = (id) => {
		const frames = [];
		for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parent.get(at))
			frames.push(/** @type {ProfileNode} */ (byId.get(at)));
		return frames;
	};
	/** @type {Map<number, ProfileNode[]>} */
	const stacks = new Map();
	const stackOf = (/** @type {number} */ id) => {
		let frames = stacks.get(id);
		if (!frames) stacks.set(id, (frames = stack(id)));
		return frames;
	};

	// Sample times (µs) and the window in which our node code ran.
	const times = [];
	let t = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((t += delta));
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, index) => {
		if (
			stackOf(id).some(
				(frame) => marker.url.test(frame.callFrame.url) && marker.functions.test(frame.callFrame.functionName),
			)
		) {
			if (first === -1) first = index;
			last = index;
		}
	});
	if (first === -1) return null;

	/** @param {ProfileNode[]} frames leaf first */
	const areaOf = (frames) => {
		const leaf = frames[0].callFrame.functionName;
		if (leaf === '(garbage collector)') return 'garbage collection';
		for (const frame of frames) {
			const url = frame.callFrame.url.replace(/^file:\/\//, '');
			const found = url && AREAS.find((candidate) => candidate.test.test(url));
			if (found) return found.name;
		}
		return leaf === '(program)' ? 'V8, not attributable (program)' : 'other (node core, libraries at the root)';
	};

	let idle = 0;
	let gc = 0;
	let total = 0;
	/** @type {Map<string, number>} */ const attribution = new Map();
	/** @type {Map<string, number>} */ const self = new Map();
	/** @type {Map<string, number>} */ const inclusive = new Map();
	/** @type {Map<string, number>} */ const areas = new Map();
	const add = (/** @type {Map<string, number>} */ map, /** @type {string} */ key, /** @type {number} */ value) =>
		map.set(key, (map.get(key) ?? 0) + value);
	for (let index = first; index <= last; index++) {
		const duration = (times[index + 1] ?? times[index]) - times[index];
		total += duration;
		const frames = stackOf(profile.samples[index]);
		const leaf = frames[0].callFrame;
		if (leaf.functionName === '(idle)') {
			idle += duration;
			continue;
		}
		if (leaf.functionName === '(garbage collector)') gc += duration;
		add(self, label(leaf), duration);
		add(attribution, areaOf(frames), duration);
		// The deepest frame that is not native names the area.
		const js = frames.find((frame) => frame.callFrame.url) ?? frames[0];
		add(areas, area(js.callFrame.url), duration);
		const seen = new Set();
		for (const frame of frames) {
			const key = label(frame.callFrame);
			if (seen.has(key)) continue;
			seen.add(key);
			add(inclusive, key, duration);
		}
	}
	const ms = (/** @type {number} */ us) => Math.round(us / 100) / 10;
	const sorted = (/** @type {Map<string, number>} */ map) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, ms: ms(us) }));
	return {
		windowMs: ms(total),
		idleMs: ms(idle),
		cpuMs: ms(total - idle),
		gcMs: ms(gc),
		attribution: sorted(attribution),
		areas: sorted(areas),
		topSelf: sorted(self),
		topInclusive: sorted(inclusive).filter((entry) => !/^\((root|program)\)/.test(entry.name)),
	};
}

if (require.main === module) {
	const [file, top, window] = process.argv.slice(2);
	const summary = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), {
		top: Number(top) || 25,
		window: window === 'httpRequest' ? 'httpRequest' : 'dapi',
	});
	console.log(JSON.stringify(summary, null, 2));
}

module.exports = { summarise, AREAS };
