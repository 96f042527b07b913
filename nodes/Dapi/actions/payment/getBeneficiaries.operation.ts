import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Beneficiaries',
	value: 'getBeneficiaries',
	description: "List the user's beneficiaries",
	action: 'Get beneficiaries',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'payment',
	operation: 'getBeneficiaries',
	spec: { path: '/payment/beneficiaries/get' },
	field: 'beneficiaries',
	list: true,
});
