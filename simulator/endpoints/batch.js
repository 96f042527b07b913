// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { isAbsent, optionalString, requiredString, requiredObject, requiredAmount, maxLength } = require('../params');
const { dayOf, requireDay } = require('../dates');
const { executeTransfer, sessionOf } = require('../transfers');

/**
 * Batch transfers, from the Node SDK 2.3.2 (lib/batch, lib/types/**), the only source that has them:
 * /batch/metadata/get, /batch/transfers/get, /batch/items/get, /batch/file/create, /batch/transfers/create.
 * @typedef {import('../seed').SeedUser} SeedUser
 * @typedef {import('../seed').SeedAccount} SeedAccount
 * @typedef {import('../state').BatchTransfer} BatchTransfer
 * @typedef {import('../state').BatchItem} BatchItem
 * @typedef {import('./types').HandlerContext} HandlerContext
 * @typedef {{ required?: boolean, length?: number }} FieldRule
 * @typedef {{ remark?: FieldRule, beneficiary?: Record<string, FieldRule> }} TypeValidators
 */

/** BatchTransferType of the SDK. */
const TYPES = ['same', 'local', 'intl'];

/** BatchTransferStage of the SDK, in the order a batch goes through them (na and failed aside). */
const STAGES = [
	'pending',
	'waiting_for_verification',
	'waiting_for_authorization',
	'waiting_for_release',
	'releasing',
	'done',
];

/** How long a batch stays in each stage on the simulator clock (our choice: Dapi documents no timing). */
const STAGE_MS = 60 * 1000;

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

/** The user's bank's batch limits; banks without batch transfers refuse every batch call. @param {HandlerContext} ctx */
function batchSession(ctx) {
	const { user } = sessionOf(ctx);
	const metadata = ctx.state.bankOf(user).batchMetadata;
	if (!metadata) throw new DapiError('PARAMETER_ERROR', "Batch transfers are not available for this user's bank.");
	return { user, metadata };
}

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

/** @param {BatchTransfer} batch @param {number} now */
function stageOf(batch, now) {
	if (!batch.items.some((item) => item.accepted)) return 'failed';
	return STAGES[Math.min(Math.floor((now - batch.createdAt) / STAGE_MS), STAGES.length - 1)];
}

/** IBatchTransferItemDetails: status follows the stage; a refused item is failed from the start. @param {BatchItem} item @param {string} stage */
function itemDetails(item, stage) {
	const status = !item.accepted ? 'failed' : stage === 'done' ? 'succeeded' : 'pending';
	return {
		status,
		errors: item.errors.map((error) => ({ ...error })),
		name: item.name,
		amount: item.amount,
		currency: item.currency,
		iban: item.iban,
		accountNumber: item.accountNumber,
		...(status === 'succeeded' && item.reference ? { reference: item.reference } : {}),
	};
}

/** @param {ReturnType<typeof itemDetails>[]} items */
function counts(items) {
	const count = (/** @type {string} */ status) => items.filter((item) => item.status === status).length;
	return { numFailedItems: count('failed'), numPendingItems: count('pending'), numSucceededItems: count('succeeded') };
}

/** The batch as create and items/get show it. @param {BatchTransfer} batch @param {number} now */
function batchDetails(batch, now) {
	const stage = stageOf(batch, now);
	const items = batch.items.map((item) => itemDetails(item, stage));
	const succeeded = items.reduce((sum, item) => sum + (item.status === 'succeeded' ? cents(item.amount) : 0), 0);
	return {
		stage,
		items,
		totalAmountRequested: batch.items.reduce((sum, item) => sum + cents(item.amount), 0) / 100,
		totalAmountSucceeded: succeeded / 100,
		currency: batch.currency,
		reference: batch.reference,
		fileName: batch.fileName,
		...counts(items),
	};
}

/** @param {string | number | null} value */
const csvField = (value) => {
	const text = value === null ? '' : String(value);
	return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** POST /v2/batch/metadata/get → metadata {maxTotalTransferAmount, filenameMaxChars, minTotalTransferAmount, maxBatchTransfers, validators} @type {import('./types').Handler} */
function getBatchMetadata(ctx) {
	return { metadata: structuredClone(batchSession(ctx).metadata) };
}

/** POST /v2/batch/transfers/get {fromDate, toDate} → transfers [{stage, date, reference, fileName}] made in that range @type {import('./types').Handler} */
function getBatchTransfers(ctx) {
	const { user } = batchSession(ctx);
	const fromDay = requireDay(requiredString(ctx.body, 'fromDate'), 'fromDate');
	const toDay = requireDay(requiredString(ctx.body, 'toDate'), 'toDate');
	if (fromDay > toDay) throw new DapiError('PARAMETER_ERROR', 'fromDate must not be after toDate.');
	const now = ctx.state.now();
	const transfers = ctx.state.batches
		.filter(
			(batch) => batch.userID === user.userID && dayOf(batch.createdAt) >= fromDay && dayOf(batch.createdAt) <= toDay,
		)
		.map((batch) => ({
			stage: stageOf(batch, now),
			date: new Date(batch.createdAt).toISOString(),
			reference: batch.reference,
			fileName: batch.fileName,
		}));
	return { transfers };
}

/** POST /v2/batch/items/get {reference} → transfers {stage, items[], totals, currency, reference, fileName} @type {import('./types').Handler} */
function getBatchItems(ctx) {
	const { user } = batchSession(ctx);
	const reference = requiredString(ctx.body, 'reference');
	const batch = ctx.state.batches.find((b) => b.userID === user.userID && b.reference === reference);
	if (!batch) throw new DapiError('PARAMETER_ERROR', "reference is not one of this user's batch transfers.");
	const {
		numFailedItems: _failed,
		numPendingItems: _pending,
		numSucceededItems: _succeeded,
		...details
	} = batchDetails(batch, ctx.state.now());
	return { transfers: details };
}

/**
 * POST /v2/batch/file/create {sender {iban, accountNumber}, type, items} → fileContent (base64), fileExtension, details.
 * The file is for the user to upload to the bank; nothing moves and nothing is recorded.
 * @type {import('./types').Handler}
 */
function createBatchFile(ctx) {
	const { user, metadata } = batchSession(ctx);
	const sender = requiredObject(ctx.body, 'sender');
	const iban = requiredString(sender, 'iban', 'sender.iban');
	const accountNumber = requiredString(sender, 'accountNumber', 'sender.accountNumber');
	const account = user.accounts.find((a) => a.iban === iban && a.number === accountNumber);
	if (!account)
		throw new DapiError(
			'INVALID_ACCOUNT_ID',
			"sender's iban and accountNumber do not name one of this user's accounts.",
		);
	const type = batchType(ctx.body);
	const { items } = parseItems(ctx, metadata, type, account);

	const header = ['type', 'amount', 'currency', 'name', 'iban', 'accountNumber', 'swiftCode', 'country', 'remark'];
	const rows = items
		.filter((item) => item.accepted)
		.map((item) =>
			[
				type,
				item.amount.toFixed(2),
				item.currency,
				item.name,
				item.iban,
				item.accountNumber,
				item.swiftCode,
				item.country,
				item.remark,
			]
				.map(csvField)
				.join(','),
		);
	const csv = [header.join(','), ...rows].join('\n') + '\n';
	const details = items.map((item) => ({ ...itemDetails(item, 'pending') }));
	return {
		fileContent: Buffer.from(csv, 'utf8').toString('base64'),
		fileExtension: 'csv',
		details: { sender: { iban, accountNumber }, items: details, ...counts(details) },
	};
}

/**
 * POST /v2/batch/transfers/create {senderID, type, items, remark?} → details. Accepted items are paid at once (they show
 * in the sender's balance and transactions, as every simulator transfer does); the batch then moves through the stages
 * on the simulator clock and its items succeed when it reaches done.
 * @type {import('./types').Handler}
 */
function createBatchTransfer(ctx) {
	const { user, metadata } = batchSession(ctx);
	const senderID = requiredString(ctx.body, 'senderID');
	const account = user.accounts.find((a) => a.id === senderID);
	if (!account) throw new DapiError('INVALID_ACCOUNT_ID');
	const type = batchType(ctx.body);
	const remarkRule = /** @type {Record<string, TypeValidators>} */ (metadata.validators)[type].remark;
	const remark = optionalString(ctx.body, 'remark');
	if (remark !== undefined && remarkRule?.length !== undefined) maxLength(remark, remarkRule.length, 'remark');
	const { items } = parseItems(ctx, metadata, type, account);

	const payable = items.filter((item) => item.accepted).reduce((sum, item) => sum + cents(item.amount), 0);
	if (payable > cents(account.balance)) throw new DapiError('INSUFFICIENT_BALANCE');
	for (const item of items.filter((i) => i.accepted)) {
		const receiver = {
			name: item.name ?? '',
			beneficiaryID: null,
			iban: item.iban,
			accountNumber: item.accountNumber ?? '',
		};
		item.reference = executeTransfer(
			ctx.state,
			user,
			account,
			item.amount,
			receiver,
			item.remark ?? remark ?? null,
			'payment',
		);
	}
	const reference = ctx.state.nextReference();
	/** @type {BatchTransfer} */
	const batch = {
		reference,
		userID: user.userID,
		accountID: account.id,
		sender: { iban: account.iban, accountNumber: account.number },
		type,
		currency: account.currency.code,
		fileName: `${reference}.csv`,
		createdAt: ctx.state.now(),
		items: items.map(({ accepted, errors, name, amount, currency, iban, accountNumber, reference: itemReference }) => ({
			accepted,
			errors,
			name,
			amount,
			currency,
			iban,
			accountNumber,
			reference: itemReference,
		})),
	};
	ctx.state.batches.push(batch);
	return { details: { ...batchDetails(batch, batch.createdAt), sender: { ...batch.sender } } };
}

module.exports = {
	getBatchMetadata,
	getBatchTransfers,
	getBatchItems,
	createBatchFile,
	createBatchTransfer,
	STAGES,
	STAGE_MS,
};
