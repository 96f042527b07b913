import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Batch Metadata',
	description: "Get the bank's batch limits: transfers per batch, total amounts, file name length",
	action: 'Get batch metadata',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/batch/metadata/get'),
	field: 'metadata',
	list: false,
});
