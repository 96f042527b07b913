// @ts-check
'use strict';

const auth = require('./endpoints/auth');
const data = require('./endpoints/data');
const metadata = require('./endpoints/metadata');

/**
 * @typedef {object} Route
 * @property {string} path  exact, case-sensitive, as the SDKs send it
 * @property {'app' | 'user'} auth  'app': appSecret only; 'user': also Bearer token + userSecret
 * @property {import('./endpoints/types').Handler} handler
 */

/** One entry per Dapi endpoint. All are POST. @type {Route[]} */
const ROUTES = [
	{ path: '/v2/auth/ExchangeToken', auth: 'app', handler: auth.exchangeToken },
	{ path: '/v2/data/identity/get', auth: 'user', handler: data.getIdentity },
	{ path: '/v2/data/accounts/get', auth: 'user', handler: data.getAccounts },
	{ path: '/v2/data/balance/get', auth: 'user', handler: data.getBalance },
	{ path: '/v2/metadata/accounts/get', auth: 'user', handler: metadata.getAccountsMetadata },
];

/** @type {Map<string, Route>} */
const ROUTES_BY_PATH = new Map(ROUTES.map((route) => [route.path, route]));

module.exports = { ROUTES, ROUTES_BY_PATH };
