import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operation'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Check how a Dapi operation ended, e.g. a transfer whose answer was lost',
				action: 'Get operation status',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
