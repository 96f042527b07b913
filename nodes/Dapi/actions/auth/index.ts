import type { INodeProperties } from 'n8n-workflow';

import * as delinkUser from './delinkUser.operation';
import * as exchangeAccessCode from './exchangeAccessCode.operation';
import * as resealConnection from './resealConnection.operation';

export { delinkUser, exchangeAccessCode, resealConnection };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['auth'] } },
		options: [
			{
				name: 'Delink User',
				value: 'delinkUser',
				description: 'Revoke the access token; the user must connect again afterwards',
				action: 'Delink user',
			},
			{
				name: 'Exchange Access Code',
				value: 'exchangeAccessCode',
				description: 'Turn the access code from Dapi Connect into the permanent access token',
				action: 'Exchange access code',
			},
			{
				name: 'Reseal Connection',
				value: 'resealConnection',
				description:
					'Seal a sealed connection again with the current Connection Sealing Key, after a key rotation (no Dapi call)',
				action: 'Reseal a sealed connection',
			},
		],
		default: 'exchangeAccessCode',
	},
	...exchangeAccessCode.description,
	...delinkUser.description,
	...resealConnection.description,
];
