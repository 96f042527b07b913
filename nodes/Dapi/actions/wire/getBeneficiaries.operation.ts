import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Beneficiaries',
	value: 'getBeneficiaries',
	description: "List the user's wire beneficiaries",
	action: 'Get wire beneficiaries',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'getBeneficiaries',
	spec: { path: '/wire/beneficiaries/get' },
	field: 'beneficiaries',
	list: true,
});
