import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Cards',
	value: 'getCards',
	description: "List the user's cards",
	action: 'Get cards',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getCards',
	spec: { path: '/data/cards/get' },
	field: 'cards',
	list: true,
});
