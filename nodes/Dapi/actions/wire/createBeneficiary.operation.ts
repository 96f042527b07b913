import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'createBeneficiary',
	spec: { path: '/wire/beneficiaries/create', changes: 'wire beneficiary creation' },
	properties: beneficiaryProperties('wire', false),
	body(itemIndex) {
		return readBeneficiary.call(this, itemIndex, 'wire', false);
	},
});
