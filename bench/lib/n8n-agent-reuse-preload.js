// @ts-check
'use strict';

/**
 * `NODE_OPTIONS=--require <this file>` with BENCH_N8N_BACKEND_NETWORK=<@n8n/backend-network dir>:
 * the bench's locally patched n8n (issue 25). Once n8n itself has loaded that package's
 * http/axios/utils.js, its setAxiosAgents is replaced as n8n-agent-reuse.js describes; nothing else
 * of n8n changes, and the installed runtime is not touched.
 */

const Module = require('node:module');
const path = require('node:path');

const { installAgentReuse } = require('./n8n-agent-reuse');

const dir = process.env.BENCH_N8N_BACKEND_NETWORK;
if (dir) {
	const utilsFile = path.join(dir, 'dist', 'http', 'axios', 'utils.js');
	const agentsFile = path.join(dir, 'dist', 'http', 'node-agents.js');
	const original = /** @type {any} */ (Module)._load;
	/** @type {any} */ (Module)._load = function (/** @type {unknown[]} */ ...args) {
		const loaded = original.apply(this, args);
		const utils = require.cache[utilsFile];
		const agents = require.cache[agentsFile];
		if (utils?.loaded && agents?.loaded) {
			/** @type {any} */ (Module)._load = original;
			installAgentReuse(utils.exports, agents.exports);
			process.stderr.write('[bench] n8n agent reuse installed\n');
		}
		return loaded;
	};
}
