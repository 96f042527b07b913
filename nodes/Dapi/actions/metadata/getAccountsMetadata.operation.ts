import { dapiOperation } from '../../helpers/operation';

// Bank facts such as transactionRange and beneficiaryCoolDownPeriod; Dapi never asks for MFA here.
export const { spec, description, execute } = dapiOperation({
	resource: 'metadata',
	operation: 'getAccountsMetadata',
	spec: { path: '/metadata/accounts/get' },
	field: 'accountsMetadata',
	list: false,
});
