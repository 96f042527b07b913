import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorResult, executionData, type ItemResult } from '../../shared/itemLoop';

/**
 * Runs one call built from every input item (a batch of one transfer per item) and pairs what it gives
 * back with all of them. The per-item loop (shared/itemLoop.ts) pairs each output with a single input, so it
 * cannot carry this; errors and Continue On Fail behave as they do there, with one error item for the batch.
 */
export async function executeAsOne(
	this: IExecuteFunctions,
	run: () => Promise<ItemResult>,
	outputs: number,
): Promise<INodeExecutionData[][]> {
	const pairedItem = this.getInputData().map((_, item) => ({ item }));
	let result: ItemResult;
	try {
		result = await run();
	} catch (caught) {
		// As in the per-item loop: a fault of the node itself keeps only its kind, never its text.
		const error =
			caught instanceof NodeApiError || caught instanceof NodeOperationError
				? caught
				: new NodeOperationError(this.getNode(), 'The Dapi node could not handle this batch', {
						description: `An internal ${caught instanceof Error ? caught.name : 'error'} stopped the batch before or after its Dapi call. Please report it with the operation and the items' shape (no secrets).`,
					});
		if (!this.continueOnFail()) throw error;
		result = errorResult.call(this, error);
	}
	const lists: INodeExecutionData[][] = Array.from({ length: outputs }, () => []);
	lists[result.output ?? 0].push(...executionData(result, pairedItem));
	return lists;
}
