import { sleep } from 'n8n-workflow';

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
