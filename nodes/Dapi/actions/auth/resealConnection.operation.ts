import type { INodeProperties } from 'n8n-workflow';

import { openSealedValue } from '../../../shared/connection';
import { inputError } from '../../../shared/errors';
import type { ItemResult } from '../../../shared/itemLoop';
import { getItemParameter } from '../../../shared/itemParameter';
import { sealConnection } from '../../../shared/seal';
import type { EndpointSpec } from '../../../shared/endpointTable';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Reseal Connection',
	description:
		'Seal a sealed connection again with the current Connection Sealing Key, after a key rotation (no Dapi call)',
	action: 'Reseal a sealed connection',
};

/** No Dapi call: the value is opened and sealed again inside n8n. */
export const spec: EndpointSpec = { path: '', appLevel: true };

export const description: INodeProperties[] = [
	{
		displayName: 'Sealed Connection',
		name: 'sealedConnection',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.sealedConnection }}',
		description: 'The sealed connection to seal again, e.g. a column of your connection store',
	},
];

/**
 * After a key rotation (new Connection Sealing Key, old one as Previous Sealing Key): opens a
 * sealed connection with either key and seals it with the current one, so the old key can go.
 */
export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const keys = await run.sealingKeys(itemIndex);
	const connection = openSealedValue(run, itemIndex, getItemParameter(run, 'sealedConnection', itemIndex, ''), keys);
	if (!keys.current) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'The Dapi API credential has no Connection Sealing Key',
			'Re-sealing seals with the Connection Sealing Key: set the new key there and the old one as Previous Sealing Key.',
		);
	}
	return {
		data: {
			sealedConnection: sealConnection(connection, keys.current),
			connectionID: connection.connectionID,
			sealedWith: keys.current.id,
		},
	};
}
