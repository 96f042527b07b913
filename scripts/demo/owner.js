// @ts-check
'use strict';

const { CONNECTION_TABLE, demoOwner } = require('./examples');
const { ensureConnectionStore, ensureOwner } = require('./n8n-rest');

const say = (/** @type {string} */ message) => process.stderr.write(`[demo] ${message}\n`);

/**
 * Creates the owner account unless the instance has one: the login to show, and its session for setUpStore.
 * @param {string} n8nUrl
 * @returns {Promise<{ shown: string, cookie: string | null }>}
 */
async function ownerLogin(n8nUrl) {
	const owner = demoOwner();
	let result;
	try {
		result = await ensureOwner(n8nUrl, owner);
	} catch (error) {
		say(`could not create the owner account: ${/** @type {Error} */ (error).message}`);
		return { shown: '(create the owner account in the browser)', cookie: null };
	}
	if (result.created) say(`created the owner account ${owner.email}`);
	if (!result.loginWorks || !result.cookie) {
		return { shown: `the owner created earlier in this folder (${owner.email} does not sign in)`, cookie: null };
	}
	const password = process.env.DAPI_DEMO_PASSWORD ? '(your DAPI_DEMO_PASSWORD)' : owner.password;
	return { shown: `${owner.email} / ${password}`, cookie: result.cookie };
}

/**
 * Signed in as the owner (ownerLogin's session): the connection store (the Data Table) unless it exists, and
 * the published Connect and Delink examples. Says what went wrong rather than failing the demo.
 * @param {string} n8nUrl
 * @param {string | null} cookie
 */
async function setUpStore(n8nUrl, cookie) {
	let result;
	try {
		if (!cookie) throw new Error('the demo login does not sign in');
		result = await ensureConnectionStore(n8nUrl, cookie);
	} catch (error) {
		say(`could not set up the connection store: ${/** @type {Error} */ (error).message}`);
		return;
	}
	if (result.tableCreated) say(`created the Data Table "${CONNECTION_TABLE.name}"`);
	if (result.published.length > 0) say(`published ${result.published.join(', ')}`);
}

module.exports = { ownerLogin, setUpStore };
