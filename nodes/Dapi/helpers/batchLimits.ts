import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { ItemResult } from '../../shared/itemLoop';
import { itemOptions } from '../../shared/options';
import { resumedOperationID, type ResumeOptions } from '../../shared/resume';
import type { NodeRun } from '../../shared/run';
import { endpointSpec } from '../../shared/endpointTable';
import { callForItem } from './operationCall';

/** The bank's batch limits, read before a batch is sent. */
const BATCH_METADATA = endpointSpec('/batch/metadata/get');

const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const money = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

type LimitKind = 'count' | 'amount';

/** A limit as Dapi may send it: a number, or its plain decimal text (a count is whole); undefined if neither. */
function limitValue(value: unknown, kind: LimitKind): number | undefined {
	const text = kind === 'count' ? /^\d+$/ : /^\d+(\.\d+)?$/;
	const number = typeof value === 'string' && text.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return undefined;
	return kind === 'count' && !Number.isInteger(number) ? undefined : number;
}

/** How a value that is not a limit looks, without repeating text a server sent. */
function shapeOf(value: unknown): string {
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'string') return value === '' ? 'empty text' : 'text that is not a plain number';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What the limits check leaves to the batch call: a prompt to hand on, or whether the call resumes. */
export interface LimitsChecked {
	prompt?: ItemResult;
	/** The resume answers the batch call's own prompt: send it with the Operation ID and User Inputs. */
	resumeCreate: boolean;
}

/** The endpoint a resume answers: Resume Endpoint, checked to be one of the operation's two calls. */
function resumedEndpoint(run: NodeRun, itemIndex: number, createPath: string, given: unknown): string {
	const endpoint = typeof given === 'string' ? given.trim() : '';
	if (endpoint === '') return createPath;
	if (endpoint === createPath || endpoint === BATCH_METADATA.path) return endpoint;
	throw inputError(
		run.n8n.getNode(),
		itemIndex,
		'Resume Endpoint is not a call of this operation',
		`Give the endpoint field of the Needs User Input item: ${BATCH_METADATA.path} (the bank's limits) or ${createPath}, or leave it empty to resume ${createPath}.`,
	);
}

/**
 * Checks the batch against the bank's limits (Batch Metadata) before it is sent; a limit that cannot be read
 * stops it. A resume goes to the call that asked, as Dapi resets a session when another call comes between a
 * prompt and its answer (docs/nodes.md, batches).
 */
export async function checkBankLimits(
	run: NodeRun,
	itemIndex: number,
	createPath: string,
	transfers: IDataObject[],
	fileName?: string,
): Promise<LimitsChecked> {
	const options = itemOptions(run, itemIndex) as ResumeOptions & { resumeEndpoint?: unknown };
	const endpoint = resumedEndpoint(run, itemIndex, createPath, options.resumeEndpoint);
	const resuming = resumedOperationID(options) !== '';
	if (resuming && endpoint === createPath) return { resumeCreate: true };
	const outcome = await callForItem(run, itemIndex, BATCH_METADATA, {}, { resume: resuming });
	if (outcome.kind === 'routed') return { prompt: outcome.result, resumeCreate: false };
	const unreadable = (message: string, shape: string) =>
		new NodeApiError(
			run.n8n.getNode(),
			{ endpoint: BATCH_METADATA.path },
			{
				message,
				description: `Dapi's Batch Metadata gives ${shape}, so the batch cannot be checked against the bank's limits and nothing was sent. Try again later; if it persists, ask Dapi about this bank's batch metadata.`,
				itemIndex,
			},
		);
	const metadata = outcome.body.metadata ?? {};
	if (typeof metadata !== 'object' || Array.isArray(metadata)) {
		throw unreadable("The bank's batch limits could not be read", `metadata as ${shapeOf(metadata)}`);
	}
	const limit = (key: string, kind: LimitKind): number | undefined => {
		const value = (metadata as IDataObject)[key];
		if (value === undefined || value === null) return undefined;
		const number = limitValue(value, kind);
		if (number === undefined) {
			const wanted = kind === 'count' ? 'a whole number' : 'an amount';
			throw unreadable(`The bank's batch limit ${key} could not be read`, `${key} as ${shapeOf(value)}, not ${wanted}`);
		}
		return number;
	};
	const fail = (message: string, hint: string) => inputError(run.n8n.getNode(), itemIndex, message, hint);

	const maxCount = limit('maxBatchTransfers', 'count');
	if (maxCount !== undefined && transfers.length > maxCount) {
		throw fail(
			`The batch has ${transfers.length} transfers, more than the ${maxCount} the bank takes at once`,
			`Dapi's Batch Metadata gives maxBatchTransfers ${maxCount}. Split the transfers into batches of at most ${maxCount}, e.g. with a Loop Over Items node.`,
		);
	}
	const total = transfers.reduce((sum, transfer) => sum + cents(transfer.amount), 0);
	const maxTotal = limit('maxTotalTransferAmount', 'amount');
	if (maxTotal !== undefined && total > cents(maxTotal)) {
		throw fail(
			`The transfers add up to ${money(total / 100)}, more than the bank's ${money(maxTotal)} per batch`,
			`Dapi's Batch Metadata gives maxTotalTransferAmount ${maxTotal}. Split the transfers into smaller batches.`,
		);
	}
	const minTotal = limit('minTotalTransferAmount', 'amount');
	if (minTotal !== undefined && total < cents(minTotal)) {
		throw fail(
			`The transfers add up to ${money(total / 100)}, less than the bank's minimum of ${money(minTotal)} per batch`,
			`Dapi's Batch Metadata gives minTotalTransferAmount ${minTotal}. Add transfers, or pay these one by one with Payment: Create Transfer.`,
		);
	}
	// Only a file has a name: a transfer batch does not depend on this limit.
	const maxName = fileName === undefined ? undefined : limit('filenameMaxChars', 'count');
	if (fileName !== undefined && maxName !== undefined && fileName.length > maxName) {
		throw fail(
			`File Name has ${fileName.length} characters, more than the ${maxName} the bank takes`,
			`Dapi's Batch Metadata gives filenameMaxChars ${maxName}. Shorten File Name (Dapi's file extension is added to it).`,
		);
	}
	return { resumeCreate: false };
}
