import type { INodeProperties } from 'n8n-workflow';

import * as createPull from './createPull.operation';
import * as getPull from './getPull.operation';

export { createPull, getPull };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ach'] } },
		options: [
			{ name: 'Create Pull', value: 'createPull', description: 'Pull money from the user\'s US account', action: 'Create an ACH pull' },
			{ name: 'Get Pull', value: 'getPull', description: 'Get the latest ACH pull and its status', action: 'Get an ACH pull' },
		],
		default: 'createPull',
	},
	...createPull.description,
	...getPull.description,
];
