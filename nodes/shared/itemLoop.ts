import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { runByConnection, StoppedBeforeTurn } from './schedule';
import type { NodeRun } from './run';

/** The most different bank connections one node run calls at once. */
export const MAX_PARALLEL_CONNECTIONS = 50;

/** What one item produced: one or more JSON objects, on which output, with optional binary data. */
export interface ItemResult {
	data: IDataObject | IDataObject[];
	output?: number;
	binary?: IBinaryKeyData;
}

export interface ExecuteItemsOptions {
	/** How many outputs the node has (default 1). Error items always go to output 0. */
	outputs?: number;
	/** Items with the same key never run at the same time; without it, items run one by one. */
	connectionKey?: (itemIndex: number) => string;
	/** How many different connections may run at once (default 1). */
	maxParallel?: number;
}

/**
 * Runs every input item, pairs each output with its input (in input order, whatever ran in
 * parallel) and honours Continue On Fail.
 */
export async function executeItems(
	run: NodeRun,
	runItem: (itemIndex: number) => Promise<ItemResult>,
	options: ExecuteItemsOptions = {},
): Promise<INodeExecutionData[][]> {
	const itemCount = run.n8n.getInputData().length;
	const keys = Array.from({ length: itemCount }, (_, itemIndex) => {
		if (!options.connectionKey) return 'all';
		try {
			return options.connectionKey(itemIndex);
		} catch {
			return `item:${itemIndex}`; // the item's own run reports what is wrong with it
		}
	});

	const schedule = await runByConnection(keys, options.maxParallel ?? 1, async (itemIndex, waitForTurn) => {
		run.setTurn(itemIndex, waitForTurn);
		try {
			return await runItem(itemIndex);
		} catch (caught) {
			// An earlier item failed and the node stops with that failure; this one sent nothing more.
			if (caught instanceof StoppedBeforeTurn) return undefined;
			const error = nodeErrorOf(run, caught, itemIndex);
			if (!run.n8n.continueOnFail()) throw error;
			return errorResult(run, error);
		}
	});
	const { results, failure } = schedule;
	if (failure) throw withUnderWay(failure.error as NodeApiError | NodeOperationError, schedule.underWay);

	const outputs: INodeExecutionData[][] = Array.from({ length: options.outputs ?? 1 }, () => []);
	results.forEach((result, itemIndex) => {
		if (result) outputs[result.output ?? 0].push(...executionData(result, { item: itemIndex }));
	});
	return outputs;
}

/**
 * The failed item's error, naming what each item after it that was already under way gave (possible
 * only above one parallel connection): those were not stopped, and n8n keeps no output of a failed
 * node, so without this a transfer made for one of them would leave no trace.
 */
function withUnderWay(
	error: NodeApiError | NodeOperationError,
	underWay: Array<{ index: number; result?: ItemResult; error?: unknown }>,
): NodeApiError | NodeOperationError {
	if (underWay.length === 0) return error;
	const outcomes = underWay.map(
		({ index, result, error: failed }) => `item ${index}: ${result ? resultSummary(result) : errorSummary(failed)}`,
	);
	const already = `Items after item ${String(error.context.itemIndex)} were already under way when it failed, and were not stopped: ${outcomes.join('; ')}.`;
	error.description = error.description ? `${error.description} ${already}` : already;
	return error;
}

/** Dapi's values from the network are shown only so long. */
const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

function resultSummary(result: ItemResult): string {
	const json: IDataObject = (Array.isArray(result.data) ? result.data[0] : result.data) ?? {};
	const details = typeof json.details === 'object' && json.details !== null ? (json.details as IDataObject) : {};
	const facts = (
		[
			['reference', json.reference ?? details.reference],
			['operation ID', json.operationID],
		] as const
	)
		.filter(([, value]) => typeof value === 'string' && value !== '')
		.map(([label, value]) => `${label} ${clip(value as string)}`);
	const what = json.status === 'user_input_required' ? "waits for the bank's prompt (Needs User Input)" : 'done';
	return facts.length > 0 ? `${what} (${facts.join(', ')})` : what;
}

function errorSummary(error: unknown): string {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return 'failed';
	const operationID = error.context.operationID;
	return `${clip(error.message)}${typeof operationID === 'string' ? ` (operation ID ${clip(operationID)})` : ''}`;
}

/** The items of one result, each paired with the input item(s) it came from. */
export function executionData(
	result: ItemResult,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData[] {
	return (Array.isArray(result.data) ? result.data : [result.data]).map((json) => ({
		json,
		...(result.binary ? { binary: result.binary } : {}),
		pairedItem,
	}));
}

/**
 * A failed item under Continue On Fail. n8n moves an item to the error output only when its JSON holds
 * nothing but error, message and details, so there the facts go under `details`.
 */
export function errorResult(run: NodeRun, error: NodeApiError | NodeOperationError): ItemResult {
	const { error: message, ...details } = errorJson(error);
	const toErrorOutput = run.n8n.getNode().onError === 'continueErrorOutput';
	return { data: toErrorOutput ? { error: message, details } : { error: message, ...details }, output: 0 };
}

const FAULT_WORDING = {
	item: { handle: 'this item', stopped: 'this item', shape: "the item's shape" },
	batch: { handle: 'this batch', stopped: 'the batch', shape: "the items' shape" },
};

/**
 * What an item (or, without an index, a batch of all items) failed with, as n8n shows it: n8n's own
 * errors as they are, with the item's index. A fault of the node itself keeps only its kind: its text
 * (a JavaScript message) would mean nothing to the user and could quote data.
 */
export function nodeErrorOf(run: NodeRun, caught: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		if (itemIndex !== undefined) caught.context.itemIndex ??= itemIndex;
		return caught;
	}
	const wording = itemIndex === undefined ? FAULT_WORDING.batch : FAULT_WORDING.item;
	return new NodeOperationError(run.n8n.getNode(), `The Dapi node could not handle ${wording.handle}`, {
		...(itemIndex === undefined ? {} : { itemIndex }),
		description: `An internal ${caught instanceof Error ? caught.name : 'error'} stopped ${wording.stopped} before or after its Dapi call. Please report it with the operation and ${wording.shape} (no secrets).`,
	});
}

function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (typeof error.context.type === 'string') json.type = error.context.type;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
