/** The one way a test file gets a simulator: started before its tests, closed after, its log cleared before each. */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';

/**
 * Returns the file's simulator, to be used like the simulator itself (`sim.requests()`); call it at the
 * top of the file or describe block, before the hooks that use it.
 */
export function useSimulator(
	options: SimulatorOptions = {},
	{ freshForEachTest = false, clearLogBeforeEach = false } = {},
): Simulator {
	let current: Simulator | undefined;
	const start = async () => {
		current = await startSimulator({ port: 0, ...options });
	};
	const close = async () => await current?.close();
	if (freshForEachTest) {
		// State (balances, beneficiaries, used codes) starts anew for every test.
		beforeEach(start);
		afterEach(close);
	} else {
		beforeAll(start);
		afterAll(close);
		if (clearLogBeforeEach) beforeEach(() => current?.clearRequests());
	}
	return new Proxy({} as Simulator, {
		get(_target, key) {
			if (!current) throw new Error('The simulator starts in beforeAll: use it inside hooks and tests only.');
			const value = (current as unknown as Record<string | symbol, unknown>)[key];
			return typeof value === 'function' ? value.bind(current) : value;
		},
	});
}
