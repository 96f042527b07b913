import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { readWholeNumber } from '../../../shared/numbers';
import { itemOptions } from '../../../shared/options';
import { resumedOperationID, type ResumeOptions } from '../../../shared/resume';
import type { ItemResult } from '../../../shared/itemLoop';
import { callForItem, type EndpointSpec } from '../../helpers/operationCall';
import { endpointSpec } from '../../../shared/endpointTable';
import {
	accountOrCardProperties,
	keepWholeResponseOption,
	operationOptions,
	readAccountOrCard,
} from '../../helpers/fields';
import { readResult } from '../../helpers/operation';
import { dateOfDay, dayNumber, readDateRange } from '../../helpers/validate';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Get Transactions',
	description: 'List transactions of an account or card between two dates',
	action: 'Get transactions',
};

/** Longest window: ten years, far beyond any bank's transactionRange. */
const MAX_WINDOW_DAYS = 3650;
/** Most windows (calls) one item may need; more is refused before anything is sent. */
export const MAX_WINDOWS = 3650;

const SPECS: Record<string, EndpointSpec> = {
	plain: endpointSpec('/data/transactions/get'),
	categorized: endpointSpec('/data/categorizedTransactions/get'),
	enriched: endpointSpec('/data/enrichedTransactions/get'),
};

export const spec = SPECS.plain;
const metadataSpec = endpointSpec('/metadata/accounts/get');

export const description: INodeProperties[] = [
	{
		displayName: 'Transaction Type',
		name: 'transactionType',
		type: 'options',
		options: [
			{ name: 'Plain', value: 'plain', description: 'As the bank lists them' },
			{ name: 'Categorized', value: 'categorized', description: 'With a category per transaction' },
			{ name: 'Enriched', value: 'enriched', description: 'With category and brand details' },
		],
		default: 'plain',
	},
	// Dapi takes a card only for plain transactions.
	...accountOrCardProperties({
		name: 'transactionsOf',
		displayName: 'Transactions Of',
		displayOptions: { show: { transactionType: ['plain'] } },
	}),
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'YYYY-MM-DD',
		description: 'First day, as YYYY-MM-DD',
	},
	{
		displayName: 'To Date',
		name: 'toDate',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'YYYY-MM-DD',
		description: 'Last day, as YYYY-MM-DD, on or after From Date',
	},
	operationOptions([
		keepWholeResponseOption,
		{
			displayName: 'Split Into Bank-Sized Windows',
			name: 'splitByRange',
			type: 'boolean',
			default: false,
			description:
				'Whether to fetch a range longer than the bank allows in windows, one after another, and merge them in date order',
		},
		{
			displayName: 'Window Days',
			name: 'windowDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WINDOW_DAYS, numberPrecision: 0 },
			default: 30,
			description:
				"Days per window when splitting, a whole number. Without this option the bank's transactionRange is read from Get Accounts Metadata first.",
		},
	]),
];

interface SplitOptions extends ResumeOptions {
	splitByRange?: boolean;
	windowDays?: unknown;
}

/**
 * Consecutive, non-overlapping windows of at most `size` days (counted inclusively) covering the range.
 * `size` must be a whole number of at least 1 and the range may need at most MAX_WINDOWS windows.
 */
export function dateWindows(
	fromDate: string,
	toDate: string,
	size: number,
): Array<{ fromDate: string; toDate: string }> {
	const first = dayNumber(fromDate);
	const last = dayNumber(toDate);
	if (!Number.isInteger(size) || size < 1 || first === undefined || last === undefined) {
		throw new RangeError('dateWindows needs real dates and a whole number of days of at least 1');
	}
	const count = windowCount(first, last, size);
	if (count > MAX_WINDOWS) throw new RangeError(`the range needs ${count} windows, more than ${MAX_WINDOWS}`);
	return Array.from({ length: count }, (_, index) => {
		const start = first + index * size;
		return { fromDate: dateOfDay(start), toDate: dateOfDay(Math.min(start + size - 1, last)) };
	});
}

/** How many windows of `size` days cover the days first..last (counted inclusively). */
const windowCount = (first: number, last: number, size: number) => Math.max(0, Math.ceil((last - first + 1) / size));

/** The windows for an item, or an error for the item when the range is too long for the window size. */
function itemWindows(run: NodeRun, itemIndex: number, range: { fromDate: string; toDate: string }, size: number) {
	const needed = windowCount(dayNumber(range.fromDate)!, dayNumber(range.toDate)!, size);
	if (needed > MAX_WINDOWS) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`The date range needs ${needed} windows of ${size} days`,
			`At most ${MAX_WINDOWS} windows are fetched for one item: shorten the range or raise Window Days.`,
		);
	}
	return dateWindows(range.fromDate, range.toDate, size);
}

async function bankWindowDays(run: NodeRun, itemIndex: number, options: SplitOptions): Promise<number | ItemResult> {
	const chosen = readWholeNumber(run, itemIndex, options.windowDays, {
		label: 'Window Days',
		min: 1,
		max: MAX_WINDOW_DAYS,
		unit: 'days',
	});
	if (chosen !== undefined) return chosen;
	if (resumedOperationID(options)) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'Resuming split transactions needs Window Days',
			"Dapi resets the session when another call comes between its prompt and the answer, so the bank's window cannot be looked up now. Set Options → Window Days to the prompt item's windowDays, e.g. {{ $('Get Transactions').item.json.windowDays }}.",
		);
	}
	const outcome = await callForItem(run, itemIndex, metadataSpec, {}, { resume: false });
	if (outcome.kind === 'routed') return outcome.result;
	const range = (outcome.body.accountsMetadata as IDataObject | undefined)?.transactionRange as IDataObject | undefined;
	const days = Number(range?.value);
	if (
		!Number.isInteger(days) ||
		days < 1 ||
		days > MAX_WINDOW_DAYS ||
		(range?.unit !== undefined && range.unit !== 'days')
	) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'The bank did not say how many days of transactions it returns at once',
			"Set Options → Window Days to the bank's limit (Get Accounts Metadata shows it as transactionRange).",
		);
	}
	return days;
}

export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const transactionType = run.n8n.getNodeParameter('transactionType', itemIndex) as string;
	const byCard =
		transactionType === 'plain' && run.n8n.getNodeParameter('transactionsOf', itemIndex, 'account') === 'card';
	const target = readAccountOrCard(run, itemIndex, byCard);
	const range = readDateRange(run, itemIndex);
	if (!Object.hasOwn(SPECS, transactionType)) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`Transaction Type "${transactionType}" is not one of this node's`,
			'Choose Plain, Categorized or Enriched.',
		);
	}
	const endpoint = SPECS[transactionType];
	const options = itemOptions(run, itemIndex) as SplitOptions;

	if (!options.splitByRange) {
		const outcome = await callForItem(run, itemIndex, endpoint, { ...target, ...range });
		if (outcome.kind === 'routed') return outcome.result;
		return { data: readResult(run, itemIndex, outcome.body, 'transactions', true) };
	}

	const size = await bankWindowDays(run, itemIndex, options);
	if (typeof size !== 'number') return size;
	const merged: IDataObject[] = [];
	let lastBody: IDataObject = {};
	// Banks that count a window's edges loosely return the day at the edge in both windows. Only the
	// previous window's transactions from its last day on can repeat, so only those are kept for
	// comparison, never the whole history.
	let previousEdge: { lastDay: string; keys: Set<string> } | undefined;
	// Only the first call carries the resume fields: they answer the prompt of that one call.
	let first = true;
	for (const window of itemWindows(run, itemIndex, range, size)) {
		const outcome = await callForItem(run, itemIndex, endpoint, { ...target, ...window }, { resume: first });
		first = false;
		// A prompt mid-way resumes from this window on: its request carries the remaining range, and
		// windowDays the window size, so the resume sends this very window again and nothing before it.
		if (outcome.kind === 'routed') {
			const prompt = outcome.result.data as IDataObject;
			prompt.request = { ...target, fromDate: window.fromDate, toDate: range.toDate };
			prompt.windowDays = size;
			return outcome.result;
		}
		lastBody = outcome.body;
		const edge = { lastDay: window.toDate, keys: new Set<string>() };
		for (const transaction of (Array.isArray(outcome.body.transactions)
			? outcome.body.transactions
			: []) as IDataObject[]) {
			const day = String(transaction.date ?? '').slice(0, 10);
			if (previousEdge && day <= previousEdge.lastDay && previousEdge.keys.has(JSON.stringify(transaction))) continue;
			if (day >= window.toDate) {
				edge.keys.add(JSON.stringify(transaction));
				if (day > edge.lastDay) edge.lastDay = day;
			}
			merged.push(transaction);
		}
		previousEdge = edge;
	}
	// A stable sort keeps the bank's own order within a day.
	merged.sort((a, b) => String(a.date ?? '').localeCompare(String(b.date ?? '')));
	const { keepWholeResponse } = itemOptions(run, itemIndex) as { keepWholeResponse?: boolean };
	return { data: keepWholeResponse ? { ...lastBody, ...range, transactions: merged } : merged };
}
