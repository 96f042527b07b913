import type { INodeProperties } from 'n8n-workflow';

import * as createBeneficiary from './createBeneficiary.operation';
import * as createTransfer from './createTransfer.operation';
import * as getBeneficiaries from './getBeneficiaries.operation';
import * as transferAutoflow from './transferAutoflow.operation';

export { createBeneficiary, createTransfer, getBeneficiaries, transferAutoflow };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Create Beneficiary',
				value: 'createBeneficiary',
				description: 'Register a beneficiary in the user\'s bank',
				action: 'Create a beneficiary',
			},
			{
				name: 'Create Transfer',
				value: 'createTransfer',
				description: 'Send money to a registered beneficiary',
				action: 'Create a transfer',
			},
			{
				name: 'Get Beneficiaries',
				value: 'getBeneficiaries',
				description: 'List the user\'s beneficiaries',
				action: 'Get beneficiaries',
			},
			{
				name: 'Transfer Autoflow',
				value: 'transferAutoflow',
				description: 'Register the beneficiary when needed and send the money in one call',
				action: 'Transfer money with autoflow',
			},
		],
		default: 'transferAutoflow',
	},
	...createBeneficiary.description,
	...createTransfer.description,
	...getBeneficiaries.description,
	...transferAutoflow.description,
];
