import { dapiOperation } from '../../helpers/operation';

// Dapi's "unified version of the getAccounts and getBalance endpoints": each account with its balance.
export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getCompleteAccounts',
	spec: { path: '/data/completeAccounts/get' },
	field: 'accounts',
	list: true,
});
