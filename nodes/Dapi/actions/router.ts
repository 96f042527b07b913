import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepareTokenSource } from '../../shared/connection';
import { executeItems, type ItemResult } from '../../shared/items';
import { connectionKey, type EndpointSpec } from '../helpers/call';
import * as ach from './ach';
import * as auth from './auth';
import * as data from './data';
import * as metadata from './metadata';
import type { DapiType } from './node.type';
import * as operation from './operation';
import * as payment from './payment';
import * as wire from './wire';

interface OperationModule {
	spec: EndpointSpec;
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;
}

const resources: Record<DapiType['resource'], Record<string, OperationModule>> = {
	ach: { createPull: ach.createPull, getPull: ach.getPull },
	auth: { delinkUser: auth.delinkUser, exchangeAccessCode: auth.exchangeAccessCode, resealConnection: auth.resealConnection },
	data: {
		getAccounts: data.getAccounts,
		getBalance: data.getBalance,
		getCards: data.getCards,
		getCompleteAccounts: data.getCompleteAccounts,
		getIdentity: data.getIdentity,
		getTransactions: data.getTransactions,
	},
	metadata: { getAccountsMetadata: metadata.getAccountsMetadata },
	operation: { getStatus: operation.getStatus },
	payment: {
		createBeneficiary: payment.createBeneficiary,
		createTransfer: payment.createTransfer,
		getBeneficiaries: payment.getBeneficiaries,
		transferAutoflow: payment.transferAutoflow,
	},
	wire: {
		createBeneficiary: wire.createBeneficiary,
		createTransfer: wire.createTransfer,
		getBeneficiaries: wire.getBeneficiaries,
		transferAutoflow: wire.transferAutoflow,
	},
};

/** Dispatches to the chosen operation; resource and operation are fixed for all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as DapiType['resource'];
	const operationName = this.getNodeParameter('operation', 0) as string;
	const selected = resources[resource]?.[operationName];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of resource "${resource}" is not supported`);
	}
	const { maxParallelConnections } = this.getNodeParameter('options', 0, {}) as { maxParallelConnections?: number };
	await prepareTokenSource.call(this);
	return await executeItems.call(this, (itemIndex) => selected.execute.call(this, itemIndex), {
		outputs: 2,
		connectionKey: (itemIndex) => connectionKey.call(this, itemIndex, selected.spec),
		maxParallel: maxParallelConnections ?? 1,
	});
}
