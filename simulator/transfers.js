// @ts-check
'use strict';

/**
 * What local payments (payment.js), US wires (wire.js), ACH pulls (ach.js) and batches (batch.js) share:
 * the session, the beneficiary fields and their rules, the sender account, remarks, cool-downs and the
 * transfer itself. The field rules follow docs/dapi-contract.md ("Field rules").
 */

const crypto = require('node:crypto');
const { DapiError } = require('./errors');
const { optionalString, requiredString, requiredObject, requiredAmount, maxLength } = require('./params');

/**
 * @typedef {import('./seed').SeedUser} SeedUser
 * @typedef {import('./seed').SeedAccount} SeedAccount
 * @typedef {import('./seed').SeedBeneficiary} Beneficiary
 * @typedef {import('./state').SimState} SimState
 * @typedef {import('./endpoints/types').HandlerContext} HandlerContext
 */
/**
 * Which create-beneficiary fields an endpoint takes.
 * @typedef {object} BeneficiarySpec
 * @property {ReadonlyArray<string>} required  in the order they are checked; all strings except address {line1, line2, line3}
 * @property {ReadonlyArray<string>} optional  string fields
 * @property {ReadonlyArray<string>} types     allowed values of type
 */

/** Address lines: "value should not contain any commas or special characters" (Go README). */
const ADDRESS_LINE = /^[\p{L}\p{N} ]+$/u;

/** @param {HandlerContext} ctx */
function sessionOf({ session }) {
	if (!session) throw new Error('payment endpoints must be routed with auth: "user"');
	return session;
}

/**
 * Reads and checks the create-beneficiary fields of `source` (the body, or the beneficiary object of an autoflow).
 * @param {Record<string, unknown>} source
 * @param {BeneficiarySpec} spec
 * @param {string} [prefix] for messages, e.g. 'beneficiary.'
 */
function parseBeneficiary(source, spec, prefix = '') {
	/** @type {Record<string, string | null>} */
	const fields = {};
	/** @type {Record<'line1' | 'line2' | 'line3', string> | undefined} */
	let lines;
	for (const field of spec.required) {
		if (field !== 'address') {
			fields[field] = requiredString(source, field, `${prefix}${field}`);
			continue;
		}
		const address = requiredObject(source, 'address', `${prefix}address`);
		lines = {
			line1: requiredString(address, 'line1', `${prefix}address.line1`),
			line2: requiredString(address, 'line2', `${prefix}address.line2`),
			line3: requiredString(address, 'line3', `${prefix}address.line3`),
		};
	}
	if (!lines) throw new Error('a beneficiary spec must require address');
	for (const field of spec.optional) fields[field] = optionalString(source, field, `${prefix}${field}`) ?? null;

	if (fields.type !== null && !spec.types.includes(/** @type {string} */ (fields.type))) {
		const allowed = `${spec.types.slice(0, -1).join(', ')} or ${spec.types.at(-1)}`;
		throw new DapiError('PARAMETER_ERROR', `${prefix}type has to be ${allowed}`);
	}
	for (const [line, value] of Object.entries(lines)) {
		if (!ADDRESS_LINE.test(value)) {
			throw new DapiError('PARAMETER_ERROR', `${prefix}address.${line} must not contain commas or special characters.`);
		}
	}
	const get = (/** @type {string} */ field) => fields[field] ?? null;
	return {
		name: /** @type {string} */ (get('name')),
		nickname: get('nickname'),
		type: get('type'),
		iban: get('iban'),
		accountNumber: /** @type {string} */ (get('accountNumber')),
		swiftCode: get('swiftCode'),
		bankName: get('bankName'),
		country: /** @type {string} */ (get('country')),
		address: lines,
		branchAddress: /** @type {string} */ (get('branchAddress')),
		branchName: /** @type {string} */ (get('branchName')),
		phoneNumber: get('phoneNumber'),
		routingNumber: get('routingNumber'),
		sortCode: get('sortCode'),
	};
}

/**
 * Every beneficiary spec requires type, so a parsed beneficiary has one.
 * @param {BeneficiaryFields} fields
 */
function withType(fields) {
	if (fields.type === null) throw new Error('a beneficiary spec must require type');
	return { ...fields, type: fields.type };
}

/**
 * Adds a beneficiary. It is approved at once but usable for transfers only after the bank's cool-down.
 * @param {SimState} state
 * @param {SeedUser} user
 * @param {Beneficiary[]} list
 * @param {BeneficiaryFields & { type: string }} fields
 * @param {(existing: Beneficiary) => boolean} isDuplicate
 * @param {string} idPrefix
 */
function addBeneficiary(state, user, list, fields, isDuplicate, idPrefix) {
	if (list.some(isDuplicate)) throw new DapiError('BENEFICIARY_ALREADY_EXISTS');
	const coolDown = state.bankOf(user).accountsMetadata.beneficiaryCoolDownPeriod;
	/** @type {Beneficiary} */
	const beneficiary = {
		id: `${idPrefix}${crypto.randomUUID()}`,
		...fields,
		status: 'approved',
		activeFrom: state.now() + coolDown.value * 60 * 60 * 1000,
	};
	list.push(beneficiary);
	return beneficiary;
}

/**
 * @param {SimState} state
 * @param {Beneficiary} beneficiary
 */
function assertUsable(state, beneficiary) {
	if (beneficiary.status !== 'approved') throw new DapiError('BENEFICIARY_NOT_ACTIVATED');
	const wait = beneficiary.activeFrom - state.now();
	if (wait > 0) {
		const hours = Math.ceil(wait / (60 * 60 * 1000));
		throw new DapiError(
			'BENEFICIARY_COOL_DOWN_PERIOD',
			`New beneficiary will be activated for fund transfer after ${hours} hour(s).`,
		);
	}
}

/** @param {SeedUser} user @param {Record<string, unknown>} body @param {string} [label] */
function senderAccount(user, body, label = 'senderID') {
	const senderID = requiredString(body, 'senderID', label);
	const account = user.accounts.find((a) => a.id === senderID);
	if (!account) throw new DapiError('INVALID_ACCOUNT_ID');
	return account;
}

/**
 * remark, limited by the bank's createTransfer validator for the transfer type.
 * @param {SimState} state @param {SeedUser} user @param {Record<string, unknown>} body @param {string} type
 */
function parseRemark(state, user, body, type) {
	const remark = optionalString(body, 'remark');
	if (remark === undefined) return null;
	const validators = /** @type {Record<string, { remarks?: { length?: number } } | undefined>} */ (
		state.bankOf(user).accountsMetadata.validators.createTransfer
	);
	const limit = validators[type]?.remarks?.length;
	return limit === undefined ? remark : maxLength(remark, limit, 'remark');
}

/**
 * Debits the sender and records the transfer; it then shows in the sender's transactions.
 * @param {SimState} state
 * @param {SeedUser} user
 * @param {SeedAccount} account
 * @param {number} amount
 * @param {import('./state').Transfer['receiver']} receiver
 * @param {string | null} remark
 * @param {'payment' | 'wire'} kind
 */
function executeTransfer(state, user, account, amount, receiver, remark, kind) {
	const balanceCents = Math.round(account.balance * 100);
	const amountCents = Math.round(amount * 100);
	if (amountCents > balanceCents) throw new DapiError('INSUFFICIENT_BALANCE');
	account.balance = (balanceCents - amountCents) / 100;
	const reference = state.nextReference();
	state.transfers.push({
		reference,
		kind,
		userID: user.userID,
		accountID: account.id,
		amount,
		currency: { ...account.currency },
		at: state.now(),
		receiver,
		remark,
	});
	return reference;
}

/**
 * Java and C# add appKey, userID, bankID and bundleID to the autoflow body, Go adds bankID. When sent they must fit.
 * @param {HandlerContext} ctx
 */
function checkSdkExtras(ctx) {
	const { user, connection } = sessionOf(ctx);
	const appKey = optionalString(ctx.body, 'appKey');
	if (appKey !== undefined && appKey !== ctx.state.appKey) throw new DapiError('INVALID_APP_KEY');
	const userID = optionalString(ctx.body, 'userID');
	if (userID !== undefined && userID !== connection.userID)
		throw new DapiError('PARAMETER_ERROR', "userID is not this connection's user.");
	const bankID = optionalString(ctx.body, 'bankID');
	if (bankID !== undefined && bankID !== user.bankID)
		throw new DapiError('PARAMETER_ERROR', "bankID is not this connection's bank.");
	optionalString(ctx.body, 'bundleID');
}

/** @param {Beneficiary} b */
const publicBeneficiary = (b) => ({
	id: b.id,
	name: b.name,
	type: b.type,
	status: b.status,
	iban: b.iban,
	accountNumber: b.accountNumber,
});

/** The receiver of a transfer to a registered beneficiary. @param {Beneficiary} b */
const receiverOf = (b) => ({ name: b.name, beneficiaryID: b.id, iban: b.iban, accountNumber: b.accountNumber });

/**
 * Transfer autoflow, for payments and US wires alike: the beneficiary in `list` with the same account, or a new
 * one (then the bank's cool-down applies), then the transfer.
 * @param {HandlerContext} ctx
 * @param {{ user: SeedUser, list: Beneficiary[], parse: (raw: Record<string, unknown>) => BeneficiaryFields,
 *   same: (fields: BeneficiaryFields) => (b: Beneficiary) => boolean, idPrefix: string, kind: 'payment' | 'wire' }} how
 */
function autoflow(ctx, { user, list, parse, same, idPrefix, kind }) {
	const { body, state } = ctx;
	const account = senderAccount(user, body);
	const amount = requiredAmount(body);
	const fields = withType(parse(requiredObject(body, 'beneficiary')));
	const remark = parseRemark(state, user, body, fields.type);
	checkSdkExtras(ctx);
	const beneficiary = list.find(same(fields)) ?? addBeneficiary(state, user, list, fields, same(fields), idPrefix);
	assertUsable(state, beneficiary);
	return { reference: executeTransfer(state, user, account, amount, receiverOf(beneficiary), remark, kind) };
}

/** @typedef {ReturnType<typeof parseBeneficiary>} BeneficiaryFields */

module.exports = {
	ADDRESS_LINE,
	addBeneficiary,
	assertUsable,
	autoflow,
	checkSdkExtras,
	executeTransfer,
	parseBeneficiary,
	parseRemark,
	publicBeneficiary,
	receiverOf,
	senderAccount,
	sessionOf,
	withType,
};
