import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Pull',
	description: 'Get the latest ACH pull and its status',
	action: 'Get an ACH pull',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/ach/pull/get'),
	field: 'transfer',
	list: false,
});
