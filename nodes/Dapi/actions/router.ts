import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepareTokenSource } from '../../shared/connection';
import { executeItems, MAX_PARALLEL_CONNECTIONS, type ItemResult } from '../../shared/items';
import { readWholeNumber } from '../../shared/numbers';
import { checkAiAgentMayChange } from '../../shared/options';
import { executeAsOne } from '../helpers/allItems';
import { connectionKey, type EndpointSpec } from '../helpers/call';
import * as ach from './ach';
import * as auth from './auth';
import * as batch from './batch';
import * as data from './data';
import * as metadata from './metadata';
import type { DapiType } from './node.type';
import * as operation from './operation';
import * as payment from './payment';
import * as wire from './wire';

interface OperationModule {
	spec: EndpointSpec;
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;
	/** True when this run makes one call from all input items (a batch of one transfer per item). */
	runsOnceForAllItems?: (this: IExecuteFunctions) => boolean;
}

const resources: Record<DapiType['resource'], Record<string, OperationModule>> = {
	ach: { createPull: ach.createPull, getPull: ach.getPull },
	auth: { delinkUser: auth.delinkUser, exchangeAccessCode: auth.exchangeAccessCode, resealConnection: auth.resealConnection },
	batch: {
		createFile: batch.createFile,
		createTransfer: batch.createTransfer,
		getItems: batch.getItems,
		getMetadata: batch.getMetadata,
		getTransfers: batch.getTransfers,
	},
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
	const resource = String(this.getNodeParameter('resource', 0));
	const operationName = String(this.getNodeParameter('operation', 0));
	const operations = Object.hasOwn(resources, resource) ? resources[resource as DapiType['resource']] : undefined;
	const selected = operations && Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of resource "${resource}" is not supported`, {
			description: 'The workflow names an operation this version of the Dapi node does not have. Open the node and choose the resource and operation again.',
		});
	}
	const { changes, agentMayRun } = selected.spec;
	// A sealed connection's keys are read once, before any item asks for its token.
	await prepareTokenSource.call(this);
	// One call for all items: its answer is paired with every item the call was built from.
	if (selected.runsOnceForAllItems?.call(this)) {
		return await executeAsOne.call(this, async () => {
			if (changes && !agentMayRun) checkAiAgentMayChange.call(this, 0, changes);
			return await selected.execute.call(this, 0);
		}, 2);
	}
	const { maxParallelConnections } = this.getNodeParameter('options', 0, {}) as { maxParallelConnections?: unknown };
	const maxParallel = readWholeNumber.call(this, 0, maxParallelConnections, {
		label: 'Max Parallel Connections',
		min: 1,
		max: MAX_PARALLEL_CONNECTIONS,
	});
	return await executeItems.call(this, async (itemIndex) => {
		if (changes && !agentMayRun) checkAiAgentMayChange.call(this, itemIndex, changes);
		return await selected.execute.call(this, itemIndex);
	}, {
		outputs: 2,
		connectionKey: (itemIndex) => connectionKey.call(this, itemIndex, selected.spec),
		maxParallel: maxParallel ?? 1,
	});
}
