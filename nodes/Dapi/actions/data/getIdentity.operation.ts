import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Identity',
	description: "Get the account holder's identity",
	action: 'Get identity',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/data/identity/get'),
	field: 'identity',
	list: false,
});
