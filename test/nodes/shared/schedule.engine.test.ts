import { chainWorkflow, runWorkflow } from '../../support/engine';
import { appCredentials, connectSeeded, dapiNode, overlapAcrossTokens, useDapiSimulator } from '../../support/dapi';
import type { ConnectedUser } from '../../support/dapi';

/**
 * Dapi fails every call when two run at once on one access token (the simulator's guard fails both).
 * Items sharing a token must run one after another; other tokens may overlap up to the limit.
 */
describe('Dapi node, one call at a time per access token', () => {
	const sim = useDapiSimulator();
	let users: ConnectedUser[];
	beforeAll(async () => {
		users = await connectSeeded(sim, 3);
		// Long enough that calls on other tokens, sent one event-loop turn apart, overlap even on a busy machine.
		sim.setLatency(150);
	});

	// Interleaved on purpose: A B C A B C A B C.
	const interleaved = () => [0, 1, 2, 0, 1, 2, 0, 1, 2].map((i) => users[i]);

	async function balances(items: ConnectedUser[], maxParallelConnections?: number) {
		return await runWorkflow(
			chainWorkflow(items as never, [
				dapiNode('data', 'getBalance', {
					accountID: '={{ $json.accountID }}',
					options: maxParallelConnections ? { maxParallelConnections } : {},
				}),
			]),
			appCredentials(sim),
		);
	}

	it('by default runs every call one after another: no overlap at all', async () => {
		const result = await balances(interleaved());
		expect(result.error()).toBeUndefined();
		expect(sim.overlapCount()).toBe(0);
		expect(overlapAcrossTokens(sim)).toBe(false);
		expect(result.output('Dapi')).toHaveLength(9);
	});

	it('with 3 connections in parallel: different tokens overlap, one token never does, output stays in input order', async () => {
		const items = interleaved();
		const result = await balances(items, 3);
		expect(result.error()).toBeUndefined();
		expect(sim.overlapCount()).toBe(0);
		expect(overlapAcrossTokens(sim)).toBe(true);
		const output = result.output('Dapi');
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		output.forEach((item, i) =>
			expect(item.json.accountNumber).toBe(sim.users().find((u) => u.userID === items[i].userID)!.accounts[0].number),
		);
	});

	it('many items on one token stay sequential even with a high limit', async () => {
		const result = await balances([users[0], users[0], users[0], users[0]], 10);
		expect(result.error()).toBeUndefined();
		expect(sim.overlapCount()).toBe(0);
		const calls = sim.requests();
		for (let i = 1; i < calls.length; i++) expect(calls[i].startedAt).toBeGreaterThanOrEqual(calls[i - 1].endedAt!);
	});
});
