#!/usr/bin/env node
// @ts-check
'use strict';

const { startSimulator, DEFAULTS } = require('./index');

const DEFAULT_CLI_PORT = 8787;

const USAGE = `Usage: node simulator/cli.js [--port 8787] [--app-secret X] [--app-key Y] [--latency ms]
Environment fallbacks: DAPI_SIM_PORT, DAPI_SIM_APP_SECRET, DAPI_SIM_APP_KEY, DAPI_SIM_LATENCY_MS`;

class UsageError extends Error {}

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
function parseArgs(argv, env) {
	/** @type {Record<string, string | undefined>} */
	const values = {
		port: env.DAPI_SIM_PORT,
		'app-secret': env.DAPI_SIM_APP_SECRET,
		'app-key': env.DAPI_SIM_APP_KEY,
		latency: env.DAPI_SIM_LATENCY_MS,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') return null;
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
		if (!match || !(match[1] in values)) throw new UsageError(`Unknown argument ${arg}`);
		const value = match[2] ?? argv[++i];
		if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
		values[match[1]] = value;
	}

	/** @param {string} name @param {string | undefined} raw @param {number} fallback @param {number} max */
	const integer = (name, raw, fallback, max) => {
		if (raw === undefined || raw === '') return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${name} must be an integer 0-${max}, got "${raw}"`);
		return n;
	};
	return {
		port: integer('port', values.port, DEFAULT_CLI_PORT, 65535),
		appSecret: values['app-secret'] || DEFAULTS.appSecret,
		appKey: values['app-key'] || DEFAULTS.appKey,
		latencyMs: integer('latency', values.latency, DEFAULTS.latencyMs, 600000),
	};
}

/** @param {import('./index').Simulator} sim @param {number} latencyMs */
function banner(sim, latencyMs) {
	const lines = [
		`Dapi simulator listening on ${sim.url}`,
		'',
		'n8n credential:',
		`  Base URL    ${sim.baseUrl}`,
		`  App Secret  ${sim.appSecret}`,
		`  App Key     ${sim.appKey}`,
		`  Latency     ${latencyMs} ms`,
		'',
		'Seeded users:',
	];
	for (const user of sim.users()) {
		lines.push(`  ${user.userID}  ${user.name}  (${user.bankName}, ${user.country})`);
		for (const account of user.accounts) {
			lines.push(`      account ${account.id}  ${account.iban ?? account.number}  ${account.balance.toFixed(2)} ${account.currency}`);
		}
		for (const card of user.cards) lines.push(`      card    ${card.id}  ${card.cardNumber}`);
	}
	lines.push(
		'',
		'Fresh Connect result (accessCode, connectionID, userSecret, ...):',
		`  curl -s -XPOST ${sim.url}/__sim/connect`,
		`  curl -s -XPOST ${sim.url}/__sim/connect -H 'content-type: application/json' -d '{"userID":"${sim.users()[1].userID}"}'`,
		`Request log: curl -s ${sim.url}/__sim/requests`,
		'',
		'Ctrl+C to stop.',
	);
	return lines.join('\n');
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2), process.env);
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		console.error(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	if (options === null) {
		console.log(USAGE);
		return;
	}

	let sim;
	try {
		sim = await startSimulator(options);
	} catch (err) {
		if (/** @type {NodeJS.ErrnoException} */ (err)?.code === 'EADDRINUSE') {
			console.error(`Port ${options.port} on 127.0.0.1 is already in use. Pick another with --port or DAPI_SIM_PORT (0 = any free port).`);
			process.exit(1);
		}
		throw err;
	}
	console.log(banner(sim, options.latencyMs));

	const running = sim;
	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		await running.close();
		console.log(`\nDapi simulator stopped (${signal}).`);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
