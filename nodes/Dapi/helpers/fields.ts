import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DAPI_OWN_LIMIT, inputError } from '../../shared/errors';
import { getItemParameter } from '../../shared/itemParameter';
import { allowForAiAgentOption, retryReadsOption, timeoutOption } from '../../shared/options';
import { resumeProperties } from '../../shared/resume';
import { MAX_PARALLEL_CONNECTIONS } from '../../shared/itemLoop';
import { DAPI_DEFAULT_TIMEOUT_MS } from '../../shared/transport';
import type { NodeRun } from '../../shared/run';

/** Reads a required text parameter, trimmed, or fails the item naming the field and how to fill it. */
export function requiredText(run: NodeRun, itemIndex: number, name: string, label: string, hint: string): string {
	const value = getItemParameter(run, name, itemIndex, '');
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw inputError(run.n8n.getNode(), itemIndex, `${label} is empty`, hint);
	}
	return value.trim();
}

/**
 * Reads an ID from a picker (resource locator) or from the plain string an older workflow saved there,
 * trimmed, or fails the item naming the field and how to fill it.
 */
export function requiredId(run: NodeRun, itemIndex: number, name: string, label: string, hint: string): string {
	const value = getItemParameter(run, name, itemIndex, '', { extractValue: true });
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw inputError(run.n8n.getNode(), itemIndex, `${label} is empty`, hint);
	}
	return value.trim();
}

/** The lists a picker loads from Dapi (the node's methods.listSearch). */
export type PickerList = 'searchAccounts' | 'searchCards' | 'searchBeneficiaries' | 'searchWireBeneficiaries';

/**
 * An ID field as n8n users expect it: a searchable list loaded from Dapi, or the ID typed or mapped
 * (each mode also takes an expression, e.g. {{ $json.id }}).
 */
export function idPicker(
	list: PickerList,
	property: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'displayOptions'>,
): INodeProperties {
	return {
		...property,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: "Select from the connection's list...",
				typeOptions: { searchListMethod: list, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. acc-liv-001-current' },
		],
	};
}

/** Reads an optional text parameter; empty means "not sent". */
export function optionalText(run: NodeRun, itemIndex: number, name: string): string | undefined {
	const value = getItemParameter(run, name, itemIndex, '');
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Options every operation has: timeout, parallelism, read retries and the fields to resume after MFA. */
export function operationOptions(
	extra: INodeProperties[] = [],
	{ timeout = DAPI_DEFAULT_TIMEOUT_MS, resumable = true, read = true } = {},
): INodeProperties {
	const common: INodeProperties[] = [
		{
			displayName: 'Max Parallel Connections',
			name: 'maxParallelConnections',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_CONNECTIONS, numberPrecision: 0 },
			default: 1,
			description:
				'How many different bank connections may be called at once. Items with the same access token always run one after another, as Dapi fails parallel calls on one token.',
		},
		...(resumable ? resumeProperties : []),
		...(read ? [retryReadsOption] : [allowForAiAgentOption]),
		timeoutOption(
			timeout,
			`Milliseconds to wait for Dapi's whole answer. Dapi itself works on a call for up to ${DAPI_OWN_LIMIT}; the default waits longer, as Dapi's SDKs do, since a Timeout at or under that limit can cut off calls that succeed.`,
		),
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...extra, ...common].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const keepWholeResponseOption: INodeProperties = {
	displayName: 'Keep Whole Response',
	name: 'keepWholeResponse',
	type: 'boolean',
	default: false,
	description: "Whether to return Dapi's whole response as one item instead of one item per element",
};

/** A choice between an account and a card, with the ID field of each (Dapi takes accountID or cardID). */
export function accountOrCardProperties(
	selector: Pick<INodeProperties, 'name' | 'displayName' | 'displayOptions'>,
): INodeProperties[] {
	return [
		{
			...selector,
			type: 'options',
			options: [
				{ name: 'Account', value: 'account' },
				{ name: 'Card', value: 'card' },
			],
			default: 'account',
		},
		idPicker('searchAccounts', {
			displayName: 'Account',
			name: 'accountID',
			description: "The account, from the connection's list or by its ID from Get Accounts",
			displayOptions: { hide: { [selector.name]: ['card'] } },
		}),
		idPicker('searchCards', {
			displayName: 'Card',
			name: 'cardID',
			description: "The card, from the connection's list or by its ID from Get Cards",
			displayOptions: { show: { [selector.name]: ['card'] } },
		}),
	];
}

/** `{cardID}` or `{accountID}`, as the item asks, checked to be filled. */
export function readAccountOrCard(run: NodeRun, itemIndex: number, byCard: boolean): IDataObject {
	return byCard
		? {
				cardID: requiredId(
					run,
					itemIndex,
					'cardID',
					'Card',
					'Pick the card from the list, or map its ID from Get Cards.',
				),
			}
		: {
				accountID: requiredId(
					run,
					itemIndex,
					'accountID',
					'Account',
					'Pick the account from the list, or map its ID from Get Accounts.',
				),
			};
}
