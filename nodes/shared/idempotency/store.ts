import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError } from '../errors';
import type { NodeRun } from '../run';
import { takeToken } from '../transport/tokenQueue';
import { earlierAttempt, forgetAttempt, knownAttempt, remember } from './attempts';
import { keyDigest, workflowIdOf, type KeyGuard } from './guard';
import { MAX_KEY_EXPIRY_DAYS, PERIOD_DAYS } from './properties';

/*
 * Keys live in n8n's processed-items store, in the workflow's row, as a value naming the 15-day period
 * and a SHA-256 of the credential and the key, never the key itself (docs/idempotency.md).
 */
const DAY_MS = 86_400_000;
/** n8n drops a row's oldest values beyond this many: about 10,000 keys at the default expiry. */
export const STORE_HISTORY = 40_000;

/** The values a key is recorded under: its current 15-day period first, then as far back as `days` reach. */
function storeValues(digest: string, days: number, now = Date.now()): string[] {
	const period = Math.floor(now / (PERIOD_DAYS * DAY_MS));
	const back = Math.ceil(days / PERIOD_DAYS);
	return Array.from({ length: back + 1 }, (_, i) => `dapi-idempotency/v1/${period - i}/${digest}`);
}

const periodStart = (value: string) => new Date(Number(value.split('/')[2]) * PERIOD_DAYS * DAY_MS);

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
export async function claim(run: NodeRun, itemIndex: number, guard: KeyGuard): Promise<IDataObject | undefined> {
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
		const known = knownAttempt(guard);
		const latest = values.find((value) => used.has(value))!;
		return earlierAttempt(known, periodStart(latest));
	});
}

/** Takes the key out of the store (every period a key can still count in) and out of this process. */
export async function release(run: NodeRun, itemIndex: number, guard: Omit<KeyGuard, 'shown' | 'toOutput'>) {
	const values = storeValues(guard.digest, MAX_KEY_EXPIRY_DAYS);
	forgetAttempt(guard);
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
