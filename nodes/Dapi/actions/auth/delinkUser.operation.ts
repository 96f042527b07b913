import { endpointSpec } from '../../../shared/endpointTable';
import { inputError } from '../../../shared/errors';
import { endpointProblem } from '../../../shared/endpoint';
import { dapiOperation } from '../../helpers/operation';
import type { OperationOption } from '../types';

export const option: OperationOption = {
	name: 'Delink User',
	description: 'Revoke the access token; the user must connect again afterwards',
	action: 'Delink user',
};

/**
 * The SDKs disagree on Delink's path (/users/DelinkUser in the Connect SDK types, /users/delinkuser in
 * Go and Node, /data/DelinkUser in PHP) and no docs page was found; the most recent source's spelling
 * is the default, and the user can override it.
 */
export const DELINK_DEFAULT_PATH = '/users/DelinkUser';

const operation = dapiOperation({
	spec: endpointSpec(DELINK_DEFAULT_PATH),
	properties: [
		{
			displayName: 'Path',
			name: 'delinkPath',
			type: 'string',
			default: DELINK_DEFAULT_PATH,
			description:
				"Delink's path relative to the Base URL. Dapi's SDKs spell it differently (/users/DelinkUser, /users/delinkuser, /data/DelinkUser); change it only if your Dapi answers 404.",
		},
	],
});

export const { spec, description } = operation;

export const execute: typeof operation.execute = async function (run, itemIndex) {
	const path = (run.n8n.getNodeParameter('delinkPath', itemIndex, DELINK_DEFAULT_PATH) as string).trim();
	const problem = endpointProblem(path);
	if (problem) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`Path is not allowed: ${problem}`,
			`Use ${DELINK_DEFAULT_PATH} unless Dapi tells you otherwise.`,
		);
	}
	return await operation.executeOnPath(run, itemIndex, { ...spec, path });
};
