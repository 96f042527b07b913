import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepareTokenSource } from '../../shared/connection';
import { alreadySentToOutput } from '../../shared/idempotency';
import { executeItems, MAX_PARALLEL_CONNECTIONS } from '../../shared/itemLoop';
import { readWholeNumber } from '../../shared/numbers';
import { Run, type NodeRun } from '../../shared/run';
import { checkAiAgentMayChange, itemOptions } from '../../shared/options';
import { executeAsOne } from '../helpers/allItems';
import { connectionKey } from '../helpers/operationCall';
import { findOperation } from './registry';

/**
 * Dispatches to the chosen operation; resource and operation are fixed for all items. The node's run
 * is built here, once, and passed to every item's operation.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const run: NodeRun = new Run(this);
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
	const runItem = async (itemIndex: number) => {
		if (sideEffect && !agentMayRun) checkAiAgentMayChange(run, itemIndex, sideEffect);
		return await selected.execute(run, itemIndex);
	};
	// A sealed connection's keys are read once, before any item asks for its token.
	await prepareTokenSource(run);
	// One call for all items: its answer is paired with every item the call was built from.
	const outputs = alreadySentToOutput(run) ? 3 : 2;
	if (selected.runsOnceForAllItems?.(run)) return await executeAsOne(run, async () => await runItem(0), outputs);
	const { maxParallelConnections } = itemOptions(run, 0) as { maxParallelConnections?: unknown };
	const maxParallel = readWholeNumber(run, 0, maxParallelConnections, {
		label: 'Max Parallel Connections',
		min: 1,
		max: MAX_PARALLEL_CONNECTIONS,
	});
	return await executeItems(run, runItem, {
		outputs,
		connectionKey: (itemIndex) => connectionKey(run, itemIndex, selected.spec),
		maxParallel: maxParallel ?? 1,
	});
}
