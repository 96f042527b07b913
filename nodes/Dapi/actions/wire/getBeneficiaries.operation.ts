import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Beneficiaries',
	description: "List the user's wire beneficiaries",
	action: 'Get wire beneficiaries',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/wire/beneficiaries/get'),
	field: 'beneficiaries',
	list: true,
});
