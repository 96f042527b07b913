import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Beneficiaries',
	description: "List the user's beneficiaries",
	action: 'Get beneficiaries',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/payment/beneficiaries/get'),
	field: 'beneficiaries',
	list: true,
});
