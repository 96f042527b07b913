import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { getUserAuth } from '../../shared/connection';
import { inputError } from '../../shared/errors';
import type { ItemResult } from '../../shared/itemLoop';
import { resumedOperationID, type ResumeOptions } from '../../shared/resume';
import { callForItem, type EndpointSpec } from './operationCall';
import { checkAmount, dayNumber, readAmount } from './validate';
import { itemOptions } from '../../shared/options';
import type { NodeRun } from '../../shared/run';

/**
 * Batch transfers as Dapi's Node SDK 2.3.2 sends them (lib/batch, types/request/batch.d.ts): a batch
 * `type` and `items`, each an IBatchItem {type, amount, currency, …, beneficiary {country, swiftCode, …}}.
 */
const BATCH_METADATA: EndpointSpec = { path: '/batch/metadata/get' };

interface OptionalField {
	key: string;
	displayName: string;
	description: string;
	placeholder?: string;
}

/** IBatchItem's optional fields. */
const TRANSFER_FIELDS: OptionalField[] = [
	{
		key: 'date',
		displayName: 'Date',
		description: 'The day the bank should make the transfer, as YYYY-MM-DD',
		placeholder: 'YYYY-MM-DD',
	},
	{ key: 'remark', displayName: 'Remark', description: 'A message that goes with this transfer' },
	{ key: 'remark2', displayName: 'Remark 2', description: 'A second message line, where the bank takes one' },
	{ key: 'remark3', displayName: 'Remark 3', description: 'A third message line, where the bank takes one' },
	{
		key: 'remittanceCurrency',
		displayName: 'Remittance Currency',
		description: 'The currency the beneficiary receives, for international transfers',
		placeholder: 'USD',
	},
	{ key: 'fxDeal', displayName: 'FX Deal', description: 'The reference of an exchange-rate deal agreed with the bank' },
	{ key: 'payableCountry', displayName: 'Payable Country', description: 'The country where the money is paid out' },
	{
		key: 'sortCode',
		displayName: 'Sort Code',
		description: "The sort code of the beneficiary's bank, where it has one",
	},
	{
		key: 'routeCode',
		displayName: 'Route Code',
		description: "The routing code of the beneficiary's bank, where it has one",
	},
];

/** IBatchItem.beneficiary's optional fields beyond name, IBAN and account number. */
const BENEFICIARY_FIELDS: OptionalField[] = [
	{ key: 'nickname', displayName: 'Nickname', description: 'A short name for the beneficiary' },
	{ key: 'address', displayName: 'Address', description: "The beneficiary's address, as one line of text" },
	{ key: 'email', displayName: 'Email', description: "The beneficiary's email address", placeholder: 'name@email.com' },
	{ key: 'type', displayName: 'Type', description: 'The kind of beneficiary, where the bank asks for it' },
	{ key: 'bankName', displayName: 'Bank Name', description: "Name of the beneficiary's bank" },
	{ key: 'branchName', displayName: 'Branch Name', description: "Name of the beneficiary's bank branch" },
	{ key: 'branchCity', displayName: 'Branch City', description: "City of the beneficiary's bank branch" },
	{
		key: 'intermediaryBankName',
		displayName: 'Intermediary Bank Name',
		description: 'An intermediary bank, for international transfers',
	},
	{
		key: 'intermediaryBankSwiftCode',
		displayName: 'Intermediary Bank SWIFT Code',
		description: 'The SWIFT code of the intermediary bank',
	},
];

const ITEM_KEYS = ['type', 'amount', 'currency', ...TRANSFER_FIELDS.map((field) => field.key), 'beneficiary'];
const BENEFICIARY_KEYS = [
	'name',
	'iban',
	'accountNumber',
	'swiftCode',
	'country',
	...BENEFICIARY_FIELDS.map((field) => field.key),
];

/** How the node's own fields are named in messages, where a transfer comes from them. */
const LABELS: Record<string, string> = {
	amount: 'Amount',
	currency: 'Currency',
	beneficiary: 'Beneficiary',
	'beneficiary.name': 'Beneficiary Name',
	'beneficiary.iban': 'Beneficiary IBAN',
	'beneficiary.accountNumber': 'Beneficiary Account Number',
	'beneficiary.swiftCode': 'Beneficiary SWIFT Code',
	'beneficiary.country': 'Beneficiary Country',
	...Object.fromEntries(TRANSFER_FIELDS.map((field) => [field.key, field.displayName])),
	...Object.fromEntries(
		BENEFICIARY_FIELDS.map((field) => [`beneficiary.${field.key}`, `Beneficiary ${field.displayName}`]),
	),
};

const optionalFieldsCollection = (name: string, displayName: string, fields: OptionalField[]): INodeProperties => ({
	displayName,
	name,
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: fields
		.map((field): INodeProperties => ({
			displayName: field.displayName,
			name: field.key,
			type: 'string',
			default: '',
			placeholder: field.placeholder,
			description: field.description,
		}))
		.sort((a, b) => a.displayName.localeCompare(b.displayName)),
});

export const transferTypeProperty: INodeProperties = {
	displayName: 'Transfer Type',
	name: 'transferType',
	type: 'options',
	options: [
		{ name: 'Local (Other Banks in the Country)', value: 'local' },
		{ name: 'Same Bank', value: 'same' },
		{ name: 'International', value: 'intl' },
	],
	default: 'local',
	description: "The batch's type; every transfer in it has the same type",
};

const fromInputItems = { show: { transfersFrom: ['inputItems'] } };

/** Where the transfers of a batch come from, and the fields of one transfer. */
export const batchTransfersProperties: INodeProperties[] = [
	{
		displayName: 'Transfers From',
		name: 'transfersFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Input Items (One Transfer per Item)',
				value: 'inputItems',
				description: 'All input items make one batch: each item is one transfer, described by the fields below',
			},
			{
				name: 'A List in Each Item',
				value: 'list',
				description: 'Each input item makes one batch from a list of transfers it holds',
			},
		],
		default: 'inputItems',
	},
	{
		displayName: 'Transfers',
		name: 'transfers',
		type: 'json',
		required: true,
		default: '={{ $json.transfers }}',
		description:
			'A list of transfers as Dapi takes them: {amount, currency, beneficiary: {name, iban or accountNumber, swiftCode, country, …}, remark?, date?, …}; type may be left out',
		displayOptions: { show: { transfersFrom: ['list'] } },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description: "This transfer's amount, greater than 0, at most 2 decimals",
		displayOptions: fromInputItems,
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'AED',
		description:
			"The 3-letter code of the transfer's currency (the sender account's, for local and same-bank transfers)",
		displayOptions: fromInputItems,
	},
	...(
		[
			['name', 'Beneficiary Name', "The beneficiary's name as the bank should show it", true],
			['iban', 'Beneficiary IBAN', "The beneficiary's IBAN (give it or the account number)", false],
			['accountNumber', 'Beneficiary Account Number', "The beneficiary's account number (give it or the IBAN)", false],
			['swiftCode', 'Beneficiary SWIFT Code', "The SWIFT (BIC) code of the beneficiary's bank", true],
			['country', 'Beneficiary Country', "Country of the beneficiary's bank, e.g. AE", true],
		] as const
	).map(([name, displayName, description, required]): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		required,
		default: '',
		description,
		displayOptions: fromInputItems,
	})),
	{
		...optionalFieldsCollection('transferAdditionalFields', 'Additional Transfer Fields', TRANSFER_FIELDS),
		displayOptions: fromInputItems,
	},
	{
		...optionalFieldsCollection('beneficiaryAdditionalFields', 'Additional Beneficiary Fields', BENEFICIARY_FIELDS),
		displayOptions: fromInputItems,
	},
];

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

const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const money = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

type LimitKind = 'count' | 'amount';

/** A limit as Dapi may send it: a number, or its plain decimal text (a count is whole); undefined if neither. */
function limitValue(value: unknown, kind: LimitKind): number | undefined {
	const text = kind === 'count' ? /^\d+$/ : /^\d+(\.\d+)?$/;
	const number = typeof value === 'string' && text.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return undefined;
	return kind === 'count' && !Number.isInteger(number) ? undefined : number;
}

/** How a value that is not a limit looks, without repeating text a server sent. */
function shapeOf(value: unknown): string {
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'string') return value === '' ? 'empty text' : 'text that is not a plain number';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Which of a batch operation's two calls a resume answers: the limits read or the create. */
export const resumeEndpointOption: INodeProperties = {
	displayName: 'Resume Endpoint',
	name: 'resumeEndpoint',
	type: 'string',
	default: '',
	placeholder: '/batch/metadata/get',
	description:
		"With Operation ID: the endpoint that asked for input, from the endpoint field of the Needs User Input item. The bank's limits are read before the batch is sent and may ask too. Empty resumes the batch call itself.",
};

/** What the limits check leaves to the batch call: a prompt to hand on, or whether the call resumes. */
export interface LimitsChecked {
	prompt?: ItemResult;
	/** The resume answers the batch call's own prompt: send it with the Operation ID and User Inputs. */
	resumeCreate: boolean;
}

/** The endpoint a resume answers: Resume Endpoint, checked to be one of the operation's two calls. */
function resumedEndpoint(run: NodeRun, itemIndex: number, createPath: string, given: unknown): string {
	const endpoint = typeof given === 'string' ? given.trim() : '';
	if (endpoint === '') return createPath;
	if (endpoint === createPath || endpoint === BATCH_METADATA.path) return endpoint;
	throw inputError(
		run.n8n.getNode(),
		itemIndex,
		'Resume Endpoint is not a call of this operation',
		`Give the endpoint field of the Needs User Input item: ${BATCH_METADATA.path} (the bank's limits) or ${createPath}, or leave it empty to resume ${createPath}.`,
	);
}

/**
 * Reads the bank's batch limits (Batch Metadata) and checks the batch against them before it is sent: the
 * number of transfers, the total, and the file name's length. A limit that is there but cannot be read stops
 * the batch: it cannot be checked. A resume goes to the call that asked, as Dapi resets a session when another
 * call comes between a prompt and its answer: a prompt of the batch call itself skips the check (the batch was
 * checked when it was first sent); a prompt of this read is answered here, and the batch call then starts anew.
 */
export async function checkBankLimits(
	run: NodeRun,
	itemIndex: number,
	createPath: string,
	transfers: IDataObject[],
	fileName?: string,
): Promise<LimitsChecked> {
	const options = itemOptions(run, itemIndex) as ResumeOptions & { resumeEndpoint?: unknown };
	const endpoint = resumedEndpoint(run, itemIndex, createPath, options.resumeEndpoint);
	const resuming = resumedOperationID(options) !== '';
	if (resuming && endpoint === createPath) return { resumeCreate: true };
	const outcome = await callForItem(run, itemIndex, BATCH_METADATA, {}, { resume: resuming });
	if (outcome.kind === 'routed') return { prompt: outcome.result, resumeCreate: false };
	const unreadable = (message: string, shape: string) =>
		new NodeApiError(
			run.n8n.getNode(),
			{ endpoint: BATCH_METADATA.path },
			{
				message,
				description: `Dapi's Batch Metadata gives ${shape}, so the batch cannot be checked against the bank's limits and nothing was sent. Try again later; if it persists, ask Dapi about this bank's batch metadata.`,
				itemIndex,
			},
		);
	const metadata = outcome.body.metadata ?? {};
	if (typeof metadata !== 'object' || Array.isArray(metadata)) {
		throw unreadable("The bank's batch limits could not be read", `metadata as ${shapeOf(metadata)}`);
	}
	const limit = (key: string, kind: LimitKind): number | undefined => {
		const value = (metadata as IDataObject)[key];
		if (value === undefined || value === null) return undefined;
		const number = limitValue(value, kind);
		if (number === undefined) {
			const wanted = kind === 'count' ? 'a whole number' : 'an amount';
			throw unreadable(`The bank's batch limit ${key} could not be read`, `${key} as ${shapeOf(value)}, not ${wanted}`);
		}
		return number;
	};
	const fail = (message: string, hint: string) => inputError(run.n8n.getNode(), itemIndex, message, hint);

	const maxCount = limit('maxBatchTransfers', 'count');
	if (maxCount !== undefined && transfers.length > maxCount) {
		throw fail(
			`The batch has ${transfers.length} transfers, more than the ${maxCount} the bank takes at once`,
			`Dapi's Batch Metadata gives maxBatchTransfers ${maxCount}. Split the transfers into batches of at most ${maxCount}, e.g. with a Loop Over Items node.`,
		);
	}
	const total = transfers.reduce((sum, transfer) => sum + cents(transfer.amount), 0);
	const maxTotal = limit('maxTotalTransferAmount', 'amount');
	if (maxTotal !== undefined && total > cents(maxTotal)) {
		throw fail(
			`The transfers add up to ${money(total / 100)}, more than the bank's ${money(maxTotal)} per batch`,
			`Dapi's Batch Metadata gives maxTotalTransferAmount ${maxTotal}. Split the transfers into smaller batches.`,
		);
	}
	const minTotal = limit('minTotalTransferAmount', 'amount');
	if (minTotal !== undefined && total < cents(minTotal)) {
		throw fail(
			`The transfers add up to ${money(total / 100)}, less than the bank's minimum of ${money(minTotal)} per batch`,
			`Dapi's Batch Metadata gives minTotalTransferAmount ${minTotal}. Add transfers, or pay these one by one with Payment: Create Transfer.`,
		);
	}
	// Only a file has a name: a transfer batch does not depend on this limit.
	const maxName = fileName === undefined ? undefined : limit('filenameMaxChars', 'count');
	if (fileName !== undefined && maxName !== undefined && fileName.length > maxName) {
		throw fail(
			`File Name has ${fileName.length} characters, more than the ${maxName} the bank takes`,
			`Dapi's Batch Metadata gives filenameMaxChars ${maxName}. Shorten File Name (Dapi's file extension is added to it).`,
		);
	}
	return { resumeCreate: false };
}
