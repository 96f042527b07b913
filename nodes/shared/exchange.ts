import type { INode } from 'n8n-workflow';

import { endpointSpec } from './endpointTable';
import { inputError, type DapiFailure, type ErrorExplanation } from './errors';
import { nonBlank, sealConnection, type SealingKey } from './seal';
import type { Run } from './run';
import { dapiRequest } from './transport';

// The table marks the exchange a change: a code works once, so it is never sent twice.
const EXCHANGE = endpointSpec('/auth/ExchangeToken');

export const RUN_CONNECT_AGAIN = 'Run Dapi Connect again for a new code and exchange it right away.';

/** What one exchange needs: the code and connection from one Connect success, and how to hand it out. */
export interface ExchangeRequest {
	accessCode: string;
	connectionID: string;
	/** Passed through (Dapi's exchange does not return it); a sealed connection must hold it. */
	userSecret?: string;
	timeout?: number;
	/** Seals the connection with this key. */
	seal?: SealingKey;
	/** IDs Connect's result named, kept where the exchange's answer leaves them out. */
	known?: { tokenID?: string; userID?: string; bankId?: string };
}

/** The connection Dapi issued, and, when a key was given, the same sealed. */
export interface Exchanged {
	accessToken: string;
	connectionID: string;
	userSecret?: string;
	tokenID?: string;
	userID?: string;
	bankId?: string;
	sealedConnection?: string;
}

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

/** The user secret a sealed connection must hold; refused before the code is spent. */
export function userSecretToSeal(node: INode, itemIndex: number, userSecret: string | undefined): string {
	if (nonBlank(userSecret)) return userSecret;
	throw inputError(
		node,
		itemIndex,
		'User Secret is empty',
		'A sealed connection must hold the user secret: map the userSecret from the same Dapi Connect payload (for example {{ $json.userSecret }}).',
	);
}

/**
 * Exchanges one access code for the permanent access token through the transport, refuses an answer
 * without a token, and seals the connection when given a key. Every secret is scrubbed from errors.
 */
export async function exchangeAccessCode(run: Run, itemIndex: number, request: ExchangeRequest): Promise<Exchanged> {
	const { accessCode, connectionID, userSecret, known = {} } = request;
	const sealing = request.seal && {
		key: request.seal,
		userSecret: userSecretToSeal(run.n8n.getNode(), itemIndex, userSecret),
	};
	const { body } = await dapiRequest(run, itemIndex, {
		endpoint: EXCHANGE.path,
		body: { accessCode, connectionID },
		auth: { source: 'none' },
		timeout: request.timeout,
		sideEffect: EXCHANGE.sideEffect,
		unknownOutcomeAdvice: `If Dapi used the code, it cannot be exchanged again. ${RUN_CONNECT_AGAIN}`,
		secrets: [accessCode, userSecret],
		explain: explainExchangeFailure,
	});
	if (!nonBlank(body.accessToken)) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'Dapi answered without an access token',
			`The exchange reported success but returned no accessToken (or a blank one), so there is no connection and the code may be used up. Check that the Base URL points at the Dapi API. ${RUN_CONNECT_AGAIN}`,
		);
	}
	// Dapi's docs show the answer holding the access token alone; Connect's result names the rest.
	const tokenID = nonBlank(body.tokenID) ? body.tokenID : known.tokenID;
	const userID = nonBlank(body.userID) ? body.userID : known.userID;
	const exchanged: Exchanged = {
		accessToken: body.accessToken,
		connectionID,
		...(nonBlank(userSecret) ? { userSecret } : {}),
		...(tokenID !== undefined ? { tokenID } : {}),
		...(userID !== undefined ? { userID } : {}),
		...(known.bankId !== undefined ? { bankId: known.bankId } : {}),
	};
	if (!sealing) return exchanged;
	const sealedConnection = sealConnection({ ...exchanged, userSecret: sealing.userSecret }, sealing.key);
	return { ...exchanged, sealedConnection };
}
