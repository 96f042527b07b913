// @ts-check
'use strict';

/**
 * The demo's calls to a running n8n and simulator: the simulated bank's OTP policy, the owner account,
 * and the connection store (the Data Table and the published Connect and Delink examples).
 */

const { CONNECTION_TABLE, CONNECTION_WORKFLOWS, MFA_PATH } = require('./examples');

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

module.exports = { configureSimulator, ensureOwner, ensureConnectionStore };
