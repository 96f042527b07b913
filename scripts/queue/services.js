// @ts-check
'use strict';

/**
 * Redis and PostgreSQL for the queue stack, started here on loopback with their data in the stack's
 * folder (Debian's packages, installed with apt-get when missing and running as root).
 */

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { freePort } = require('../n8n/ports');
const { spawnManaged } = require('../n8n/process');
const { START_TIMEOUT_MS } = require('../n8n/server');

const say = (/** @type {string} */ message) => process.stderr.write(`[queue] ${message}\n`);

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

/**
 * Redis on a free port, without persistence, ready when it answers PONG.
 * @param {string} work the stack's folder @param {string} logsDir
 */
async function startRedis(work, logsDir) {
	const port = await freePort();
	const redis = spawnManaged({
		name: 'redis',
		command: 'redis-server',
		args: ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', ''].concat([
			'--appendonly',
			'no',
			'--dir',
			work,
			'--daemonize',
			'no',
		]),
		logFile: path.join(logsDir, 'redis.log'),
	});
	const pong = () =>
		spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() ===
		'PONG';
	await redis.waitForProbe(pong, 'PONG', START_TIMEOUT_MS);
	return Object.assign(redis, { port });
}

/**
 * A throwaway PostgreSQL cluster in `work`/pgdata on a free port, with a database `n8n`.
 * @param {string} work @param {string} logsDir
 */
async function startPostgres(work, logsDir) {
	const bin = /** @type {string} */ (postgresBin());
	// initdb and postgres refuse to run as root: as root, run them as Debian's postgres user.
	const user = process.getuid?.() === 0 ? userIds('postgres') : null;
	if (process.getuid?.() === 0 && !user)
		throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
	const data = path.join(work, 'pgdata');
	fs.mkdirSync(data, { mode: 0o700 });
	if (user) fs.chownSync(data, user.uid, user.gid);
	const initdb = spawnSync(
		path.join(bin, 'initdb'),
		['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
		{ encoding: 'utf8', timeout: 120_000, ...(user ? { uid: user.uid, gid: user.gid } : {}) },
	);
	if (initdb.status !== 0) throw new Error(`initdb failed (${initdb.status}): ${initdb.stderr}${initdb.stdout}`);
	const port = await freePort();
	const postgres = spawnManaged({
		name: 'postgres',
		command: path.join(bin, 'postgres'),
		// A throwaway database: durability is not wanted, speed is.
		args: ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='].concat(
			['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		),
		logFile: path.join(logsDir, 'postgres.log'),
		user,
		stopSignal: 'SIGINT',
	});
	const psql = (/** @type {string} */ sql) =>
		spawnSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atqc', sql], {
			encoding: 'utf8',
			env: { ...process.env, PGCONNECT_TIMEOUT: '2' },
			timeout: 30_000,
		});
	await postgres.waitForProbe(() => psql('select 1').status === 0, 'a connection', START_TIMEOUT_MS);
	const created = psql('CREATE DATABASE n8n');
	if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	return Object.assign(postgres, { port });
}

module.exports = { ensureServices, startRedis, startPostgres };
