import { sleep } from 'n8n-workflow';

/**
 * Lets the sends of one run start one per turn of the event loop, so connections answering together do not
 * fall into lockstep (docs/performance.md, "Answers that arrive together no longer leave together").
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
