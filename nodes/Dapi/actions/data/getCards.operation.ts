import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getCards',
	spec: { path: '/data/cards/get' },
	field: 'cards',
	list: true,
});
