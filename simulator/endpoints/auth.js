// @ts-check
'use strict';

const { requiredString } = require('../params');

/** POST /v2/auth/ExchangeToken {appSecret, accessCode, connectionID} @type {import('./types').Handler} */
function exchangeToken({ body, state }) {
	const accessCode = requiredString(body, 'accessCode');
	const connectionID = requiredString(body, 'connectionID');
	return state.exchangeToken(accessCode, connectionID);
}

module.exports = { exchangeToken };
