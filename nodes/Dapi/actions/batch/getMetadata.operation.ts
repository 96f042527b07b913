import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../registry';

/** The operation's entry in the node's Operation picker. */
export const option: OperationOption = {
	name: 'Get Batch Metadata',
	value: 'getMetadata',
	description: "Get the bank's batch limits: transfers per batch, total amounts, file name length",
	action: 'Get batch metadata',
};

export const { spec, description, execute } = dapiOperation({
	resource: 'batch',
	operation: 'getMetadata',
	spec: { path: '/batch/metadata/get' },
	field: 'metadata',
	list: false,
});
