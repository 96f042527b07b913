// @ts-check
'use strict';

/**
 * n8n in queue mode on this machine, loopback only: Redis and PostgreSQL started here (data in a
 * temporary folder), then one n8n main process, `workers` n8n workers and `webhooks` n8n webhook
 * processes, each with its own user folder holding the packed package (as users install it on every
 * process). stop() ends everything it started (workers and webhook processes, main, then the
 * databases) and deletes the folder.
 *
 * Pitfalls this handles (see README, "Queue mode"): every n8n process gets its own ports (HTTP, task
 * broker, worker health); one Redis per cluster (n8n caches webhooks in it); a distinct hostname per
 * process (n8n derives worker ids from it inside containers); N8N_EXECUTIONS_QUEUE_KEEP_LAST_* so a
 * webhook's answer is not lost when Bull's completion event is missed under concurrency (../n8n/env.js).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { runCli } = require('../n8n/cli');
const { installPackage, packPackage } = require('../n8n/package');
const { freePort, freePorts } = require('../n8n/ports');
const { n8nLine, provisionRuntime } = require('../n8n/runtime');
const { spawnN8n, stopInOrder } = require('../n8n/server');
const { ensureServices, startPostgres, startRedis } = require('./services');

const say = (/** @type {string} */ message) => process.stderr.write(`[queue] ${message}\n`);
const ENCRYPTION_KEY = 'n8n-nodes-dapi-queue-key';

/**
 * @typedef {object} QueueStackOptions
 * @property {number} [workers]        default 2
 * @property {number} [webhooks]       n8n webhook processes, default 1
 * @property {'1' | '2'} [line]        n8n line (DAPI_N8N_VERSION unless given)
 * @property {number} [mainPort]       default: a free port
 * @property {number} [webhookPort]    the first webhook process's port (the next ones follow), default free ports
 * @property {string} [tarball]        the packed package; packed now unless given
 * @property {(stack: QueueStack) => Promise<void>} [beforeMain]  after Redis and Postgres, before n8n (e.g. CLI imports)
 * @property {boolean} [keep]          keep the folder (logs, database) after stop()
 */

/** @typedef {import('../n8n/server').N8nProcess} N8nProcess */
/** @typedef {import('../n8n/process').Managed & { port: number }} Service */

/** @param {number} n @returns {number[]} 1..n */
const range = (n) => Array.from({ length: n }, (_, i) => i + 1);

class QueueStack {
	/** @param {QueueStackOptions} options @param {string} work */
	constructor(options, work) {
		this.options = options;
		this.line = options.line ?? n8nLine();
		this.runtime = provisionRuntime(this.line);
		this.work = work;
		this.logsDir = path.join(work, 'logs');
		/** @type {N8nProcess[]} every n8n process started, stopped ones included */
		this.n8n = [];
		/** @type {Service[]} */
		this.services = [];
		this.mainUrl = '';
		/** @type {string[]} */
		this.webhookUrls = [];
		/** @type {import('../n8n/env').QueueSettings | undefined} */
		this.queue = undefined;
		this.stopped = false;
	}

	/** A process's log so far (n8n logs execution ids at `info`). @param {string} name */
	log(name) {
		const file = path.join(this.logsDir, `${name}.log`);
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	}

	/**
	 * The n8n processes of a role (the latest of each name), or the Redis or PostgreSQL server.
	 * @template {'main' | 'worker' | 'webhook' | 'redis' | 'postgres'} R
	 * @param {R} role @returns {R extends 'redis' | 'postgres' ? Service[] : N8nProcess[]}
	 */
	byRole(role) {
		if (role === 'redis' || role === 'postgres')
			return /** @type {any} */ (this.services.filter((service) => service.name === role));
		const latest = new Map(this.n8n.filter((n8n) => n8n.role === role).map((n8n) => [n8n.name, n8n]));
		return /** @type {any} */ ([...latest.values()]);
	}

	/** The user folder of an n8n process. @param {string} name */
	folder(name) {
		return path.join(this.work, name);
	}

	/** @param {string} name */
	envOf(name) {
		const queue = /** @type {import('../n8n/env').QueueSettings} */ (this.queue);
		return {
			runtime: this.runtime,
			folder: this.folder(name),
			encryptionKey: ENCRYPTION_KEY,
			urls: { editor: this.mainUrl, webhooks: this.webhookUrls[0] },
			queue: { ...queue, hostname: `dapi-queue-${name}` },
		};
	}

	/** One n8n CLI command with the main process's settings (e.g. import:workflow into Postgres). @param {string[]} args */
	async cli(args) {
		const { code, stdout, stderr } = await runCli({ n8n: this.envOf('main'), args, timeoutMs: 120_000 });
		return { code, output: stdout + stderr };
	}

	/**
	 * Starts one n8n process (not waiting for it).
	 * @param {string} name @param {'main' | 'worker' | 'webhook'} role @param {number} port HTTP port, a worker's health port
	 */
	async spawn(name, role, port) {
		const n8n = spawnN8n({
			...this.envOf(name),
			name,
			role,
			brokerPort: await freePort(),
			...(role === 'worker' ? { healthPort: port } : { port }),
			logFile: path.join(this.logsDir, `${name}.log`),
		});
		this.n8n.push(n8n);
		return n8n;
	}

	/** The running n8n process of that name. @param {string} name */
	running(name) {
		const n8n = this.n8n.find((p) => p.name === name && p.running);
		if (!n8n) throw new Error(`no running n8n process named ${name}`);
		return n8n;
	}

	/** Stops one n8n process: a worker or webhook process going away. @param {string} name */
	async stopOne(name) {
		const n8n = this.running(name);
		await n8n.stop();
		return n8n;
	}

	/**
	 * Starts a stopped n8n process again with the same role, port and user folder, and waits until it
	 * serves. @param {N8nProcess} stopped what stopOne answered
	 */
	async startAgain(stopped) {
		const n8n = await this.spawn(stopped.name, stopped.role, /** @type {number} */ (stopped.port));
		await n8n.ready();
		return n8n;
	}

	/** A restart: stopOne, then startAgain. @param {string} name */
	async restart(name) {
		return await this.startAgain(await this.stopOne(name));
	}

	async start() {
		const started = Date.now();
		const lap = (/** @type {string} */ what) => say(`${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
		ensureServices();
		fs.mkdirSync(this.logsDir, { recursive: true });
		const [redis, postgres] = await Promise.all([
			startRedis(this.work, this.logsDir),
			startPostgres(this.work, this.logsDir),
		]);
		this.services.push(redis, postgres);
		lap(`redis on 127.0.0.1:${redis.port}, postgres on 127.0.0.1:${postgres.port}`);

		const workers = this.options.workers ?? 2;
		const webhooks = this.options.webhooks ?? 1;
		const names = ['main', ...range(workers).map((i) => `worker${i}`), ...range(webhooks).map((i) => `webhook${i}`)];
		const tarball = this.options.tarball ?? packPackage(path.join(this.work, 'pack'));
		for (const name of names) installPackage(this.folder(name), tarball);

		const mainPort = this.options.mainPort ?? (await freePort());
		const first = this.options.webhookPort;
		const webhookPorts = first ? range(webhooks).map((i) => first + i - 1) : await freePorts(webhooks);
		this.mainUrl = `http://127.0.0.1:${mainPort}`;
		this.webhookUrls = webhookPorts.map((port) => `http://127.0.0.1:${port}`);
		const preload = path.join(this.work, 'hostname.cjs');
		// Inside a container n8n names a worker after os.hostname(): give each process a name of its own.
		fs.writeFileSync(
			preload,
			"const name = process.env.DAPI_QUEUE_HOSTNAME;\nif (name) require('node:os').hostname = () => name;\n",
		);
		this.queue = { redisPort: redis.port, postgresPort: postgres.port, mainPort, hostname: '', preload };
		await this.options.beforeMain?.(this);

		await (await this.spawn('main', 'main', mainPort)).ready();
		lap(`n8n ${this.line}.x main on ${this.mainUrl}`);
		const others = [];
		for (const i of range(workers)) others.push(await this.spawn(`worker${i}`, 'worker', await freePort()));
		for (const i of range(webhooks)) others.push(await this.spawn(`webhook${i}`, 'webhook', webhookPorts[i - 1]));
		await Promise.all(others.map((n8n) => n8n.ready()));
		lap(`${workers} worker(s) and ${webhooks} webhook process(es) ready (${this.webhookUrls.join(', ')})`);
		return this;
	}

	/** Stops every process it started (n8n in order, then the databases), then deletes the folder unless kept. */
	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		await stopInOrder(this.n8n);
		await Promise.all(this.services.map((service) => service.stop(20_000)));
		if (this.options.keep) say(`kept ${this.work} (logs in ${this.logsDir})`);
		else fs.rmSync(this.work, { recursive: true, force: true });
	}
}

/**
 * Starts Redis, Postgres and n8n in queue mode (see the file's comment).
 * @param {QueueStackOptions} [options]
 * @returns {Promise<QueueStack>}
 */
async function startQueueStack(options = {}) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dapi-queue-'));
	fs.chmodSync(work, 0o755); // the postgres user must reach its data folder inside
	const stack = new QueueStack(options, work);
	try {
		return await stack.start();
	} catch (error) {
		stack.options.keep = true; // the logs explain the failure
		await stack.stop();
		throw error;
	}
}

module.exports = { QueueStack, startQueueStack };
