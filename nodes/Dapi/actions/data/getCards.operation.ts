import { endpointSpec } from '../../../shared/endpointTable';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Cards',
	description: "List the user's cards",
	action: 'Get cards',
};

export const { spec, description, execute } = dapiOperation({
	spec: endpointSpec('/data/cards/get'),
	field: 'cards',
	list: true,
});
