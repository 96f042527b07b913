import { endpointSpec } from '../../../shared/endpointTable';
import { accountOrCardProperties, readAccountOrCard } from '../../helpers/fields';
import { getItemParameter } from '../../../shared/itemParameter';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Balance',
	description: 'Get the balance of an account or a card',
	action: 'Get balance',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/data/balance/get'),
	field: 'balance',
	list: false,
	properties: accountOrCardProperties({ name: 'balanceOf', displayName: 'Balance Of' }),
	body(run, itemIndex) {
		return readAccountOrCard(run, itemIndex, getItemParameter(run, 'balanceOf', itemIndex, undefined) === 'card');
	},
});
