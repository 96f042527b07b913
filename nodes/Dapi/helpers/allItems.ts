import type { INodeExecutionData } from 'n8n-workflow';

import { errorResult, executionData, nodeErrorOf, type ItemResult } from '../../shared/itemLoop';
import type { NodeRun } from '../../shared/run';

/**
 * Runs one call built from every input item (a batch of one transfer per item) and pairs what it gives
 * back with all of them. The per-item loop (shared/itemLoop.ts) pairs each output with a single input, so it
 * cannot carry this; errors and Continue On Fail behave as they do there, with one error item for the batch.
 */
export async function executeAsOne(
	run: NodeRun,
	runOnce: () => Promise<ItemResult>,
	outputs: number,
): Promise<INodeExecutionData[][]> {
	const pairedItem = run.n8n.getInputData().map((_, item) => ({ item }));
	let result: ItemResult;
	try {
		result = await runOnce();
	} catch (caught) {
		const error = nodeErrorOf(run, caught);
		if (!run.n8n.continueOnFail()) throw error;
		result = errorResult(run, error);
	}
	const lists: INodeExecutionData[][] = Array.from({ length: outputs }, () => []);
	lists[result.output ?? 0].push(...executionData(result, pairedItem));
	return lists;
}
