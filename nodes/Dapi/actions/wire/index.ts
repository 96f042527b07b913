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
		displayOptions: { show: { resource: ['wire'] } },
		options: [
			{
				name: 'Create Beneficiary',
				value: 'createBeneficiary',
				description: 'Register a wire beneficiary in the user\'s bank',
				action: 'Create a wire beneficiary',
			},
			{
				name: 'Create Transfer',
				value: 'createTransfer',
				description: 'Send money to a registered wire beneficiary',
				action: 'Create a wire transfer',
			},
			{
				name: 'Get Beneficiaries',
				value: 'getBeneficiaries',
				description: 'List the user\'s wire beneficiaries',
				action: 'Get wire beneficiaries',
			},
			{
				name: 'Transfer Autoflow',
				value: 'transferAutoflow',
				description: 'Register the wire beneficiary when needed and send the money in one call',
				action: 'Transfer money with wire autoflow',
			},
		],
		default: 'transferAutoflow',
	},
	...createBeneficiary.description,
	...createTransfer.description,
	...getBeneficiaries.description,
	...transferAutoflow.description,
];
