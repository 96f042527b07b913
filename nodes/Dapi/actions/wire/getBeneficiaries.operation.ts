import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'wire',
	operation: 'getBeneficiaries',
	spec: { path: '/wire/beneficiaries/get' },
	field: 'beneficiaries',
	list: true,
});
