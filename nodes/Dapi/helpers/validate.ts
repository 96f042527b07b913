import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { NodeRun } from '../../shared/run';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since the Unix epoch of a real calendar date written YYYY-MM-DD, or undefined. */
export function dayNumber(date: string): number | undefined {
	const match = DATE.exec(date);
	if (!match) return undefined;
	const [year, month, day] = match.slice(1).map(Number);
	const time = Date.UTC(year, month - 1, day);
	const back = new Date(time);
	if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
		return undefined;
	}
	return time / DAY_MS;
}

export function dateOfDay(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Reads a date parameter that n8n may hand over as a date-time; Dapi wants YYYY-MM-DD. */
export function readDate(run: NodeRun, itemIndex: number, name: string, label: string): string {
	const raw = run.n8n.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof raw === 'string' ? raw.trim() : '';
	// The date picker hands over an ISO date-time; only its date part is meant.
	const date = /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
	if (dayNumber(date) === undefined) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			text === '' ? `${label} is empty` : `${label} is not a date in the form YYYY-MM-DD`,
			`Give ${label} as a real calendar date such as 2024-02-29 (Dapi takes dates as YYYY-MM-DD).`,
		);
	}
	return date;
}

/** From and To as Dapi wants them, checked to be in order. */
export function readDateRange(run: NodeRun, itemIndex: number): { fromDate: string; toDate: string } {
	const fromDate = readDate(run, itemIndex, 'fromDate', 'From Date');
	const toDate = readDate(run, itemIndex, 'toDate', 'To Date');
	if (dayNumber(fromDate)! > dayNumber(toDate)!) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'From Date is after To Date',
			`The range must run forward: From Date (${fromDate}) on or before To Date (${toDate}).`,
		);
	}
	return { fromDate, toDate };
}

/** Above this a typed amount is far more likely a slip (an account number, extra zeros) than a payment. */
export const MAX_AMOUNT = 1_000_000_000;

const PLAIN_DECIMAL = /^\d+(\.\d{1,2})?$/;

/**
 * A positive amount as a plain decimal with at most two decimals (Dapi: "rounded to up to 2 decimal
 * points"), at least 0.01 and at most MAX_AMOUNT, sent as a number. It is read from its decimal
 * text, so hex, exponents and values that would round to 0.00 are refused, never rounded.
 */
export function readAmount(run: NodeRun, itemIndex: number, name = 'amount', label = 'Amount'): number {
	const checked = checkAmount(run.n8n.getNodeParameter(name, itemIndex, '') as unknown, label);
	if (typeof checked !== 'number') throw inputError(run.n8n.getNode(), itemIndex, checked.message, checked.description);
	return checked;
}

/** The same rule for an amount from anywhere (a field, a list in an item): the number, or what is wrong. */
export function checkAmount(raw: unknown, label: string): number | { message: string; description: string } {
	const text =
		typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : 'NaN') : typeof raw === 'string' ? raw.trim() : '';
	const example = 'e.g. 150.25';
	if (text === '')
		return { message: `${label} is empty`, description: `Give ${label} in the account's currency, ${example}.` };
	if (!PLAIN_DECIMAL.test(text)) {
		const decimals = /^\d+\.\d{3,}$/.test(text);
		return decimals
			? {
					message: `${label} has more than 2 decimals`,
					description: `Dapi takes amounts rounded to at most 2 decimals; round ${label} first, e.g. with {{ $json.amount.toFixed(2) }}.`,
				}
			: {
					message: `${label} must be a plain positive number`,
					description: `Give ${label} as digits with at most 2 decimals, ${example}; signs, exponents (1e3), hex and other text are refused.`,
				};
	}
	const amount = Number(text);
	if (amount < 0.01 || amount > MAX_AMOUNT) {
		return {
			message:
				amount < 0.01 ? `${label} must be at least 0.01` : `${label} is above ${MAX_AMOUNT.toLocaleString('en-US')}`,
			description: `Give ${label} from 0.01 to ${MAX_AMOUNT.toLocaleString('en-US')} in the account's currency, ${example}.`,
		};
	}
	return amount;
}

/**
 * Address lines hold letters (any script), digits and spaces only: Dapi says "no commas or special
 * characters" (docs/dapi-contract.md, "Field rules").
 */
export const ADDRESS_LINE = /^[\p{L}\p{N} ]+$/u;

export interface AddressLines {
	line1: string;
	line2: string;
	line3: string;
}

export function checkAddress(run: NodeRun, itemIndex: number, address: IDataObject): AddressLines {
	const lines = {} as AddressLines;
	for (const [key, label] of [
		['line1', 'Address Line 1 (street)'],
		['line2', 'Address Line 2 (city)'],
		['line3', 'Address Line 3 (country)'],
	] as const) {
		const value = typeof address[key] === 'string' ? (address[key] as string).trim() : '';
		if (!value) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				`${label} is empty`,
				'Dapi needs all three address lines of the beneficiary.',
			);
		}
		if (!ADDRESS_LINE.test(value)) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				`${label} contains commas or special characters`,
				'Dapi refuses commas and special characters in address lines; use only letters, digits and spaces (e.g. "Villa 12B Maryam Street").',
			);
		}
		lines[key] = value;
	}
	return lines;
}
