import { dapiOperation } from '../../helpers/operation';

export const { spec, description, execute } = dapiOperation({
	resource: 'batch',
	operation: 'getMetadata',
	spec: { path: '/batch/metadata/get' },
	field: 'metadata',
	list: false,
});
