/** Shared fixtures for engine tests: a simulator per test file and the credentials pointing at it. */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useSimulator } from './simulator';
import type { TestNode } from './engine';
import { NODE_TYPES, chainWorkflow, runWorkflow } from './engine';

export const APP_SECRET = 'sim-app-secret-for-engine-tests';
export const APP_KEY = 'sim-app-key-for-engine-tests';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export async function startTestSimulator(options: { latencyMs?: number } = {}): Promise<Simulator> {
	return await startSimulator({ port: 0, appSecret: APP_SECRET, appKey: APP_KEY, ...options });
}

export function appCredentials(sim: Simulator, appSecret = APP_SECRET): Record<string, ICredentialDataDecryptedObject> {
	return { dapiApi: { appSecret, appKey: APP_KEY, baseUrl: sim.baseUrl } };
}

export const DAPI_API_CREDENTIAL = { dapiApi: { id: 'cred-app', name: 'Dapi API' } };
export const DAPI_CONNECTION_CREDENTIAL = { dapiConnectionApi: { id: 'cred-conn', name: 'Dapi Connection' } };

export function exchangeNode(parameters: INodeParameters = {}, extra: Partial<TestNode> = {}): TestNode {
	return {
		name: 'Exchange',
		type: NODE_TYPES.dapi,
		parameters: { resource: 'auth', operation: 'exchangeAccessCode', ...parameters },
		credentials: DAPI_API_CREDENTIAL,
		...extra,
	};
}

export function requestNode(parameters: INodeParameters = {}, extra: Partial<TestNode> = {}): TestNode {
	const fromCredential = parameters.tokenSource === 'credential';
	return {
		name: 'Request',
		type: NODE_TYPES.dapiRequest,
		parameters: { endpoint: '/data/accounts/get', ...parameters },
		credentials: fromCredential ? DAPI_CONNECTION_CREDENTIAL : DAPI_API_CREDENTIAL,
		...extra,
	};
}

/** Every string in a value, flattened, to search for leaked secrets. */
export function allText(value: unknown): string {
	return JSON.stringify(value, (_key, v) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
}

/** A Dapi node for one operation; token from item fields unless `tokenSource` says otherwise. */
export function dapiNode(
	resource: string,
	operation: string,
	parameters: INodeParameters = {},
	extra: Partial<TestNode> = {},
): TestNode {
	const fromCredential = parameters.tokenSource === 'credential';
	return {
		name: 'Dapi',
		type: NODE_TYPES.dapi,
		parameters: { resource, operation, ...parameters },
		credentials: fromCredential ? DAPI_CONNECTION_CREDENTIAL : DAPI_API_CREDENTIAL,
		...extra,
	};
}

export interface Connection {
	accessToken: string;
	userSecret: string;
	connectionID: string;
	userID: string;
	tokenID: string;
}

/** Exchanges a fresh Connect result of the user through the Dapi node and returns its output item. */
export async function connect(sim: Simulator, userID?: string): Promise<Connection> {
	const result = await runWorkflow(chainWorkflow([sim.connect(userID)], [exchangeNode()]), appCredentials(sim));
	const error = result.error();
	if (error) throw error;
	return result.output('Exchange')[0].json as unknown as Connection;
}

export type ConnectedUser = Connection & { accountID: string };

/** A fresh connection of each of the first `count` seeded users, with the ID of its first account. */
export async function connectSeeded(sim: Simulator, count: number): Promise<ConnectedUser[]> {
	const users: ConnectedUser[] = [];
	for (const seeded of sim.users().slice(0, count)) {
		users.push({ ...(await connect(sim, seeded.userID)), accountID: seeded.accounts[0].id });
	}
	return users;
}

/** Whether calls on different tokens ran at the same time, by the simulator's request log. */
export function overlapAcrossTokens(sim: Simulator): boolean {
	const calls = sim.requests();
	return calls.some((a) =>
		calls.some((b) => a.token !== b.token && a.startedAt < b.endedAt! && b.startedAt < a.endedAt!),
	);
}

/** The request log entries of one Dapi path (e.g. /data/balance/get), newest last. */
export function callsTo(sim: Simulator, path: string) {
	return sim.requests().filter((entry) => entry.path === `/v2${path}`);
}

/** The file's simulator with the app secret and key the engine tests' credentials carry. */
export function useDapiSimulator(options: { latencyMs?: number } = {}): Simulator {
	return useSimulator({ appSecret: APP_SECRET, appKey: APP_KEY, ...options }, { clearLogBeforeEach: true });
}
