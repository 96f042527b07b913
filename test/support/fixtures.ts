/**
 * Fixtures the engine tests of several operations share: how they run one Dapi node, the body every Dapi SDK
 * starts with, and the beneficiaries and payroll they pay.
 */
import type { EngineRun, TestNode } from './engine';
import { chainWorkflow, runWorkflow } from './engine';
import { APP_SECRET, appCredentials, callsTo, dapiNode, type Connection, type Simulator } from './dapi';

/**
 * Runs one Dapi node operation in the real engine against the file's simulator. Its input is a connection's
 * item (the output of Exchange Access Code) or a list of input items.
 */
export function dapiRunner(sim: Simulator) {
	return async (
		input: object | object[],
		resource: string,
		operation: string,
		parameters: Record<string, unknown> = {},
		extra: Partial<TestNode> = {},
	): Promise<EngineRun> => {
		const items = Array.isArray(input) ? input : [input];
		return await runWorkflow(
			chainWorkflow(items as never, [dapiNode(resource, operation, parameters as never, extra)]),
			appCredentials(sim),
		);
	};
}

/** The run, for a test that expects success: the workflow's error, if any, is thrown so the test shows it. */
export function succeeded(result: EngineRun): EngineRun {
	const error = result.error();
	if (error) throw error;
	return result;
}

/** The app secret and user secret every Dapi SDK puts first in a user call's body. */
export const secretsOf = (user: Connection) => ({ appSecret: APP_SECRET, userSecret: user.userSecret });

/** The seeded user as the simulator holds it now (accounts with their balances, cards, beneficiaries). */
export function seededUser(sim: Simulator, userID: string) {
	return sim.users().find((user) => user.userID === userID)!;
}

/** The SDKs send the app secret and user secret in the body and the token as Bearer, nothing else. */
export function expectSdkShape(
	sim: Simulator,
	user: Connection,
	path: string,
	extraBody: Record<string, unknown> = {},
) {
	const calls = callsTo(sim, path);
	expect(calls).toHaveLength(1);
	expect(calls[0].method).toBe('POST');
	expect(calls[0].headers.authorization).toBe(`Bearer ${user.accessToken}`);
	expect(calls[0].body).toEqual({ ...secretsOf(user), ...extraBody });
}

export const ADDRESS = { lines: { line1: 'Maryam Street 12', line2: 'Abu Dhabi', line3: 'United Arab Emirates' } };

/** A beneficiary as the node's parameters take it, and the flat fields Dapi's SDKs send for it. */
export function beneficiary(suffix: string) {
	const fields = {
		name: `Jane Doe ${suffix}`,
		accountNumber: `10020030${suffix}`,
		iban: `AE07033123456789012${suffix}`,
		swiftCode: 'DAPIBANK_AE_LIV',
		country: 'AE',
		branchAddress: 'Dubai Mall',
		branchName: 'Main Branch',
	};
	return { parameters: { ...fields, address: ADDRESS }, sent: { ...fields, address: ADDRESS.lines } };
}

/** A US wire beneficiary as the node's parameters take it (without its address). */
export const wireBeneficiary = {
	name: 'Acme Supplies',
	nickname: 'Acme',
	accountNumber: '000123456789',
	routingNumber: '021000021',
	country: 'US',
	branchAddress: '270 Park Avenue',
	branchName: 'Midtown',
};

/** A payroll as a workflow has it: one input item per employee, with the connection's token on each. */
export const PAYROLL = [
	{ employee: 'Omar Khalil', iban: 'AE070331234567890123456', salary: 1200.5 },
	{ employee: 'Sara Ali', iban: 'AE460330000010123456789', salary: 800 },
	{ employee: 'Huda Nasser', iban: 'AE210260001015550001234', salary: 950.25 },
];

/** The batch node's fields mapped from each input item. */
export const PER_ITEM_FIELDS = {
	transfersFrom: 'inputItems',
	amount: '={{ $json.salary }}',
	currency: 'AED',
	name: '={{ $json.employee }}',
	iban: '={{ $json.iban }}',
	swiftCode: 'BOMLAEAD',
	country: 'AE',
};

/** The IBatchItem Dapi's Node SDK sends for one payroll line. */
export const sdkItem = (line: (typeof PAYROLL)[number], extra: Record<string, unknown> = {}) => ({
	type: 'local',
	amount: line.salary,
	currency: 'AED',
	...extra,
	beneficiary: { name: line.employee, iban: line.iban, swiftCode: 'BOMLAEAD', country: 'AE' },
});

/** Input items of one connection: each line with the connection's token and user secret on it. */
export const withToken = (lines: object[], user: Connection) => lines.map((line) => ({ ...user, ...line }));
