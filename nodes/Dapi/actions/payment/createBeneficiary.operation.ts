import { beneficiaryProperties, readBeneficiary } from '../../helpers/beneficiary';
import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'payment',
	operation: 'createBeneficiary',
	spec: { path: '/payment/beneficiaries/create', changes: 'beneficiary creation' },
	properties: beneficiaryProperties('payment', false),
	body(itemIndex) {
		return readBeneficiary.call(this, itemIndex, 'payment', false);
	},
});
