#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * npm start: builds this package and runs the real n8n with it installed as a community package,
 * next to the local Dapi simulator, as a ready demo: an owner account, a "Dapi (simulator)"
 * credential and the example workflows (scripts/demo/). Ctrl+C stops both.
 *
 *   N8N_PORT (5678)   DAPI_SIM_PORT (8787)   N8N_USER_FOLDER (./.n8n-dev: owner, credentials and
 *   workflows survive restarts)   DAPI_N8N_RUNTIME_DIR (where n8n itself is cached, see provision-runtime.sh)
 *   DAPI_DEMO_EMAIL (demo@n8n-nodes-dapi.local)   DAPI_DEMO_PASSWORD (DapiDemo1!)   the owner's login
 *   DAPI_N8N_VERSION (2; 1 runs the last n8n 1.x, on Node 20, in ./.n8n-dev-n8n1)
 */

const fs = require('node:fs');
const path = require('node:path');

const {
	demoSecrets,
	importDemo,
	importReason,
	DEMO_CREDENTIAL,
	EXAMPLES,
	MFA_OTP,
	MFA_PATH,
} = require('./demo/examples');
const { guide } = require('./demo/guide');
const { configureSimulator } = require('./demo/n8n-rest');
const { ownerLogin, setUpStore } = require('./demo/owner');
const { preparePackage } = require('./demo/prepare');
const { runCli } = require('./n8n/cli');
const { packAndInstall } = require('./n8n/package');
const { exitOnSignals, spawnManaged } = require('./n8n/process');
const { n8nLine, provisionRuntime, REPO_ROOT } = require('./n8n/runtime');
const { spawnN8n, stopInOrder } = require('./n8n/server');

const say = (/** @type {string} */ message) => process.stderr.write(`[start] ${message}\n`);
/** @param {string | undefined} value @param {number} fallback */
const port = (value, fallback) => (value ? Number(value) : fallback);

async function main() {
	const line = n8nLine();
	process.env.DAPI_N8N_VERSION = line;
	const n8nPort = port(process.env.N8N_PORT, 5678);
	const simPort = port(process.env.DAPI_SIM_PORT, 8787);
	// n8n 1.x cannot open a 2.x database: each line has a folder of its own.
	const folder = path.resolve(
		process.env.N8N_USER_FOLDER || path.join(REPO_ROOT, line === '1' ? '.n8n-dev-n8n1' : '.n8n-dev'),
	);

	// 1. The package, and n8n itself with its Node (cached outside the clone; the first run takes a few minutes).
	preparePackage(say);
	const runtime = provisionRuntime(line);

	// 2. The Dapi simulator; the bank asks for an OTP on identity, for the MFA example.
	fs.mkdirSync(folder, { recursive: true });
	const simLog = path.join(folder, 'simulator.log');
	fs.writeFileSync(simLog, '');
	const sim = spawnManaged({
		name: 'the simulator',
		command: process.execPath,
		args: [path.join(REPO_ROOT, 'simulator', 'cli.js'), '--port', String(simPort)],
		logFile: simLog,
	});
	/** @type {import('./n8n/server').N8nProcess | undefined} */
	let n8n;
	let stopping = false;
	const stop = exitOnSignals(async () => {
		stopping = true;
		say('stopping');
		if (n8n) await stopInOrder([n8n]);
		await sim.stop();
	});
	try {
		await sim.waitForLine('listening on', 30_000);
	} catch (error) {
		process.stderr.write(sim.output);
		return await stop(1);
	}
	const simUrl = `http://127.0.0.1:${simPort}`;
	await configureSimulator(simUrl);
	process.stderr.write(`[demo] simulator: the bank asks for OTP ${MFA_OTP} on ${MFA_PATH}\n`);

	// 3. The package as users install it; on the first run into this folder, the demo credential and
	//    example workflows through n8n's CLI.
	say(`installed the packed package into ${packAndInstall(folder)}`);
	const reason = importReason(folder, simPort);
	if (reason) {
		process.stderr.write(
			`[demo] importing the "${DEMO_CREDENTIAL.name}" credential and ${EXAMPLES.length} example workflows (${reason})\n`,
		);
		const app = { appSecret: process.env.DAPI_SIM_APP_SECRET, appKey: process.env.DAPI_SIM_APP_KEY };
		const runN8n = async (/** @type {string[]} */ args) => {
			const { code, stdout, stderr } = await runCli({ n8n: { runtime, folder }, args, timeoutMs: 300_000 });
			return { code, output: stdout + stderr };
		};
		await importDemo(folder, simPort, { runN8n, app });
	}

	// 4. n8n: the editor on 127.0.0.1, webhooks on localhost. The Connect Trigger runs Dapi's widget only on
	//    a host name other than the editor's (README, "Dapi Connect Trigger").
	const n8nLog = path.join(folder, 'n8n.log');
	fs.writeFileSync(n8nLog, '');
	const n8nUrl = `http://127.0.0.1:${n8nPort}`;
	n8n = spawnN8n({
		runtime,
		folder,
		role: 'main',
		port: n8nPort,
		brokerPort: port(process.env.N8N_RUNNERS_BROKER_PORT, n8nPort + 1),
		urls: { editor: n8nUrl, webhooks: `http://localhost:${n8nPort}` },
		logFile: n8nLog,
	});
	say(`starting n8n ${line}.x on ${n8nUrl}`);
	// Until n8n is up, progress here and its startup log in the file; from then on, its log follows here too.
	const started = Date.now();
	const progress = setInterval(() => say(`  … ${Math.round((Date.now() - started) / 1000)}s`), 20_000);
	const migrating = (/** @type {string} */ chunk) => {
		if (!chunk.includes('Migrations in progress')) return;
		say('n8n is creating its database (first start into this folder only)');
		n8n?.events.off('output', migrating);
	};
	n8n.events.on('output', migrating);
	try {
		await n8n.ready();
	} catch {
		say(`n8n exited during startup (is port ${n8nPort} free?). The end of its log:`);
		process.stderr.write(`${n8n.output.split('\n').slice(-40).join('\n')}\n`);
		return await stop(1);
	} finally {
		clearInterval(progress);
		n8n.events.off('output', migrating);
	}
	say(`n8n is up after ${Math.round((Date.now() - started) / 1000)}s (its log: ${n8nLog})`);
	n8n.events.on('output', (chunk) => process.stdout.write(chunk));

	// 5. The owner account (unless the instance has one), the connection store, then what to do.
	const login = await ownerLogin(n8nUrl);
	await setUpStore(n8nUrl, login.cookie);
	const credential = sim.output
		.split('\n')
		.filter((row) => /^ {2}(Base URL|App Secret|App Key) /.test(row))
		.map((row) => `  ${row}`)
		.join('\n');
	const rule = '─'.repeat(100);
	process.stderr.write(`
${rule}
 n8n editor       ${n8nUrl}   sign in: ${login.shown}
                  (log: ${n8nLog})
 Dapi simulator   ${simUrl}   (log: ${simLog})
 Credential "${DEMO_CREDENTIAL.name}" in n8n (type Dapi API):
${credential}
${guide(n8nUrl, simUrl, demoSecrets(folder).adminKey)}
 Ctrl+C stops n8n and the simulator.
${rule}
`);
	// Leave (stopping n8n and the simulator) when n8n ends, or when `npm start` is gone without telling us.
	const parent = process.ppid;
	const orphaned = setInterval(() => {
		try {
			process.kill(parent, 0);
		} catch {
			void stop(143);
		}
	}, 1000);
	await n8n.exited;
	clearInterval(orphaned);
	if (stopping) return; // stop() is at work and exits
	say('n8n ended');
	await sim.stop();
	process.exit(n8n.child.exitCode ?? 1);
}

main().catch((error) => {
	say(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
