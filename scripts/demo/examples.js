// @ts-check
'use strict';

/**
 * The demo's content, as `npm start` (scripts/start.js) and the e2e tests set it up: the owner login, the
 * "Dapi (simulator)" credential, the delink example's admin key, and the example workflows imported
 * with n8n's CLI on the first run into a user folder (or when the simulator port changed).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { DEFAULTS: SIM_DEFAULTS } = require('../../simulator');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');

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
	// the widget window runs on (scripts/start.js), so its login keeps its storage in any browser profile.
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
};
