import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { unsealConnection, type ConnectionSecrets, type CredentialKeys, type UnsealProblem } from './seal';
import type { UserAuth } from './transport';
import { getItemParameter } from './itemParameter';
import type { NodeRun, Run } from './run';

/** The token sources a user-scoped call can choose; 'sealed' is opened into 'fields' before the call. */
export type TokenSource = UserAuth['source'] | 'sealed';

const tokenSources = [
	{
		name: 'Item Fields',
		value: 'fields',
		description: 'Access token and user secret from the incoming item, e.g. the output of Exchange Access Code',
	},
	{
		name: 'Sealed Connection',
		value: 'sealed',
		description:
			"One sealed value from the incoming item (e.g. a stored row), opened with the Dapi API credential's sealing key",
	},
	{
		name: 'Dapi Connection Credential',
		value: 'credential',
		description: 'A stored connection: one bank user whose token and secret live in a credential',
	},
	{
		name: 'None (App-Level Call)',
		value: 'none',
		description: 'Only the app secret is sent, e.g. for /auth/ExchangeToken or /operation/get',
	},
];

/** How a node gets the user's access token and user secret; shared by every user-scoped call. */
export function tokenSourceProperty(allowAppLevel: boolean): INodeProperties {
	return {
		displayName: 'Token Source',
		name: 'tokenSource',
		type: 'options',
		noDataExpression: true,
		options: allowAppLevel ? tokenSources : tokenSources.filter((source) => source.value !== 'none'),
		default: 'fields',
	};
}

export const tokenFieldProperties: INodeProperties[] = [
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.accessToken }}',
		description: 'The permanent access token of the bank connection, from Exchange Access Code',
		displayOptions: { show: { tokenSource: ['fields'] } },
	},
	{
		displayName: 'User Secret',
		name: 'userSecret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.userSecret }}',
		description: 'The user secret that Dapi Connect returned with the connection',
		displayOptions: { show: { tokenSource: ['fields'] } },
	},
	{
		displayName: 'Sealed Connection',
		name: 'sealedConnection',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.sealedConnection }}',
		description:
			'The sealed connection (dapi.sealed.v1…) from the Dapi Connect Trigger or Exchange Access Code, e.g. a column of your connection store',
		displayOptions: { show: { tokenSource: ['sealed'] } },
	},
];

/** The error type of an item whose sealed connection cannot be opened (a store can mark such rows). */
export const INVALID_SEALED_CONNECTION = 'INVALID_SEALED_CONNECTION';

const UNSEAL_PROBLEMS: Record<UnsealProblem, { message: string; description: string }> = {
	empty: {
		message: 'Sealed Connection is empty',
		description:
			'Map the sealed connection of this customer, for example {{ $json.sealedConnection }} from your connection store.',
	},
	notSealed: {
		message: 'Sealed Connection is not a sealed connection',
		description:
			'A sealed connection starts with "dapi.sealed.v1.". Map the sealedConnection that the Dapi Connect Trigger or Exchange Access Code (Output: Sealed Connection) produced.',
	},
	unknownVersion: {
		message: 'Sealed Connection has a format version this package does not know',
		description: 'It was sealed by a newer version of n8n-nodes-dapi: update the package.',
	},
	malformed: {
		message: 'Sealed Connection is truncated or damaged',
		description: 'Store and map the whole value, exactly as it was produced, with no spaces or line breaks around it.',
	},
	unknownKey: {
		message: 'Sealed Connection was sealed with another key',
		description:
			'Neither the Connection Sealing Key nor the Previous Sealing Key of this Dapi API credential opens it. Use the credential that sealed it; if that key is lost, the customer must connect again.',
	},
	tampered: {
		message: 'Sealed Connection failed its integrity check',
		description:
			'It was changed after it was sealed, so it is not used. Restore the stored value, or let the customer connect again.',
	},
	noConnection: {
		message: 'Sealed Connection holds no usable connection',
		description: 'It opened but lacks the access token, user secret or connection ID. Let the customer connect again.',
	},
};

/**
 * Call before the items run when a node can take its token from a sealed connection: the keys are
 * read from the credential here (asynchronously), so getUserAuth can open each item's value.
 */
export async function prepareTokenSource(run: NodeRun): Promise<void> {
	if (run.n8n.getInputData().length === 0) return;
	const source = run.n8n.getNodeParameter('tokenSource', 0, 'fields') as TokenSource;
	if (source === 'sealed') await run.sealingKeys(0);
}

function unsealError(run: Run, itemIndex: number, message: string, description: string): NodeOperationError {
	const error = inputError(run.n8n.getNode(), itemIndex, message, description);
	error.context.type = INVALID_SEALED_CONNECTION;
	return error;
}

/**
 * The token source of one item, checked to be filled. Read once per item and run: the scheduler needs
 * it before the item runs, and each read evaluates the item's expressions.
 */
export const getUserAuth = (run: NodeRun, itemIndex: number): UserAuth => run.once(readUserAuth, itemIndex);

function readUserAuth(run: NodeRun, itemIndex: number): UserAuth {
	const source = getItemParameter(run, 'tokenSource', itemIndex, undefined) as TokenSource;
	if (source === 'sealed') return openSealed(run, itemIndex);
	if (source !== 'fields') return { source };
	const accessToken = getItemParameter(run, 'accessToken', itemIndex, '');
	const userSecret = getItemParameter(run, 'userSecret', itemIndex, '');
	if (typeof accessToken !== 'string' || accessToken.trim() === '') {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'Access Token is empty',
			'Map the accessToken from Exchange Access Code (for example {{ $json.accessToken }}), or choose Token Source "Dapi Connection Credential".',
		);
	}
	if (typeof userSecret !== 'string' || userSecret.trim() === '') {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'User Secret is empty',
			'Map the userSecret that Dapi Connect returned with this connection (for example {{ $json.userSecret }}); every user call needs it with the token.',
		);
	}
	return { source, accessToken: accessToken.trim(), userSecret: userSecret.trim() };
}

/** A sealed connection opened into the token and user secret the transport sends (and redacts). */
function openSealed(run: NodeRun, itemIndex: number): UserAuth {
	const keys = run.keysRead;
	if (!keys)
		throw new NodeOperationError(run.n8n.getNode(), 'The sealing keys were not read before the items ran', {
			itemIndex,
		});
	const connection = openSealedValue(run, itemIndex, getItemParameter(run, 'sealedConnection', itemIndex, ''), keys);
	return { source: 'fields', accessToken: connection.accessToken, userSecret: connection.userSecret };
}

/** Opens one sealed value with the credential's keys, or fails the item saying why (never with a secret). */
export function openSealedValue(run: Run, itemIndex: number, value: unknown, keys: CredentialKeys): ConnectionSecrets {
	if (keys.problem) {
		throw unsealError(run, itemIndex, 'The Connection Sealing Key cannot be used', keys.problem);
	}
	if (keys.all.length === 0) {
		throw unsealError(
			run,
			itemIndex,
			'The Dapi API credential has no Connection Sealing Key',
			'Sealed connections open only with the key that sealed them: set it as the Connection Sealing Key of the Dapi API credential.',
		);
	}
	const opened =
		typeof value === 'string' ? unsealConnection(value, keys.all) : ({ ok: false, problem: 'notSealed' } as const);
	if (!opened.ok) {
		const { message, description } = UNSEAL_PROBLEMS[opened.problem];
		throw unsealError(run, itemIndex, message, description);
	}
	return opened.connection;
}
