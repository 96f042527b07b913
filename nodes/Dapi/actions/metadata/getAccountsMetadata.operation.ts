import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Accounts Metadata',
	value: 'getAccountsMetadata',
	description: "Get the bank's rules: transaction range, beneficiary cool-down, transfer bounds",
	action: 'Get accounts metadata',
};

// Bank facts such as transactionRange and beneficiaryCoolDownPeriod; Dapi never asks for MFA here.
export const { spec, description, execute } = dapiOperation({
	resource: 'metadata',
	operation: 'getAccountsMetadata',
	spec: { path: '/metadata/accounts/get' },
	field: 'accountsMetadata',
	list: false,
});
