import type { INodeProperties } from 'n8n-workflow';

import { tokenFieldProperties, tokenSourceProperty } from '../shared/connection';
import { DAPI_OWN_LIMIT } from '../shared/errors';
import { idempotencyKeyProperty, idempotencyOptions } from '../shared/idempotency';
import { allowForAiAgentOption, retryReadsOption, timeoutOption } from '../shared/options';
import { resumeProperties } from '../shared/resume';
import { DAPI_DEFAULT_TIMEOUT_MS, MONEY_TIMEOUT_MS } from '../shared/transport';

/** The Dapi Request node's parameters. */
export const description: INodeProperties[] = [
	tokenSourceProperty(true),
	...tokenFieldProperties,
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'POST',
		description: 'Dapi takes POST for every endpoint, reads included',
	},
	{
		displayName: 'Endpoint',
		name: 'endpoint',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/data/accounts/get',
		description:
			'Path relative to the credential\'s Base URL, e.g. /data/balance/get. Full URLs and ".." are refused so secrets only go to the configured Dapi host.',
	},
	{
		displayName: 'Body',
		name: 'specifyBody',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
		description: "The secrets are added by the node; give only the endpoint's own fields",
	},
	{
		displayName: 'Body Fields',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { specifyBody: ['fields'] } },
		options: [
			{
				name: 'parameters',
				displayName: 'Field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'accountID' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		default: '{}',
		displayOptions: { show: { specifyBody: ['json'] } },
		description: 'A JSON object with the endpoint\'s fields, e.g. {"accountID": "..."}',
	},
	{
		displayName: 'Send Headers',
		name: 'sendHeaders',
		type: 'boolean',
		default: false,
		description: 'Whether to send extra headers. Authorization is set by the node from the token source.',
	},
	{
		displayName: 'Headers',
		name: 'headerParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		displayOptions: { show: { sendHeaders: [true] } },
		options: [
			{
				name: 'parameters',
				displayName: 'Header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		...idempotencyKeyProperty,
		description: `${idempotencyKeyProperty.description} Reads ignore it; use it on calls that move money or register a payee, such as /payment/transfer/create.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Full Response',
				name: 'fullResponse',
				type: 'boolean',
				default: false,
				description: 'Whether to return the status code and headers as well as the body',
			},
			{
				displayName: 'Never Error',
				name: 'neverError',
				type: 'boolean',
				default: false,
				description: "Whether to return Dapi's failure as a normal item instead of failing the node",
			},
			...resumeProperties,
			retryReadsOption,
			allowForAiAgentOption,
			...idempotencyOptions('second (Already Sent)'),
			timeoutOption(
				DAPI_DEFAULT_TIMEOUT_MS,
				`Milliseconds to wait for Dapi's whole answer. Not set: ${DAPI_DEFAULT_TIMEOUT_MS / 1000} s, and ${MONEY_TIMEOUT_MS / 1000} s for the calls that move money (transfer create and autoflow, wire transfers, ACH pull), as Dapi's SDKs wait. Dapi itself works on a call for up to ${DAPI_OWN_LIMIT}; a Timeout at or under that can cut off calls that succeed.`,
			),
		],
	},
];
