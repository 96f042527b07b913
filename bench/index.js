#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run bench`: makes sure the real n8n runtime (n8n 2.41.1 on Node 24, scripts/provision-runtime.sh)
 * is installed, then runs bench/run.js on that same Node 24, so that n8n, the simulator and the plain
 * `got` client all run on one Node version. Arguments are passed on (see bench/README.md).
 */

const { spawn } = require('node:child_process');
const path = require('node:path');

const { provisionRuntime, REPO_ROOT } = require('../scripts/n8n/runtime');

// The one provisioning entry point, as the e2e tests use it: it sets DAPI_N8N_BIN and DAPI_NODE24.
const { bin: n8nBin, nodeDir: node24 } = provisionRuntime('2');

const child = spawn(path.join(node24, 'node'), [path.join(__dirname, 'run.js'), ...process.argv.slice(2)], {
	cwd: REPO_ROOT,
	stdio: 'inherit',
	env: { ...process.env, DAPI_NODE24: node24, DAPI_N8N_BIN: n8nBin },
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
