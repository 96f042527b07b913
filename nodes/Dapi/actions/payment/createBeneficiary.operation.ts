import { endpointSpec } from '../../../shared/endpointTable';
import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Create Beneficiary',
	description: "Register a beneficiary in the user's bank",
	action: 'Create a beneficiary',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/payment/beneficiaries/create'),
	properties: beneficiaryProperties('payment', false),
	body(run, itemIndex) {
		return readBeneficiary(run, itemIndex, 'payment', false);
	},
});
