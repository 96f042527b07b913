import type { INodeProperties } from 'n8n-workflow';

import * as exchangeAccessCode from './exchangeAccessCode.operation';

export { exchangeAccessCode };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['auth'] } },
		options: [
			{
				name: 'Exchange Access Code',
				value: 'exchangeAccessCode',
				description: 'Turn the access code from Dapi Connect into the permanent access token',
				action: 'Exchange access code',
			},
		],
		default: 'exchangeAccessCode',
	},
	...exchangeAccessCode.description,
];
