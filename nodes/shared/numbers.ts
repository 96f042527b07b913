import { inputError } from './errors';
import type { NodeRun } from './run';

export interface WholeNumberRule {
	label: string;
	min: number;
	max: number;
	/** What the number means, for the error's advice, e.g. "milliseconds". */
	unit?: string;
}

/**
 * A whole number from a parameter or option, or undefined when it was not given. Anything else
 * (text, NaN from an expression, fractions, out of range) fails the item: a NaN compares false with
 * every bound, so an unchecked one would switch the check it feeds off.
 */
export function readWholeNumber(
	run: NodeRun,
	itemIndex: number,
	value: unknown,
	rule: WholeNumberRule,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < rule.min || number > rule.max) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`${rule.label} must be a whole number from ${rule.min} to ${rule.max}`,
			`${rule.label} was ${describe(value)}. Give a whole number${rule.unit ? ` of ${rule.unit}` : ''} from ${rule.min} to ${rule.max}, or remove the option to use its default.`,
		);
	}
	return number;
}

function describe(value: unknown): string {
	if (typeof value === 'number') return Number.isNaN(value) ? 'not a number (NaN)' : String(value);
	if (typeof value === 'string') return value.length > 20 ? 'a long text' : `"${value}"`;
	return `a ${typeof value}`;
}
