import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import { readDateRange } from '../../helpers/validate';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Batch Transfers',
	description: 'List the batches made between two dates, with their stage',
	action: 'Get batch transfers',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/batch/transfers/get'),
	field: 'transfers',
	list: true,
	properties: [
		{
			displayName: 'From Date',
			name: 'fromDate',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'YYYY-MM-DD',
			description: 'First day the batches were made, as YYYY-MM-DD',
		},
		{
			displayName: 'To Date',
			name: 'toDate',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'YYYY-MM-DD',
			description: 'Last day, as YYYY-MM-DD, on or after From Date',
		},
	],
	body(run, itemIndex) {
		return readDateRange(run, itemIndex);
	},
});
