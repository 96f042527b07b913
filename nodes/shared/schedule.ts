/**
 * Runs one task per item so that items sharing a connection key never overlap (Dapi fails every
 * call when two run at once on one access token), while different connections may run side by
 * side, at most `maxParallel` at a time. Items of one connection keep their input order.
 * After the first failure no new item is started; the lowest failing index is reported.
 */
export async function runByConnection<T>(
	keys: string[],
	maxParallel: number,
	task: (index: number) => Promise<T>,
): Promise<{ results: Array<T | undefined>; failure?: { index: number; error: unknown } }> {
	const queues = new Map<string, number[]>();
	keys.forEach((key, index) => {
		const queue = queues.get(key);
		if (queue) queue.push(index);
		else queues.set(key, [index]);
	});

	const results: Array<T | undefined> = new Array(keys.length);
	const failures: Array<{ index: number; error: unknown }> = [];
	const pending = [...queues.values()];

	const worker = async () => {
		for (let queue = pending.shift(); queue; queue = pending.shift()) {
			for (const index of queue) {
				if (failures.length > 0) return;
				try {
					results[index] = await task(index);
				} catch (error) {
					failures.push({ index, error });
					return;
				}
			}
		}
	};

	const workers = Math.max(1, Math.min(Math.floor(maxParallel) || 1, queues.size));
	await Promise.all(Array.from({ length: workers }, worker));
	failures.sort((a, b) => a.index - b.index);
	return { results, failure: failures[0] };
}
