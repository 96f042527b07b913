import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorResult, executionData, nodeErrorOf, type ItemResult } from '../../shared/itemLoop';

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
		const error = nodeErrorOf.call(this, caught);
		if (!this.continueOnFail()) throw error;
		result = errorResult.call(this, error);
	}
	const lists: INodeExecutionData[][] = Array.from({ length: outputs }, () => []);
	lists[result.output ?? 0].push(...executionData(result, pairedItem));
	return lists;
}
