#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * n8n in queue mode on this machine, loopback only: Redis and PostgreSQL started here (data in a
 * temporary folder), then one n8n main process, `workers` n8n workers and `webhooks` n8n webhook
 * processes, each with its own user folder holding the packed package (as users install it on every
 * process). stop() ends everything it started, by PID, and deletes the folder.
 *
 * Used by the queue-mode e2e test (test/e2e/queue/) and by `npm run start:queue` (this file run as a
 * script: the same stack with the simulator and the example workflows, until Ctrl+C).
 *
 * Pitfalls this handles (see README, "Queue mode"): every n8n process gets its own ports (HTTP, task
 * broker, worker health); one Redis per cluster (n8n caches webhooks in it); a distinct hostname per
 * process (n8n derives worker ids from it inside containers); N8N_EXECUTIONS_QUEUE_KEEP_LAST_* so a
 * webhook's answer is not lost when Bull's completion event is missed under concurrency.
 */

const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { installPackage, n8nEnv, n8nLine, packPackage, provisionRuntime } = require('./n8n-env');

const say = (/** @type {string} */ message) => process.stderr.write(`[queue] ${message}\n`);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
const ENCRYPTION_KEY = 'n8n-nodes-dapi-queue-key';

/**
 * @typedef {object} QueueProcess
 * @property {string} name     main, worker1, worker2, webhook1, …, redis, postgres
 * @property {'main' | 'worker' | 'webhook' | 'redis' | 'postgres'} role
 * @property {number} pid
 * @property {string} logFile
 * @property {number} [port]   HTTP port (main, webhook processes; a worker's health port)
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<void>} exited
 * @property {boolean} group   n8n runs in a process group of its own (with its task runner)
 * @property {string[]} [args]  n8n: its command line and own settings, to start it again the same way
 * @property {Record<string, string>} [extra]
 */

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

/** A port nobody listens on right now. @returns {Promise<number>} */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {net.AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/** @param {string} command @returns {string | null} */
function which(command) {
	const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : null;
}

/** The bin folder of the newest PostgreSQL Debian installed (initdb, postgres), or null. */
function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((version) => fs.existsSync(path.join(base, version, 'bin', 'initdb')))
		.sort((a, b) => Number(a) - Number(b));
	return versions.length > 0 ? path.join(base, /** @type {string} */ (versions.at(-1)), 'bin') : null;
}

/**
 * Installs Debian's redis-server and postgresql when missing (as root, with apt-get). apt does not
 * start their system services: the stack runs its own, in its folder.
 */
function ensureServices() {
	const missing = [];
	if (!which('redis-server') || !which('redis-cli')) missing.push('redis-server');
	if (!postgresBin() || !which('psql')) missing.push('postgresql');
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`queue mode needs ${missing.join(' and ')}: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
		);
	}
	const started = Date.now();
	say(`installing ${missing.join(', ')} with apt-get`);
	// policy-rc.d answering 101 keeps package scripts from starting services (Debian's convention).
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const lock = ['-o', 'DPkg::Lock::Timeout=300'];
		for (const args of [
			[...lock, 'update', '-qq'],
			[...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing],
		]) {
			const apt = spawnSync('apt-get', args, { env, encoding: 'utf8', timeout: 600_000 });
			if (apt.status !== 0)
				throw new Error(
					`apt-get ${args.slice(2).join(' ')} failed (${apt.status ?? apt.signal}):\n${(apt.stdout + apt.stderr).slice(-3000)}`,
				);
		}
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	say(`  installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** uid and gid of a system user, or null. @param {string} user */
function userIds(user) {
	try {
		const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		return null;
	}
}

class QueueStack {
	/** @param {QueueStackOptions} options @param {string} work */
	constructor(options, work) {
		this.options = options;
		this.line = options.line ?? n8nLine();
		this.work = work;
		this.logsDir = path.join(work, 'logs');
		/** @type {QueueProcess[]} */
		this.processes = [];
		this.mainUrl = '';
		/** @type {string[]} */
		this.webhookUrls = [];
		/** @type {Record<string, string>} */
		this.sharedEnv = {};
		this.runtime = provisionRuntime(this.line);
		this.stopped = false;
	}

	/** A process's log so far (n8n logs execution ids at `info`). @param {string} name */
	log(name) {
		const file = path.join(this.logsDir, `${name}.log`);
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	}

	/** @param {QueueProcess['role']} role */
	byRole(role) {
		return this.processes.filter((process) => process.role === role);
	}

	/** The user folder of an n8n process. @param {string} name */
	folder(name) {
		return path.join(this.work, name);
	}

	/**
	 * @param {string} name @param {QueueProcess['role']} role @param {string} command @param {string[]} args
	 * @param {{ env?: NodeJS.ProcessEnv, user?: { uid: number, gid: number } | null, group?: boolean, port?: number }} how
	 */
	spawn(name, role, command, args, how) {
		const logFile = path.join(this.logsDir, `${name}.log`);
		const fd = fs.openSync(logFile, 'a');
		const child = spawn(command, args, {
			env: how.env ?? process.env,
			stdio: ['ignore', fd, fd],
			// A session of its own: Ctrl-C in a terminal reaches this script only, which stops all in order.
			detached: true,
			...(how.user ? { uid: how.user.uid, gid: how.user.gid } : {}),
		});
		fs.closeSync(fd);
		if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
		/** @type {QueueProcess} */
		const entry = {
			name,
			role,
			pid: child.pid,
			logFile,
			port: how.port,
			child,
			group: how.group ?? false,
			exited: new Promise((resolve) => child.once('exit', () => resolve())),
		};
		this.processes.push(entry);
		live.add(entry);
		void entry.exited.then(() => live.delete(entry));
		return entry;
	}

	/**
	 * Polls `ready` until it holds; fails when the process exits or the time is up, with its log's end.
	 * @param {QueueProcess} entry @param {() => boolean | Promise<boolean>} ready @param {string} what
	 */
	async waitFor(entry, ready, what) {
		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (await ready()) return;
			const gone = entry.child.exitCode !== null || entry.child.signalCode !== null;
			if (gone || Date.now() > deadline) {
				throw new Error(
					`${entry.name} ${gone ? `exited (${entry.child.exitCode ?? entry.child.signalCode})` : `not ready after ${START_TIMEOUT_MS} ms`} ` +
						`waiting for ${what}. End of ${entry.logFile}:\n${this.log(entry.name).slice(-3000)}`,
				);
			}
			await sleep(100);
		}
	}

	async startRedis() {
		const port = await freePort();
		const redis = this.spawn(
			'redis',
			'redis',
			'redis-server',
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--protected-mode',
				'yes',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				this.work,
				'--daemonize',
				'no',
			],
			{ port },
		);
		const pong = () =>
			spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() ===
			'PONG';
		await this.waitFor(redis, pong, 'PONG');
		return port;
	}

	async startPostgres() {
		const bin = /** @type {string} */ (postgresBin());
		// initdb and postgres refuse to run as root: as root, run them as Debian's postgres user.
		const user = process.getuid?.() === 0 ? userIds('postgres') : null;
		if (process.getuid?.() === 0 && !user)
			throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
		const data = path.join(this.work, 'pgdata');
		fs.mkdirSync(data, { mode: 0o700 });
		if (user) fs.chownSync(data, user.uid, user.gid);
		const initdb = spawnSync(
			path.join(bin, 'initdb'),
			['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
			{
				encoding: 'utf8',
				timeout: 120_000,
				...(user ? { uid: user.uid, gid: user.gid } : {}),
			},
		);
		if (initdb.status !== 0) throw new Error(`initdb failed (${initdb.status}): ${initdb.stderr}${initdb.stdout}`);
		const port = await freePort();
		const postgres = this.spawn(
			'postgres',
			'postgres',
			path.join(bin, 'postgres'),
			[
				'-D',
				data,
				'-p',
				String(port),
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				'unix_socket_directories=',
				// A throwaway database: durability is not wanted, speed is.
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
			],
			{ user, port },
		);
		const psql = (/** @type {string} */ sql) =>
			spawnSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atqc', sql], {
				encoding: 'utf8',
				env: { ...process.env, PGCONNECT_TIMEOUT: '2' },
				timeout: 30_000,
			});
		await this.waitFor(postgres, () => psql('select 1').status === 0, 'a connection');
		const created = psql('CREATE DATABASE n8n');
		if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
		return port;
	}

	/** The environment of an n8n process with user folder `name`. @param {string} name @param {Record<string, string>} extra */
	n8nEnv(name, extra = {}) {
		/** @type {NodeJS.ProcessEnv} */
		const env = {
			...process.env,
			PATH: `${this.runtime.nodeDir}${path.delimiter}${process.env.PATH ?? ''}`,
			...n8nEnv(this.folder(name), { encryptionKey: ENCRYPTION_KEY, line: this.line }),
			...this.sharedEnv,
			DAPI_QUEUE_HOSTNAME: `dapi-queue-${name}`,
			...extra,
		};
		delete env.NODE_ENV; // n8n logs nothing under NODE_ENV=test
		return env;
	}

	/** One n8n CLI command with the main process's settings (e.g. import:workflow into Postgres). @param {string[]} args */
	async cli(args) {
		const env = this.n8nEnv('main', { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		return await new Promise((resolve, reject) => {
			const child = spawn(this.runtime.bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
			const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
			child.on('error', reject);
			child.on('close', (/** @type {number | null} */ code) => {
				clearTimeout(timer);
				resolve({ code, output });
			});
		});
	}

	/** @param {string} name @param {QueueProcess['role']} role @param {string[]} args @param {Record<string, string>} extra @param {number} [port] */
	startN8n(name, role, args, extra, port) {
		const entry = this.spawn(name, role, this.runtime.bin, args, { env: this.n8nEnv(name, extra), group: true, port });
		return Object.assign(entry, { args, extra });
	}

	/**
	 * Waits until an n8n process serves: main and webhook processes by their log line (written after
	 * `logFrom`, for a restart; their /healthz answers too early), a worker by its readiness endpoint.
	 * @param {QueueProcess} entry @param {number} [logFrom]
	 */
	async waitReady(entry, logFrom = 0) {
		const logged = (/** @type {string} */ line) => () => this.log(entry.name).slice(logFrom).includes(line);
		if (entry.role === 'main') return await this.waitFor(entry, logged('Editor is now accessible'), 'the editor');
		if (entry.role === 'webhook')
			return await this.waitFor(entry, logged('Webhook listener waiting for requests'), 'its listener');
		const ready = async () => {
			try {
				return (await fetch(`http://127.0.0.1:${entry.port}/healthz/readiness`, { signal: AbortSignal.timeout(2000) }))
					.ok;
			} catch {
				return false;
			}
		};
		await this.waitFor(entry, ready, '/healthz/readiness');
	}

	/** The running n8n process of that name. @param {string} name */
	running(name) {
		const entry = this.processes.find(
			(p) => p.name === name && p.child.exitCode === null && p.child.signalCode === null,
		);
		if (!entry?.args) throw new Error(`no running n8n process named ${name}`);
		return entry;
	}

	/** Stops one n8n process (by PID, as stop() does): a worker or webhook process going away. @param {string} name */
	async stopOne(name) {
		const entry = this.running(name);
		await stopProcess(entry);
		return entry;
	}

	/**
	 * Starts a stopped n8n process again with the same command, settings, port and user folder, and
	 * waits until it serves. @param {QueueProcess} stopped what stopOne answered
	 */
	async startAgain(stopped) {
		const logFrom = this.log(stopped.name).length;
		const entry = this.startN8n(stopped.name, stopped.role, stopped.args ?? [], stopped.extra ?? {}, stopped.port);
		await this.waitReady(entry, logFrom);
		return entry;
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
		const [redisPort, postgresPort] = await Promise.all([this.startRedis(), this.startPostgres()]);
		lap(`redis on 127.0.0.1:${redisPort}, postgres on 127.0.0.1:${postgresPort}`);

		const workers = this.options.workers ?? 2;
		const webhooks = this.options.webhooks ?? 1;
		const names = ['main', ...range(workers).map((i) => `worker${i}`), ...range(webhooks).map((i) => `webhook${i}`)];
		const tarball = this.options.tarball ?? packPackage(path.join(this.work, 'pack'));
		for (const name of names) installPackage(this.folder(name), tarball);

		const mainPort = this.options.mainPort ?? (await freePort());
		const webhookPorts = [];
		for (let i = 0; i < webhooks; i++)
			webhookPorts.push(this.options.webhookPort ? this.options.webhookPort + i : await freePort());
		this.mainUrl = `http://127.0.0.1:${mainPort}`;
		this.webhookUrls = webhookPorts.map((port) => `http://127.0.0.1:${port}`);
		const preload = path.join(this.work, 'hostname.cjs');
		// Inside a container n8n names a worker after os.hostname(): give each process a name of its own.
		fs.writeFileSync(
			preload,
			"const name = process.env.DAPI_QUEUE_HOSTNAME;\nif (name) require('node:os').hostname = () => name;\n",
		);
		this.sharedEnv = {
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgresPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			// Without these, under concurrency a webhook's answer is now and then never sent (n8n #30392).
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(mainPort),
			N8N_EDITOR_BASE_URL: `${this.mainUrl}/`,
			// Production webhooks and resume URLs point at the (first) webhook process; main serves none.
			[this.line === '1' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `${this.webhookUrls[0]}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			NODE_OPTIONS: `--require ${preload}`,
		};
		await this.options.beforeMain?.(this);

		const main = this.startN8n(
			'main',
			'main',
			['start'],
			{ N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			mainPort,
		);
		// Not /healthz: it answers before the database migrations are done.
		await this.waitReady(main);
		lap(`n8n ${this.line}.x main on ${this.mainUrl}`);

		const waits = [];
		for (let i = 1; i <= workers; i++) {
			const health = await freePort();
			const worker = this.startN8n(
				`worker${i}`,
				'worker',
				['worker', '--concurrency=10'],
				{
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(health),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
				health,
			);
			waits.push(this.waitReady(worker));
		}
		for (let i = 1; i <= webhooks; i++) {
			const webhook = this.startN8n(
				`webhook${i}`,
				'webhook',
				['webhook'],
				{
					N8N_PORT: String(webhookPorts[i - 1]),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				},
				webhookPorts[i - 1],
			);
			// Its /healthz answers before the webhook routes exist.
			waits.push(this.waitReady(webhook));
		}
		await Promise.all(waits);
		lap(`${workers} worker(s) and ${webhooks} webhook process(es) ready (${this.webhookUrls.join(', ')})`);
		return this;
	}

	/** Stops every process it started, by PID (n8n: its process group), then deletes the folder unless kept. */
	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		const order = /** @type {const} */ ([['webhook', 'worker'], ['main'], ['postgres', 'redis']]);
		for (const roles of order) {
			await Promise.all(
				this.processes
					.filter((entry) => /** @type {readonly string[]} */ (roles).includes(entry.role))
					.map((entry) => stopProcess(entry)),
			);
		}
		if (this.options.keep) say(`kept ${this.work} (logs in ${this.logsDir})`);
		else fs.rmSync(this.work, { recursive: true, force: true });
	}
}

/** @param {number} n @returns {number[]} 1..n */
const range = (n) => Array.from({ length: n }, (_, i) => i + 1);

/** @param {QueueProcess} entry @param {NodeJS.Signals} signal */
function signal(entry, signal) {
	try {
		process.kill(entry.group ? -entry.pid : entry.pid, signal);
	} catch {
		// gone already
	}
}

/**
 * SIGTERM (postgres: SIGINT, its fast shutdown), SIGKILL after STOP_TIMEOUT_MS; for n8n the whole
 * process group, so its task runner child goes too.
 * @param {QueueProcess} entry
 */
async function stopProcess(entry) {
	const running = entry.child.exitCode === null && entry.child.signalCode === null;
	if (running) {
		signal(entry, entry.role === 'postgres' ? 'SIGINT' : 'SIGTERM');
		let timer;
		const timedOut = await Promise.race([
			entry.exited.then(() => false),
			new Promise((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
		]);
		clearTimeout(timer);
		if (timedOut) say(`${entry.name} (pid ${entry.pid}) did not stop within ${STOP_TIMEOUT_MS} ms: killing it`);
	}
	if (entry.group || running) signal(entry, 'SIGKILL');
	await entry.exited;
}

/** Processes still running: killed if this Node process exits first. @type {Set<QueueProcess>} */
const live = new Set();
process.on('exit', () => live.forEach((entry) => signal(entry, 'SIGKILL')));

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

/**
 * `npm run start:queue`: the simulator, then the stack with the example workflows and the demo owner
 * (as `npm start` sets them up), until Ctrl+C. Everything lives in a temporary folder.
 */
async function main() {
	const { startSimulator } = require('../simulator');
	const { configureSimulator, demoOwner, ensureOwner, guide, importDemo } = require('./demo-setup');
	const repo = path.resolve(__dirname, '..');
	const npm = (/** @type {string[]} */ args) => execFileSync('npm', args, { cwd: repo, stdio: 'inherit' });
	const lock = path.join(repo, 'node_modules', '.package-lock.json');
	if (!fs.existsSync(lock) || fs.statSync(path.join(repo, 'package-lock.json')).mtimeMs > fs.statSync(lock).mtimeMs) {
		say("installing the package's dev dependencies (npm ci)");
		npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
	}
	say('building the package');
	npm(['run', '--silent', 'build']);

	const port = (/** @type {string | undefined} */ value, /** @type {number} */ fallback) =>
		value ? Number(value) : fallback;
	const sim = await startSimulator({ port: port(process.env.DAPI_SIM_PORT, 8787) });
	await configureSimulator(sim.url);
	/** @type {QueueStack | undefined} */
	let stack;
	let stopping = false;
	const stop = async (/** @type {number} */ code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n, Redis, Postgres and the simulator');
		await stack?.stop();
		await sim.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(130));
	process.on('SIGTERM', () => void stop(143));
	try {
		stack = await startQueueStack({
			workers: port(process.env.DAPI_QUEUE_WORKERS, 2),
			webhooks: 1,
			mainPort: port(process.env.N8N_PORT, 5678),
			webhookPort: port(process.env.DAPI_QUEUE_WEBHOOK_PORT, 5680),
			beforeMain: (s) => importDemo(s.folder('main'), sim.port, { runN8n: (args) => s.cli(args) }),
		});
	} catch (error) {
		say(String(error instanceof Error ? error.message : error));
		await stop(1);
		return;
	}
	const owner = demoOwner();
	await ensureOwner(stack.mainUrl, owner);
	const workers = stack
		.byRole('worker')
		.map((w) => `${w.name} (pid ${w.pid})`)
		.join(', ');
	process.stderr.write(`
────────────────────────────────────────────────────────────────────────────────────────────────────
 n8n ${stack.line}.x in queue mode          (everything in ${stack.work}, logs in ${stack.logsDir})
 editor (main)     ${stack.mainUrl}   sign in: ${owner.email} / ${owner.password}
 webhook process   ${stack.webhookUrls[0]}   production webhooks and resume URLs (main serves none)
 workers           ${workers}: every execution runs there
 Redis, Postgres   127.0.0.1:${stack.byRole('redis')[0].port}, 127.0.0.1:${stack.byRole('postgres')[0].port}
 Dapi simulator    ${sim.url}
${guide(stack.webhookUrls[0], sim.url)}
 Which worker ran an execution: grep "Worker finished execution <id>" ${stack.logsDir}/worker*.log
 Ctrl+C stops everything and deletes the folder.
────────────────────────────────────────────────────────────────────────────────────────────────────
`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { startQueueStack, QueueStack, ensureServices };
