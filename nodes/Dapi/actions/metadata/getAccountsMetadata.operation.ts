import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Accounts Metadata',
	description: "Get the bank's rules: transaction range, beneficiary cool-down, transfer bounds",
	action: 'Get accounts metadata',
};

// Bank facts such as transactionRange and beneficiaryCoolDownPeriod; Dapi never asks for MFA here.
export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/metadata/accounts/get'),
	field: 'accountsMetadata',
	list: false,
});
