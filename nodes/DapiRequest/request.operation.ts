import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { getUserAuth } from '../shared/connection';
import { endpointProblem } from '../shared/endpoint';
import { isKnownRead } from '../shared/endpointTable';
import { inputError } from '../shared/errors';
import { readKeyGuard, sendOncePerKey } from '../shared/idempotency';
import type { ItemResult } from '../shared/itemLoop';
import { checkAiAgentMayChange, itemOptions, readTimeout, runsAsAiTool } from '../shared/options';
import { addResumeFields, type ResumeOptions } from '../shared/resume';
import type { NodeRun } from '../shared/run';
import { secretValuesIn } from '../shared/secrets';
import { dapiRequest } from '../shared/transport';

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

function readBody(run: NodeRun, itemIndex: number): IDataObject {
	if (run.n8n.getNodeParameter('specifyBody', itemIndex) === 'json') {
		const raw = run.n8n.getNodeParameter('jsonBody', itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = raw.trim() === '' ? {} : JSON.parse(raw);
			} catch {
				throw inputError(
					run.n8n.getNode(),
					itemIndex,
					'JSON Body is not valid JSON',
					'Give a JSON object such as {"accountID": "..."}; check quotes and commas, or switch Body to "Using Fields Below".',
				);
			}
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				'JSON Body must be a JSON object',
				'Dapi takes a JSON object whose keys are the endpoint\'s fields, e.g. {"accountID": "..."}.',
			);
		}
		if (depthOf(parsed, MAX_BODY_DEPTH + 1) > MAX_BODY_DEPTH) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				'JSON Body is nested too deeply',
				`Dapi's bodies are at most a few levels deep; this one is deeper than ${MAX_BODY_DEPTH}. Check the expression that builds it.`,
			);
		}
		return parsed as IDataObject;
	}
	const fields = run.n8n.getNodeParameter('bodyParameters.parameters', itemIndex, []) as NameValue[];
	const body: IDataObject = {};
	for (const field of fields) {
		if (!field.name) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				'A body field has no name',
				'Give every body field a name or remove it.',
			);
		}
		body[field.name] = field.value as IDataObject[string];
	}
	return body;
}

function readHeaders(run: NodeRun, itemIndex: number): IDataObject {
	if (!run.n8n.getNodeParameter('sendHeaders', itemIndex, false)) return {};
	const headers: IDataObject = {};
	for (const header of run.n8n.getNodeParameter('headerParameters.parameters', itemIndex, []) as NameValue[]) {
		const name = (header.name ?? '').trim();
		if (!name) {
			throw inputError(run.n8n.getNode(), itemIndex, 'A header has no name', 'Give every header a name or remove it.');
		}
		if (FORBIDDEN_HEADERS.includes(name.toLowerCase())) {
			throw inputError(
				run.n8n.getNode(),
				itemIndex,
				`The header "${name}" cannot be set here`,
				'The node sets Authorization from the Token Source, and Host and Content-Length itself.',
			);
		}
		headers[name] = String(header.value ?? '');
	}
	return headers;
}

export async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
	const endpointParameter = run.n8n.getNodeParameter('endpoint', itemIndex, '') as string;
	const endpoint = endpointParameter.trim();
	const problem = endpointProblem(endpoint);
	if (problem) {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			`Endpoint is not allowed: ${problem}`,
			"Give a path relative to the credential's Base URL, for example /data/accounts/get.",
		);
	}
	const sideEffect = isKnownRead(endpoint) ? undefined : 'call';
	if (sideEffect) checkAiAgentMayChange(run, itemIndex, `call to ${endpoint}`);
	const auth = getUserAuth(run, itemIndex);
	const method = run.n8n.getNodeParameter('method', itemIndex, 'POST') as IHttpRequestMethods;
	const body = readBody(run, itemIndex);
	const headers = readHeaders(run, itemIndex);
	const options = itemOptions(run, itemIndex) as RequestOptions;

	const timeout = readTimeout(run, itemIndex, options.timeout);
	const answers = addResumeFields(run, itemIndex, body, options);
	// Any header may carry a credential (Proxy-Authorization, X-Api-Key, Cookie…): every value is scrubbed.
	const secrets = [...answers, ...secretValuesIn(body), ...Object.values(headers).map(String)];
	// A resume carries on the operation its key was recorded for.
	const guard =
		sideEffect && body.operationID === undefined ? await readKeyGuard(run, itemIndex, auth, { secrets }) : undefined;

	const sent = await sendOncePerKey(run, itemIndex, guard, async () =>
		dapiRequest(run, itemIndex, {
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
	if ('alreadySent' in sent) return { data: sent.alreadySent, output: runsAsAiTool(run) ? 0 : 1 };
	if (options.fullResponse) {
		return { data: { statusCode: sent.statusCode, headers: sent.headers, body: sent.body } };
	}
	return { data: sent.body };
}
