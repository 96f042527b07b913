import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/displayOptions';
import { inputError } from '../../../shared/errors';
import type { ItemResult } from '../../../shared/items';
import { callDapi, type EndpointSpec } from '../../helpers/call';
import { accountOrCardProperties, keepWholeResponseOption, operationOptions, readAccountOrCard } from '../../helpers/fields';
import { readResult } from '../../helpers/operation';
import { dateOfDay, dayNumber, readDateRange } from '../../helpers/validate';

const PATHS: Record<string, string> = {
	plain: '/data/transactions/get',
	categorized: '/data/categorizedTransactions/get',
	enriched: '/data/enrichedTransactions/get',
};

export const spec: EndpointSpec = { path: PATHS.plain };
const metadataSpec: EndpointSpec = { path: '/metadata/accounts/get' };

const properties: INodeProperties[] = [
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
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Days per window when splitting. 0 reads the bank\'s transactionRange from Get Accounts Metadata first.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getTransactions'] } },
	properties,
);

interface SplitOptions {
	splitByRange?: boolean;
	windowDays?: number;
}

/** Consecutive, non-overlapping windows of at most `size` days (counted inclusively) covering the range. */
export function dateWindows(fromDate: string, toDate: string, size: number): Array<{ fromDate: string; toDate: string }> {
	const windows = [];
	const last = dayNumber(toDate)!;
	for (let start = dayNumber(fromDate)!; start <= last; start += size) {
		windows.push({ fromDate: dateOfDay(start), toDate: dateOfDay(Math.min(start + size - 1, last)) });
	}
	return windows;
}

async function bankWindowDays(this: IExecuteFunctions, itemIndex: number, options: SplitOptions): Promise<number | ItemResult> {
	if (options.windowDays && options.windowDays > 0) return Math.floor(options.windowDays);
	const outcome = await callDapi.call(this, itemIndex, metadataSpec, {}, { resume: false });
	if (outcome.kind === 'userInput') return outcome.result;
	const range = (outcome.body.accountsMetadata as IDataObject | undefined)?.transactionRange as IDataObject | undefined;
	const days = Number(range?.value);
	if (!Number.isFinite(days) || days < 1 || (range?.unit !== undefined && range.unit !== 'days')) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'The bank did not say how many days of transactions it returns at once',
			'Set Options → Window Days to the bank\'s limit (Get Accounts Metadata shows it as transactionRange).',
		);
	}
	return days;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const transactionType = this.getNodeParameter('transactionType', itemIndex) as string;
	const byCard = transactionType === 'plain' && this.getNodeParameter('transactionsOf', itemIndex, 'account') === 'card';
	const target = readAccountOrCard.call(this, itemIndex, byCard);
	const range = readDateRange.call(this, itemIndex);
	const endpoint: EndpointSpec = { path: PATHS[transactionType] };
	const options = this.getNodeParameter('options', itemIndex, {}) as SplitOptions;

	if (!options.splitByRange) {
		const outcome = await callDapi.call(this, itemIndex, endpoint, { ...target, ...range });
		if (outcome.kind === 'userInput') return outcome.result;
		return { data: readResult.call(this, itemIndex, outcome.body, 'transactions', true) };
	}

	const size = await bankWindowDays.call(this, itemIndex, options);
	if (typeof size !== 'number') return size;
	const merged: IDataObject[] = [];
	let lastBody: IDataObject = {};
	// Banks that count a window's edges loosely return the day at the edge in both windows. Only the
	// previous window's transactions from its last day on can repeat, so only those are kept for
	// comparison, never the whole history.
	let previousEdge: { lastDay: string; keys: Set<string> } | undefined;
	// Only the first call carries the resume fields: they answer the prompt of that one call.
	let first = true;
	for (const window of dateWindows(range.fromDate, range.toDate, size)) {
		const outcome = await callDapi.call(this, itemIndex, endpoint, { ...target, ...window }, { resume: first });
		first = false;
		// A prompt mid-way resumes from this window on: its request carries the remaining range.
		if (outcome.kind === 'userInput') {
			(outcome.result.data as IDataObject).request = { ...target, fromDate: window.fromDate, toDate: range.toDate };
			return outcome.result;
		}
		lastBody = outcome.body;
		const edge = { lastDay: window.toDate, keys: new Set<string>() };
		for (const transaction of (Array.isArray(outcome.body.transactions) ? outcome.body.transactions : []) as IDataObject[]) {
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
	const { keepWholeResponse } = this.getNodeParameter('options', itemIndex, {}) as { keepWholeResponse?: boolean };
	return { data: keepWholeResponse ? { ...lastBody, ...range, transactions: merged } : merged };
}
