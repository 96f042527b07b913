import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepareTokenSource } from '../../shared/connection';
import { alreadySentToOutput } from '../../shared/idempotency';
import { executeItems, MAX_PARALLEL_CONNECTIONS } from '../../shared/itemLoop';
import { readWholeNumber } from '../../shared/numbers';
import { checkAiAgentMayChange, itemOptions } from '../../shared/options';
import { executeAsOne } from '../helpers/allItems';
import { connectionKey } from '../helpers/operationCall';
import { findOperation } from './registry';

/** Dispatches to the chosen operation; resource and operation are fixed for all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = String(this.getNodeParameter('resource', 0));
	const operationName = String(this.getNodeParameter('operation', 0));
	const selected = findOperation(resource, operationName);
	if (!selected) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
			{
				description:
					'The workflow names an operation this version of the Dapi node does not have. Open the node and choose the resource and operation again.',
			},
		);
	}
	const { sideEffect, agentMayRun } = selected.spec;
	const run = async (itemIndex: number) => {
		if (sideEffect && !agentMayRun) checkAiAgentMayChange.call(this, itemIndex, sideEffect);
		return await selected.execute.call(this, itemIndex);
	};
	// A sealed connection's keys are read once, before any item asks for its token.
	await prepareTokenSource.call(this);
	// One call for all items: its answer is paired with every item the call was built from.
	const outputs = alreadySentToOutput.call(this) ? 3 : 2;
	if (selected.runsOnceForAllItems?.call(this)) return await executeAsOne.call(this, async () => await run(0), outputs);
	const { maxParallelConnections } = itemOptions.call(this, 0) as { maxParallelConnections?: unknown };
	const maxParallel = readWholeNumber.call(this, 0, maxParallelConnections, {
		label: 'Max Parallel Connections',
		min: 1,
		max: MAX_PARALLEL_CONNECTIONS,
	});
	return await executeItems.call(this, run, {
		outputs,
		connectionKey: (itemIndex) => connectionKey.call(this, itemIndex, selected.spec),
		maxParallel: maxParallel ?? 1,
	});
}
