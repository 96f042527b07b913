/**
 * One table of examples for Dapi's field rules (docs/dapi-contract.md, "Field rules"), held against both the
 * nodes' checks and the simulator's: where they disagree, one of them misreads the contract.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { checkAddress, dayNumber, readAmount } from '../../nodes/Dapi/helpers/validate';
import { Run, type NodeRun } from '../../nodes/shared/run';

// The simulator is plain CommonJS; its rules are used as they are.
const { ADDRESS_LINE } = require('../../simulator/transfers') as { ADDRESS_LINE: RegExp };
const { parseDay } = require('../../simulator/dates') as { parseDay: (value: string) => number | null };
const { requiredAmount } = require('../../simulator/params') as { requiredAmount: (body: object) => number };

const ADDRESS_LINES: Array<[string, boolean]> = [
	['Maryam Street 12', true],
	['Abu Dhabi', true],
	['United Arab Emirates', true],
	['شارع مريم ١٢', true],
	['Villa 12B', true],
	['Villa 12/B', false],
	['Street, Dubai', false],
	['St. Maryam', false],
	['Al-Reem Island', false],
	['Unit #4', false],
	['Line & more', false],
	['tab\there', false],
];

const DATES: Array<[string, boolean]> = [
	['2024-02-29', true],
	['2023-02-28', true],
	['1999-12-31', true],
	['2023-02-29', false],
	['2024-13-01', false],
	['2024-1-01', false],
	['24-01-01', false],
	['2024-01-01T00:00:00Z', false],
	['2024/01/01', false],
	[' 2024-01-01', false],
];

/** Amounts as a JSON number would carry them. */
const AMOUNTS: Array<[number, boolean]> = [
	[0.01, true],
	[1, true],
	[150.25, true],
	[999999.99, true],
	[0, false],
	[-1, false],
	[12.345, false],
	[0.001, false],
	[Number.NaN, false],
];

/** A run over just enough of n8n's execute context for the nodes' pure checks. */
function context(parameters: Record<string, unknown>): NodeRun {
	return new Run({
		getNode: () => ({
			name: 'Dapi',
			type: 'n8n-nodes-dapi.dapi',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			id: 'n',
		}),
		getNodeParameter: (name: string) => parameters[name],
	} as unknown as IExecuteFunctions);
}

const nodeAccepts = (check: () => unknown) => {
	try {
		check();
		return true;
	} catch {
		return false;
	}
};

describe('address lines', () => {
	it.each(ADDRESS_LINES)('%p: valid = %p for the node and the simulator', (line, valid) => {
		const lines = { line1: line, line2: 'Abu Dhabi', line3: 'United Arab Emirates' };
		expect(nodeAccepts(() => checkAddress(context({}), 0, lines))).toBe(valid);
		expect(ADDRESS_LINE.test(line)).toBe(valid);
	});
});

describe('dates', () => {
	it.each(DATES)('%p: valid = %p for the node and the simulator', (date, valid) => {
		expect(dayNumber(date) !== undefined).toBe(valid);
		expect(parseDay(date) !== null).toBe(valid);
	});

	it('both count the same days', () => {
		for (const [date, valid] of DATES) if (valid) expect(dayNumber(date)).toBe(parseDay(date));
	});
});

describe('amounts', () => {
	it.each(AMOUNTS)('%p: valid = %p for the node and the simulator', (amount, valid) => {
		expect(nodeAccepts(() => readAmount(context({ amount }), 0))).toBe(valid);
		expect(nodeAccepts(() => requiredAmount({ amount }))).toBe(valid);
	});
});
