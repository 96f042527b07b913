import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Complete Accounts',
	value: 'getCompleteAccounts',
	description: "List the user's accounts with their balances",
	action: 'Get complete accounts',
};

// Dapi's "unified version of the getAccounts and getBalance endpoints": each account with its balance.
export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getCompleteAccounts',
	spec: { path: '/data/completeAccounts/get' },
	field: 'accounts',
	list: true,
});
