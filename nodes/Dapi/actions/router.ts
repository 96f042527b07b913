import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { executeItems } from '../../shared/items';
import * as auth from './auth';
import type { DapiType } from './node.type';

type OperationModule = { execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]> };

const resources: Record<string, Record<string, OperationModule>> = {
	auth: { exchangeAccessCode: auth.exchangeAccessCode },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeItems.call(this, async (itemIndex) => {
		const resource = this.getNodeParameter<DapiType>('resource', itemIndex);
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const operationModule = resources[resource]?.[operation];
		if (!operationModule) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
				{ itemIndex },
			);
		}
		return { data: await operationModule.execute.call(this, itemIndex) };
	});
}
