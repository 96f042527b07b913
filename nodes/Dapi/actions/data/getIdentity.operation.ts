import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getIdentity',
	spec: { path: '/data/identity/get' },
	field: 'identity',
	list: false,
});
