#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * The demo instance of `npm start` (scripts/start.sh); the e2e tests (test/e2e/server.test.ts) set
 * up their n8n with the same functions.
 *
 *   node scripts/demo-setup.js import <userFolder> <simPort>
 *       Before `n8n start`, on the first run into the folder (no marker file, or no n8n database yet)
 *       or when the simulator port changed: imports the "Dapi (simulator)" credential and the example
 *       workflows with n8n's CLI ($DAPI_N8N_BIN, using the N8N_* variables already exported).
 *   node scripts/demo-setup.js simulator <simUrl>
 *       Makes the simulator's bank ask for an OTP on /v2/data/identity/get (the MFA example needs it).
 *   node scripts/demo-setup.js owner <n8nUrl>
 *       Creates the owner account unless the instance has one; prints the login to show.
 *   node scripts/demo-setup.js store <n8nUrl>
 *       Signed in as the owner: creates the connection store (the Data Table CONNECTION_TABLE) unless
 *       it exists, and publishes the Connect and Delink example workflows so their URLs answer.
 *   node scripts/demo-setup.js guide <n8nUrl> <simUrl>
 *       Prints how to try each example workflow.
 *
 * Owner login: DAPI_DEMO_EMAIL (demo@n8n-nodes-dapi.local), DAPI_DEMO_PASSWORD (DapiDemo1!),
 * DAPI_DEMO_FIRST_NAME (Dapi), DAPI_DEMO_LAST_NAME (Demo).
 */

const { runCli } = require('./n8n-cli');

/** An n8n import takes seconds; minutes mean it hangs. */
const CLI_TIMEOUT_MS = 300_000;
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { DEFAULTS: SIM_DEFAULTS } = require('../simulator');

const REPO_ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The example workflows, by file name (without .workflow.json), in the order the guide lists them. */
const EXAMPLES = /** @type {const} */ ([
	'simulator-accounts-and-balance',
	'simulator-mfa-otp-round-trip',
	'webhook-connect-exchange-accounts',
	'connections-connect-and-store',
	'connections-scheduled-balance-sync',
	'connections-delink-by-ref',
]);
/** The simulator URL written in the example files. */
const EXAMPLE_SIM_URL = 'http://127.0.0.1:8787';
/** The credential the example workflows name. */
const DEMO_CREDENTIAL = { id: 'dapiSimulator0001', name: 'Dapi (simulator)' };
/** The Header Auth credential that guards the delink example's webhook. */
const ADMIN_CREDENTIAL = { id: 'dapiDemoAdmin001', name: 'Dapi demo admin key', header: 'X-Admin-Key' };
/** The Data Table the connection examples keep their connections in, and its columns. */
const CONNECTION_TABLE = {
	name: 'dapi_connections',
	columns: [
		{ name: 'ref', type: 'string' },
		{ name: 'connectionID', type: 'string' },
		{ name: 'bankId', type: 'string' },
		{ name: 'sealedConnection', type: 'string' },
		{ name: 'connectedAt', type: 'date' },
		{ name: 'status', type: 'string' },
		{ name: 'statusReason', type: 'string' },
	],
};
/** The example workflows that must be published for their URLs to answer. */
const CONNECTION_WORKFLOWS = { connect: 'dapiConnectStore', sync: 'dapiBalanceSync', delink: 'dapiDelinkByRef' };
/** The Connect example's webhook: its page is <n8n>/webhook/<id>/connect?ref=… */
const CONNECT_WEBHOOK_ID = '4f1d2a7c-8b3e-4c59-9a61-0d5e7b2c3a10';
/** In the user folder (mode 600): the demo's sealing key and admin key, made once and kept. */
const SECRETS_FILE = '.dapi-demo-secrets.json';
/** The endpoint where the simulated bank asks for an OTP, and the OTP it accepts. */
const MFA_PATH = '/v2/data/identity/get';
const MFA_OTP = '123456';
/** In the user folder: what was imported, for which simulator port. */
const MARKER_FILE = '.dapi-demo.json';

/**
 * The owner account `npm start` creates.
 * @param {NodeJS.ProcessEnv} [env]
 */
function demoOwner(env = process.env) {
	return {
		email: env.DAPI_DEMO_EMAIL || 'demo@n8n-nodes-dapi.local',
		// n8n's rules: 8-64 characters, a number and an uppercase letter.
		password: env.DAPI_DEMO_PASSWORD || 'DapiDemo1!',
		firstName: env.DAPI_DEMO_FIRST_NAME || 'Dapi',
		lastName: env.DAPI_DEMO_LAST_NAME || 'Demo',
	};
}

/**
 * The demo's own secrets: the Connection Sealing Key and the delink webhook's admin key, random,
 * made on the first run into the folder and kept there (a new sealing key would lose every stored
 * connection of the demo).
 * @param {string} userFolder
 * @returns {{ sealingSecret: string, adminKey: string }}
 */
function demoSecrets(userFolder) {
	const file = path.join(userFolder, SECRETS_FILE);
	try {
		const kept = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (typeof kept.sealingSecret === 'string' && typeof kept.adminKey === 'string') return kept;
	} catch {
		// first run, or unreadable: make new ones
	}
	const secrets = {
		sealingSecret: crypto.randomBytes(32).toString('base64'),
		adminKey: crypto.randomBytes(18).toString('base64url'),
	};
	fs.mkdirSync(userFolder, { recursive: true });
	fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
	return secrets;
}

/**
 * The "Dapi (simulator)" credential, as `n8n import:credentials` takes it (n8n encrypts `data`).
 * @param {number} simPort
 * @param {{ appSecret?: string, appKey?: string }} [app] the simulator's, default its defaults
 * @param {string} [sealingSecret] the Connection Sealing Key (none: the sealed examples cannot run)
 */
function demoCredential(simPort, app = {}, sealingSecret) {
	return {
		...DEMO_CREDENTIAL,
		type: 'dapiApi',
		data: {
			appSecret: app.appSecret || SIM_DEFAULTS.appSecret,
			appKey: app.appKey || SIM_DEFAULTS.appKey,
			baseUrl: `http://127.0.0.1:${simPort}/v2`,
			...(sealingSecret ? { sealingSecret } : {}),
		},
	};
}

/**
 * The Header Auth credential of the delink example's webhook.
 * @param {string} adminKey
 */
function adminCredential(adminKey) {
	return {
		id: ADMIN_CREDENTIAL.id,
		name: ADMIN_CREDENTIAL.name,
		type: 'httpHeaderAuth',
		data: { name: ADMIN_CREDENTIAL.header, value: adminKey },
	};
}

/**
 * One example workflow, its simulator URLs pointing at `simPort`.
 * @param {(typeof EXAMPLES)[number]} name
 * @param {number} [simPort]
 * @returns {{ id: string, name: string, nodes: any[], connections: any, settings?: any, active?: boolean }}
 */
function exampleWorkflow(name, simPort = 8787) {
	const text = fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.workflow.json`), 'utf8');
	// The Connect example loads the stand-in widget from localhost: the same site as the webhook host
	// the widget window runs on (start.sh), so its login keeps its storage in any browser profile.
	const simUrls = text.split(EXAMPLE_SIM_URL).join(`http://127.0.0.1:${simPort}`);
	return JSON.parse(
		simUrls.split(EXAMPLE_SIM_URL.replace('127.0.0.1', 'localhost')).join(`http://localhost:${simPort}`),
	);
}

/**
 * Why the demo must be imported into `userFolder`, or null when it is there already.
 * @param {string} userFolder
 * @param {number} simPort
 */
function importReason(userFolder, simPort) {
	const marker = path.join(userFolder, MARKER_FILE);
	if (!fs.existsSync(marker)) return 'first run in this folder';
	if (!fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'))) return "n8n's database is gone";
	let previous;
	try {
		previous = JSON.parse(fs.readFileSync(marker, 'utf8'));
	} catch {
		return `${MARKER_FILE} is unreadable`;
	}
	if (previous.simPort !== simPort) {
		return `the simulator moved from port ${previous.simPort} to ${simPort}; the example workflows are replaced`;
	}
	const missing = EXAMPLES.filter((name) => !(previous.workflows ?? []).includes(name));
	if (missing.length > 0) return `new example workflows (${missing.join(', ')}); the example workflows are replaced`;
	return null;
}

/**
 * Imports the credentials and the example workflows through n8n's CLI and writes the marker.
 * @param {string} userFolder
 * @param {number} simPort
 * @param {{ runN8n: (args: string[]) => Promise<{ code: number | null, output: string }>,
 *           app?: { appSecret?: string, appKey?: string },
 *           secrets?: { sealingSecret: string, adminKey: string } }} how  runN8n runs one n8n CLI command
 *   on the folder; secrets default to the folder's demoSecrets
 */
async function importDemo(userFolder, simPort, how) {
	const credentialsFile = path.join(userFolder, '.dapi-demo-credentials.json');
	const workflowsFile = path.join(userFolder, '.dapi-demo-workflows.json');
	const secrets = how.secrets ?? demoSecrets(userFolder);
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify([demoCredential(simPort, how.app, secrets.sealingSecret), adminCredential(secrets.adminKey)]),
		{ mode: 0o600 },
	);
	fs.writeFileSync(workflowsFile, JSON.stringify(EXAMPLES.map((name) => exampleWorkflow(name, simPort))));
	try {
		for (const args of [
			['import:credentials', `--input=${credentialsFile}`],
			['import:workflow', `--input=${workflowsFile}`],
		]) {
			const { code, output } = await how.runN8n(args);
			if (code !== 0) throw new Error(`n8n ${args[0]} exited with ${code}:\n${output}`);
		}
	} finally {
		fs.rmSync(credentialsFile, { force: true }); // plain-text secret
		fs.rmSync(workflowsFile, { force: true });
	}
	const marker = { simPort, credential: DEMO_CREDENTIAL.id, workflows: EXAMPLES, importedAt: new Date().toISOString() };
	fs.writeFileSync(path.join(userFolder, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * POSTs JSON and answers status and parsed body (null when not JSON).
 * @param {string} url @param {unknown} body @param {Record<string, string>} [headers]
 */
async function postJson(url, body, headers = {}) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: res.status, json, text, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

/**
 * The simulated bank asks for an OTP on MFA_PATH (policies live in memory: set on every start).
 * @param {string} simUrl e.g. http://127.0.0.1:8787
 */
async function configureSimulator(simUrl) {
	const { status, text } = await postJson(`${simUrl}/__sim/user-input`, { path: MFA_PATH, policy: 'otp' });
	if (status !== 200) throw new Error(`simulator refused the OTP policy (${status}): ${text}`);
}

/**
 * Creates the owner unless one exists (then tries to sign in with `owner`, to tell whether that login works).
 * @param {string} n8nUrl e.g. http://127.0.0.1:5678
 * @param {{ email: string, password: string, firstName: string, lastName: string }} owner
 * @returns {Promise<{ created: boolean, loginWorks: boolean, cookie: string | null }>} cookie: the n8n-auth session
 */
async function ensureOwner(n8nUrl, owner) {
	const settings = await fetch(`${n8nUrl}/rest/settings`);
	if (!settings.ok) throw new Error(`GET /rest/settings answered ${settings.status}`);
	const { data } = /** @type {{ data: { userManagement: { showSetupOnFirstLoad: boolean } } }} */ (
		await settings.json()
	);
	if (data.userManagement.showSetupOnFirstLoad) {
		const setup = await postJson(`${n8nUrl}/rest/owner/setup`, owner);
		if (setup.status !== 200 || !setup.cookie) {
			throw new Error(`owner setup answered ${setup.status}: ${setup.json?.message ?? setup.text}`);
		}
		return { created: true, loginWorks: true, cookie: setup.cookie };
	}
	const login = await postJson(`${n8nUrl}/rest/login`, { emailOrLdapLoginId: owner.email, password: owner.password });
	return { created: false, loginWorks: login.status === 200, cookie: login.status === 200 ? login.cookie : null };
}

/**
 * Calls n8n's internal REST API with a session cookie; answers the parsed `data`, throws unless 2xx.
 * @param {string} n8nUrl @param {string} cookie @param {string} method @param {string} route @param {unknown} [body]
 */
async function rest(n8nUrl, cookie, method, route, body) {
	const res = await fetch(`${n8nUrl}/rest${route}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest${route} answered ${res.status}: ${text.slice(0, 300)}`);
	return JSON.parse(text).data;
}

/**
 * The connection store of the examples: the Data Table (created unless it exists, in the owner's
 * personal project) and the published Connect and Delink workflows.
 * @param {string} n8nUrl @param {string} cookie the owner's session
 * @returns {Promise<{ tableCreated: boolean, published: string[] }>}
 */
async function ensureConnectionStore(n8nUrl, cookie) {
	const project = await rest(n8nUrl, cookie, 'GET', '/projects/personal');
	const tables = await rest(n8nUrl, cookie, 'GET', `/projects/${project.id}/data-tables?take=100`);
	const list = Array.isArray(tables) ? tables : tables.data;
	let tableCreated = false;
	if (!list.some((/** @type {{ name: string }} */ table) => table.name === CONNECTION_TABLE.name)) {
		await rest(n8nUrl, cookie, 'POST', `/projects/${project.id}/data-tables`, CONNECTION_TABLE);
		tableCreated = true;
	}
	const published = [];
	for (const id of [CONNECTION_WORKFLOWS.connect, CONNECTION_WORKFLOWS.delink]) {
		const workflow = await rest(n8nUrl, cookie, 'GET', `/workflows/${id}`);
		if (workflow.active) continue;
		await rest(n8nUrl, cookie, 'POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
		published.push(id);
	}
	return { tableCreated, published };
}

/**
 * How to try the examples, for the `npm start` banner.
 * @param {string} n8nUrl @param {string} simUrl
 */
function guide(n8nUrl, simUrl, adminKey = '<the value of the "Dapi demo admin key" credential>') {
	const [accounts, mfa, webhook, store, sync, delink] = EXAMPLES.map((name) => exampleWorkflow(name).name);
	const json = "-H 'content-type: application/json'";
	return [
		` Example workflows (Overview; they use the credential "${DEMO_CREDENTIAL.name}"):`,
		`  • ${accounts}`,
		'      Open it and click "Execute workflow".',
		`  • ${mfa}`,
		'      Execute it: the bank asks for an OTP and the run waits at "Wait for the OTP". Copy the resumeUrl',
		`      from the output of "Resume URL" (${n8nUrl}/webhook-waiting/<execution id>?signature=…), then:`,
		`        curl -s -XPOST '<resumeUrl>' ${json} -d '{"otp":"${MFA_OTP}"}'`,
		`  • ${webhook}`,
		'      Publish it (top right), then post a fresh Connect result to it:',
		`        curl -s -XPOST ${simUrl}/__sim/connect | curl -s -XPOST ${n8nUrl}/webhook/dapi-connect ${json} -d @-`,
		' A fresh Connect result (accessCode, connectionID, userSecret):',
		`   curl -s -XPOST ${simUrl}/__sim/connect`,
		` Connections kept sealed in the Data Table "${CONNECTION_TABLE.name}" (Overview → Data tables):`,
		`  • ${store} (published)`,
		'      Open this link in your browser, click the button, pick a sandbox user, password "sandbox":',
		`        ${n8nUrl}/webhook/${CONNECT_WEBHOOK_ID}/connect?ref=customer-1`,
		`  • ${sync}`,
		'      Open it and click "Execute workflow": one summary per stored customer.',
		`  • ${delink} (published)`,
		`        curl -s -XPOST ${n8nUrl}/webhook/dapi-delink -H '${ADMIN_CREDENTIAL.header}: ${adminKey}' ${json} -d '{"ref":"customer-1"}'`,
	].join('\n');
}

/**
 * Runs the n8n CLI ($DAPI_N8N_BIN) with this process's environment; output captured.
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, output: string }>}
 */
async function runN8nCli(args) {
	const bin = process.env.DAPI_N8N_BIN;
	if (!bin) throw new Error('DAPI_N8N_BIN is not set: eval "$(bash scripts/provision-runtime.sh)" first');
	const { code, stdout, stderr } = await runCli({ bin, args, env: process.env, timeoutMs: CLI_TIMEOUT_MS });
	return { code, output: stdout + stderr };
}

/** @param {string | undefined} value @param {string} what */
function portArg(value, what) {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} must be a port, got "${value}"`);
	return port;
}

/** @param {string[]} argv */
async function main(argv) {
	const [command, ...args] = argv;
	const say = (/** @type {string} */ message) => process.stderr.write(`[demo] ${message}\n`);
	if (command === 'import' && args.length === 2) {
		const [userFolder, simPortText] = args;
		const simPort = portArg(simPortText, 'simulator port');
		const reason = importReason(userFolder, simPort);
		if (!reason) return;
		say(`importing the "${DEMO_CREDENTIAL.name}" credential and ${EXAMPLES.length} example workflows (${reason})`);
		const app = { appSecret: process.env.DAPI_SIM_APP_SECRET, appKey: process.env.DAPI_SIM_APP_KEY };
		await importDemo(userFolder, simPort, { runN8n: runN8nCli, app });
	} else if (command === 'simulator' && args.length === 1) {
		await configureSimulator(args[0]);
		say(`simulator: the bank asks for OTP ${MFA_OTP} on ${MFA_PATH}`);
	} else if (command === 'owner' && args.length === 1) {
		const owner = demoOwner();
		const shown = `${owner.email} / ${process.env.DAPI_DEMO_PASSWORD ? '(your DAPI_DEMO_PASSWORD)' : owner.password}`;
		let result;
		try {
			result = await ensureOwner(args[0], owner);
		} catch (error) {
			say(`could not create the owner account: ${/** @type {Error} */ (error).message}`);
			console.log('(create the owner account in the browser)');
			return;
		}
		if (result.created) say(`created the owner account ${owner.email}`);
		console.log(
			result.loginWorks ? shown : `the owner created earlier in this folder (${owner.email} does not sign in)`,
		);
	} else if (command === 'store' && args.length === 1) {
		let result;
		try {
			const login = await ensureOwner(args[0], demoOwner());
			if (!login.cookie) throw new Error('the demo login does not sign in');
			result = await ensureConnectionStore(args[0], login.cookie);
		} catch (error) {
			say(`could not set up the connection store: ${/** @type {Error} */ (error).message}`);
			return;
		}
		if (result.tableCreated) say(`created the Data Table "${CONNECTION_TABLE.name}"`);
		if (result.published.length > 0) say(`published ${result.published.join(', ')}`);
	} else if (command === 'guide' && (args.length === 2 || args.length === 3)) {
		const adminKey = args[2] ? demoSecrets(args[2]).adminKey : undefined;
		console.log(guide(args[0], args[1], adminKey));
	} else {
		console.error(
			'Usage: node scripts/demo-setup.js import <userFolder> <simPort> | simulator <simUrl> | owner <n8nUrl> | store <n8nUrl> | guide <n8nUrl> <simUrl> [userFolder]',
		);
		process.exit(2);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}

module.exports = {
	EXAMPLES,
	EXAMPLE_SIM_URL,
	DEMO_CREDENTIAL,
	ADMIN_CREDENTIAL,
	CONNECTION_TABLE,
	CONNECTION_WORKFLOWS,
	CONNECT_WEBHOOK_ID,
	MFA_PATH,
	MFA_OTP,
	MARKER_FILE,
	demoOwner,
	demoCredential,
	adminCredential,
	demoSecrets,
	exampleWorkflow,
	importReason,
	importDemo,
	configureSimulator,
	ensureOwner,
	ensureConnectionStore,
	guide,
};
