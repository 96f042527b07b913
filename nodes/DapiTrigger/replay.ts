/**
 * Deliveries already accepted, per trigger, for the length of the replay window: a repeated
 * delivery inside the window is answered but starts nothing. Held in this n8n process's memory, so
 * it does not span restarts or several webhook processes (older deliveries fail the timestamp check).
 */
const accepted = new Map<string, number>();

export function isRepeat(triggerKey: string, deliveryId: string, nowMs: number, windowMs: number): boolean {
	for (const [key, expires] of accepted) if (expires <= nowMs) accepted.delete(key);
	const key = `${triggerKey}\u0000${deliveryId}`;
	if (accepted.has(key)) return true;
	accepted.set(key, nowMs + 2 * windowMs);
	return false;
}
