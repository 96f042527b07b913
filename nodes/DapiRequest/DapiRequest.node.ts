import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/n8nVersion';
import { prepareTokenSource } from '../shared/connection';
import { alreadySentToOutput, outputsWithAlreadySent } from '../shared/idempotency';
import { executeItems } from '../shared/itemLoop';
import { Run, type NodeRun } from '../shared/run';
import { description } from './request.description';
import { execute } from './request.operation';

assertSupportedN8n();

export class DapiRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi Request',
		name: 'dapiRequest',
		icon: { light: 'file:dapiRequest.svg', dark: 'file:dapiRequest.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["method"] + " " + $parameter["endpoint"] }}',
		description: "Call any Dapi API endpoint with the app secret and a bank connection's access token",
		defaults: { name: 'Dapi Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsWithAlreadySent(['Done']),
		credentials: [
			{ name: 'dapiApi', required: true, displayOptions: { hide: { tokenSource: ['credential'] } } },
			{ name: 'dapiConnectionApi', required: true, displayOptions: { show: { tokenSource: ['credential'] } } },
		],
		properties: description,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run: NodeRun = new Run(this);
		await prepareTokenSource(run);
		return await executeItems(run, async (itemIndex) => await execute(run, itemIndex), {
			outputs: alreadySentToOutput(run) ? 2 : 1,
		});
	}
}
