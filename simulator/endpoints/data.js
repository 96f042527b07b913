// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { optionalString, requiredString, isAbsent } = require('../params');
const { dayOf, formatDay, requireDay } = require('../dates');
const { listTransactions } = require('../transactions');

/** @param {import('./types').HandlerContext} ctx */
function userOf({ session }) {
	if (!session) throw new Error('data endpoints must be routed with auth: "user"');
	return session.user;
}

/** @param {import('../seed').SeedAccount} account */
const accountBalance = (account) => ({
	amount: account.balance,
	currency: { ...account.currency },
	accountNumber: account.number,
});

/** @param {import('../seed').SeedAccount} account */
const accountFields = ({ id, name, type, iban, number, currency, isFavourite }) => ({
	id,
	name,
	type,
	iban,
	number,
	currency: { ...currency },
	isFavourite,
});

/** POST /v2/data/identity/get @type {import('./types').Handler} */
function getIdentity(ctx) {
	return { identity: structuredClone(userOf(ctx).identity) };
}

/** POST /v2/data/accounts/get @type {import('./types').Handler} */
function getAccounts(ctx) {
	return { accounts: userOf(ctx).accounts.map(accountFields) };
}

/** POST /v2/data/completeAccounts/get: docs "a unified version of the getAccounts and getBalance endpoints". @type {import('./types').Handler} */
function getCompleteAccounts(ctx) {
	return {
		accounts: userOf(ctx).accounts.map((account) => ({ ...accountFields(account), balance: accountBalance(account) })),
	};
}

/** POST /v2/data/balance/get with accountID or cardID @type {import('./types').Handler} */
function getBalance(ctx) {
	const user = userOf(ctx);
	const accountID = optionalString(ctx.body, 'accountID');
	const cardID = optionalString(ctx.body, 'cardID');
	if (accountID === undefined && cardID === undefined)
		throw new DapiError('PARAMETER_MISSING', 'accountID or cardID is missing.');
	if (accountID !== undefined && cardID !== undefined)
		throw new DapiError('PARAMETER_ERROR', 'Send either accountID or cardID, not both.');

	if (accountID !== undefined) {
		const account = user.accounts.find((a) => a.id === accountID);
		if (!account) throw new DapiError('INVALID_ACCOUNT_ID');
		return { balance: accountBalance(account) };
	}
	const card = user.cards.find((c) => c.id === cardID);
	if (!card) throw new DapiError('INVALID_CARD_ID');
	return { balance: { cardNumber: card.cardNumber, ...card.balance, currency: { ...card.currency } } };
}

/** POST /v2/data/cards/get @type {import('./types').Handler} */
function getCards(ctx) {
	const cards = userOf(ctx).cards.map(({ id, name, cardNumber, creditLimit, currency, type, expiryDate, status }) => ({
		id,
		name,
		cardNumber,
		creditLimit,
		currency: { ...currency },
		type,
		expiryDate,
		status,
	}));
	return { cards };
}

/**
 * @typedef {'plain' | 'categorized' | 'enriched'} TransactionKind
 */

/**
 * The account or card a transactions call names. Plain transactions take cardID (Node SDK), or a card's id
 * sent as accountID (PHP SDK); categorized and enriched take accounts only.
 * @param {import('./types').HandlerContext} ctx
 * @param {TransactionKind} kind
 */
function transactionSource(ctx, kind) {
	const user = userOf(ctx);
	const accountID = optionalString(ctx.body, 'accountID');
	if (kind !== 'plain') {
		if (!isAbsent(ctx.body.cardID))
			throw new DapiError('PARAMETER_ERROR', 'cardID is not accepted here: this endpoint takes accountID.');
		if (accountID === undefined) throw new DapiError('PARAMETER_MISSING', 'accountID is missing.');
		return { user, accountID, cardID: undefined };
	}
	const cardID = optionalString(ctx.body, 'cardID');
	if (accountID === undefined && cardID === undefined)
		throw new DapiError('PARAMETER_MISSING', 'accountID or cardID is missing.');
	if (accountID !== undefined && cardID !== undefined)
		throw new DapiError('PARAMETER_ERROR', 'Send either accountID or cardID, not both.');
	return { user, accountID, cardID };
}

/** @typedef {import('../seed').SeedCard} SeedCard */

/**
 * An account's history: generated transactions plus the transfers made from it in the simulator.
 * @param {import('../state').SimState} state
 * @param {import('../seed').SeedUser} user
 * @param {import('../seed').SeedAccount} account
 * @param {'AE' | 'US'} country
 */
function accountSource(state, user, account, country) {
	const extra = state.transfers
		.filter((t) => t.userID === user.userID && t.accountID === account.id)
		.map((t) => ({
			day: dayOf(t.at),
			type: /** @type {const} */ ('debit'),
			cents: Math.round(t.amount * 100),
			description: t.kind === 'wire' ? 'OUTGOING WIRE TRANSFER' : 'OUTWARD TRANSFER',
			details: [`TO ${t.receiver.name.toUpperCase()}`, t.remark].filter(Boolean).join(' '),
			category: 'Transfers',
			brand: { logo: '', name: '' },
			reference: t.reference,
		}));
	return { key: account.id, country, balance: account.balance, currency: account.currency, extra };
}

/** A card's history runs on its available balance. @param {SeedCard} card @param {'AE' | 'US'} country */
function cardSource(card, country) {
	return { key: card.id, country, balance: card.balance.availableBalance, currency: card.currency, extra: [] };
}

/** @param {TransactionKind} kind @returns {import('./types').Handler} */
function transactionsHandler(kind) {
	return (ctx) => {
		const { user, accountID, cardID } = transactionSource(ctx, kind);
		const fromDate = requiredString(ctx.body, 'fromDate');
		const toDate = requiredString(ctx.body, 'toDate');
		const fromDay = requireDay(fromDate, 'fromDate');
		const toDay = requireDay(toDate, 'toDate');

		const account = accountID === undefined ? undefined : user.accounts.find((a) => a.id === accountID);
		// PHP's getCardTransactions sends the card id as accountID.
		const cardKey = cardID ?? (account === undefined && kind === 'plain' ? accountID : undefined);
		const card = cardKey === undefined ? undefined : user.cards.find((c) => c.id === cardKey);
		if (!account && !card) throw new DapiError(cardID !== undefined ? 'INVALID_CARD_ID' : 'INVALID_ACCOUNT_ID');

		if (fromDay > toDay) throw new DapiError('PARAMETER_ERROR', 'fromDate must not be after toDate.');
		const today = dayOf(ctx.state.now());
		if (toDay > today)
			throw new DapiError('INVALID_DATE_RANGE', `toDate must not be after today (${formatDay(today)}).`);
		const range = ctx.state.bankOf(user).accountsMetadata.transactionRange.value;
		// Counted inclusively: 2024-01-01..2024-01-01 is one day.
		if (toDay - fromDay + 1 > range)
			throw new DapiError('INVALID_DATE_RANGE', `Enter a date range of up to ${range} days.`);

		const country = /** @type {'AE' | 'US'} */ (ctx.state.bankOf(user).accountsMetadata.country.code);
		const source = account
			? accountSource(ctx.state, user, account, country)
			: cardSource(/** @type {SeedCard} */ (card), country);
		const transactions = listTransactions(source, fromDay, toDay, today).map(({ category, brandDetails, ...plain }) => {
			if (kind === 'plain') return plain;
			if (kind === 'categorized') return { ...plain, category };
			return { ...plain, category, brandDetails };
		});
		return { transactions };
	};
}

/** POST /v2/data/transactions/get {accountID | cardID, fromDate, toDate} */
const getTransactions = transactionsHandler('plain');
/** POST /v2/data/categorizedTransactions/get {accountID, fromDate, toDate}: adds category */
const getCategorizedTransactions = transactionsHandler('categorized');
/** POST /v2/data/enrichedTransactions/get {accountID, fromDate, toDate}: adds category and brandDetails */
const getEnrichedTransactions = transactionsHandler('enriched');

module.exports = {
	getIdentity,
	getAccounts,
	getCompleteAccounts,
	getBalance,
	getCards,
	getTransactions,
	getCategorizedTransactions,
	getEnrichedTransactions,
};
