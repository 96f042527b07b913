import { createHash } from 'crypto';

// One call at a time per access token across this process's executions (Dapi fails parallel calls on a token).
// Keyed by the token's hash; an entry lives while a call on it runs and queues the rest first come, first served.
const queues = new Map<string, Array<() => void>>();

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64');

/**
 * Waits until no other call of this process runs on `token`, and gives back the function that hands
 * the token on (call it once the call is over). Undefined when `cancel` fired before the token was
 * free: the call has left the queue and must not be sent.
 */
export async function takeToken(token: string, cancel?: AbortSignal): Promise<(() => void) | undefined> {
	if (cancel?.aborted) return undefined;
	const key = keyOf(token);
	const waiting = queues.get(key);
	if (!waiting) {
		queues.set(key, []);
		return handOnOnce(key);
	}
	const granted = await new Promise<boolean>((resolve) => {
		const leave = () => {
			const at = waiting.indexOf(wake);
			if (at >= 0) waiting.splice(at, 1);
			resolve(false);
		};
		const wake = () => {
			cancel?.removeEventListener('abort', leave);
			resolve(true);
		};
		waiting.push(wake);
		cancel?.addEventListener('abort', leave, { once: true });
	});
	return granted ? handOnOnce(key) : undefined;
}

function handOnOnce(key: string): () => void {
	let handedOn = false;
	return () => {
		if (handedOn) return;
		handedOn = true;
		const waiting = queues.get(key);
		const next = waiting?.shift();
		if (next) next();
		else queues.delete(key);
	};
}

/** How many tokens have a call running, and how many calls wait behind them (for tests; no token or hash). */
export function tokenQueueState(): { tokens: number; waiting: number } {
	let waiting = 0;
	for (const calls of queues.values()) waiting += calls.length;
	return { tokens: queues.size, waiting };
}
