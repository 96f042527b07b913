import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Create Beneficiary',
	value: 'createBeneficiary',
	description: "Register a beneficiary in the user's bank",
	action: 'Create a beneficiary',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'payment',
	operation: 'createBeneficiary',
	spec: { path: '/payment/beneficiaries/create', sideEffect: 'beneficiary creation' },
	properties: beneficiaryProperties('payment', false),
	body(run, itemIndex) {
		return readBeneficiary(run, itemIndex, 'payment', false);
	},
});
