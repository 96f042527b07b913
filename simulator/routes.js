// @ts-check
'use strict';

const auth = require('./endpoints/auth');
const data = require('./endpoints/data');
const metadata = require('./endpoints/metadata');
const payment = require('./endpoints/payment');
const wire = require('./endpoints/wire');
const ach = require('./endpoints/ach');
const users = require('./endpoints/users');
const operation = require('./endpoints/operation');
const batch = require('./endpoints/batch');

/**
 * @typedef {object} Route
 * @property {string} path  exact, case-sensitive, as the SDKs send it
 * @property {'app' | 'user'} auth  'app': appSecret only; 'user': also Bearer token + userSecret
 * @property {import('./endpoints/types').Handler} handler
 * @property {boolean} [userInput]  false: never asks for MFA (docs: Auth, Metadata and Operations APIs); user routes only
 * @property {boolean} [webhook]  true: the finished operation is posted to the app's webhook
 * @property {boolean} [operationStatus]  true: answers about another operation and starts none of its own
 */

/** One entry per Dapi endpoint. All are POST. @type {Route[]} */
const ROUTES = [
	{ path: '/v2/auth/ExchangeToken', auth: 'app', handler: auth.exchangeToken },

	{ path: '/v2/data/identity/get', auth: 'user', handler: data.getIdentity },
	{ path: '/v2/data/accounts/get', auth: 'user', handler: data.getAccounts },
	{ path: '/v2/data/completeAccounts/get', auth: 'user', handler: data.getCompleteAccounts },
	{ path: '/v2/data/balance/get', auth: 'user', handler: data.getBalance },
	{ path: '/v2/data/transactions/get', auth: 'user', handler: data.getTransactions },
	{ path: '/v2/data/categorizedTransactions/get', auth: 'user', handler: data.getCategorizedTransactions },
	{ path: '/v2/data/enrichedTransactions/get', auth: 'user', handler: data.getEnrichedTransactions },
	{ path: '/v2/data/cards/get', auth: 'user', handler: data.getCards },

	{ path: '/v2/metadata/accounts/get', auth: 'user', handler: metadata.getAccountsMetadata, userInput: false },

	{ path: '/v2/payment/beneficiaries/get', auth: 'user', handler: payment.getBeneficiaries },
	{ path: '/v2/payment/beneficiaries/create', auth: 'user', handler: payment.createBeneficiary },
	{ path: '/v2/payment/transfer/create', auth: 'user', handler: payment.createTransfer, webhook: true },
	{ path: '/v2/payment/transfer/autoflow', auth: 'user', handler: payment.transferAutoflow, webhook: true },

	{ path: '/v2/wire/beneficiaries/get', auth: 'user', handler: wire.getWireBeneficiaries },
	{ path: '/v2/wire/beneficiaries/create', auth: 'user', handler: wire.createWireBeneficiary },
	{ path: '/v2/wire/transfer/create', auth: 'user', handler: wire.createWireTransfer, webhook: true },
	{ path: '/v2/wire/transfer/autoflow', auth: 'user', handler: wire.wireTransferAutoflow, webhook: true },

	{ path: '/v2/ach/pull/create', auth: 'user', handler: ach.createAchPull, webhook: true },
	{ path: '/v2/ach/pull/get', auth: 'user', handler: ach.getAchPull },

	// Batch transfers (Node SDK 2.3.2). Batch metadata is metadata: it never asks for MFA, as accounts metadata.
	{ path: '/v2/batch/metadata/get', auth: 'user', handler: batch.getBatchMetadata, userInput: false },
	{ path: '/v2/batch/transfers/get', auth: 'user', handler: batch.getBatchTransfers },
	{ path: '/v2/batch/items/get', auth: 'user', handler: batch.getBatchItems },
	{ path: '/v2/batch/file/create', auth: 'user', handler: batch.createBatchFile },
	{ path: '/v2/batch/transfers/create', auth: 'user', handler: batch.createBatchTransfer, webhook: true },

	// Delink: /users/DelinkUser (connect-react-native; recommended) and the spellings of Go/Node and PHP.
	{ path: '/v2/users/DelinkUser', auth: 'user', handler: users.delinkUser },
	{ path: '/v2/users/delinkuser', auth: 'user', handler: users.delinkUser },
	{ path: '/v2/data/DelinkUser', auth: 'user', handler: users.delinkUser },

	// Operation status: docs path (with appKey) and the Go/Node SDK path.
	{ path: '/v2/operation/get', auth: 'app', handler: operation.getOperation, operationStatus: true },
	{ path: '/v2/operation/status', auth: 'app', handler: operation.getOperationStatus, operationStatus: true },
];

/** @type {Map<string, Route>} */
const ROUTES_BY_PATH = new Map(ROUTES.map((route) => [route.path, route]));

/** Routes an MFA policy can apply to. @param {Route} route */
const canAskForUserInput = (route) => route.auth === 'user' && route.userInput !== false;

module.exports = { ROUTES, ROUTES_BY_PATH, canAskForUserInput };
