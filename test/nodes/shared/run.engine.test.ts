/**
 * What one run object (nodes/shared/run.ts) saves, counted on n8n's own execute context in the real
 * engine: the credential is read once per node run, and each item's options and token once per item.
 */
import { ExecuteContext } from 'n8n-core';

import { chainWorkflow, runWorkflow } from '../../support/engine';
import { callsTo, dapiNode, useDapiSimulator } from '../../support/dapi';
import { sealed, sealedExchange, sealingCredentials } from '../../support/sealing';

type Counted = Record<string, (...args: unknown[]) => unknown>;

/** Counts the calls of a method of n8n's execute context, keyed by what `key` makes of their arguments. */
function countCalls(name: string, key: (args: unknown[]) => string) {
	const counts = new Map<string, number>();
	const prototype = ExecuteContext.prototype as unknown as Counted;
	const original = prototype[name];
	const spy = jest.spyOn(prototype, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
		counts.set(key(args), (counts.get(key(args)) ?? 0) + 1);
		return original.apply(this, args);
	});
	return { counts, restore: () => spy.mockRestore() };
}

describe('one run per node run (real engine, simulator)', () => {
	const sim = useDapiSimulator();

	it('Create Transfer for 4 items on a sealed connection: 1 credential read, options and token read once per item', async () => {
		const { item } = await sealedExchange(sim, 'user-ae-liv-001');
		const account = sim.users().find((user) => user.userID === 'user-ae-liv-001')!.accounts[0];
		const items = [0, 1, 2, 3].map(() => ({ ...item }));
		const credentials = countCalls('getCredentials', ([type]) => String(type));
		const parameters = countCalls('_getNodeParameter', ([name, itemIndex]) => `${String(name)}@${String(itemIndex)}`);
		try {
			sim.clearRequests();
			const result = await runWorkflow(
				chainWorkflow(items, [
					dapiNode(
						'payment',
						'createTransfer',
						sealed({
							senderID: account.id,
							amount: 1,
							payTo: 'details',
							name: 'John Smith',
							iban: 'AE460330000010123456789',
							accountNumber: '0010123456789',
						}),
					),
				]),
				sealingCredentials(sim),
			);
			expect(result.error()).toBeUndefined();
			expect(callsTo(sim, '/payment/transfer/create')).toHaveLength(4);
		} finally {
			credentials.restore();
			parameters.restore();
		}
		expect(Object.fromEntries(credentials.counts)).toEqual({ dapiApi: 1 });
		for (const itemIndex of [0, 1, 2, 3]) {
			expect(parameters.counts.get(`options@${itemIndex}`)).toBe(1);
			expect(parameters.counts.get(`sealedConnection@${itemIndex}`)).toBe(1);
		}
	});
});
