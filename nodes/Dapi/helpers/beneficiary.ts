import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { checkAddress } from './validate';
import type { NodeRun } from '../../shared/run';

/**
 * The beneficiary fields of Dapi's SDKs: flat on create-beneficiary, nested as `beneficiary` in transfer
 * autoflow. Local transfers need IBAN and SWIFT; US wires the routing number instead.
 */
export type BeneficiaryKind = 'payment' | 'wire';

interface FieldSpec {
	name: string;
	displayName: string;
	description: string;
	placeholder?: string;
}

const FIELDS: Record<string, FieldSpec> = {
	name: { name: 'name', displayName: 'Name', description: "The beneficiary's name as the bank should show it" },
	nickname: {
		name: 'nickname',
		displayName: 'Nickname',
		description: "A short name for the beneficiary in the user's bank",
	},
	accountNumber: {
		name: 'accountNumber',
		displayName: 'Account Number',
		description: "The beneficiary's account number",
	},
	iban: {
		name: 'iban',
		displayName: 'IBAN',
		description: "The beneficiary's IBAN",
		placeholder: 'AE070331234567890123456',
	},
	swiftCode: {
		name: 'swiftCode',
		displayName: 'SWIFT Code',
		description: "The SWIFT (BIC) code of the beneficiary's bank",
	},
	routingNumber: {
		name: 'routingNumber',
		displayName: 'Routing Number',
		description: "The ABA routing number of the beneficiary's US bank",
	},
	country: {
		name: 'country',
		displayName: 'Country',
		description: "Country of the beneficiary's bank, e.g. AE",
		placeholder: 'AE',
	},
	branchAddress: {
		name: 'branchAddress',
		displayName: 'Branch Address',
		description: "Address of the beneficiary's bank branch",
	},
	branchName: { name: 'branchName', displayName: 'Branch Name', description: "Name of the beneficiary's bank branch" },
	bankName: { name: 'bankName', displayName: 'Bank Name', description: "Name of the beneficiary's bank" },
	phoneNumber: { name: 'phoneNumber', displayName: 'Phone Number', description: "The beneficiary's phone number" },
	sortCode: {
		name: 'sortCode',
		displayName: 'Sort Code',
		description: "Sort code of the beneficiary's bank, where it has one",
	},
};

/** Required and optional fields per kind, as the Dapi docs and the Go SDK README list them. */
function fieldSets(kind: BeneficiaryKind, forAutoflow: boolean): { required: string[]; optional: string[] } {
	if (kind === 'wire') {
		const required = ['name', 'nickname', 'accountNumber', 'routingNumber', 'country', 'branchAddress', 'branchName'];
		if (forAutoflow) required.push('bankName');
		return { required, optional: forAutoflow ? ['sortCode', 'phoneNumber'] : ['sortCode', 'bankName', 'phoneNumber'] };
	}
	return {
		required: ['name', 'accountNumber', 'iban', 'swiftCode', 'country', 'branchAddress', 'branchName'],
		optional: ['nickname', 'bankName', 'phoneNumber', 'routingNumber', 'sortCode'],
	};
}

const typeField = (kind: BeneficiaryKind): INodeProperties => ({
	displayName: 'Beneficiary Type',
	name: 'beneficiaryType',
	type: 'options',
	options:
		kind === 'payment'
			? [
					{ name: 'Local (Another Bank in the Country)', value: 'local' },
					{ name: 'Same Bank', value: 'same' },
				]
			: [
					{ name: 'Local', value: 'local' },
					{ name: 'Same Bank', value: 'same' },
					{ name: 'International', value: 'intl' },
				],
	default: 'local',
	description: "Whether the beneficiary banks with the user's bank or another bank",
});

/** Parameters for a beneficiary: required fields, address lines, and optional ones in a collection. */
export function beneficiaryProperties(kind: BeneficiaryKind, forAutoflow: boolean): INodeProperties[] {
	const { required, optional } = fieldSets(kind, forAutoflow);
	const prefix = forAutoflow ? 'Beneficiary ' : '';
	return [
		...required.map((key): INodeProperties => ({
			displayName: prefix + FIELDS[key].displayName,
			name: key,
			type: 'string',
			required: true,
			default: '',
			placeholder: FIELDS[key].placeholder,
			description: FIELDS[key].description,
		})),
		typeField(kind),
		{
			displayName: `${prefix}Address`,
			name: 'address',
			type: 'fixedCollection',
			required: true,
			default: {},
			placeholder: 'Add Address',
			description: 'Three lines without commas or special characters: street, city, country',
			options: [
				{
					name: 'lines',
					displayName: 'Lines',
					values: [
						{ displayName: 'Line 1 (Street)', name: 'line1', type: 'string', default: '' },
						{ displayName: 'Line 2 (City)', name: 'line2', type: 'string', default: '' },
						{ displayName: 'Line 3 (Country)', name: 'line3', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: `${prefix}Additional Fields`,
			name: 'beneficiaryAdditionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optional
				.map((key): INodeProperties => ({
					displayName: FIELDS[key].displayName,
					name: key,
					type: 'string',
					default: '',
					description: FIELDS[key].description,
				}))
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** Reads and checks a beneficiary; only filled optional fields are sent, as the SDKs omit empty ones. */
export function readBeneficiary(
	run: NodeRun,
	itemIndex: number,
	kind: BeneficiaryKind,
	forAutoflow: boolean,
): IDataObject {
	const { required } = fieldSets(kind, forAutoflow);
	const beneficiary: IDataObject = {};
	for (const key of required) {
		const value = run.n8n.getNodeParameter(key, itemIndex, '') as unknown;
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		if (!text) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				`${FIELDS[key].displayName} is empty`,
				`Dapi needs the beneficiary's ${FIELDS[key].displayName} (${FIELDS[key].description.toLowerCase()}).`,
			);
		}
		beneficiary[key] = text;
	}
	beneficiary.type = run.n8n.getNodeParameter('beneficiaryType', itemIndex) as string;
	const address = run.n8n.getNodeParameter('address.lines', itemIndex, {}) as IDataObject;
	beneficiary.address = { ...checkAddress(run, itemIndex, address) };
	const additional = run.n8n.getNodeParameter('beneficiaryAdditionalFields', itemIndex, {}) as IDataObject;
	for (const [key, value] of Object.entries(additional)) {
		if (typeof value === 'string' && value.trim() !== '') beneficiary[key] = value.trim();
	}
	return beneficiary;
}
