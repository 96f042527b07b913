import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Accounts',
	description: "List the user's bank accounts",
	action: 'Get accounts',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/data/accounts/get'),
	field: 'accounts',
	list: true,
});
