import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getAccounts',
	spec: { path: '/data/accounts/get' },
	field: 'accounts',
	list: true,
});
