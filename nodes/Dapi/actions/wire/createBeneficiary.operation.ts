import { endpointSpec } from '../../../shared/endpointTable';
import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Create Beneficiary',
	description: "Register a wire beneficiary in the user's bank",
	action: 'Create a wire beneficiary',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/wire/beneficiaries/create'),
	properties: beneficiaryProperties('wire', false),
	body(run, itemIndex) {
		return readBeneficiary(run, itemIndex, 'wire', false);
	},
});
