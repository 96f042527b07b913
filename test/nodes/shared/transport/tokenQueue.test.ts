import { takeToken, tokenQueueState } from '../../../../nodes/shared/transport/tokenQueue';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('takeToken', () => {
	afterEach(() => expect(tokenQueueState()).toEqual({ tokens: 0, waiting: 0 }));

	it('hands one token on first come, first served, while other tokens go at once', async () => {
		const order: string[] = [];
		const first = (await takeToken('token-A'))!;
		const calls = ['second', 'third'].map(async (name) => {
			const handOn = (await takeToken('token-A'))!;
			order.push(name);
			handOn();
		});
		const other = (await takeToken('token-B'))!;
		order.push('other token');
		await turn();
		expect(order).toEqual(['other token']);
		expect(tokenQueueState()).toEqual({ tokens: 2, waiting: 2 });

		first();
		first(); // a second hand-on changes nothing
		await Promise.all(calls);
		other();
		expect(order).toEqual(['other token', 'second', 'third']);
	});

	it('a call whose execution is stopped while waiting leaves the queue without the token', async () => {
		const first = (await takeToken('token-A'))!;
		const stop = new AbortController();
		const stopped = takeToken('token-A', stop.signal);
		const next = takeToken('token-A');
		await turn();
		stop.abort();
		expect(await stopped).toBeUndefined();
		expect(tokenQueueState()).toEqual({ tokens: 1, waiting: 1 });
		first();
		(await next)!();
	});

	it('an execution already stopped gets no token, even a free one', async () => {
		const stop = new AbortController();
		stop.abort();
		expect(await takeToken('token-A', stop.signal)).toBeUndefined();
	});
});
