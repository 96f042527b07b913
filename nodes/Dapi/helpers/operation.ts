import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemResult } from '../../shared/itemLoop';
import { callForItem, type EndpointSpec } from './operationCall';
import { keepWholeResponseOption, operationOptions } from './fields';
import { itemOptions } from '../../shared/options';
import { defaultTimeoutMs } from '../../shared/transport';
import { takesIdempotencyKey } from '../../shared/endpointTable';
import { idempotencyKeyProperty, idempotencyOptions } from '../../shared/idempotency';
import type { NodeRun } from '../../shared/run';

/** The Idempotency Key's options on the Dapi node, whose third output takes repeats when chosen. */
export const keyOptions = idempotencyOptions('third (Already Sent)');

export interface DapiOperationConfig {
	spec: EndpointSpec;
	/** The answer's field that holds a read's result, e.g. accounts or balance; writes return the answer. */
	field?: string;
	/** A list comes out one item per element; an object as one item. */
	list?: boolean;
	/** The operation's own parameters, shown before the options. */
	properties?: INodeProperties[];
	/** The operation's own body fields, read and checked before anything is sent. */
	body?: (run: NodeRun, itemIndex: number) => IDataObject;
}

/**
 * One Dapi operation: check and send the fields, then give back a read's result field (one item
 * per element for lists) unless the user keeps Dapi's whole response; a write gives back the answer.
 */
export function dapiOperation(config: DapiOperationConfig) {
	const keyed = takesIdempotencyKey(config.spec.path);
	const description = [
		...(config.properties ?? []),
		...(keyed ? [idempotencyKeyProperty] : []),
		operationOptions([...(config.field ? [keepWholeResponseOption] : []), ...(keyed ? keyOptions : [])], {
			timeout: defaultTimeoutMs(config.spec.path),
			resumable: !config.spec.appLevel,
			read: !config.spec.sideEffect,
		}),
	];

	/** Runs the operation against `spec`, for operations whose path the user may override. */
	async function executeOnPath(run: NodeRun, itemIndex: number, spec: EndpointSpec): Promise<ItemResult> {
		const fields = config.body ? config.body(run, itemIndex) : {};
		const outcome = await callForItem(run, itemIndex, spec, fields);
		if (outcome.kind === 'routed') return outcome.result;
		if (!config.field) return { data: outcome.body };
		return { data: readResult(run, itemIndex, outcome.body, config.field, config.list ?? false) };
	}

	async function execute(run: NodeRun, itemIndex: number): Promise<ItemResult> {
		return await executeOnPath(run, itemIndex, config.spec);
	}

	return { spec: config.spec, description, execute, executeOnPath };
}

/** The result field of a read, or Dapi's whole answer when the user keeps it. */
export function readResult(
	run: NodeRun,
	itemIndex: number,
	body: IDataObject,
	field: string,
	list: boolean,
): IDataObject | IDataObject[] {
	const { keepWholeResponse } = itemOptions(run, itemIndex) as { keepWholeResponse?: boolean };
	if (keepWholeResponse) return body;
	const result = body[field];
	const fits = list
		? Array.isArray(result) &&
			result.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
		: typeof result === 'object' && result !== null && !Array.isArray(result);
	if (fits) return result as IDataObject | IDataObject[];
	throw new NodeApiError(
		run.n8n.getNode(),
		{ endpoint: field },
		{ ...(body.status === 'initialized' ? inProgress(body, field) : unexpectedAnswer(result, field, list)), itemIndex },
	);
}

/** Dapi's "operation in progress" (status initialized): the result comes later. */
function inProgress(body: IDataObject, field: string) {
	const operationID = typeof body.operationID === 'string' && body.operationID ? ` ${body.operationID}` : '';
	return {
		message: 'Dapi is still working on this operation',
		description: `Dapi answered status "initialized" (operation in progress) without the ${field}. Check the operation${operationID} later with Operation Status → Get Status, then run this item again.`,
	};
}

function unexpectedAnswer(result: unknown, field: string, list: boolean) {
	return {
		message: `Dapi's answer holds no ${field} ${list ? 'list' : 'object'}`,
		description: `Dapi reported success but its answer has ${result === undefined ? 'no' : 'an unexpected'} "${field}" field. Turn on Options → Keep Whole Response to see the whole answer.`,
	};
}
