import type { IDataObject } from 'n8n-workflow';

import { getUserAuth } from '../../shared/connection';
import { inputError } from '../../shared/errors';
import type { NodeRun } from '../../shared/run';
import { BENEFICIARY_FIELDS, BENEFICIARY_KEYS, ITEM_KEYS, LABELS, TRANSFER_FIELDS } from './batchFields';
import { checkAmount, dayNumber, readAmount } from './validate';

/** Whether all input items make one batch (one transfer each), rather than each item its own batch. */
export function oneBatchFromAllItems(run: NodeRun): boolean {
	return run.n8n.getNodeParameter('transfersFrom', 0, 'inputItems') === 'inputItems';
}

const CURRENCY = /^[A-Za-z]{3}$/;

/**
 * Checks one transfer and builds the IBatchItem Dapi takes from it: only the SDK's fields, only filled ones,
 * the batch's type. `label` names a field the way the user knows it.
 */
function batchItem(
	run: NodeRun,
	itemIndex: number,
	raw: unknown,
	type: string,
	label: (field: string) => string,
): IDataObject {
	const fail = (message: string, hint: string) => inputError(run.n8n.getNode(), itemIndex, message, hint);
	const fieldsHint = `A transfer takes ${ITEM_KEYS.join(', ')}; its beneficiary takes ${BENEFICIARY_KEYS.join(', ')} (Dapi's batch item).`;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		throw fail(`${label('')} is not a transfer object`, fieldsHint);
	const source = raw as IDataObject;
	for (const key of Object.keys(source)) {
		if (!ITEM_KEYS.includes(key)) throw fail(`${label(key)} is not a field of a Dapi batch transfer`, fieldsHint);
	}

	const text = (from: IDataObject, key: string, field: string): string | undefined => {
		const value = from[key];
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string') throw fail(`${label(field)} must be text`, fieldsHint);
		return value.trim() === '' ? undefined : value.trim();
	};
	const required = (from: IDataObject, key: string, field: string, hint: string): string => {
		const value = text(from, key, field);
		if (value === undefined) throw fail(`${label(field)} is empty`, hint);
		return value;
	};

	const itemType = text(source, 'type', 'type');
	if (itemType !== undefined && itemType !== type) {
		throw fail(
			`${label('type')} is "${itemType}", not the batch's Transfer Type "${type}"`,
			"Every transfer of a batch has the batch's type; leave type out of the transfers or match Transfer Type.",
		);
	}
	const amount = checkAmount(source.amount, label('amount'));
	if (typeof amount !== 'number') throw fail(amount.message, amount.description);
	const currency = required(source, 'currency', 'currency', "Give the transfer's 3-letter currency code, e.g. AED.");
	if (!CURRENCY.test(currency))
		throw fail(
			`${label('currency')} is not a 3-letter currency code`,
			'Give the currency as its ISO code, e.g. AED or USD.',
		);

	const item: IDataObject = { type, amount, currency: currency.toUpperCase() };
	for (const { key } of TRANSFER_FIELDS) {
		let value = text(source, key, key);
		if (value === undefined) continue;
		if (key === 'date') {
			// The date picker hands over an ISO date-time; only its date part is meant.
			if (/^\d{4}-\d{2}-\d{2}T/.test(value)) value = value.slice(0, 10);
			if (dayNumber(value) === undefined)
				throw fail(
					`${label('date')} is not a date in the form YYYY-MM-DD`,
					'Give the day as a real date such as 2024-07-01.',
				);
		}
		item[key] = value;
	}

	const payee = source.beneficiary;
	if (typeof payee !== 'object' || payee === null || Array.isArray(payee)) {
		throw fail(`${label('beneficiary')} is missing`, `Each transfer needs a beneficiary object. ${fieldsHint}`);
	}
	for (const key of Object.keys(payee)) {
		if (!BENEFICIARY_KEYS.includes(key))
			throw fail(`${label(`beneficiary.${key}`)} is not a field of a Dapi batch beneficiary`, fieldsHint);
	}
	const beneficiary: IDataObject = {
		name: required(
			payee as IDataObject,
			'name',
			'beneficiary.name',
			"Give the beneficiary's name as the bank should show it.",
		),
	};
	for (const key of ['iban', 'accountNumber']) {
		const value = text(payee as IDataObject, key, `beneficiary.${key}`);
		if (value !== undefined) beneficiary[key] = value;
	}
	if (beneficiary.iban === undefined && beneficiary.accountNumber === undefined) {
		throw fail(
			`${label('beneficiary.iban')} and ${label('beneficiary.accountNumber')} are both empty`,
			"The bank needs to know which account to pay: give the beneficiary's IBAN or account number.",
		);
	}
	beneficiary.swiftCode = required(
		payee as IDataObject,
		'swiftCode',
		'beneficiary.swiftCode',
		"Give the SWIFT (BIC) code of the beneficiary's bank.",
	);
	beneficiary.country = required(
		payee as IDataObject,
		'country',
		'beneficiary.country',
		"Give the country of the beneficiary's bank, e.g. AE.",
	);
	for (const { key } of BENEFICIARY_FIELDS) {
		const value = text(payee as IDataObject, key, `beneficiary.${key}`);
		if (value !== undefined) beneficiary[key] = value;
	}
	item.beneficiary = beneficiary;
	return item;
}

/** One transfer from the node's fields, as they evaluate for one input item. */
function transferFromFields(run: NodeRun, itemIndex: number, type: string): IDataObject {
	const raw: IDataObject = {
		amount: readAmount(run, itemIndex),
		currency: run.n8n.getNodeParameter('currency', itemIndex, '') as string,
		...(run.n8n.getNodeParameter('transferAdditionalFields', itemIndex, {}) as IDataObject),
		beneficiary: {
			name: run.n8n.getNodeParameter('name', itemIndex, '') as string,
			iban: run.n8n.getNodeParameter('iban', itemIndex, '') as string,
			accountNumber: run.n8n.getNodeParameter('accountNumber', itemIndex, '') as string,
			swiftCode: run.n8n.getNodeParameter('swiftCode', itemIndex, '') as string,
			country: run.n8n.getNodeParameter('country', itemIndex, '') as string,
			...(run.n8n.getNodeParameter('beneficiaryAdditionalFields', itemIndex, {}) as IDataObject),
		},
	};
	return batchItem(run, itemIndex, raw, type, (field) => LABELS[field] ?? field);
}

/** The transfers of one item's list field. */
function transfersFromList(run: NodeRun, itemIndex: number, type: string): IDataObject[] {
	let list = run.n8n.getNodeParameter('transfers', itemIndex, []) as unknown;
	const hint =
		'Map a list of transfers, e.g. {{ $json.transfers }}, each {amount, currency, beneficiary: {name, iban, swiftCode, country}}.';
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list) as unknown;
		} catch {
			throw inputError(run.n8n.getNode(), itemIndex, 'Transfers is not valid JSON', hint);
		}
	}
	if (!Array.isArray(list)) throw inputError(run.n8n.getNode(), itemIndex, 'Transfers is not a list', hint);
	if (list.length === 0) throw inputError(run.n8n.getNode(), itemIndex, 'Transfers is empty', hint);
	return list.map((raw, position) =>
		batchItem(run, itemIndex, raw, type, (field) => `Transfers[${position}]${field ? `.${field}` : ''}`),
	);
}

/**
 * A batch-level value (sender, type): read once for a list, or from every input item when all items make
 * one batch, where they must agree, since one batch is one call.
 */
export function batchLevel(
	run: NodeRun,
	itemIndex: number,
	label: string,
	read: (itemIndex: number) => string,
): string {
	const value = read(itemIndex);
	if (!oneBatchFromAllItems(run)) return value;
	run.n8n.getInputData().forEach((_, other) => {
		if (other !== itemIndex && read(other) !== value) {
			throw inputError(
				run.n8n.getNode(),
				other,
				`${label} differs from the first item's`,
				`All input items make one batch, which has one ${label}: give every item the same ${label}, or split the items into separate runs.`,
			);
		}
	});
	return value;
}

/**
 * The transfers of the batch an item starts: every input item's fields (one transfer each) when all items
 * make one batch, else the item's list. When all items make one batch they must be one connection.
 */
export function readBatchTransfers(run: NodeRun, itemIndex: number, type: string): IDataObject[] {
	if (!oneBatchFromAllItems(run)) return transfersFromList(run, itemIndex, type);
	const first = JSON.stringify(getUserAuth(run, itemIndex));
	return run.n8n.getInputData().map((_, other) => {
		if (JSON.stringify(getUserAuth(run, other)) !== first) {
			throw inputError(
				run.n8n.getNode(),
				other,
				'The input items belong to different bank connections',
				'One batch is one call on one connection: every item needs the same Access Token and User Secret. Split the items by connection first.',
			);
		}
		return transferFromFields(run, other, type);
	});
}
