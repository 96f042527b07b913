import { endpointSpec } from '../../../shared/endpointTable';
import { requiredText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Batch Items',
	description: "Get a batch's stage and the status of each of its transfers",
	action: 'Get batch items',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/batch/items/get'),
	field: 'transfers',
	list: false,
	properties: [
		{
			displayName: 'Batch Reference',
			name: 'reference',
			type: 'string',
			required: true,
			default: '',
			description: "The batch's reference, from Create Batch Transfer (details.reference) or Get Batch Transfers",
		},
	],
	body(run, itemIndex) {
		return {
			reference: requiredText(
				run,
				itemIndex,
				'reference',
				'Batch Reference',
				"Map the batch's reference from Create Batch Transfer or Get Batch Transfers.",
			),
		};
	},
});
