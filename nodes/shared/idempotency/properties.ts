import type { INodeProperties } from 'n8n-workflow';

import type { NodeRun } from '../run';

export const DEFAULT_KEY_EXPIRY_DAYS = 45;
export const MAX_KEY_EXPIRY_DAYS = 365;
/** A key is recorded under the 15-day period it was used in (docs/idempotency.md). */
export const PERIOD_DAYS = 15;

export const idempotencyKeyProperty: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.invoiceId }}',
	description:
		"A value unique to this payment, such as the invoice ID. It is recorded before the call is sent, and a later item, execution or re-run of this workflow with the same key and credential is not sent (across queue-mode workers, see the package's README). Empty: no check.",
};

/** The options that go with the key; `output` names the output repeats may go to. */
export function idempotencyOptions(output: string): INodeProperties[] {
	return [
		{
			displayName: 'If Key Was Already Used',
			name: 'ifKeyUsed',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Fail the Item',
					value: 'error',
					description: 'The item fails with an error naming the earlier attempt',
				},
				{
					name: 'Send to Already Sent Output',
					value: 'alreadySentOutput',
					description: `The item goes to the ${output} output with what is known of the earlier attempt`,
				},
			],
			default: 'error',
			description: 'What happens to an item whose Idempotency Key was already used. It is never sent again.',
		},
		{
			displayName: 'Key Expiry (Days)',
			name: 'keyExpiryDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_KEY_EXPIRY_DAYS, numberPrecision: 0 },
			default: DEFAULT_KEY_EXPIRY_DAYS,
			description: `How long a used Idempotency Key blocks another call: at least this many days, and up to ${2 * PERIOD_DAYS} more, as n8n's store keeps no times`,
		},
	];
}

/** Whether the node's repeats go to an Already Sent output (a node-level choice: it adds an output). */
export function alreadySentToOutput(run: NodeRun): boolean {
	return run.n8n.getNodeParameter('options.ifKeyUsed', 0, 'error') === 'alreadySentOutput';
}

/** The outputs expression of a node that gains an Already Sent output when the builder chooses it. */
export function outputsWithAlreadySent(names: string[]): `={{${string}}}` {
	const outputs = (all: string[]) => JSON.stringify(all.map((displayName) => ({ type: 'main', displayName })));
	// A node with one output keeps it unnamed, as it was, until Already Sent joins it.
	const usual = names.length === 1 ? JSON.stringify([{ type: 'main' }]) : outputs(names);
	return `={{ ($parameter.options || {}).ifKeyUsed === 'alreadySentOutput' ? ${outputs([...names, 'Already Sent'])} : ${usual} }}`;
}
