import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Create Beneficiary',
	value: 'createBeneficiary',
	description: "Register a wire beneficiary in the user's bank",
	action: 'Create a wire beneficiary',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'createBeneficiary',
	spec: { path: '/wire/beneficiaries/create', sideEffect: 'wire beneficiary creation' },
	properties: beneficiaryProperties('wire', false),
	body(run, itemIndex) {
		return readBeneficiary(run, itemIndex, 'wire', false);
	},
});
