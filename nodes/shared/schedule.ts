import { remembered } from './remembered';

/** Raised at an item's turn when an earlier item failed and the node stops: it must not send. */
export class StoppedBeforeTurn extends Error {
	constructor() {
		super('stopped before its turn: an earlier item failed');
	}
}

/** How many items of a connection are prepared ahead of the one whose call is in flight. */
export const LOOK_AHEAD = 2;

export interface ScheduleOutcome<T> {
	results: Array<T | undefined>;
	/** The first item in input order that failed. */
	failure?: { index: number; error: unknown };
	/** Items after the failed one that had taken their turn before it failed, with what each gave. */
	underWay: Array<{ index: number; result?: T; error?: unknown }>;
}

/**
 * Runs one task per item in input order, at most `maxParallel` at once and never two of one connection (Dapi
 * fails parallel calls on one token). A task prepares ahead, then waits at `waitForTurn()` (the transport, through
 * the run); after an item fails no later one takes its turn, and those already under way are reported.
 */
export async function runByConnection<T>(
	keys: string[],
	maxParallel: number,
	task: (index: number, waitForTurn: () => Promise<void>) => Promise<T>,
	lookAhead = LOOK_AHEAD,
): Promise<ScheduleOutcome<T>> {
	const slots = Math.max(1, Math.floor(maxParallel) || 1);
	// Each connection's items that have not taken their turn, in input order.
	const queues = new Map<string, number[]>();
	keys.forEach((key, index) => remembered(queues, key, () => []).push(index));
	// The first waiting item of each connection with nothing in flight, lowest first: who may go next.
	const candidates = [...queues.values()].map((queue) => queue[0]);
	const busy = new Set<string>();

	const results: Array<T | undefined> = new Array(keys.length);
	const errors = new Map<number, unknown>();
	let firstFailure = Infinity;
	const tookTurn = new Set<number>();
	const settled = new Set<number>();
	const turns = new Map<number, { opened: Promise<void>; open: () => void }>();
	const started = new Map<number, Promise<void>>();
	let inFlight = 0;
	let allTaken!: () => void;
	const done = new Promise<void>((resolve) => (allTaken = resolve));

	const turnOf = (index: number) =>
		remembered(turns, index, () => {
			let open!: () => void;
			return { opened: new Promise<void>((resolve) => (open = resolve)), open };
		});

	const prepare = (index: number) => {
		const waitForTurn = async () => {
			await turnOf(index).opened;
			if (firstFailure < index) throw new StoppedBeforeTurn();
		};
		return task(index, waitForTurn)
			.then(
				(result) => {
					results[index] = result;
				},
				(error: unknown) => {
					if (error instanceof StoppedBeforeTurn) return;
					errors.set(index, error);
					firstFailure = Math.min(firstFailure, index);
				},
			)
			.then(() => finish(index));
	};
	const start = (index: number) => remembered(started, index, () => prepare(index));

	const release = (key: string) => {
		busy.delete(key);
		const following = queues.get(key)![0];
		if (following !== undefined) insertInOrder(candidates, following);
	};

	const takeTurn = (index: number) => {
		queues.get(keys[index])!.shift();
		tookTurn.add(index);
		turnOf(index).open();
		// Already settled while being prepared (its input was refused): nothing is in flight.
		if (settled.has(index)) return release(keys[index]);
		inFlight++;
		busy.add(keys[index]);
		void start(index);
	};

	function finish(index: number) {
		settled.add(index);
		if (!tookTurn.has(index)) return;
		inFlight--;
		release(keys[index]);
		next();
	}

	function next() {
		while (inFlight < slots && candidates.length > 0 && candidates[0] < firstFailure) takeTurn(candidates.shift()!);
		const ahead = [...busy].flatMap((key) => queues.get(key)!.slice(0, lookAhead)).concat(candidates.slice(0, slots));
		for (const index of ahead) if (index < firstFailure) void start(index);
		if (inFlight === 0) allTaken();
	}

	next();
	await done;
	// Items prepared ahead whose turn never came (an earlier item failed): their wait ends, and they stop.
	for (const turn of turns.values()) turn.open();
	await Promise.all(started.values());

	const failure = firstFailure < Infinity ? { index: firstFailure, error: errors.get(firstFailure) } : undefined;
	const underWay = [...tookTurn]
		.filter((index) => failure && index > failure.index && (results[index] !== undefined || errors.has(index)))
		.sort((a, b) => a - b)
		.map((index) => ({ index, result: results[index], error: errors.get(index) }));
	return { results, failure, underWay };
}

/** Inserts `value` into the ascending `list`, keeping it ascending. */
function insertInOrder(list: number[], value: number): void {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (list[middle] < value) low = middle + 1;
		else high = middle;
	}
	list.splice(low, 0, value);
}
