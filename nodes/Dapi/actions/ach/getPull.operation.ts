import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'ach',
	operation: 'getPull',
	spec: { path: '/ach/pull/get' },
	field: 'transfer',
	list: false,
});
