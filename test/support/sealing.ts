/** Sealed connections in engine tests: the Dapi API credential with sealing keys, and a sealed exchange. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { APP_KEY, APP_SECRET, exchangeNode, type Simulator } from './dapi';
import { chainWorkflow, runWorkflow } from './engine';

export const SEALING_SECRET = 'engine-test-sealing-secret-0123456789abcdef';
export const NEW_SEALING_SECRET = 'engine-test-rotated-sealing-secret-9876543210';

/** The Dapi API credential with sealing keys (by default the Connection Sealing Key SEALING_SECRET). */
export function sealingCredentials(
	sim: Simulator,
	sealing: IDataObject = { sealingSecret: SEALING_SECRET },
): Record<string, ICredentialDataDecryptedObject> {
	return { dapiApi: { appSecret: APP_SECRET, appKey: APP_KEY, baseUrl: sim.baseUrl, ...sealing } };
}

/** Node parameters with Token Source: Sealed Connection. */
export const sealed = (parameters: IDataObject = {}) => ({ tokenSource: 'sealed', ...parameters });

/** Exchanges a fresh Connect result of the user with Output: Sealed Connection; the Connect result and the item. */
export async function sealedExchange(sim: Simulator, userID?: string) {
	const connect = sim.connect(userID);
	const run = await runWorkflow(
		chainWorkflow([connect], [exchangeNode({ output: 'sealed' })]),
		sealingCredentials(sim),
	);
	const error = run.error();
	if (error) throw error;
	return { connect, item: run.output('Exchange')[0].json };
}
