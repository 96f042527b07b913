import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';

import { getUserAuth } from '../../shared/connection';
import { reportsOnAnotherOperation, takesIdempotencyKey, type EndpointSpec } from '../../shared/endpointTable';
import { readKeyGuard, sendOncePerKey } from '../../shared/idempotency';
import type { ItemResult } from '../../shared/itemLoop';
import { addResumeFields, type ResumeOptions } from '../../shared/resume';
import { itemOptions, readTimeout, runsAsAiTool } from '../../shared/options';
import { secretValuesIn } from '../../shared/secrets';
import { dapiRequest, type UserAuth } from '../../shared/transport';
import type { NodeRun } from '../../shared/run';

export type { EndpointSpec };

/** Output index of the items whose operation waits for the bank's prompt to be answered. */
export const NEEDS_USER_INPUT_OUTPUT = 1;

/** Output index of the items whose Idempotency Key was already used, when the builder chooses that output. */
export const ALREADY_SENT_OUTPUT = 2;

/** Done, or routed to another output: the bank's prompt (Needs User Input) or a key already used (Already Sent). */
export type CallOutcome = { kind: 'done'; body: IDataObject } | { kind: 'routed'; result: ItemResult };

interface CallOptions extends ResumeOptions {
	timeout?: unknown;
	retryReads?: boolean;
}

interface Prompt {
	id?: string;
	index?: number;
	query?: string;
	queryType?: string;
	queryOptions?: unknown;
}

/** The connection an item's call runs on; items with the same key must never overlap. */
export function connectionKey(run: NodeRun, itemIndex: number, spec: EndpointSpec): string {
	if (spec.appLevel) return `item:${itemIndex}`;
	const auth = getUserAuth(run, itemIndex);
	if (auth.source === 'fields') return `token:${auth.accessToken}`;
	return auth.source === 'credential' ? 'credential' : `item:${itemIndex}`;
}

/**
 * Calls one Dapi endpoint for one item: user token and secret from the token source, resume fields
 * from the options, and the bank's request for input turned into an item for the second output.
 */
export async function callForItem(
	run: NodeRun,
	itemIndex: number,
	spec: EndpointSpec,
	fields: IDataObject,
	{ resume = true, idempotencyKey }: { resume?: boolean; idempotencyKey?: string } = {},
): Promise<CallOutcome> {
	const auth: UserAuth = spec.appLevel ? { source: 'none' } : getUserAuth(run, itemIndex);
	const options = itemOptions(run, itemIndex) as CallOptions;
	const body: IDataObject = { ...fields };
	const answers = resume ? addResumeFields(run, itemIndex, body, options) : [];
	const secrets = [...answers, ...secretValuesIn(fields)];
	// A resume carries on the operation its key was recorded for.
	const guard =
		takesIdempotencyKey(spec.path) && body.operationID === undefined
			? await readKeyGuard(run, itemIndex, auth, { key: idempotencyKey, secrets })
			: undefined;

	const sent = await sendOncePerKey(run, itemIndex, guard, async () =>
		dapiRequest(run, itemIndex, {
			endpoint: spec.path,
			body,
			auth,
			timeout: readTimeout(run, itemIndex, options.timeout),
			withAppKey: spec.withAppKey,
			sideEffect: spec.sideEffect,
			retryReads: options.retryReads !== false,
			secrets,
		}),
	);
	if ('alreadySent' in sent) {
		return {
			kind: 'routed',
			result: { data: sent.alreadySent, output: runsAsAiTool(run) ? 0 : ALREADY_SENT_OUTPUT },
		};
	}
	const answer = sent.body;
	if (reportsOnAnotherOperation(spec.path) || answer.status !== 'user_input_required')
		return { kind: 'done', body: answer };
	return { kind: 'routed', result: await userInputItem(run, spec, fields, answer) };
}

async function userInputItem(
	run: NodeRun,
	spec: EndpointSpec,
	fields: IDataObject,
	answer: IDataObject,
): Promise<ItemResult> {
	const prompts = (Array.isArray(answer.userInputs) ? answer.userInputs : []) as Prompt[];
	const binary: IBinaryKeyData = {};
	for (const prompt of prompts) {
		if (prompt.id === 'captcha' && typeof prompt.query === 'string' && prompt.query) {
			const image = Buffer.from(prompt.query.replace(/^data:image\/\w+;base64,/, ''), 'base64');
			binary[`captcha${prompt.index ?? 0}`] = await run.n8n.helpers.prepareBinaryData(
				image,
				`captcha-${prompt.index ?? 0}.png`,
				'image/png',
			);
		}
	}
	const operationID = answer.operationID as string | undefined;
	const data: IDataObject = {
		status: 'user_input_required',
		operationID,
		endpoint: spec.path,
		userInputs: prompts.map(({ id, index, query, queryType, queryOptions }) => ({
			id,
			index,
			queryType,
			query,
			...(queryOptions !== undefined ? { queryOptions } : {}),
		})) as IDataObject[],
		request: fields,
		resume: {
			operationID,
			userInputs: prompts.map(({ id, index }) => ({ id, index, answer: '' })) as IDataObject[],
			// An operation of several calls (a batch reads the bank's limits first) resumes the one that asked.
			endpoint: spec.path,
		},
	};
	// An AI agent reads the prompt from the tool's answer; it cannot follow a second output.
	return {
		data,
		output: runsAsAiTool(run) ? 0 : NEEDS_USER_INPUT_OUTPUT,
		...(Object.keys(binary).length > 0 ? { binary } : {}),
	};
}
