// @ts-check
'use strict';

const { CONNECTION_TABLE, demoOwner } = require('./examples');
const { ensureConnectionStore, ensureOwner } = require('./n8n-rest');

const say = (/** @type {string} */ message) => process.stderr.write(`[demo] ${message}\n`);

/**
 * Creates the owner account unless the instance has one; answers the login to show.
 * @param {string} n8nUrl
 */
async function ownerLogin(n8nUrl) {
	const owner = demoOwner();
	let result;
	try {
		result = await ensureOwner(n8nUrl, owner);
	} catch (error) {
		say(`could not create the owner account: ${/** @type {Error} */ (error).message}`);
		return '(create the owner account in the browser)';
	}
	if (result.created) say(`created the owner account ${owner.email}`);
	if (!result.loginWorks) return `the owner created earlier in this folder (${owner.email} does not sign in)`;
	return `${owner.email} / ${process.env.DAPI_DEMO_PASSWORD ? '(your DAPI_DEMO_PASSWORD)' : owner.password}`;
}

/**
 * Signed in as the owner: the connection store (the Data Table) unless it exists, and the published
 * Connect and Delink examples. Says what went wrong rather than failing the demo.
 * @param {string} n8nUrl
 */
async function setUpStore(n8nUrl) {
	let result;
	try {
		const login = await ensureOwner(n8nUrl, demoOwner());
		if (!login.cookie) throw new Error('the demo login does not sign in');
		result = await ensureConnectionStore(n8nUrl, login.cookie);
	} catch (error) {
		say(`could not set up the connection store: ${/** @type {Error} */ (error).message}`);
		return;
	}
	if (result.tableCreated) say(`created the Data Table "${CONNECTION_TABLE.name}"`);
	if (result.published.length > 0) say(`published ${result.published.join(', ')}`);
}

module.exports = { ownerLogin, setUpStore };
