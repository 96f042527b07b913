// @ts-check
'use strict';

/**
 * A long-running child process the tooling starts (an n8n server, Redis, PostgreSQL, the simulator):
 * in a process group of its own, its output kept and optionally appended to a log file, ready when a
 * line appears in that output or a probe answers (events, not sleeps), and stopped as a group: SIGTERM,
 * SIGKILL after a time limit, then whatever is left of the group. Killed if this Node process exits first.
 */

const { spawn } = require('node:child_process');
const { EventEmitter } = require('node:events');
const fs = require('node:fs');

const STOP_TIMEOUT_MS = 30_000;

/** Processes still running: their groups are killed if this Node process exits first. @type {Set<Managed>} */
const live = new Set();
process.on('exit', () => live.forEach((managed) => managed.signal('SIGKILL')));

/**
 * @typedef {object} SpawnOptions
 * @property {string} name
 * @property {string} command
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} [env]
 * @property {string} [logFile]  the output is appended there as it arrives
 * @property {{ uid: number, gid: number } | null} [user]
 * @property {NodeJS.Signals} [stopSignal]  default SIGTERM (PostgreSQL: SIGINT, its fast shutdown)
 */

class Managed {
	/** @param {SpawnOptions} options */
	constructor(options) {
		this.name = options.name;
		this.logFile = options.logFile;
		this.stopSignal = options.stopSignal ?? 'SIGTERM';
		this.output = '';
		this.events = new EventEmitter();
		const fd = options.logFile === undefined ? undefined : fs.openSync(options.logFile, 'a');
		// detached: a session and process group of its own, so a terminal's Ctrl+C reaches only the script,
		// which stops everything in order, and stop() also ends the process's children (n8n's task runner).
		this.child = spawn(options.command, options.args, {
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
			...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
		});
		if (this.child.pid === undefined) throw new Error(`could not start ${this.name} (${options.command})`);
		this.pid = this.child.pid;
		const onData = (/** @type {string} */ chunk) => {
			this.output += chunk;
			if (fd !== undefined) fs.writeSync(fd, chunk); // in order, before anyone hears of the line
			this.events.emit('output', chunk);
		};
		this.child.stdout?.setEncoding('utf8').on('data', onData);
		this.child.stderr?.setEncoding('utf8').on('data', onData);
		/** @type {Promise<void>} */
		this.exited = new Promise((resolve) =>
			this.child.once('close', () => {
				if (fd !== undefined) fs.closeSync(fd);
				live.delete(this);
				this.events.emit('exit');
				resolve();
			}),
		);
		live.add(this);
	}

	get running() {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The end of the output, for error messages. */
	tail(chars = 4000) {
		return this.output.slice(-chars);
	}

	/** @param {NodeJS.Signals | 0} signal @returns {boolean} whether the group was there */
	signal(signal) {
		try {
			process.kill(-this.pid, signal);
			return true;
		} catch {
			return false; // the group is gone already
		}
	}

	/**
	 * Resolves when `line` is in the output printed from `from` on; rejects when the process exits first
	 * or after `timeoutMs`, with the output's end.
	 * @param {string} line @param {number} timeoutMs @param {number} [from]
	 */
	async waitForLine(line, timeoutMs, from = 0) {
		await this.until(() => this.output.includes(line, from), `"${line}"`, timeoutMs, 'output');
	}

	/**
	 * Resolves when `probe` holds, asked every 100 ms (a health endpoint, `redis-cli ping`); rejects as
	 * waitForLine does.
	 * @param {() => boolean | Promise<boolean>} probe @param {string} what @param {number} timeoutMs
	 */
	async waitForProbe(probe, what, timeoutMs) {
		const ticker = new EventEmitter();
		const timer = setInterval(() => ticker.emit('tick'), 100);
		try {
			await this.until(probe, what, timeoutMs, 'tick', ticker);
		} finally {
			clearInterval(timer);
		}
	}

	/**
	 * @param {() => boolean | Promise<boolean>} ready @param {string} what @param {number} timeoutMs
	 * @param {string} event re-check `ready` on it @param {EventEmitter} [source]
	 */
	until(ready, what, timeoutMs, event, source = this.events) {
		return new Promise((resolve, reject) => {
			let busy = false;
			const finish = (/** @type {Error | undefined} */ error) => {
				clearTimeout(timer);
				source.off(event, check);
				this.events.off('exit', exited);
				if (error) reject(error);
				else resolve(undefined);
			};
			const fail = (/** @type {string} */ why) =>
				finish(new Error(`${this.name} ${why} waiting for ${what}. The end of its output:\n${this.tail(3000)}`));
			const check = async () => {
				if (busy) return;
				busy = true;
				try {
					if (await ready()) finish(undefined);
				} finally {
					busy = false;
				}
			};
			const exited = () =>
				void Promise.resolve(ready()).then((ok) =>
					ok ? finish(undefined) : fail(`exited (${this.child.exitCode ?? this.child.signalCode})`),
				);
			const timer = setTimeout(() => fail(`was not ready after ${timeoutMs} ms`), timeoutMs);
			source.on(event, check);
			this.events.once('exit', exited);
			if (!this.running) exited();
			else void check();
		});
	}

	/** Stops the process group: the stop signal, SIGKILL after `timeoutMs`, then what is left of the group. */
	async stop(timeoutMs = STOP_TIMEOUT_MS) {
		if (this.running) {
			this.signal(this.stopSignal);
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const timedOut = await Promise.race([
				this.exited.then(() => false),
				new Promise((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
			]);
			clearTimeout(timer);
			if (timedOut)
				process.stderr.write(`[n8n] ${this.name} (pid ${this.pid}) did not stop in ${timeoutMs} ms: killing it\n`);
		}
		this.signal('SIGKILL');
		await this.exited;
		// The group's other members (a task runner) may outlive the leader for a moment.
		for (let i = 0; i < 40 && this.signal(0); i++) await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** @param {SpawnOptions} options */
const spawnManaged = (options) => new Managed(options);

/**
 * A script's way out, run once: on Ctrl+C (which reaches it twice, from the terminal and from npm),
 * SIGTERM, or a call. It stops what it started, then exits with `code`.
 * @param {() => Promise<void>} stopAll
 * @returns {(code: number) => Promise<void>} the way out, for the script's own reasons to leave
 */
function exitOnSignals(stopAll) {
	/** @type {Promise<void> | undefined} */
	let leaving;
	const leave = (/** @type {number} */ code) => (leaving ??= stopAll().finally(() => process.exit(code)));
	process.on('SIGINT', () => void leave(130));
	process.on('SIGTERM', () => void leave(143));
	return leave;
}

module.exports = { Managed, spawnManaged, exitOnSignals, STOP_TIMEOUT_MS };
