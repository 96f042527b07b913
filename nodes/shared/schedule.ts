import { sleep } from 'n8n-workflow';

import { remembered } from './remembered';

/** Raised at an item's turn when an earlier item failed and the node stops: it must not send. */
export class StoppedBeforeTurn extends Error {
	constructor() {
		super('stopped before its turn: an earlier item failed');
	}
}

/** How many items a worker prepares ahead of the one whose call is in flight. */
export const LOOK_AHEAD = 2;

/**
 * Runs one task per item so that items sharing a connection key never send at the same time (Dapi
 * fails every call when two run at once on one access token), while different connections may run
 * side by side, at most `maxParallel` at a time. Items of one connection keep their input order.
 *
 * Each worker takes whole connections, one after another (the next once its last call is done), and
 * starts up to LOOK_AHEAD items of a connection beyond the one in flight: they read their parameters
 * and build their requests meanwhile, then wait at `waitForTurn()` (called by the transport right
 * before sending) until the worker's previous item has finished. So an item's preparation is off the
 * critical path, and a worker still has one call in flight at most.
 *
 * After the first failure no new item is started and waiting items never send; the lowest failing
 * index is reported.
 */
export async function runByConnection<T>(
	keys: string[],
	maxParallel: number,
	task: (index: number, waitForTurn: () => Promise<void>) => Promise<T>,
	lookAhead = LOOK_AHEAD,
): Promise<{ results: Array<T | undefined>; failure?: { index: number; error: unknown } }> {
	const queues = new Map<string, number[]>();
	keys.forEach((key, index) => remembered(queues, key, () => []).push(index));

	const results: Array<T | undefined> = new Array(keys.length);
	const failures: Array<{ index: number; error: unknown }> = [];
	const pending = [...queues.values()];

	// A worker takes the next connection only once its own are done, as a careful client would: taken
	// earlier, a connection could wait behind this worker's slow call while another worker is free.
	const nextQueue = async (inFlight: Set<Promise<void>>) => {
		await Promise.all(inFlight);
		return pending.shift();
	};

	const worker = async () => {
		let previousDone: Promise<void> = Promise.resolve();
		const inFlight = new Set<Promise<void>>();
		for (let queue = pending.shift(); queue; queue = await nextQueue(inFlight)) {
			for (const index of queue) {
				while (inFlight.size > lookAhead) await Promise.race(inFlight);
				if (failures.length > 0) break;
				const turn = previousDone;
				const waitForTurn = async () => {
					await turn;
					if (failures.length > 0) throw new StoppedBeforeTurn();
				};
				const done = task(index, waitForTurn).then(
					(result) => {
						results[index] = result;
					},
					(error: unknown) => {
						if (!(error instanceof StoppedBeforeTurn)) failures.push({ index, error });
					},
				);
				inFlight.add(done);
				void done.then(() => inFlight.delete(done));
				previousDone = done;
			}
			if (failures.length > 0) break;
		}
		await Promise.all(inFlight);
	};

	const workers = Math.max(1, Math.min(Math.floor(maxParallel) || 1, queues.size));
	await Promise.all(Array.from({ length: workers }, worker));
	failures.sort((a, b) => a.index - b.index);
	return { results, failure: failures[0] };
}

/**
 * Lets the sends of one node run start one at a time, each on its own turn of Node's event loop.
 *
 * Why: n8n's HTTP helper opens a new connection for every request, and a new connection carries its
 * request only once the event loop polls again. When several connections answer at once, their next
 * requests would all be built back to back and leave together only after the last of them, so the
 * connections fall into lockstep: every round costs the latency plus the CPU of all of them in a row,
 * and the CPU never overlaps the waiting. Handing the next send on from a timer (n8n's `sleep`, the
 * timer a community node may use) lets each request leave while the next is built, which spreads the
 * answers out again. A send that finds no other waiting starts at once.
 */
export class SendPacer {
	private readonly waiting: Array<() => void> = [];
	private handingOn = false;

	async nextSend(): Promise<void> {
		if (this.handingOn) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
			return;
		}
		this.handingOn = true;
		void this.handOn();
	}

	private async handOn(): Promise<void> {
		for (;;) {
			await sleep(0);
			const next = this.waiting.shift();
			if (!next) break;
			next();
		}
		this.handingOn = false;
	}
}

// The transport asks for an item's turn without knowing the scheduler; a node run registers its
// items' turns here for the length of the run.
const turns = new WeakMap<object, { byItem: Map<number, () => Promise<void>>; pacer: SendPacer }>();

export function registerTurn(run: object, itemIndex: number, waitForTurn: () => Promise<void>): void {
	remembered(turns, run, () => ({ byItem: new Map(), pacer: new SendPacer() })).byItem.set(itemIndex, waitForTurn);
}

/** Waits until this item may send (immediately for calls outside a scheduled node run). */
export async function waitForTurn(run: object, itemIndex: number): Promise<void> {
	const registered = turns.get(run);
	const turn = registered?.byItem.get(itemIndex);
	if (!registered || !turn) return;
	await turn();
	await registered.pacer.nextSend();
}
