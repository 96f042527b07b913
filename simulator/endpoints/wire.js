// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { optionalString, requiredString, requiredAmount } = require('../params');
const {
	autoflow,
	receiverOf,
	parseBeneficiary,
	withType,
	addBeneficiary,
	assertUsable,
	senderAccount,
	parseRemark,
	executeTransfer,
	publicBeneficiary,
	sessionOf,
} = require('../transfers');

/**
 * @typedef {import('../transfers').BeneficiarySpec} BeneficiarySpec
 * @typedef {import('../transfers').BeneficiaryFields} BeneficiaryFields
 * @typedef {import('../seed').SeedBeneficiary} Beneficiary
 * @typedef {import('./types').HandlerContext} HandlerContext
 */

/**
 * Docs create-wire-beneficiary: all fields REQUIRED except sortCode. type: the SDKs' beneficiary types
 * (same | local | intl); the docs page does not list them for wire.
 * @type {BeneficiarySpec}
 */
const WIRE_BENEFICIARY = Object.freeze({
	required: [
		'name',
		'nickname',
		'accountNumber',
		'routingNumber',
		'type',
		'address',
		'country',
		'branchAddress',
		'branchName',
	],
	optional: ['sortCode'],
	types: ['local', 'same', 'intl'],
});

/**
 * Docs wire-transfer-autoflow: the beneficiary schema adds bankName as REQUIRED (and nickname, already required);
 * type is required as in create-beneficiary.
 * @type {BeneficiarySpec}
 */
const WIRE_AUTOFLOW_BENEFICIARY = Object.freeze({
	required: [...WIRE_BENEFICIARY.required, 'bankName'],
	optional: WIRE_BENEFICIARY.optional,
	types: WIRE_BENEFICIARY.types,
});

/** US ABA routing numbers have nine digits. */
const ROUTING_NUMBER = /^\d{9}$/;

/** Wire and ACH exist for US banks only. Answers first, before any field is looked at. @param {HandlerContext} ctx */
function requireUSBank(ctx, what = 'Wire transfers') {
	const { user } = sessionOf(ctx);
	if (ctx.state.bankOf(user).accountsMetadata.country.code !== 'US') {
		throw new DapiError('PARAMETER_ERROR', `${what} are only available for US banks`);
	}
	return user;
}

/** @param {Record<string, unknown>} source @param {BeneficiarySpec} spec @param {string} [prefix] */
function parseWireBeneficiary(source, spec, prefix = '') {
	const fields = parseBeneficiary(source, spec, prefix);
	if (!ROUTING_NUMBER.test(/** @type {string} */ (fields.routingNumber))) {
		throw new DapiError('PARAMETER_ERROR', `${prefix}routingNumber must be the 9-digit ABA routing number.`);
	}
	// Wire beneficiaries are US accounts: no IBAN.
	return { ...fields, iban: null };
}

/** @param {BeneficiaryFields} fields @returns {(existing: Beneficiary) => boolean} */
const sameWireAccount = (fields) => (existing) =>
	existing.accountNumber === fields.accountNumber && existing.routingNumber === fields.routingNumber;

/** @param {Beneficiary} b */

/** POST /v2/wire/beneficiaries/get @type {import('./types').Handler} */
function getWireBeneficiaries(ctx) {
	return { beneficiaries: requireUSBank(ctx).wireBeneficiaries.map(publicBeneficiary) };
}

/** POST /v2/wire/beneficiaries/create → base envelope @type {import('./types').Handler} */
function createWireBeneficiary(ctx) {
	const user = requireUSBank(ctx);
	const fields = withType(parseWireBeneficiary(ctx.body, WIRE_BENEFICIARY));
	addBeneficiary(ctx.state, user, user.wireBeneficiaries, fields, sameWireAccount(fields), 'wben-');
	return {};
}

/** POST /v2/wire/transfer/create {senderID, amount, receiverID, remark?} → reference @type {import('./types').Handler} */
function createWireTransfer(ctx) {
	const user = requireUSBank(ctx);
	const { body, state } = ctx;
	const account = senderAccount(user, body);
	const amount = requiredAmount(body);
	const receiverID = requiredString(body, 'receiverID');
	const beneficiary = user.wireBeneficiaries.find((b) => b.id === receiverID);
	if (!beneficiary) throw new DapiError('PARAMETER_ERROR', "receiverID is not one of this user's wire beneficiaries.");
	const remark = parseRemark(state, user, body, beneficiary.type);
	optionalString(body, 'nickname');
	assertUsable(state, beneficiary);
	return { reference: executeTransfer(state, user, account, amount, receiverOf(beneficiary), remark, 'wire') };
}

/** POST /v2/wire/transfer/autoflow {senderID, amount, beneficiary{...}, remark?} → reference @type {import('./types').Handler} */
function wireTransferAutoflow(ctx) {
	const user = requireUSBank(ctx);
	return autoflow(ctx, {
		user,
		list: user.wireBeneficiaries,
		parse: (raw) => parseWireBeneficiary(raw, WIRE_AUTOFLOW_BENEFICIARY, 'beneficiary.'),
		same: sameWireAccount,
		idPrefix: 'wben-',
		kind: 'wire',
	});
}

module.exports = {
	getWireBeneficiaries,
	createWireBeneficiary,
	createWireTransfer,
	wireTransferAutoflow,
	requireUSBank,
};
