import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import type { UserAuth } from './transport';

const tokenSources = [
	{
		name: 'Item Fields',
		value: 'fields',
		description: 'Access token and user secret from the incoming item, e.g. the output of Exchange Access Code',
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
];

// Each item's token is read twice in a run (the scheduler needs it before the item runs) and every
// read evaluates the item's expressions, the costliest step of a call in n8n; so it is read once.
const readAuths = new WeakMap<IExecuteFunctions, Map<number, UserAuth>>();

/** The token source of one item, checked to be filled; read once per item and run. */
export function getUserAuth(this: IExecuteFunctions, itemIndex: number): UserAuth {
	let auths = readAuths.get(this);
	if (!auths) readAuths.set(this, (auths = new Map()));
	const known = auths.get(itemIndex);
	if (known) return known;
	const auth = readUserAuth.call(this, itemIndex);
	auths.set(itemIndex, auth);
	return auth;
}

function readUserAuth(this: IExecuteFunctions, itemIndex: number): UserAuth {
	const source = this.getNodeParameter('tokenSource', itemIndex) as UserAuth['source'];
	if (source !== 'fields') return { source };
	const accessToken = this.getNodeParameter('accessToken', itemIndex, '') as unknown;
	const userSecret = this.getNodeParameter('userSecret', itemIndex, '') as unknown;
	if (typeof accessToken !== 'string' || accessToken.trim() === '') {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Access Token is empty',
			'Map the accessToken from Exchange Access Code (for example {{ $json.accessToken }}), or choose Token Source "Dapi Connection Credential".',
		);
	}
	if (typeof userSecret !== 'string' || userSecret.trim() === '') {
		throw inputError(
			this.getNode(),
			itemIndex,
			'User Secret is empty',
			'Map the userSecret that Dapi Connect returned with this connection (for example {{ $json.userSecret }}); every user call needs it with the token.',
		);
	}
	return { source, accessToken: accessToken.trim(), userSecret: userSecret.trim() };
}
