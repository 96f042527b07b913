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
 * An item's parameter exactly as `getNodeParameter` gives it, read from the item where it maps a text field
 * as it is (`={{ $json.<field> }}`) or is a fixed value: n8n's isolate costs ~0.4 ms per expression
 * (docs/performance.md). Anything else goes to n8n, which evaluates it and reports its errors.
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
