import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Accounts',
	value: 'getAccounts',
	description: "List the user's bank accounts",
	action: 'Get accounts',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getAccounts',
	spec: { path: '/data/accounts/get' },
	field: 'accounts',
	list: true,
});
