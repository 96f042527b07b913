// @ts-check
'use strict';

const { DapiError } = require('../errors');
const { optionalString, requiredString, requiredObject, maxLength } = require('../params');
const { dayOf, requireDay } = require('../dates');
const { executeTransfer, sessionOf } = require('../transfers');
const { batchType, cents, parseItems } = require('./batch-items');

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

/** The user's bank's batch limits; banks without batch transfers refuse every batch call. @param {HandlerContext} ctx */
function batchSession(ctx) {
	const { user } = sessionOf(ctx);
	const metadata = ctx.state.bankOf(user).batchMetadata;
	if (!metadata) throw new DapiError('PARAMETER_ERROR', "Batch transfers are not available for this user's bank.");
	return { user, metadata };
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
