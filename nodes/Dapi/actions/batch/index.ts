import type { INodeProperties } from 'n8n-workflow';

import * as createFile from './createFile.operation';
import * as createTransfer from './createTransfer.operation';
import * as getItems from './getItems.operation';
import * as getMetadata from './getMetadata.operation';
import * as getTransfers from './getTransfers.operation';

export { createFile, createTransfer, getItems, getMetadata, getTransfers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batch'] } },
		options: [
			{
				name: 'Create Batch File',
				value: 'createFile',
				description: 'Have Dapi write the bank\'s batch file for the transfers, to upload to the bank',
				action: 'Create a batch file',
			},
			{
				name: 'Create Batch Transfer',
				value: 'createTransfer',
				description: 'Pay many beneficiaries in one batch, e.g. a payroll or supplier run',
				action: 'Create a batch transfer',
			},
			{
				name: 'Get Batch Items',
				value: 'getItems',
				description: 'Get a batch\'s stage and the status of each of its transfers',
				action: 'Get batch items',
			},
			{
				name: 'Get Batch Metadata',
				value: 'getMetadata',
				description: 'Get the bank\'s batch limits: transfers per batch, total amounts, file name length',
				action: 'Get batch metadata',
			},
			{
				name: 'Get Batch Transfers',
				value: 'getTransfers',
				description: 'List the batches made between two dates, with their stage',
				action: 'Get batch transfers',
			},
		],
		default: 'createTransfer',
	},
	...createFile.description,
	...createTransfer.description,
	...getItems.description,
	...getMetadata.description,
	...getTransfers.description,
];
