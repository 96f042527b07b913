import type { INodeProperties } from 'n8n-workflow';

import { DAPI_OWN_LIMIT, inputError } from '../../../shared/errors';
import { exchangeAccessCode, userSecretToSeal } from '../../../shared/exchange';
import type { ItemResult } from '../../../shared/itemLoop';
import { getItemParameter } from '../../../shared/itemParameter';
import {
	allowForAiAgentOption,
	checkAiAgentAllowed,
	itemOptions,
	readTimeout,
	timeoutOption,
} from '../../../shared/options';
import { DAPI_DEFAULT_TIMEOUT_MS } from '../../../shared/transport';
import { endpointSpec } from '../../../shared/endpointTable';
import { requiredText } from '../../helpers/fields';
import type { SealingKey } from '../../../shared/seal';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Exchange Access Code',
	description: 'Turn the access code from Dapi Connect into the permanent access token',
	action: 'Exchange access code',
};

// Only the plain output, which holds the token in clear, needs an AI agent's leave (checkAiAgentMayTakeToken).
export const spec = endpointSpec('/auth/ExchangeToken');

export const description: INodeProperties[] = [
	{
		displayName: 'Access Code',
		name: 'accessCode',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.accessCode }}',
		description: "The accessCode from Dapi Connect's success payload. It lives 30 minutes and works once.",
	},
	{
		displayName: 'Connection ID',
		name: 'connectionID',
		type: 'string',
		required: true,
		default: '={{ $json.connectionID }}',
		description: 'The connectionID from the same Dapi Connect success payload',
	},
	{
		displayName: 'User Secret',
		name: 'userSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.userSecret }}',
		description:
			'The userSecret from the same payload, passed through so the output holds everything later calls need. Required for a sealed connection.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Access Token and User Secret',
				value: 'plain',
				description: 'The token and user secret as plain fields (accessToken, userSecret)',
			},
			{
				name: 'Sealed Connection',
				value: 'sealed',
				description:
					"One encrypted value (sealedConnection) holding the token, user secret and IDs, sealed with the credential's Connection Sealing Key",
			},
		],
		default: 'plain',
		description:
			'How the connection comes out. A sealed connection can be stored anywhere; only this credential opens it.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			timeoutOption(
				DAPI_DEFAULT_TIMEOUT_MS,
				`Milliseconds to wait for Dapi's whole answer (Dapi itself works on a call for up to ${DAPI_OWN_LIMIT}). The exchange is never sent twice: a code works once.`,
			),
			{
				...allowForAiAgentOption,
				description:
					'Whether an AI agent calling this node as a tool may receive the access token and user secret in clear (Output: Access Token and User Secret). Off by default: they would reach the agent and its model provider. A sealed connection needs no leave.',
			},
		],
	},
];

export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const accessCode = requiredText(
		run,
		itemIndex,
		'accessCode',
		'Access Code',
		"Map accessCode from Dapi Connect's success payload, for example {{ $json.body.accessCode }} after a Webhook node.",
	);
	const connectionID = requiredText(
		run,
		itemIndex,
		'connectionID',
		'Connection ID',
		'Map connectionID from the same Dapi Connect success payload, for example {{ $json.body.connectionID }}.',
	);
	const given = getItemParameter(run, 'userSecret', itemIndex, '');
	const userSecret = typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined;
	const { timeout } = itemOptions(run, itemIndex) as { timeout?: unknown };
	const outputAs = run.n8n.getNodeParameter('output', itemIndex, 'plain') as 'plain' | 'sealed';
	if (outputAs === 'plain') checkAiAgentMayTakeToken(run, itemIndex);
	// Checked before the exchange: the access code works once, so a connection that could not be
	// sealed afterwards would be lost.
	const seal = outputAs === 'sealed' ? await sealingKeyFor(run, itemIndex, userSecret) : undefined;
	const exchanged = await exchangeAccessCode(run, itemIndex, {
		accessCode,
		connectionID,
		userSecret,
		timeout: readTimeout(run, itemIndex, timeout),
		seal,
	});
	const { accessToken, tokenID, userID, sealedConnection } = exchanged;
	const ids = { connectionID, ...(tokenID ? { tokenID } : {}), ...(userID ? { userID } : {}) };
	if (sealedConnection) return { data: { sealedConnection, ...ids } };
	return { data: { accessToken, ...ids, ...(userSecret ? { userSecret } : {}) } };
}

/**
 * As an AI agent's tool, a plain output would hand the permanent token and user secret to the agent and
 * its model provider: refused, before the code is used, unless the node allows it.
 */
function checkAiAgentMayTakeToken(run: NodeRun, itemIndex: number): void {
	checkAiAgentAllowed(
		run,
		itemIndex,
		'An AI agent may not receive the access token and user secret in clear',
		'As a tool, this exchange would give the agent and its model provider the permanent access token and user secret. Choose Output "Sealed Connection" (only this Dapi API credential opens it), or, if the agent must have them, turn on Options → Allow an AI Agent to Run It.',
	);
}

/** The key a sealed output needs, or the error that says what is missing (the user secret first). */
async function sealingKeyFor(run: NodeRun, itemIndex: number, userSecret: string | undefined): Promise<SealingKey> {
	userSecretToSeal(run.n8n.getNode(), itemIndex, userSecret);
	const keys = await run.sealingKeys(itemIndex);
	if (keys.problem || !keys.current) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'The connection cannot be sealed',
			`${keys.problem ?? 'The Dapi API credential has no Connection Sealing Key.'} Set one of at least 32 random characters in the Dapi API credential, or choose Output "Access Token and User Secret".`,
		);
	}
	return keys.current;
}
