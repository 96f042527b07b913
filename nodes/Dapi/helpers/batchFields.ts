import type { INodeProperties } from 'n8n-workflow';

import { amountProperty } from './transfer';

/**
 * Batch transfers as Dapi's Node SDK 2.3.2 sends them (lib/batch, types/request/batch.d.ts): a batch
 * `type` and `items`, each an IBatchItem {type, amount, currency, …, beneficiary {country, swiftCode, …}}.
 */
interface OptionalField {
	key: string;
	displayName: string;
	description: string;
	placeholder?: string;
}

/** IBatchItem's optional fields. */
export const TRANSFER_FIELDS: OptionalField[] = [
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
export const BENEFICIARY_FIELDS: OptionalField[] = [
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

export const ITEM_KEYS = ['type', 'amount', 'currency', ...TRANSFER_FIELDS.map((field) => field.key), 'beneficiary'];
export const BENEFICIARY_KEYS = [
	'name',
	'iban',
	'accountNumber',
	'swiftCode',
	'country',
	...BENEFICIARY_FIELDS.map((field) => field.key),
];

/** How the node's own fields are named in messages, where a transfer comes from them. */
export const LABELS: Record<string, string> = {
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
	amountProperty("This transfer's amount, greater than 0, at most 2 decimals", fromInputItems),
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
