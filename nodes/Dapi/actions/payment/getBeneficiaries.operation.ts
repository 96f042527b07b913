import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'payment',
	operation: 'getBeneficiaries',
	spec: { path: '/payment/beneficiaries/get' },
	field: 'beneficiaries',
	list: true,
});
