// @ts-check
'use strict';

/**
 * The change issue 25 proposes to n8n (docs/n8n-agent-reuse.patch), in JavaScript, for the bench's
 * "patched n8n" row (through n8n-agent-reuse-preload.js) and for the engine tests that prove the Dapi
 * node keeps its guarantees on reused connections.
 *
 * n8n 2.41.1 builds a new http(s) agent pair for every request (@n8n/backend-network
 * `http/axios/utils.js` setAxiosAgents → `http/node-agents.js` buildNodeAgents), so every call opens
 * a TCP connection and does a full TLS handshake. Here setAxiosAgents takes the agent pair from a
 * small cache instead, keyed by what decides the pair (the proxy option, the SSRF policy object, the
 * agent options), with keep-alive on and idle sockets closed after IDLE_MS. The pair is still built by
 * n8n's own buildNodeAgents, so the SSRF lookup, the connection guard and the environment's proxy
 * routing (resolved per request by EnvProxyHttpsAgent) stay exactly n8n's; a reused connection is
 * one they let through when it was opened.
 */

/** Idle keep-alive sockets close after this (or sooner, at the server's Keep-Alive hint minus 1 s). */
const IDLE_MS = 4_000;
/** Beyond this many distinct keys, requests get a fresh pair, as n8n does today. */
const MAX_CACHED = 64;

/** @param {unknown} value */
const primitive = (value) => value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value);

/**
 * A cache of agent pairs in front of n8n's buildNodeAgents.
 * @param {(proxy: unknown, ssrf: unknown, agentOptions?: Record<string, unknown>) => { httpAgent: any, httpsAgent: any }} buildNodeAgents
 */
function sharedNodeAgents(buildNodeAgents) {
	/** Per SSRF policy object (or 'disabled'), per proxy and agent options. @type {Map<unknown, Map<string, { httpAgent: any, httpsAgent: any }>>} */
	const byPolicy = new Map();
	let cached = 0;
	/**
	 * @param {unknown} proxy 'env', a proxy URL or false
	 * @param {unknown} ssrf n8n's SSRF bridge or 'disabled'
	 * @param {Record<string, unknown>} [agentOptions]
	 */
	return function agentsFor(proxy, ssrf, agentOptions = {}) {
		// Options holding objects (client certificates, CA buffers) are not compared: those requests keep a pair of their own.
		if (!Object.values(agentOptions).every(primitive)) return buildNodeAgents(proxy, ssrf, agentOptions);
		const key = JSON.stringify([proxy, Object.entries(agentOptions).sort(([a], [b]) => (a < b ? -1 : 1))]);
		let pairs = byPolicy.get(ssrf);
		const hit = pairs?.get(key);
		if (hit) return hit;
		const pair = buildNodeAgents(proxy, ssrf, { keepAlive: true, timeout: IDLE_MS, ...agentOptions });
		if (cached >= MAX_CACHED) return pair;
		if (!pairs) byPolicy.set(ssrf, (pairs = new Map()));
		pairs.set(key, pair);
		cached += 1;
		return pair;
	};
}

/**
 * Makes n8n's setAxiosAgents (in the loaded module `utils`, `http/axios/utils.js` of
 * @n8n/backend-network) take its agents from the cache. n8n calls it through the module object, so
 * the replacement is what every later request uses.
 * @param {any} utils the exports of http/axios/utils.js
 * @param {any} nodeAgents the exports of http/node-agents.js
 * @returns {() => void} undoes it
 */
function installAgentReuse(utils, nodeAgents) {
	const original = utils.setAxiosAgents;
	if (original.agentReuse) return () => {};
	const agentsFor = sharedNodeAgents((...args) => nodeAgents.buildNodeAgents(...args));
	/** The body of n8n 2.41.1's setAxiosAgents, with agentsFor in place of buildNodeAgents. */
	const setAxiosAgents = (
		/** @type {any} */ config,
		/** @type {any} */ agentOptions,
		/** @type {any} */ proxyConfig,
		ssrf = 'disabled',
	) => {
		if (config.httpAgent || config.httpsAgent) return;
		const targetUrl = utils.buildTargetUrl(config.url, config.baseURL);
		if (!targetUrl) return;
		const customProxyUrl = proxyConfig ? utils.getUrlFromProxyConfig(proxyConfig) : null;
		const proxy = utils.resolveProxyOption(customProxyUrl);
		const { httpAgent, httpsAgent } = agentsFor(proxy, ssrf, agentOptions);
		config.httpAgent = httpAgent;
		config.httpsAgent = httpsAgent;
	};
	setAxiosAgents.agentReuse = true;
	utils.setAxiosAgents = setAxiosAgents;
	/** Puts n8n's own setAxiosAgents back (the cached agents are left to close their idle sockets). */
	return () => {
		utils.setAxiosAgents = original;
	};
}

module.exports = { sharedNodeAgents, installAgentReuse, IDLE_MS, MAX_CACHED };
