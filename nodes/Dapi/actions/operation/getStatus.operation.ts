import { requiredText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';

// The newest docs' /operation/get names the app (appKey); the older SDKs' /operation/status does not.
export const { spec, description, execute } = dapiOperation({
	resource: 'operation',
	operation: 'getStatus',
	spec: { path: '/operation/get', appLevel: true, withAppKey: true },
	properties: [
		{
			displayName: 'Operation ID',
			name: 'operationID',
			type: 'string',
			required: true,
			default: '',
			description: 'The operationID of the call to check, e.g. a transfer whose answer was lost',
		},
	],
	body(itemIndex) {
		return {
			operationID: requiredText.call(this, itemIndex, 'operationID', 'Operation ID', 'Map the operationID of the call you want to check.'),
		};
	},
});
