import type { IExecuteFunctions } from 'n8n-workflow';

import { remembered } from './remembered';

/**
 * Wraps a read of an item's parameters so that it runs once per item and node run: evaluating n8n
 * expressions is the costliest step of an item, and several parts of its run ask for the same values.
 */
export function oncePerItem<T>(
	read: (this: IExecuteFunctions, itemIndex: number) => T,
): (this: IExecuteFunctions, itemIndex: number) => T {
	const runs = new WeakMap<object, Map<number, T>>();
	return function (this: IExecuteFunctions, itemIndex: number): T {
		const byItem = remembered(runs, this, () => new Map<number, T>());
		if (!byItem.has(itemIndex)) byItem.set(itemIndex, read.call(this, itemIndex));
		return byItem.get(itemIndex) as T;
	};
}
