import type { INodeProperties } from 'n8n-workflow';

import * as getAccountsMetadata from './getAccountsMetadata.operation';

export { getAccountsMetadata };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metadata'] } },
		options: [
			{
				name: 'Get Accounts Metadata',
				value: 'getAccountsMetadata',
				description: 'Get the bank\'s rules: transaction range, beneficiary cool-down, transfer bounds',
				action: 'Get accounts metadata',
			},
		],
		default: 'getAccountsMetadata',
	},
	...getAccountsMetadata.description,
];
