import type { INodeParameterResourceLocator } from 'n8n-workflow';
import type { NodeRun } from './run';

/** `={{ $json.accessToken }}`: the mapping n8n's editor writes when a field of the input item is dragged in. */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/;

/** Names n8n's expression engine refuses to read (n8n-workflow's unsafeObjectProperties); n8n reports them. */
const REFUSED_BY_N8N = new Set([
	'prototype',
	'constructor',
	'getPrototypeOf',
	'setPrototypeOf',
	'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors',
	'defineProperty',
	'defineProperties',
	'mainModule',
	'binding',
	'prepareStackTrace',
	'caller',
	'callee',
	'arguments',
	'getBuiltinModule',
	'dlopen',
	'execve',
	'loadEnvFile',
]);

/**
 * The value of one of an item's parameters, exactly as `getNodeParameter` gives it, at a fraction of
 * the cost where the parameter maps a text field of the item as it is, `={{ $json.<field> }}`.
 *
 * n8n 2.x evaluates every expression in an isolate, about 0.4 ms of CPU each; for a node that reads
 * three such fields per item that was most of its CPU. For that one mapping, n8n's answer is the
 * field of the current input item, so when the field is a string it is read from the item here
 * (n8n's `$json` is the node's input item at this index). A fixed value (a text that is not an
 * expression, a number, a true/false) is n8n's answer as it is: n8n would only check it against the
 * parameter's `validateType`, which none of this package's parameters declare (a test keeps it so),
 * after looking the parameter up among all the node's properties and their display rules, about
 * 25 µs per read here; the token source alone was read that way for every item before the first call.
 * Anything else (any other expression, a field that is missing or not a string, a name n8n refuses,
 * a picker's value) is left to n8n, which evaluates it and reports its errors as always.
 */
export function getItemParameter(
	run: NodeRun,
	name: string,
	itemIndex: number,
	fallback: unknown,
	options?: { extractValue?: boolean },
): unknown {
	const raw = run.n8n.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true }) as unknown;
	if (!options?.extractValue && isFixed(raw)) return raw;
	const value = itemFieldOf(run, options?.extractValue ? locatorValue(raw) : raw, itemIndex);
	return value ?? run.n8n.getNodeParameter(name, itemIndex, fallback, options);
}

const isFixed = (raw: unknown): raw is string | number | boolean =>
	(typeof raw === 'string' && !raw.startsWith('=')) || typeof raw === 'number' || typeof raw === 'boolean';

/** The expression of a picker whose modes take the ID as it is (From List, By ID); URL modes go to n8n. */
function locatorValue(raw: unknown): unknown {
	if (typeof raw !== 'object' || raw === null) return raw;
	const locator = raw as INodeParameterResourceLocator;
	return locator.__rl === true && (locator.mode === 'id' || locator.mode === 'list') ? locator.value : undefined;
}

function itemFieldOf(run: NodeRun, raw: unknown, itemIndex: number): string | undefined {
	const field = typeof raw === 'string' ? ITEM_FIELD.exec(raw)?.[1] : undefined;
	if (field === undefined || REFUSED_BY_N8N.has(field)) return undefined;
	const json = run.n8n.getInputData()[itemIndex]?.json;
	if (!json || !Object.prototype.hasOwnProperty.call(json, field)) return undefined;
	const value = json[field];
	return typeof value === 'string' ? value : undefined;
}
