import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { madeNothing } from '../errors';
import type { NodeRun } from '../run';
import { StoppedBeforeTurn } from '../schedule';
import { isDapiFailure, type DapiResponse } from '../transport';
import { knownAttempt, MAX_KEPT_RESULT, remember } from './attempts';
import type { KeyGuard } from './guard';
import { claim, release } from './store';

/** Error type of an item whose key was already used. */
const KEY_USED = 'IDEMPOTENCY_KEY_USED';

/** The item of the Already Sent output. */
export interface AlreadySent {
	alreadySent: IDataObject;
}

const textField = (body: IDataObject | undefined, key: string) => {
	const value = body?.[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Sends a call that an Idempotency Key guards: the key is recorded first (inside the item's turn), and a
 * key already used is not sent again. It stays recorded unless the call certainly made nothing (it never
 * left, or Dapi refused it); an unknown outcome keeps it until released on purpose.
 */
export async function sendOncePerKey(
	run: NodeRun,
	itemIndex: number,
	guard: KeyGuard | undefined,
	send: () => Promise<DapiResponse>,
): Promise<DapiResponse | AlreadySent> {
	if (!guard) return await send();
	// Recorded once the item's call may go, so an item stopped before its turn records nothing.
	await run.waitForTurn(itemIndex, { paced: false });
	const earlier = await claim(run, itemIndex, guard);
	if (earlier) {
		if (guard.toOutput)
			return { alreadySent: { alreadySent: true, idempotencyKey: guard.shown, earlierAttempt: earlier } };
		throw keyUsedError(run, itemIndex, guard, earlier);
	}
	let response: DapiResponse;
	try {
		response = await send();
	} catch (error) {
		throw await afterFailure(run, itemIndex, guard, error);
	}
	// Only Dapi Request's Never Error gives a failure back as an answer.
	if (isDapiFailure(response) && response.statusCode < 500) {
		await release(run, itemIndex, guard);
		return response;
	}
	const body = response.body;
	const details = typeof body.details === 'object' && body.details !== null ? (body.details as IDataObject) : {};
	remember(guard, {
		at: knownAttempt(guard)?.at ?? Date.now(),
		executionId: run.n8n.getExecutionId(),
		outcome: isDapiFailure(response) ? 'unknown' : body.status === 'user_input_required' ? 'needsUserInput' : 'done',
		reference: textField(body, 'reference') ?? textField(details, 'reference'),
		operationID: textField(body, 'operationID'),
		result: JSON.stringify(body).length <= MAX_KEPT_RESULT ? body : undefined,
	});
	return response;
}

/** After a failed call: the key is released when nothing was made, else kept; the error says which. */
async function afterFailure(run: NodeRun, itemIndex: number, guard: KeyGuard, error: unknown) {
	let note: string;
	if (madeNothing(error) || error instanceof StoppedBeforeTurn) {
		try {
			await release(run, itemIndex, guard);
			note = `The Idempotency Key "${guard.shown}" was released, as nothing was made: the item can be run again.`;
		} catch {
			note = `Nothing was made, but the Idempotency Key "${guard.shown}" could not be released: release it with Idempotency Key → Release Key before running the item again.`;
		}
	} else {
		const operationID =
			error instanceof NodeApiError && typeof error.context.operationID === 'string'
				? error.context.operationID
				: undefined;
		remember(guard, {
			at: knownAttempt(guard)?.at ?? Date.now(),
			executionId: run.n8n.getExecutionId(),
			outcome: 'unknown',
			operationID,
		});
		note = `The Idempotency Key "${guard.shown}" stays recorded, so no run sends this again: check the outcome with Operation Status → Get Status first, and only if nothing was made release the key with Idempotency Key → Release Key.`;
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = error.description ? `${error.description} ${note}` : note;
	}
	return error;
}

const RELEASE_HINT =
	'To send it anyway, first make sure the earlier attempt made nothing, then release the key with a Dapi node in this workflow: Idempotency Key → Release Key, with the same credential and key.';

function keyUsedError(run: NodeRun, itemIndex: number, guard: KeyGuard, earlier: IDataObject): NodeOperationError {
	const facts = [
		earlier.executionId !== undefined ? `execution ${String(earlier.executionId)}` : undefined,
		earlier.at ? `at ${String(earlier.at)}` : undefined,
		earlier.reference ? `reference ${String(earlier.reference)}` : undefined,
		earlier.operationID ? `operation ID ${String(earlier.operationID)}` : undefined,
	].filter(Boolean);
	const attempt = `An earlier attempt with this key (${facts.join(', ')})`;
	const check = earlier.operationID
		? `Check it with Operation Status → Get Status and operation ID ${String(earlier.operationID)}`
		: "Check the account's transactions, or Operation Status → Get Status with the operation ID from that execution or Dapi's dashboard,";
	const said: Record<string, string> = {
		done: `${attempt} was made, so this item was not sent.`,
		inProgress: `${attempt} is under way now, so this item was not sent.`,
		needsUserInput: `${attempt} waits for the bank's prompt: answer it by resuming with its Operation ID. This item was not sent.`,
		unknown: `${attempt} ended with an unknown outcome: it may or may not have been made. This item was not sent. ${check} before anything else.`,
		notKnownHere: `This key was recorded in this workflow's store on or after ${String(earlier.recordedFrom)}, by an execution this n8n process holds no details of (another worker, or before a restart; n8n's store keeps only a hash). This item was not sent. Check this workflow's executions, or Operation Status → Get Status, before anything else.`,
	};
	const error = new NodeOperationError(
		run.n8n.getNode(),
		`Not sent: the Idempotency Key "${guard.shown}" was already used`,
		{
			itemIndex,
			description: `${said[String(earlier.outcome)]} ${RELEASE_HINT}`,
		},
	);
	error.context.type = KEY_USED;
	return error;
}
