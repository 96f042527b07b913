#!/usr/bin/env node
// @ts-check
'use strict';

const { startSimulator, DEFAULTS } = require('./index');

const DEFAULT_CLI_PORT = 8787;

const USAGE = `Usage: node simulator/cli.js [--port 8787] [--app-secret X] [--app-key Y] [--latency ms | --latency min-max]
Environment fallbacks: DAPI_SIM_PORT, DAPI_SIM_APP_SECRET, DAPI_SIM_APP_KEY, DAPI_SIM_LATENCY_MS`;
const MAX_LATENCY_MS = 600000;

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
		if (!Number.isInteger(n) || n < 0 || n > max)
			throw new UsageError(`${name} must be an integer 0-${max}, got "${raw}"`);
		return n;
	};
	/** "5" → 5 ms; "5-50" → uniform 5 to 50 ms per call. @param {string | undefined} raw */
	const latency = (raw) => {
		const range = /^(\d+)-(\d+)$/.exec(raw ?? '');
		if (!range) return integer('latency', raw, DEFAULTS.latencyMs, MAX_LATENCY_MS);
		const minMs = integer('latency', range[1], 0, MAX_LATENCY_MS);
		const maxMs = integer('latency', range[2], 0, MAX_LATENCY_MS);
		if (minMs > maxMs) throw new UsageError(`latency range must be min-max with min <= max, got "${raw}"`);
		return minMs === maxMs ? minMs : { minMs, maxMs };
	};
	return {
		port: integer('port', values.port, DEFAULT_CLI_PORT, 65535),
		appSecret: values['app-secret'] || DEFAULTS.appSecret,
		appKey: values['app-key'] || DEFAULTS.appKey,
		latencyMs: latency(values.latency),
	};
}

/** @param {number | { minMs: number, maxMs: number }} latency */
const describeLatency = (latency) =>
	typeof latency === 'number' ? `${latency} ms` : `${latency.minMs}-${latency.maxMs} ms (uniform per call)`;

/** @param {import('./index').Simulator} sim @param {number | { minMs: number, maxMs: number }} latencyMs */
function banner(sim, latencyMs) {
	const lines = [
		`Dapi simulator listening on ${sim.url}`,
		'',
		'n8n credential:',
		`  Base URL    ${sim.baseUrl}`,
		`  App Secret  ${sim.appSecret}`,
		`  App Key     ${sim.appKey}`,
		`  Latency     ${describeLatency(latencyMs)}`,
		'',
		'Seeded users:',
	];
	for (const user of sim.users()) {
		lines.push(`  ${user.userID}  ${user.name}  (${user.bankName}, ${user.country})`);
		for (const account of user.accounts) {
			lines.push(
				`      account ${account.id}  ${account.iban ?? account.number}  ${account.balance.toFixed(2)} ${account.currency}`,
			);
		}
		for (const card of user.cards) lines.push(`      card    ${card.id}  ${card.cardNumber}`);
		for (const b of [...user.beneficiaries, ...user.wireBeneficiaries]) {
			lines.push(`      beneficiary ${b.id}  ${b.name}  (${b.type}, ${b.status})`);
		}
	}
	const answers = sim.userInputAnswers;
	lines.push(
		'',
		'Fresh Connect result (accessCode, connectionID, userSecret, ...):',
		`  curl -s -XPOST ${sim.url}/__sim/connect`,
		`  curl -s -XPOST ${sim.url}/__sim/connect -H 'content-type: application/json' -d '{"userID":"${sim.users()[1].userID}"}'`,
		`Request log: curl -s ${sim.url}/__sim/requests    Operations: curl -s ${sim.url}/__sim/operations`,
		`MFA: curl -s -XPOST ${sim.url}/__sim/user-input -H 'content-type: application/json' -d '{"path":"*","policy":"otp"}'`,
		`  answers: otp ${answers.otp}, pin ${answers.pin}, secret_question ${answers.secret_question}, captcha ${answers.captcha}`,
		`Webhook: curl -s -XPOST ${sim.url}/__sim/webhook -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:5678/webhook/dapi","secret":"..."}'`,
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
			console.error(
				`Port ${options.port} on 127.0.0.1 is already in use. Pick another with --port or DAPI_SIM_PORT (0 = any free port).`,
			);
			process.exit(1);
		}
		throw err;
	}
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
	// Before the banner: whoever reads "Ctrl+C to stop." may signal at once (a busy machine saw exit null).
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	console.log(banner(sim, options.latencyMs));
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
