// @ts-check
'use strict';

/**
 * The one builder of an n8n process's environment, for every role the tooling runs: a CLI command
 * (import, execute), a main process, and in queue mode webhook processes and workers; on SQLite in
 * the user folder or, in queue mode, on PostgreSQL with Redis. Local, offline, loopback only.
 */

const path = require('node:path');

const { N8N_LINES } = require('./runtime');

/** Used when N8N_ENCRYPTION_KEY is not set: a fixed key keeps imported credentials readable. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-dapi-local-key';

/**
 * @typedef {object} QueueSettings  queue mode: every process shares them
 * @property {number} redisPort
 * @property {number} postgresPort
 * @property {number} mainPort      the main process's HTTP port (N8N_PORT of the processes without their own)
 * @property {string} hostname      this process's host name (n8n derives worker ids from it in containers)
 * @property {string} preload       the CommonJS file that gives os.hostname() that name
 */

/**
 * @typedef {object} EnvOptions
 * @property {import('./runtime').Runtime} runtime
 * @property {string} folder         the n8n user folder
 * @property {'cli' | 'main' | 'webhook' | 'worker'} role
 * @property {number} brokerPort     the task broker's port (every n8n process needs its own)
 * @property {number} [port]         main and webhook processes: the HTTP port
 * @property {number} [healthPort]   a worker: its health and readiness port
 * @property {{ editor: string, webhooks: string }} [urls]  base URLs when webhooks have a host of their own
 * @property {QueueSettings} [queue]
 * @property {string} [encryptionKey]  default N8N_ENCRYPTION_KEY, else DEFAULT_ENCRYPTION_KEY
 * @property {string | null} [nodeOptions]  NODE_OPTIONS: null for none, default inherited
 * @property {Record<string, string>} [extra]  last, over everything
 * @property {NodeJS.ProcessEnv} [base]  default process.env
 */

/**
 * The environment of one n8n process.
 * @param {EnvOptions} options
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv(options) {
	const { runtime, queue, urls, role } = options;
	const base = options.base ?? process.env;
	/** @type {NodeJS.ProcessEnv} */
	const env = {
		...base,
		// n8n's bin runs on the first `node` on PATH: the runtime's own.
		PATH: `${runtime.nodeDir}${path.delimiter}${base.PATH ?? ''}`,
		...N8N_LINES[runtime.line].env,
		N8N_USER_FOLDER: path.resolve(options.folder),
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? base.N8N_ENCRYPTION_KEY ?? DEFAULT_ENCRYPTION_KEY,
		// Nothing outside this machine: telemetry, version checks, templates, and the verified-packages list
		// the node picker would fetch from api.n8n.io. Packages in the user folder (this one) still load.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
	};
	// Jest sets NODE_ENV=test, and n8n then logs nothing, --rawOutput included.
	delete env.NODE_ENV;
	if (options.nodeOptions === null) delete env.NODE_OPTIONS;
	else if (options.nodeOptions !== undefined) env.NODE_OPTIONS = options.nodeOptions;
	if (role !== 'cli') {
		env.N8N_HOST = '127.0.0.1';
		env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT = '10';
	}
	const port = options.port ?? queue?.mainPort;
	if (port !== undefined && role !== 'cli') env.N8N_PORT = String(port);
	if (urls) {
		env.N8N_EDITOR_BASE_URL = `${urls.editor}/`;
		// n8n 2.x calls WEBHOOK_URL deprecated; n8n 1.x knows only that name.
		env[runtime.line === '1' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL'] = `${urls.webhooks}/`;
	}
	if (queue) Object.assign(env, queueEnv(queue));
	if (role === 'worker') {
		if (options.healthPort === undefined) throw new Error('a worker needs a health port');
		env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		env.QUEUE_HEALTH_CHECK_PORT = String(options.healthPort);
		env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
	}
	return Object.assign(env, options.extra);
}

/**
 * Queue mode's settings (see /README, "Queue mode").
 * @param {QueueSettings} queue
 */
function queueEnv(queue) {
	return {
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(queue.redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(queue.postgresPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		// Without these, under concurrency a webhook's answer is now and then never sent (n8n #30392).
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		N8N_PROTOCOL: 'http',
		// Production webhooks and resume URLs go to the webhook processes; main serves none.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		DAPI_QUEUE_HOSTNAME: queue.hostname,
		NODE_OPTIONS: `--require ${queue.preload}`,
	};
}

module.exports = { DEFAULT_ENCRYPTION_KEY, n8nEnv };
