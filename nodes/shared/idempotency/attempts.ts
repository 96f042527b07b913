import type { IDataObject } from 'n8n-workflow';

import type { KeyGuard } from './guard';

type Outcome = 'inProgress' | 'done' | 'needsUserInput' | 'unknown';

/** What this process knows of an attempt it made: n8n's store keeps no details, only the key's hash. */
export interface Attempt {
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
export const MAX_KEPT_RESULT = 16_384;

export function remember(guard: KeyGuard, attempt: Attempt): void {
	const key = attemptKey(guard);
	attempts.delete(key);
	attempts.set(key, attempt);
	for (const oldest of attempts.keys()) {
		if (attempts.size <= MAX_REMEMBERED) break;
		attempts.delete(oldest);
	}
}

export function earlierAttempt(known: Attempt | undefined, recordedFrom: Date): IDataObject {
	if (!known) return { outcome: 'notKnownHere', recordedFrom: recordedFrom.toISOString() };
	const { at, executionId, outcome, reference, operationID, result } = known;
	const attempt: IDataObject = { outcome, at: new Date(at).toISOString() };
	for (const [field, value] of Object.entries({ executionId, reference, operationID, result })) {
		if (value !== undefined) attempt[field] = value;
	}
	return attempt;
}

/** What this process knows of the attempt that used the guard's key. */
export const knownAttempt = (guard: { workflowId: string; digest: string }) => attempts.get(attemptKey(guard));

export const forgetAttempt = (guard: { workflowId: string; digest: string }) => attempts.delete(attemptKey(guard));
