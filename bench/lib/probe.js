// @ts-check
'use strict';

/**
 * Timing inside the node, for profiling only: `instrumentInstalledPackage(dir)` patches an installed
 * copy of the package (never the sources, never dist/ of the repo) so that executeItems wraps the
 * n8n context the node runs with, and times every getNodeParameter, getCredentials and
 * httpRequestWithAuthentication call. At the end of the node's run one line goes to stderr:
 *   [bench-probe] {"totalMs":…, "calls": {"getNodeParameter(accessToken)": {"count":…, "ms":…}, …}}
 * With Max Parallel Connections 1 the items run one after another, so the wall times add up.
 *
 * BENCH_PROBE_WHATIF (comma-separated) emulates changes to the node at the same seam, to measure what
 * they would save without touching the sources:
 *   cacheCredentials  getCredentials answers from a per-run cache after the first call
 *   reuseAuth         each item's accessToken/userSecret are read once (the node reads them twice)
 *   passCredentials   the node's credentials go to httpRequestWithAuthentication (its 3rd argument),
 *                     which then does not fetch them again
 *   plainHttp         helpers.httpRequest with appSecret put into the body by the node (no generic
 *                     authenticate, whose {{$credentials.appSecret}} is one more expression per call)
 *   directJson        a parameter whose raw value is exactly `={{ $json.<field> }}` is read from the
 *                     item's JSON instead of going through n8n's expression engine
 *   fetch             Node's global fetch (keep-alive connections in Node's process-wide pool) after
 *                     n8n's egress filter checked the URL, the app secret put into the body as the
 *                     credential's authenticate does (issue 25: what a path beside the helper would give)
 */

const fs = require('node:fs');
const path = require('node:path');

const MARKER = '[bench-probe]';

/** The process's peak RSS so far (VmHWM), RSS and V8 heap, in bytes. */
function memorySnapshot() {
	// With BENCH_PROBE_GC=1 and node --expose-gc: collect first, so heapUsed is what is still referenced.
	const gc = /** @type {any} */ (globalThis).gc;
	if (process.env.BENCH_PROBE_GC === '1' && typeof gc === 'function') gc();
	let peakRss = null;
	try {
		const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
		if (match) peakRss = Number(match[1]) * 1024;
	} catch {
		// not Linux
	}
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
	return { peakRss, rss, heapUsed, heapTotal, external, arrayBuffers };
}

/** @param {any} context the IExecuteFunctions object of one node run */
function instrument(context) {
	/** @type {Record<string, { count: number, ms: number }>} */
	const calls = {};
	const add = (/** @type {string} */ label, /** @type {number} */ ms) => {
		const entry = (calls[label] ??= { count: 0, ms: 0 });
		entry.count += 1;
		entry.ms += ms;
	};
	let insideHttp = 0;
	const started = performance.now();
	const memoryBefore = memorySnapshot();
	const whatIf = new Set((process.env.BENCH_PROBE_WHATIF ?? '').split(',').filter(Boolean));
	/** @type {Map<string, Promise<any>>} */
	const credentialCache = new Map();
	/** @type {Map<string, unknown>} */
	const parameterCache = new Map();

	const getNodeParameter = context.getNodeParameter;
	context.getNodeParameter = function (/** @type {string} */ name, /** @type {unknown[]} */ ...rest) {
		const t0 = performance.now();
		try {
			if (whatIf.has('directJson')) {
				const raw = context.getNode().parameters?.[name];
				const field = typeof raw === 'string' ? /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/.exec(raw) : null;
				if (field) {
					const value = context.getInputData()[/** @type {number} */ (rest[0])]?.json?.[field[1]];
					return value === undefined ? rest[1] : value;
				}
			}
			if (whatIf.has('reuseAuth') && (name === 'accessToken' || name === 'userSecret')) {
				const key = `${name}:${String(rest[0])}`;
				if (!parameterCache.has(key)) parameterCache.set(key, getNodeParameter.call(this, name, ...rest));
				return parameterCache.get(key);
			}
			return getNodeParameter.call(this, name, ...rest);
		} finally {
			add(`getNodeParameter(${name})`, performance.now() - t0);
		}
	};
	const getCredentials = context.getCredentials;
	context.getCredentials = async function (/** @type {unknown[]} */ ...args) {
		const t0 = performance.now();
		const label =
			insideHttp > 0 ? 'getCredentials (again, inside httpRequestWithAuthentication)' : 'getCredentials (node)';
		try {
			if (whatIf.has('cacheCredentials')) {
				const key = String(args[0]);
				if (!credentialCache.has(key)) credentialCache.set(key, getCredentials.apply(this, args));
				return structuredClone(await credentialCache.get(key));
			}
			return await getCredentials.apply(this, args);
		} finally {
			add(label, performance.now() - t0);
		}
	};
	const helpers = context.helpers;
	const httpRequestWithAuthentication = helpers.httpRequestWithAuthentication;
	context.helpers = {
		...helpers,
		httpRequestWithAuthentication: async function (/** @type {unknown[]} */ ...args) {
			const t0 = performance.now();
			insideHttp += 1;
			try {
				const [type, options, extra] = /** @type {[string, any, any]} */ (args);
				if (whatIf.has('fetch')) return await fetchCall(context, type, options, extra);
				if (whatIf.has('plainHttp')) {
					const credentials = await context.getCredentials(type);
					return await helpers.httpRequest.call(this, {
						...options,
						body: { ...options.body, appSecret: credentials.appSecret },
					});
				}
				if (whatIf.has('passCredentials')) {
					const data = await context.getCredentials(type);
					return await httpRequestWithAuthentication.call(this, type, options, {
						credentialsDecrypted: { id: 'x', name: 'x', type, data },
					});
				}
				return await httpRequestWithAuthentication.apply(this, args);
			} finally {
				insideHttp -= 1;
				add('httpRequestWithAuthentication (incl. network)', performance.now() - t0);
			}
		},
	};
	return {
		report() {
			const round = (/** @type {number} */ ms) => Math.round(ms * 10) / 10;
			const out = Object.fromEntries(
				Object.entries(calls)
					.sort((a, b) => b[1].ms - a[1].ms)
					.map(([label, { count, ms }]) => [label, { count, ms: round(ms) }]),
			);
			const memory = { before: memoryBefore, after: memorySnapshot() };
			process.stderr.write(
				`${MARKER} ${JSON.stringify({ whatIf: [...whatIf], totalMs: round(performance.now() - started), calls: out, memory })}\n`,
			);
		},
	};
}

/**
 * One call with Node's global fetch instead of n8n's helper, answering as the helper does with
 * returnFullResponse (the body as text, which the node's transport reads like a stream's).
 * @param {any} context @param {string} type @param {any} options @param {any} extra
 */
async function fetchCall(context, type, options, extra) {
	const credentials = extra?.credentialsDecrypted?.data ?? (await context.getCredentials(type));
	const checked = await context.helpers.getSecureEgressFilter?.().validateUrl(options.url);
	if (checked && !checked.ok) throw checked.error;
	const response = await fetch(options.url, {
		method: options.method,
		headers: options.headers,
		body: JSON.stringify({ ...options.body, appSecret: credentials.appSecret }),
		signal: options.abortSignal,
		redirect: 'manual',
	});
	return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/**
 * Patches dist/nodes/shared/itemLoop.js of an installed copy of the package to run the probe.
 * @param {string} packageDir e.g. <user folder>/.n8n/nodes/node_modules/n8n-nodes-dapi
 */
function instrumentInstalledPackage(packageDir) {
	const file = path.join(packageDir, 'dist', 'nodes', 'shared', 'itemLoop.js');
	const source = fs.readFileSync(file, 'utf8');
	if (!/exports\.executeItems = executeItems;/.test(source)) throw new Error(`${file}: executeItems export not found`);
	fs.writeFileSync(
		file,
		`${source}
;{
	const probe = require(${JSON.stringify(__filename)});
	const original = exports.executeItems;
	exports.executeItems = async function (...args) {
		const run = probe.instrument(this);
		try { return await original.apply(this, args); } finally { run.report(); }
	};
}
`,
	);
}

/** The probe's report in n8n's output, or null. @param {string} output */
function readProbe(output) {
	const line = output.split('\n').find((text) => text.startsWith(MARKER));
	return line ? JSON.parse(line.slice(MARKER.length)) : null;
}

module.exports = { instrument, instrumentInstalledPackage, readProbe };
