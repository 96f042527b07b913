import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Identity',
	value: 'getIdentity',
	description: "Get the account holder's identity",
	action: 'Get identity',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getIdentity',
	spec: { path: '/data/identity/get' },
	field: 'identity',
	list: false,
});
