import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { getUserAuth, tokenFieldProperties, tokenSourceProperty } from '../shared/connection';
import { endpointProblem } from '../shared/endpoint';
import { isKnownRead } from '../shared/endpointTable';
import { DAPI_OWN_LIMIT, inputError } from '../shared/errors';
import {
	allowForAiAgentOption,
	checkAiAgentMayChange,
	timeoutOption,
	itemOptions,
	readTimeout,
	retryReadsOption,
	runsAsAiTool,
} from '../shared/options';
import { idempotencyKeyProperty, idempotencyOptions, readKeyGuard, sendOncePerKey } from '../shared/idempotency';
import type { ItemResult } from '../shared/itemLoop';
import { addResumeFields, resumeProperties, type ResumeOptions } from '../shared/resume';
import { secretValuesIn } from '../shared/secrets';
import { DAPI_DEFAULT_TIMEOUT_MS, MONEY_TIMEOUT_MS, apiRequest } from '../shared/transport';

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

type NameValue = { name?: string; value?: unknown };

interface RequestOptions extends ResumeOptions {
	fullResponse?: boolean;
	neverError?: boolean;
	retryReads?: boolean;
	timeout?: unknown;
}

/** Far deeper than any Dapi body; deeper ones are refused before they can break the request. */
const MAX_BODY_DEPTH = 16;

function depthOf(value: unknown, limit: number): number {
	if (typeof value !== 'object' || value === null) return 0;
	if (limit <= 0) return 1;
	let deepest = 0;
	for (const entry of Object.values(value)) deepest = Math.max(deepest, depthOf(entry, limit - 1));
	return deepest + 1;
}

const FORBIDDEN_HEADERS = ['authorization', 'host', 'content-length'];

function readBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	if (this.getNodeParameter('specifyBody', itemIndex) === 'json') {
		const raw = this.getNodeParameter('jsonBody', itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = raw.trim() === '' ? {} : JSON.parse(raw);
			} catch {
				throw inputError(
					this.getNode(),
					itemIndex,
					'JSON Body is not valid JSON',
					'Give a JSON object such as {"accountID": "..."}; check quotes and commas, or switch Body to "Using Fields Below".',
				);
			}
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				'JSON Body must be a JSON object',
				'Dapi takes a JSON object whose keys are the endpoint\'s fields, e.g. {"accountID": "..."}.',
			);
		}
		if (depthOf(parsed, MAX_BODY_DEPTH + 1) > MAX_BODY_DEPTH) {
			throw inputError(
				this.getNode(),
				itemIndex,
				'JSON Body is nested too deeply',
				`Dapi's bodies are at most a few levels deep; this one is deeper than ${MAX_BODY_DEPTH}. Check the expression that builds it.`,
			);
		}
		return parsed as IDataObject;
	}
	const fields = this.getNodeParameter('bodyParameters.parameters', itemIndex, []) as NameValue[];
	const body: IDataObject = {};
	for (const field of fields) {
		if (!field.name) {
			throw inputError(
				this.getNode(),
				itemIndex,
				'A body field has no name',
				'Give every body field a name or remove it.',
			);
		}
		body[field.name] = field.value as IDataObject[string];
	}
	return body;
}

function readHeaders(this: IExecuteFunctions, itemIndex: number): IDataObject {
	if (!this.getNodeParameter('sendHeaders', itemIndex, false)) return {};
	const headers: IDataObject = {};
	for (const header of this.getNodeParameter('headerParameters.parameters', itemIndex, []) as NameValue[]) {
		const name = (header.name ?? '').trim();
		if (!name) {
			throw inputError(this.getNode(), itemIndex, 'A header has no name', 'Give every header a name or remove it.');
		}
		if (FORBIDDEN_HEADERS.includes(name.toLowerCase())) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`The header "${name}" cannot be set here`,
				'The node sets Authorization from the Token Source, and Host and Content-Length itself.',
			);
		}
		headers[name] = String(header.value ?? '');
	}
	return headers;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const endpointParameter = this.getNodeParameter('endpoint', itemIndex, '') as string;
	const endpoint = endpointParameter.trim();
	const problem = endpointProblem(endpoint);
	if (problem) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`Endpoint is not allowed: ${problem}`,
			"Give a path relative to the credential's Base URL, for example /data/accounts/get.",
		);
	}
	const sideEffect = isKnownRead(endpoint) ? undefined : 'call';
	if (sideEffect) checkAiAgentMayChange.call(this, itemIndex, `call to ${endpoint}`);
	const auth = getUserAuth.call(this, itemIndex);
	const method = this.getNodeParameter('method', itemIndex, 'POST') as IHttpRequestMethods;
	const body = readBody.call(this, itemIndex);
	const headers = readHeaders.call(this, itemIndex);
	const options = itemOptions.call(this, itemIndex) as RequestOptions;

	const timeout = readTimeout.call(this, itemIndex, options.timeout);
	const answers = addResumeFields.call(this, itemIndex, body, options);
	// Any header may carry a credential (Proxy-Authorization, X-Api-Key, Cookie…): every value is scrubbed.
	const secrets = [...answers, ...secretValuesIn(body), ...Object.values(headers).map(String)];
	// A resume carries on the operation its key was recorded for.
	const guard =
		sideEffect && body.operationID === undefined
			? await readKeyGuard.call(this, itemIndex, auth, { secrets })
			: undefined;

	const sent = await sendOncePerKey.call(this, itemIndex, guard, async () =>
		apiRequest.call(this, itemIndex, {
			endpoint,
			method,
			body,
			headers,
			auth,
			timeout,
			neverError: options.neverError,
			// The node cannot know what an arbitrary path does, so only Dapi's known reads count as reads.
			sideEffect,
			retryReads: options.retryReads !== false,
			secrets,
		}),
	);
	if ('alreadySent' in sent) return { data: sent.alreadySent, output: runsAsAiTool.call(this) ? 0 : 1 };
	if (options.fullResponse) {
		return { data: { statusCode: sent.statusCode, headers: sent.headers, body: sent.body } };
	}
	return { data: sent.body };
}
