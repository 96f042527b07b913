import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sealingKeys } from '../../../shared/connection';
import { DAPI_OWN_LIMIT, inputError, type DapiFailure, type ErrorExplanation } from '../../../shared/errors';
import type { ItemResult } from '../../../shared/itemLoop';
import { getItemParameter } from '../../../shared/itemParameter';
import {
	allowForAiAgentOption,
	checkAiAgentAllowed,
	itemOptions,
	readTimeout,
	timeoutOption,
} from '../../../shared/options';
import { DAPI_DEFAULT_TIMEOUT_MS, apiRequest } from '../../../shared/transport';
import { endpointSpec } from '../../../shared/endpointTable';
import { requiredText } from '../../helpers/fields';
import { nonBlank, sealConnection, type SealingKey } from '../../../shared/seal';
import type { OperationOption } from '../types';

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

const RUN_CONNECT_AGAIN = 'Run Dapi Connect again for a new code and exchange it right away.';

/** Dapi names none of these failures in its docs, so they are recognised by type and by wording. */
export function explainExchangeFailure(failure: DapiFailure): ErrorExplanation | undefined {
	const said = `${failure.type ?? ''} ${failure.msg ?? ''}`.toUpperCase();
	if (/APP_SECRET|INVALID_APP\b|APP SECRET/.test(said)) return undefined;
	if (/EXPIRED/.test(said)) {
		return {
			message: 'The access code has expired',
			description: `Access codes live 30 minutes and work once. ${RUN_CONNECT_AGAIN}`,
		};
	}
	if (/USED|ALREADY|CONSUMED|REDEEMED/.test(said)) {
		return {
			message: 'The access code was already used',
			description: `An access code works once. If this connection was exchanged before, keep using the access token from then. ${RUN_CONNECT_AGAIN}`,
		};
	}
	if (/CONNECTION/.test(said)) {
		return {
			message: 'The access code does not belong to this connection',
			description:
				'Map accessCode and connectionID from the same Dapi Connect success payload; a code only works with the connection it was issued for.',
		};
	}
	if (/ACCESS_?CODE|ACCESS CODE|\bCODE\b/.test(said)) {
		return {
			message: 'Dapi rejected the access code',
			description: `Codes live 30 minutes, work once, and only with the connection they were issued for. ${RUN_CONNECT_AGAIN}`,
		};
	}
	return undefined;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const accessCode = requiredText.call(
		this,
		itemIndex,
		'accessCode',
		'Access Code',
		"Map accessCode from Dapi Connect's success payload, for example {{ $json.body.accessCode }} after a Webhook node.",
	);
	const connectionID = requiredText.call(
		this,
		itemIndex,
		'connectionID',
		'Connection ID',
		'Map connectionID from the same Dapi Connect success payload, for example {{ $json.body.connectionID }}.',
	);
	const given = getItemParameter.call(this, 'userSecret', itemIndex, '');
	const userSecret = typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined;
	const { timeout } = itemOptions.call(this, itemIndex) as { timeout?: unknown };
	const outputAs = this.getNodeParameter('output', itemIndex, 'plain') as 'plain' | 'sealed';
	if (outputAs === 'plain') checkAiAgentMayTakeToken.call(this, itemIndex);
	// Checked before the exchange: the access code works once, so a connection that could not be
	// sealed afterwards would be lost.
	const sealing = outputAs === 'sealed' ? await sealingFor.call(this, itemIndex, userSecret) : undefined;

	const response = await apiRequest.call(this, itemIndex, {
		endpoint: spec.path,
		body: { accessCode, connectionID },
		auth: { source: 'none' },
		timeout: readTimeout.call(this, itemIndex, timeout),
		sideEffect: spec.sideEffect,
		unknownOutcomeAdvice: `If Dapi used the code, it cannot be exchanged again. ${RUN_CONNECT_AGAIN}`,
		secrets: [accessCode, userSecret],
		explain: explainExchangeFailure,
	});

	const body = response.body;
	if (!nonBlank(body.accessToken)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Dapi answered without an access token',
			`The exchange reported success but returned no accessToken (or a blank one), so there is no connection and the code may be used up. Check that the Base URL points at the Dapi API. ${RUN_CONNECT_AGAIN}`,
		);
	}
	const ids: IDataObject = { connectionID };
	if (typeof body.tokenID === 'string') ids.tokenID = body.tokenID;
	if (typeof body.userID === 'string') ids.userID = body.userID;
	if (sealing) {
		const sealedConnection = sealConnection(
			{
				accessToken: body.accessToken,
				userSecret: sealing.userSecret,
				connectionID,
				...(typeof body.tokenID === 'string' ? { tokenID: body.tokenID } : {}),
				...(typeof body.userID === 'string' ? { userID: body.userID } : {}),
			},
			sealing.key,
		);
		return { data: { sealedConnection, ...ids } };
	}
	return { data: { accessToken: body.accessToken, ...ids, ...(userSecret ? { userSecret } : {}) } };
}

/**
 * As an AI agent's tool, a plain output would hand the permanent token and user secret to the agent and
 * its model provider: refused, before the code is used, unless the node allows it.
 */
function checkAiAgentMayTakeToken(this: IExecuteFunctions, itemIndex: number): void {
	checkAiAgentAllowed.call(
		this,
		itemIndex,
		'An AI agent may not receive the access token and user secret in clear',
		'As a tool, this exchange would give the agent and its model provider the permanent access token and user secret. Choose Output "Sealed Connection" (only this Dapi API credential opens it), or, if the agent must have them, turn on Options → Allow an AI Agent to Run It.',
	);
}

/** The key and user secret a sealed output needs, or the error that says what is missing. */
async function sealingFor(
	this: IExecuteFunctions,
	itemIndex: number,
	userSecret: string | undefined,
): Promise<{ key: SealingKey; userSecret: string }> {
	if (!userSecret) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'User Secret is empty',
			'A sealed connection must hold the user secret: map the userSecret from the same Dapi Connect payload (for example {{ $json.userSecret }}).',
		);
	}
	const keys = await sealingKeys.call(this, itemIndex);
	if (keys.problem || !keys.current) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'The connection cannot be sealed',
			`${keys.problem ?? 'The Dapi API credential has no Connection Sealing Key.'} Set one of at least 32 random characters in the Dapi API credential, or choose Output "Access Token and User Secret".`,
		);
	}
	return { key: keys.current, userSecret };
}
