import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as auth from './actions/auth';
import { router } from './actions/router';

export class Dapi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi',
		name: 'dapi',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Exchange Dapi Connect access codes and read bank data through the Dapi open-banking API',
		defaults: { name: 'Dapi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dapiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Auth', value: 'auth' }],
				default: 'auth',
			},
			...auth.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
