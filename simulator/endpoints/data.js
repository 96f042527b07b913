// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { optionalString } = require('../params');

/** @param {import('./types').HandlerContext} ctx */
function userOf({ session }) {
	if (!session) throw new Error('data endpoints must be routed with auth: "user"');
	return session.user;
}

/** POST /v2/data/identity/get @type {import('./types').Handler} */
function getIdentity(ctx) {
	return { identity: structuredClone(userOf(ctx).identity) };
}

/** POST /v2/data/accounts/get @type {import('./types').Handler} */
function getAccounts(ctx) {
	const accounts = userOf(ctx).accounts.map(({ id, name, type, iban, number, currency, isFavourite }) => ({
		id,
		name,
		type,
		iban,
		number,
		currency: { ...currency },
		isFavourite,
	}));
	return { accounts };
}

/** POST /v2/data/balance/get with accountID or cardID @type {import('./types').Handler} */
function getBalance(ctx) {
	const user = userOf(ctx);
	const accountID = optionalString(ctx.body, 'accountID');
	const cardID = optionalString(ctx.body, 'cardID');
	if (accountID === undefined && cardID === undefined) throw new DapiError('PARAMETER_MISSING', 'accountID or cardID is missing.');
	if (accountID !== undefined && cardID !== undefined) throw new DapiError('PARAMETER_ERROR', 'Send either accountID or cardID, not both.');

	if (accountID !== undefined) {
		const account = user.accounts.find((a) => a.id === accountID);
		if (!account) throw new DapiError('INVALID_ACCOUNT_ID');
		return { balance: { amount: account.balance, currency: { ...account.currency }, accountNumber: account.number } };
	}
	const card = user.cards.find((c) => c.id === cardID);
	if (!card) throw new DapiError('INVALID_CARD_ID');
	return { balance: { cardNumber: card.cardNumber, ...card.balance, currency: { ...card.currency } } };
}

module.exports = { getIdentity, getAccounts, getBalance };
