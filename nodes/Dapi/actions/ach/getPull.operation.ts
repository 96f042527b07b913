import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Pull',
	value: 'getPull',
	description: 'Get the latest ACH pull and its status',
	action: 'Get an ACH pull',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'ach',
	operation: 'getPull',
	spec: { path: '/ach/pull/get' },
	field: 'transfer',
	list: false,
});
