import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

// Deliveries accepted inside the replay window, in this process's memory (exact) and in the workflow's static
// data (seen by every process and after restarts, but not atomic: docs/queue-mode.md, "One run per Dapi delivery").
const accepted = new Map<string, number>();

/** Entries the shared memory keeps at most per trigger (~40 bytes each): the newest survive. */
export const SHARED_MEMORY_LIMIT = 2000;

export function isRepeat(triggerKey: string, deliveryId: string, nowMs: number, windowMs: number): boolean {
	for (const [key, expires] of accepted) if (expires <= nowMs) accepted.delete(key);
	const key = `${triggerKey}\u0000${deliveryId}`;
	if (accepted.has(key)) return true;
	accepted.set(key, nowMs + 2 * windowMs);
	return false;
}

/**
 * The same check against `store`, the node's workflow static data: true when the delivery is
 * recorded and unexpired; otherwise records it (n8n then saves the static data).
 */
export function isRepeatShared(store: IDataObject, deliveryId: string, nowMs: number, windowMs: number): boolean {
	const previous = Array.isArray(store.acceptedDeliveries) ? (store.acceptedDeliveries as Array<[string, number]>) : [];
	// A digest: short, and nothing of the delivery's headers lands in the workflow.
	const key = createHash('sha256').update(deliveryId).digest('base64url').slice(0, 22);
	if (previous.some(([seen, expires]) => seen === key && expires > nowMs)) return true;
	const kept = previous.filter(([, expires]) => expires > nowMs);
	kept.push([key, nowMs + 2 * windowMs]);
	if (kept.length > SHARED_MEMORY_LIMIT)
		kept.sort(([, a], [, b]) => a - b).splice(0, kept.length - SHARED_MEMORY_LIMIT);
	store.acceptedDeliveries = kept;
	return false;
}
