import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { readWholeNumber } from './numbers';
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from './transport';
import type { NodeRun } from './run';

/**
 * The item's Options collection, read once per item and node run: every part of an item's run (call,
 * result, windows, AI guard) asks for it.
 */
export const itemOptions = (run: NodeRun, itemIndex: number): IDataObject => run.once(readOptions, itemIndex);

const readOptions = (run: NodeRun, itemIndex: number) =>
	run.n8n.getNodeParameter('options', itemIndex, {}) as IDataObject;

/** The Timeout option, checked to be a whole number of milliseconds Dapi's SDKs would also allow. */
export function readTimeout(run: NodeRun, itemIndex: number, value: unknown): number | undefined {
	return readWholeNumber(run, itemIndex, value, {
		label: 'Timeout',
		min: MIN_TIMEOUT_MS,
		max: MAX_TIMEOUT_MS,
		unit: 'milliseconds',
	});
}

export function timeoutOption(defaultMs: number, description: string): INodeProperties {
	return {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: MIN_TIMEOUT_MS, maxValue: MAX_TIMEOUT_MS, numberPrecision: 0 },
		default: defaultMs,
		description,
	};
}

export const retryReadsOption: INodeProperties = {
	displayName: 'Retry Reads',
	name: 'retryReads',
	type: 'boolean',
	default: true,
	description:
		'Whether to send a read again (at most 3 attempts in all) when Dapi cannot have passed it to the bank: the connection was refused, or Dapi answered 429 or 503. Payments and other changes are never sent twice.',
};

export const allowForAiAgentOption: INodeProperties = {
	displayName: 'Allow an AI Agent to Run It',
	name: 'allowForAiAgent',
	type: 'boolean',
	default: false,
	description:
		'Whether this node may move money or change the connection when an AI agent calls it as a tool. Off by default: an agent could be talked into a transfer. Put a human review (an n8n "send and wait for approval" tool) in front of it when you turn this on.',
};

/** How n8n names a node that runs as an AI agent's tool. */
export function runsAsAiTool(run: NodeRun): boolean {
	return run.n8n.getNode().type.endsWith('Tool');
}

/** Refuses what an AI agent asks of the node unless the user allowed it (Options → Allow an AI Agent to Run It). */
export function checkAiAgentAllowed(run: NodeRun, itemIndex: number, message: string, description: string): void {
	if (!runsAsAiTool(run)) return;
	const { allowForAiAgent } = itemOptions(run, itemIndex) as { allowForAiAgent?: unknown };
	if (allowForAiAgent === true) return;
	throw inputError(run.n8n.getNode(), itemIndex, message, description);
}

/** Refuses a change (transfer, beneficiary, delink…) asked for by an AI agent unless the user allowed it. */
export function checkAiAgentMayChange(run: NodeRun, itemIndex: number, what: string): void {
	checkAiAgentAllowed(
		run,
		itemIndex,
		`An AI agent may not run this ${what} unless you allow it`,
		'Calls that move money or change a bank connection are refused when an AI agent asks for them. To allow it, turn on Options → Allow an AI Agent to Run It on this node, and put a human review (a "send and wait for approval" tool) between the agent and this node.',
	);
}
