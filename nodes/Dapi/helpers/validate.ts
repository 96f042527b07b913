import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';

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
export function readDate(this: IExecuteFunctions, itemIndex: number, name: string, label: string): string {
	const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof raw === 'string' ? raw.trim() : '';
	// The date picker hands over an ISO date-time; only its date part is meant.
	const date = /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
	if (dayNumber(date) === undefined) {
		throw inputError(
			this.getNode(),
			itemIndex,
			text === '' ? `${label} is empty` : `${label} is not a date in the form YYYY-MM-DD`,
			`Give ${label} as a real calendar date such as 2024-02-29 (Dapi takes dates as YYYY-MM-DD).`,
		);
	}
	return date;
}

/** From and To as Dapi wants them, checked to be in order. */
export function readDateRange(this: IExecuteFunctions, itemIndex: number): { fromDate: string; toDate: string } {
	const fromDate = readDate.call(this, itemIndex, 'fromDate', 'From Date');
	const toDate = readDate.call(this, itemIndex, 'toDate', 'To Date');
	if (dayNumber(fromDate)! > dayNumber(toDate)!) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'From Date is after To Date',
			`The range must run forward: From Date (${fromDate}) on or before To Date (${toDate}).`,
		);
	}
	return { fromDate, toDate };
}

/** A positive amount with at most two decimals, as a number (Dapi: "rounded to up to 2 decimal points"). */
export function readAmount(this: IExecuteFunctions, itemIndex: number, name = 'amount', label = 'Amount'): number {
	const raw = this.getNodeParameter(name, itemIndex, 0) as unknown;
	const amount = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`${label} must be a positive number`,
			`Give ${label} in the account's currency, greater than 0, e.g. 150.25.`,
		);
	}
	if (Math.abs(Math.round(amount * 100) - amount * 100) > 1e-6) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`${label} has more than 2 decimals`,
			`Dapi takes amounts rounded to at most 2 decimals; round ${label} first, e.g. with {{ $json.amount.toFixed(2) }}.`,
		);
	}
	return Math.round(amount * 100) / 100;
}

/** Address lines may not hold commas or special characters (Dapi's create-beneficiary rule). */
const ADDRESS_LINE = /^[A-Za-z0-9 .\-/]*$/;

export interface AddressLines {
	line1: string;
	line2: string;
	line3: string;
}

export function checkAddress(this: IExecuteFunctions, itemIndex: number, address: IDataObject): AddressLines {
	const lines = {} as AddressLines;
	for (const [key, label] of [
		['line1', 'Address Line 1 (street)'],
		['line2', 'Address Line 2 (city)'],
		['line3', 'Address Line 3 (country)'],
	] as const) {
		const value = typeof address[key] === 'string' ? (address[key] as string).trim() : '';
		if (!value) {
			throw inputError(this.getNode(), itemIndex, `${label} is empty`, 'Dapi needs all three address lines of the beneficiary.');
		}
		if (!ADDRESS_LINE.test(value)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`${label} contains commas or special characters`,
				'Dapi refuses commas and special characters in address lines; use letters, digits, spaces, ".", "-" and "/".',
			);
		}
		lines[key] = value;
	}
	return lines;
}
