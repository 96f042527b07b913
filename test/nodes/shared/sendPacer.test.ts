import { SendPacer } from '../../../nodes/shared/sendPacer';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SendPacer', () => {
	/** Counts turns of the event loop (an immediate that schedules itself runs once per turn) while `body` runs. */
	async function countingLoopTurns<T>(body: (turns: { turn: number }) => Promise<T>): Promise<T> {
		const counter = { turn: 0, stopped: false };
		const tick = () => {
			if (counter.stopped) return;
			counter.turn++;
			setImmediate(tick);
		};
		setImmediate(tick);
		try {
			return await body(counter);
		} finally {
			counter.stopped = true;
		}
	}

	it('lets a send that finds no other waiting start at once', async () => {
		await countingLoopTurns(async (turns) => {
			const before = turns.turn;
			await new SendPacer().nextSend();
			expect(turns.turn).toBe(before);
		});
	});

	it('starts sends that wait together one per timer it hands on from, in the order they asked', async () => {
		// Fake timers: on a busy machine Node may run two of the pacer's due timers in one turn of the real
		// loop, so a count of real turns depends on the load; one send per timer does not.
		jest.useFakeTimers();
		try {
			const pacer = new SendPacer();
			const started: number[] = [];
			const all = Promise.all(
				[0, 1, 2, 3, 4].map(async (send) => {
					await pacer.nextSend();
					started.push(send);
				}),
			);
			// Promise callbacks only, no timer: the first send starts at once, the others wait.
			for (let i = 0; i < 20; i++) await Promise.resolve();
			expect(started).toEqual([0]);
			for (let send = 1; send <= 4; send++) {
				await jest.runOnlyPendingTimersAsync();
				expect(started).toEqual([0, 1, 2, 3, 4].slice(0, send + 1));
			}
			await all;
		} finally {
			jest.useRealTimers();
		}
	});

	it('starts at once again after the queue has emptied', async () => {
		const pacer = new SendPacer();
		await Promise.all([pacer.nextSend(), pacer.nextSend()]);
		// The pacer hands on from a timer; once it has found nobody waiting, it is idle again.
		await pause(20);
		await countingLoopTurns(async (turns) => {
			const before = turns.turn;
			await pacer.nextSend();
			expect(turns.turn).toBe(before);
		});
	});
});
