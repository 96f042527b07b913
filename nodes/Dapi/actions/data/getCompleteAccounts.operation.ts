import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Complete Accounts',
	description: "List the user's accounts with their balances",
	action: 'Get complete accounts',
};

// Dapi's "unified version of the getAccounts and getBalance endpoints": each account with its balance.
export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/data/completeAccounts/get'),
	field: 'accounts',
	list: true,
});
