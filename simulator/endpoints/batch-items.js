// @ts-check
'use strict';

/** The items of a batch transfer (IBatchItem of the Node SDK 2.3.2), checked against the bank's batch limits. */

const { DapiError } = require('../errors');
const { isAbsent, optionalString, requiredString, requiredObject, requiredAmount } = require('../params');
const { requireDay } = require('../dates');

/**
 * @typedef {import('../seed').SeedAccount} SeedAccount
 * @typedef {import('../state').BatchItem} BatchItem
 * @typedef {import('./types').HandlerContext} HandlerContext
 * @typedef {{ required?: boolean, length?: number }} FieldRule
 * @typedef {{ remark?: FieldRule, beneficiary?: Record<string, FieldRule> }} TypeValidators
 */

/** BatchTransferType of the SDK. */
const TYPES = ['same', 'local', 'intl'];

/** IBatchItem's optional string fields, and its beneficiary's (address is a string here, not the address object). */
const ITEM_STRINGS = [
	'remittanceCurrency',
	'remark',
	'remark2',
	'remark3',
	'fxDeal',
	'payableCountry',
	'sortCode',
	'routeCode',
];
const BENEFICIARY_STRINGS = [
	'accountNumber',
	'iban',
	'name',
	'nickname',
	'address',
	'email',
	'type',
	'bankName',
	'branchName',
	'branchCity',
	'intermediaryBankName',
	'intermediaryBankSwiftCode',
];

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** @param {Record<string, unknown>} body @param {string} [label] */
function batchType(body, label = 'type') {
	const type = requiredString(body, 'type', label);
	if (!TYPES.includes(type)) throw new DapiError('PARAMETER_ERROR', `${label} has to be same, local or intl`);
	return type;
}

/** Cents, so that totals add up exactly. @param {number} amount */
const cents = (amount) => Math.round(amount * 100);

/**
 * One IBatchItem: its shape is checked strictly (a wrong shape refuses the whole call); what the bank's
 * validators refuse only fails the item, with errors [{msg, field, type}] as IBatchTransferItemDetails has them.
 * @param {unknown} raw @param {number} index @param {string} type the batch's type
 * @param {TypeValidators} validators @param {SeedAccount | null} sender null for a file (no account to compare with)
 */
function parseItem(raw, index, type, validators, sender) {
	const label = `items[${index}]`;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
		throw new DapiError('PARAMETER_ERROR', `${label} must be an object.`);
	const item = /** @type {Record<string, unknown>} */ (raw);
	// Our rule: one batch, one transfer type (the SDK sends both; Dapi documents no mix).
	if (batchType(item, `${label}.type`) !== type)
		throw new DapiError('PARAMETER_ERROR', `${label}.type must be the batch's type (${type}).`);
	const amount = requiredAmount(item, 'amount', `${label}.amount`);
	const currency = requiredString(item, 'currency', `${label}.currency`);
	if (!CURRENCY_CODE.test(currency))
		throw new DapiError('PARAMETER_ERROR', `${label}.currency must be a 3-letter currency code such as AED.`);
	/** @type {Record<string, string | undefined>} */
	const strings = {};
	for (const field of ITEM_STRINGS) strings[field] = optionalString(item, field, `${label}.${field}`);
	const date = optionalString(item, 'date', `${label}.date`);
	if (date !== undefined) requireDay(date, `${label}.date`);

	const beneficiary = requiredObject(item, 'beneficiary', `${label}.beneficiary`);
	/** @type {Record<string, string | undefined>} */
	const payee = {
		country: requiredString(beneficiary, 'country', `${label}.beneficiary.country`),
		swiftCode: requiredString(beneficiary, 'swiftCode', `${label}.beneficiary.swiftCode`),
	};
	for (const field of BENEFICIARY_STRINGS)
		payee[field] = optionalString(beneficiary, field, `${label}.beneficiary.${field}`);

	/** @type {BatchItem['errors']} */
	const errors = [];
	/** @param {string | undefined} value @param {FieldRule | undefined} rule @param {string} field */
	const check = (value, rule, field) => {
		if (!rule) return;
		if (value === undefined) {
			if (rule.required) errors.push({ msg: `${field} is missing.`, field, type: 'PARAMETER_MISSING' });
		} else if (rule.length !== undefined && value.length > rule.length) {
			errors.push({ msg: `${field} is too long. Maximum length: ${rule.length}`, field, type: 'PARAMETER_ERROR' });
		}
	};
	for (const [field, rule] of Object.entries(validators.beneficiary ?? {}))
		check(payee[field], rule, `beneficiary.${field}`);
	for (const field of ['remark', 'remark2', 'remark3']) check(strings[field], validators.remark, field);
	if (sender && currency !== sender.currency.code) {
		errors.push({
			msg: `currency must be the sender account's currency (${sender.currency.code}).`,
			field: 'currency',
			type: 'PARAMETER_ERROR',
		});
	}
	return {
		accepted: errors.length === 0,
		errors,
		name: payee.name ?? null,
		amount,
		currency,
		iban: payee.iban ?? null,
		accountNumber: payee.accountNumber ?? null,
		reference: /** @type {string | null} */ (null),
		remark: strings.remark ?? null,
		swiftCode: /** @type {string} */ (payee.swiftCode),
		country: /** @type {string} */ (payee.country),
	};
}

/**
 * The items of a create call, with the bank's limits on count and total checked first.
 * @param {HandlerContext} ctx @param {NonNullable<import('../seed').SeedBank['batchMetadata']>} metadata
 * @param {string} type @param {SeedAccount | null} sender
 */
function parseItems(ctx, metadata, type, sender) {
	const raw = ctx.body.items;
	if (isAbsent(raw)) throw new DapiError('PARAMETER_MISSING', 'items is missing.');
	if (!Array.isArray(raw)) throw new DapiError('PARAMETER_ERROR', 'items must be an array.');
	if (raw.length === 0) throw new DapiError('PARAMETER_ERROR', 'items must hold at least one transfer.');
	if (raw.length > metadata.maxBatchTransfers) {
		throw new DapiError(
			'PARAMETER_ERROR',
			`items holds ${raw.length} transfers; the bank takes at most ${metadata.maxBatchTransfers} in one batch (maxBatchTransfers).`,
		);
	}
	const validators = /** @type {Record<string, TypeValidators>} */ (metadata.validators)[type];
	const items = raw.map((item, index) => parseItem(item, index, type, validators, sender));
	const total = items.reduce((sum, item) => sum + cents(item.amount), 0);
	if (total > cents(metadata.maxTotalTransferAmount)) {
		throw new DapiError(
			'PARAMETER_ERROR',
			`The items add up to ${total / 100}, above the bank's maxTotalTransferAmount of ${metadata.maxTotalTransferAmount}.`,
		);
	}
	if (total < cents(metadata.minTotalTransferAmount)) {
		throw new DapiError(
			'PARAMETER_ERROR',
			`The items add up to ${total / 100}, below the bank's minTotalTransferAmount of ${metadata.minTotalTransferAmount}.`,
		);
	}
	return { items, total };
}

module.exports = { batchType, cents, parseItems };
