// @ts-check
'use strict';

/**
 * The n8n toolkit of the tooling (e2e tests, bench, `npm start`, the queue stack): the provisioned
 * runtimes (runtime.js), the package as users install it (package.js), the one builder of an n8n
 * process's environment (env.js), the CLI runner (cli.js), and n8n server processes (server.js, on
 * process.js) with ordered stops.
 */

const runtime = require('./runtime');
const pkg = require('./package');
const { DEFAULT_ENCRYPTION_KEY, n8nEnv } = require('./env');
const { freePort, freePorts } = require('./ports');
const { runCli, importFile, parseRun } = require('./cli');
const { START_TIMEOUT_MS, spawnN8n, stopInOrder } = require('./server');
const { spawnManaged } = require('./process');

module.exports = {
	...runtime,
	...pkg,
	DEFAULT_ENCRYPTION_KEY,
	n8nEnv,
	freePort,
	freePorts,
	runCli,
	importFile,
	parseRun,
	START_TIMEOUT_MS,
	spawnN8n,
	stopInOrder,
	spawnManaged,
};
