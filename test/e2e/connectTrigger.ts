import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

/** A Dapi Connect Trigger node for a workflow made through n8n's API. */
export function connectTriggerNode(
	webhookId: string,
	parameters: IDataObject,
	credential: { id: string; name: string },
) {
	return {
		id: randomUUID(),
		name: 'Dapi Connect Trigger',
		type: 'n8n-nodes-dapi.dapiConnectTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters,
		credentials: { dapiApi: credential },
	};
}
