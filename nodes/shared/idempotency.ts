import { createHash } from 'crypto';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError, madeNothing } from './errors';
import { getItemParameter } from './itemParameter';
import { readWholeNumber } from './numbers';
import { itemOptions } from './options';
import { StoppedBeforeTurn } from './schedule';
import { Redactor } from './secrets';
import { credentialSecrets, credentialTypeOf, isDapiFailure, type DapiResponse, type UserAuth } from './transport';
import { takeToken } from './transport/tokenQueue';
import type { NodeRun } from './run';

/*
 * Keys live in n8n's processed-items store (the one behind the Remove Duplicates node), in the
 * workflow's row, shared by every execution and process through n8n's database. The store keeps
 * only MD5 hashes of the values it is given, and no time: a key is recorded as a value naming the
 * 15-day period it was used in and a SHA-256 of the credential and the key, never the key itself.
 */
const DEFAULT_KEY_EXPIRY_DAYS = 45;
const MAX_KEY_EXPIRY_DAYS = 365;
const PERIOD_DAYS = 15;
const DAY_MS = 86_400_000;
/** n8n drops a row's oldest values beyond this many: about 10,000 keys at the default expiry. */
export const STORE_HISTORY = 40_000;
const MAX_KEY_LENGTH = 1_000;
/** Error type of an item whose key was already used. */
const KEY_USED = 'IDEMPOTENCY_KEY_USED';

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
function keyDigest(run: NodeRun, itemIndex: number, credentialType: string, key: string): string {
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

function workflowIdOf(run: NodeRun, itemIndex: number): string {
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

/** The values a key is recorded under: its current 15-day period first, then as far back as `days` reach. */
function storeValues(digest: string, days: number, now = Date.now()): string[] {
	const period = Math.floor(now / (PERIOD_DAYS * DAY_MS));
	const back = Math.ceil(days / PERIOD_DAYS);
	return Array.from({ length: back + 1 }, (_, i) => `dapi-idempotency/v1/${period - i}/${digest}`);
}

const periodStart = (value: string) => new Date(Number(value.split('/')[2]) * PERIOD_DAYS * DAY_MS);

type Outcome = 'inProgress' | 'done' | 'needsUserInput' | 'unknown';

/** What this process knows of an attempt it made: n8n's store keeps no details, only the key's hash. */
interface Attempt {
	at: number;
	executionId?: string;
	outcome: Outcome;
	reference?: string;
	operationID?: string;
	result?: IDataObject;
}

const attempts = new Map<string, Attempt>();
const MAX_REMEMBERED = 5_000;

/** Forgets every attempt this process made, as a restart does (for tests; n8n's store keeps its keys). */
export function forgetAttempts(): void {
	attempts.clear();
}

const attemptKey = (guard: { workflowId: string; digest: string }) => `${guard.workflowId}\n${guard.digest}`;
/** Larger answers (a bank's batch file) are not kept for the Already Sent output. */
const MAX_KEPT_RESULT = 16_384;

function remember(guard: KeyGuard, attempt: Attempt): void {
	const key = attemptKey(guard);
	attempts.delete(key);
	attempts.set(key, attempt);
	for (const oldest of attempts.keys()) {
		if (attempts.size <= MAX_REMEMBERED) break;
		attempts.delete(oldest);
	}
}

/**
 * Runs `work` alone among this process's executions for the workflow's store: n8n reads a row,
 * changes it and writes it back without a lock, so two executions interleaving would both see a key
 * as new, or one would lose the other's key. The per-token queue serves as the lock.
 */
async function alone<T>(run: NodeRun, itemIndex: number, workflowId: string, work: () => Promise<T>): Promise<T> {
	const handOn = await takeToken(`n8n-nodes-dapi idempotency store\n${workflowId}`, run.cancelSignal());
	if (!handOn) {
		throw new NodeOperationError(run.n8n.getNode(), 'The execution was stopped before this call was sent', {
			itemIndex,
			description: "It waited for another item's Idempotency Key to be recorded; nothing was sent to Dapi.",
		});
	}
	try {
		return await work();
	} finally {
		handOn();
	}
}

/** A call into n8n's store; its failure fails the item before anything is sent. */
async function store<T>(run: NodeRun, itemIndex: number, call: () => Promise<T>): Promise<T> {
	if (typeof run.n8n.helpers.checkProcessedAndRecord !== 'function') {
		throw inputError(
			run.n8n.getNode(),
			itemIndex,
			'This n8n has no processed-items store, which the Idempotency Key needs',
			"Update n8n to a version this package supports (its README's Compatibility), or leave Idempotency Key empty.",
		);
	}
	try {
		return await call();
	} catch (error) {
		const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
		throw new NodeOperationError(run.n8n.getNode(), "The Idempotency Key could not be checked in n8n's store", {
			itemIndex,
			description: `Nothing was sent. n8n's store answered: ${reason}. Run the item again; if it persists, check n8n's database.`,
		});
	}
}

const ENTRIES = { mode: 'entries' } as const;

/** Records the key, or says what is known of the attempt that used it first. */
async function claim(run: NodeRun, itemIndex: number, guard: KeyGuard): Promise<IDataObject | undefined> {
	const values = storeValues(guard.digest, guard.expiryDays);
	return await alone(run, itemIndex, guard.workflowId, async () => {
		const checked = await store(run, itemIndex, () =>
			run.n8n.helpers.checkProcessedAndRecord(values, 'workflow', { ...ENTRIES, maxEntries: STORE_HISTORY }),
		);
		const used = new Set(checked.processed.map(String));
		if (used.size === 0) {
			remember(guard, { at: Date.now(), executionId: run.n8n.getExecutionId(), outcome: 'inProgress' });
			return undefined;
		}
		// A repeat records nothing: the older periods it looked at were recorded by the check, and go.
		if (checked.new.length > 0) {
			await run.n8n.helpers.removeProcessed(checked.new, 'workflow', ENTRIES).catch(() => undefined);
		}
		const known = attempts.get(attemptKey(guard));
		const latest = values.find((value) => used.has(value))!;
		return earlierAttempt(known, periodStart(latest));
	});
}

function earlierAttempt(known: Attempt | undefined, recordedFrom: Date): IDataObject {
	if (!known) return { outcome: 'notKnownHere', recordedFrom: recordedFrom.toISOString() };
	const { at, executionId, outcome, reference, operationID, result } = known;
	const attempt: IDataObject = { outcome, at: new Date(at).toISOString() };
	for (const [field, value] of Object.entries({ executionId, reference, operationID, result })) {
		if (value !== undefined) attempt[field] = value;
	}
	return attempt;
}

/** Takes the key out of the store (every period a key can still count in) and out of this process. */
async function release(run: NodeRun, itemIndex: number, guard: Omit<KeyGuard, 'shown' | 'toOutput'>) {
	const values = storeValues(guard.digest, MAX_KEY_EXPIRY_DAYS);
	attempts.delete(attemptKey(guard));
	return await alone(run, itemIndex, guard.workflowId, async () => {
		const count = () => run.n8n.helpers.getProcessedDataCount('workflow', ENTRIES);
		const before = await store(run, itemIndex, count);
		await store(run, itemIndex, () => run.n8n.helpers.removeProcessed(values, 'workflow', ENTRIES));
		return before > (await store(run, itemIndex, count));
	});
}

/** Releases a key on purpose (the Release Key operation); answers whether it was recorded. */
export async function releaseKey(run: NodeRun, itemIndex: number, credentialType: string, key: string) {
	return await release(run, itemIndex, {
		digest: keyDigest(run, itemIndex, credentialType, key),
		workflowId: workflowIdOf(run, itemIndex),
		expiryDays: MAX_KEY_EXPIRY_DAYS,
	});
}

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
		at: attempts.get(attemptKey(guard))?.at ?? Date.now(),
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
			at: attempts.get(attemptKey(guard))?.at ?? Date.now(),
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
