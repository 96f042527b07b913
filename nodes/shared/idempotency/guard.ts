import { createHash } from 'crypto';

import { inputError } from '../errors';
import { getItemParameter } from '../itemParameter';
import { readWholeNumber } from '../numbers';
import { itemOptions } from '../options';
import type { NodeRun } from '../run';
import { Redactor } from '../secrets';
import { credentialSecrets, credentialTypeOf, type UserAuth } from '../transport';
import { DEFAULT_KEY_EXPIRY_DAYS, MAX_KEY_EXPIRY_DAYS } from './properties';

const MAX_KEY_LENGTH = 1_000;

/** One item's key, ready to be checked: what is shown of it, and what is recorded of it. */
export interface KeyGuard {
	/** The key as the user gave it, with any secret of the call masked, for errors and items. */
	shown: string;
	digest: string;
	workflowId: string;
	expiryDays: number;
	toOutput: boolean;
}

/** The item's Idempotency Key, trimmed; empty when it has none. */
export function readKeyText(run: NodeRun, itemIndex: number): string {
	const raw = getItemParameter(run, 'idempotencyKey', itemIndex, '');
	if (raw === undefined || raw === null) return '';
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'Idempotency Key must be text or a number',
			`It was ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}. Map one value that identifies the payment, e.g. {{ $json.invoiceId }}.`,
		);
	}
	return String(raw).trim();
}

/**
 * The item's Idempotency Key with its options, or undefined when it has none. `key` is given when the
 * caller read it (a batch reads one for all items); `secrets` are values of the call to mask in it.
 */
export async function readKeyGuard(
	run: NodeRun,
	itemIndex: number,
	auth: UserAuth,
	{ key = readKeyText(run, itemIndex), secrets = [] }: { key?: string; secrets?: Array<string | undefined> } = {},
): Promise<KeyGuard | undefined> {
	const credentialType = credentialTypeOf(auth);
	if (key === '') return undefined;
	if (key.length > MAX_KEY_LENGTH) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`Idempotency Key is longer than ${MAX_KEY_LENGTH} characters`,
			'Use a short value that identifies the payment, e.g. the invoice ID.',
		);
	}
	const options = itemOptions(run, itemIndex) as { ifKeyUsed?: unknown; keyExpiryDays?: unknown };
	const expiryDays =
		readWholeNumber(run, itemIndex, options.keyExpiryDays, {
			label: 'Key Expiry (Days)',
			min: 1,
			max: MAX_KEY_EXPIRY_DAYS,
			unit: 'days',
		}) ?? DEFAULT_KEY_EXPIRY_DAYS;
	const credentials = await run.credentials(credentialType, itemIndex);
	const token = auth.source === 'fields' ? [auth.accessToken, auth.userSecret] : [];
	// Masked before it is cut short: a cut could leave a secret too short to be recognised.
	const masked = new Redactor([...credentialSecrets(credentials), ...token, ...secrets]).text(key);
	const shown = masked.length > 80 ? `${masked.slice(0, 80)}…` : masked;
	return {
		shown,
		digest: keyDigest(run, itemIndex, credentialType, key),
		workflowId: workflowIdOf(run, itemIndex),
		expiryDays,
		toOutput: options.ifKeyUsed === 'alreadySentOutput',
	};
}

/** Two credentials never share keys: the credential's type and n8n ID go into the key's hash. */
export function keyDigest(run: NodeRun, itemIndex: number, credentialType: string, key: string): string {
	const credentialId = run.n8n.getNode().credentials?.[credentialType]?.id;
	if (!credentialId) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'The Idempotency Key needs a saved credential',
			'Keys are kept per credential: choose a saved credential for this node.',
		);
	}
	return createHash('sha256')
		.update(['n8n-nodes-dapi idempotency key', credentialType, credentialId, key].join('\n'))
		.digest('base64url');
}

export function workflowIdOf(run: NodeRun, itemIndex: number): string {
	const id = run.n8n.getWorkflow().id;
	if (!id) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'The Idempotency Key needs a saved workflow',
			"Keys are kept in the workflow's store in n8n's database: save the workflow, then run it again.",
		);
	}
	return id;
}
