import { accountOrCardProperties, readAccountOrCard } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'data',
	operation: 'getBalance',
	spec: { path: '/data/balance/get' },
	field: 'balance',
	list: false,
	properties: accountOrCardProperties({ name: 'balanceOf', displayName: 'Balance Of' }),
	body(itemIndex) {
		return readAccountOrCard.call(this, itemIndex, this.getNodeParameter('balanceOf', itemIndex) === 'card');
	},
});
