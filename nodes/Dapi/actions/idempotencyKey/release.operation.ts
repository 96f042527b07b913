import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { releaseKey, readKeyText } from '../../../shared/idempotency';
import type { ItemResult } from '../../../shared/itemLoop';
import { allowForAiAgentOption } from '../../../shared/options';
import type { EndpointSpec } from '../../../shared/endpointTable';
import type { OperationOption } from '../types';
import type { NodeRun } from '../../../shared/run';

export const option: OperationOption = {
	name: 'Release Key',
	description:
		'Free an Idempotency Key so a payment with it can be sent again, once you know the earlier attempt made nothing (no Dapi call)',
	action: 'Release an idempotency key',
};

// No Dapi call; releasing a key lets a payment be sent again, so an AI agent needs the user's leave.
export const spec: EndpointSpec = { path: '', appLevel: true, sideEffect: 'release of an Idempotency Key' };

export const description: INodeProperties[] = [
	{
		// The node's credential follows this choice as it follows the Token Source of other operations.
		displayName: 'Keys Recorded With',
		name: 'tokenSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Dapi API Credential',
				value: 'fields',
				description: 'Keys of nodes whose Token Source is Item Fields, Sealed Connection or None',
			},
			{
				name: 'Dapi Connection Credential',
				value: 'credential',
				description: 'Keys of nodes whose Token Source is a Dapi Connection Credential',
			},
		],
		default: 'fields',
		description: 'Keys are kept per credential: choose the credential the payment node used',
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. INV-2024-0042',
		description: 'The key to release, exactly as the payment node used it. Only keys of this workflow are released.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [allowForAiAgentOption],
	},
];

/** Takes the key out of this workflow's store, so the next call with it is sent. */
export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const key = readKeyText(run, itemIndex);
	if (!key) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'Idempotency Key is empty',
			'Give the key to release, exactly as the payment node used it, e.g. {{ $json.invoiceId }}.',
		);
	}
	const credentialType =
		run.n8n.getNodeParameter('tokenSource', itemIndex, 'fields') === 'credential' ? 'dapiConnectionApi' : 'dapiApi';
	const released = await releaseKey(run, itemIndex, credentialType, key);
	return {
		data: released
			? { released: true }
			: {
					released: false,
					reason:
						'The key was not recorded for this credential in this workflow (or it had expired): nothing to release.',
				},
	};
}
