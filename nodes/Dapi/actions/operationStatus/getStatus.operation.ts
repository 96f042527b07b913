import { endpointSpec } from '../../../shared/endpointTable';
import { requiredText } from '../../helpers/fields';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Get Status',
	description: 'Check how a Dapi operation ended, e.g. a transfer whose answer was lost',
	action: 'Get operation status',
};

// The newest docs' /operation/get names the app (appKey); the Node and Go SDKs' /operation/status
// {operationID, appSecret} does not, and serves a credential without an App Key.
// Its status is the checked operation's: a transfer that failed is this call's answer, not its error.
const operation = dapiOperation({
	spec: endpointSpec('/operation/get'),
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
	body(run, itemIndex) {
		return {
			operationID: requiredText(
				run,
				itemIndex,
				'operationID',
				'Operation ID',
				'Map the operationID of the call you want to check.',
			),
		};
	},
});

export const { spec, description } = operation;

const SDK_STATUS_SPEC = endpointSpec('/operation/status');

export const execute: typeof operation.execute = async function (run, itemIndex) {
	const { appKey } = await run.credentials('dapiApi', itemIndex);
	const named = typeof appKey === 'string' && appKey.trim() !== '';
	return await operation.executeOnPath(run, itemIndex, named ? spec : SDK_STATUS_SPEC);
};
