// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { isAbsent, optionalString, requiredString, requiredAmount } = require('../params');
const {
	addBeneficiary,
	assertUsable,
	autoflow,
	executeTransfer,
	parseBeneficiary,
	parseRemark,
	publicBeneficiary,
	senderAccount,
	sessionOf,
	withType,
} = require('../transfers');

/**
 * @typedef {import('../seed').SeedUser} SeedUser
 * @typedef {import('../seed').SeedBeneficiary} Beneficiary
 * @typedef {import('../state').SimState} SimState
 * @typedef {import('./types').HandlerContext} HandlerContext
 */
/**
 * @typedef {import('../transfers').BeneficiarySpec} BeneficiarySpec
 * @typedef {import('../transfers').BeneficiaryFields} BeneficiaryFields
 */

/** Go README "Create Beneficiary": REQUIRED and OPTIONAL fields; the Node SDK validator allows type local or same. @type {BeneficiarySpec} */
const PAYMENT_BENEFICIARY = Object.freeze({
	required: ['name', 'accountNumber', 'iban', 'swiftCode', 'type', 'address', 'country', 'branchAddress', 'branchName'],
	optional: ['nickname', 'phoneNumber', 'routingNumber', 'sortCode', 'bankName'],
	types: ['local', 'same'],
});

/**
 * The autoflow's beneficiary object carries the create-beneficiary fields, type included (the contract's
 * Beneficiary object; Java, C# and Go send it, only the Node SDK's TypeScript type leaves it out).
 * @type {BeneficiarySpec}
 */
const PAYMENT_AUTOFLOW_BENEFICIARY = PAYMENT_BENEFICIARY;

/** @param {BeneficiaryFields} fields @returns {(existing: Beneficiary) => boolean} */
const samePaymentAccount = (fields) => (existing) =>
	existing.accountNumber === fields.accountNumber || (fields.iban !== null && existing.iban === fields.iban);

/** POST /v2/payment/beneficiaries/get @type {import('./types').Handler} */
function getBeneficiaries(ctx) {
	return { beneficiaries: sessionOf(ctx).user.beneficiaries.map(publicBeneficiary) };
}

/** POST /v2/payment/beneficiaries/create: flat beneficiary fields → base envelope @type {import('./types').Handler} */
function createBeneficiary(ctx) {
	const { user } = sessionOf(ctx);
	const fields = withType(parseBeneficiary(ctx.body, PAYMENT_BENEFICIARY));
	addBeneficiary(ctx.state, user, user.beneficiaries, fields, samePaymentAccount(fields), 'ben-');
	return {};
}

/**
 * POST /v2/payment/transfer/create {senderID, amount, receiverID | name + iban + accountNumber, remark?, nickname?} → reference
 * @type {import('./types').Handler}
 */
function createTransfer(ctx) {
	const { user } = sessionOf(ctx);
	const { body, state } = ctx;
	const account = senderAccount(user, body);
	const amount = requiredAmount(body);
	const receiverID = optionalString(body, 'receiverID');
	optionalString(body, 'nickname');
	const direct = ['name', 'iban', 'accountNumber'];

	if (receiverID !== undefined) {
		if (direct.some((field) => !isAbsent(body[field]))) {
			throw new DapiError('PARAMETER_ERROR', 'Send either receiverID or name, iban and accountNumber, not both.');
		}
		const beneficiary = user.beneficiaries.find((b) => b.id === receiverID);
		if (!beneficiary) throw new DapiError('PARAMETER_ERROR', "receiverID is not one of this user's beneficiaries.");
		const remark = parseRemark(state, user, body, beneficiary.type);
		assertUsable(state, beneficiary);
		const receiver = {
			name: beneficiary.name,
			beneficiaryID: beneficiary.id,
			iban: beneficiary.iban,
			accountNumber: beneficiary.accountNumber,
		};
		return { reference: executeTransfer(state, user, account, amount, receiver, remark, 'payment') };
	}

	if (direct.every((field) => isAbsent(body[field]))) {
		throw new DapiError('PARAMETER_MISSING', 'receiverID, or name, iban and accountNumber, are missing.');
	}
	const name = requiredString(body, 'name');
	const iban = requiredString(body, 'iban');
	const accountNumber = requiredString(body, 'accountNumber');
	const remark = parseRemark(state, user, body, 'local');
	return {
		reference: executeTransfer(
			state,
			user,
			account,
			amount,
			{ name, beneficiaryID: null, iban, accountNumber },
			remark,
			'payment',
		),
	};
}

/**
 * POST /v2/payment/transfer/autoflow {senderID, amount, beneficiary{...}, remark?}: uses the beneficiary with that
 * iban/account number, or creates it (and then the bank's cool-down applies) → reference
 * @type {import('./types').Handler}
 */
function transferAutoflow(ctx) {
	const { user } = sessionOf(ctx);
	return autoflow(ctx, {
		user,
		list: user.beneficiaries,
		parse: (raw) => parseBeneficiary(raw, PAYMENT_AUTOFLOW_BENEFICIARY, 'beneficiary.'),
		same: samePaymentAccount,
		idPrefix: 'ben-',
		kind: 'payment',
	});
}

module.exports = { getBeneficiaries, createBeneficiary, createTransfer, transferAutoflow };
