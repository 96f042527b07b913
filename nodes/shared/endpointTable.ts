/** What a call to an endpoint does: only reads, or changes something, named in messages ("transfer"). */
type Effect = { effect: 'read' } | { effect: 'money' | 'payee' | 'change'; noun: string };

/** One row of the table: docs/dapi-contract.md, section 5, holds the same rows. */
export type EndpointFacts = Effect & {
	/** Long: Dapi's SDKs wait 5 minutes for it; standard: 135 s (see the transport's defaults). */
	timeout: 'standard' | 'long';
	/** Only the app secret is sent, no user token. */
	appLevel?: true;
	/** The credential's App Key goes in the body too. */
	withAppKey?: true;
	/** Its answer's status is another operation's, so a failed or waiting one is the answer, not an error. */
	reportsOnAnotherOperation?: true;
	/** A change an AI agent may ask for without the user's leave. */
	agentMayRun?: true;
};

/**
 * Every Dapi endpoint the nodes know. Money and payee calls take an Idempotency Key; a change is never
 * sent twice; a path with no row is treated as a change.
 */
export const ENDPOINTS = {
	// An access code works once, so the exchange counts as a change; it moves no money and changes no
	// connection, so an agent may run it (only its plain output needs leave).
	'/auth/ExchangeToken': {
		effect: 'change',
		noun: 'access code exchange',
		timeout: 'standard',
		appLevel: true,
		agentMayRun: true,
	},
	'/users/DelinkUser': { effect: 'change', noun: 'delink', timeout: 'standard' },
	'/data/identity/get': { effect: 'read', timeout: 'standard' },
	'/data/accounts/get': { effect: 'read', timeout: 'standard' },
	'/data/completeAccounts/get': { effect: 'read', timeout: 'standard' },
	'/data/balance/get': { effect: 'read', timeout: 'standard' },
	'/data/transactions/get': { effect: 'read', timeout: 'standard' },
	'/data/categorizedTransactions/get': { effect: 'read', timeout: 'standard' },
	'/data/enrichedTransactions/get': { effect: 'read', timeout: 'standard' },
	'/data/cards/get': { effect: 'read', timeout: 'standard' },
	'/metadata/accounts/get': { effect: 'read', timeout: 'standard' },
	'/payment/beneficiaries/get': { effect: 'read', timeout: 'standard' },
	'/payment/beneficiaries/create': { effect: 'payee', noun: 'beneficiary creation', timeout: 'standard' },
	'/payment/transfer/create': { effect: 'money', noun: 'transfer', timeout: 'long' },
	'/payment/transfer/autoflow': { effect: 'money', noun: 'transfer', timeout: 'long' },
	'/wire/beneficiaries/get': { effect: 'read', timeout: 'standard' },
	'/wire/beneficiaries/create': { effect: 'payee', noun: 'wire beneficiary creation', timeout: 'standard' },
	'/wire/transfer/create': { effect: 'money', noun: 'wire transfer', timeout: 'long' },
	'/wire/transfer/autoflow': { effect: 'money', noun: 'wire transfer', timeout: 'long' },
	'/ach/pull/create': { effect: 'money', noun: 'ACH pull', timeout: 'long' },
	'/ach/pull/get': { effect: 'read', timeout: 'standard' },
	'/operation/get': {
		effect: 'read',
		timeout: 'standard',
		appLevel: true,
		withAppKey: true,
		reportsOnAnotherOperation: true,
	},
	'/operation/status': { effect: 'read', timeout: 'standard', appLevel: true, reportsOnAnotherOperation: true },
	'/batch/metadata/get': { effect: 'read', timeout: 'standard' },
	'/batch/transfers/get': { effect: 'read', timeout: 'standard' },
	'/batch/items/get': { effect: 'read', timeout: 'standard' },
	'/batch/transfers/create': { effect: 'money', noun: 'batch transfer', timeout: 'standard' },
	// The bank's batch file pays once it is uploaded: as careful as a payment.
	'/batch/file/create': { effect: 'money', noun: 'batch file', timeout: 'standard' },
} as const satisfies Record<string, EndpointFacts>;

/** A path of the table, as Dapi spells it. */
export type DapiPath = keyof typeof ENDPOINTS;

const UNKNOWN: EndpointFacts = { effect: 'change', noun: 'call', timeout: 'standard' };
const BY_LOWER_CASE = new Map<string, EndpointFacts>(
	Object.entries(ENDPOINTS).map(([path, row]) => [path.toLowerCase(), row]),
);

/** The row of a (checked) endpoint, or undefined when the table has none. */
export function endpointRow(endpoint: string): EndpointFacts | undefined {
	const path = endpoint.replace(/\/+$/, '');
	if (Object.hasOwn(ENDPOINTS, path)) return ENDPOINTS[path as DapiPath];
	const row = BY_LOWER_CASE.get(path.toLowerCase());
	// Spelled otherwise, a path keeps its row but is not trusted as a read.
	return row?.effect === 'read' ? { ...row, ...UNKNOWN } : row;
}

/** What the table says of an endpoint; a path with no row is a change. */
export const endpointFacts = (endpoint: string): EndpointFacts => endpointRow(endpoint) ?? UNKNOWN;

/** Whether a (checked) endpoint is one of Dapi's reads; unknown paths are treated as changes. */
export const isKnownRead = (endpoint: string): boolean => endpointFacts(endpoint).effect === 'read';

/** Whether a call moves money or registers a payee: an Idempotency Key guards it. */
export function takesIdempotencyKey(endpoint: string): boolean {
	const { effect } = endpointFacts(endpoint);
	return effect === 'money' || effect === 'payee';
}

/** Whether an endpoint's answer reports on another operation (operation status). */
export const reportsOnAnotherOperation = (endpoint: string): boolean =>
	endpointFacts(endpoint).reportsOnAnotherOperation === true;

/** What an operation calls, and how carefully. */
export interface EndpointSpec {
	/** Path relative to the credential's Base URL, e.g. /data/balance/get; empty when nothing is called. */
	path: string;
	appLevel?: boolean;
	withAppKey?: boolean;
	/** What the call changes (e.g. "transfer"): never repeated, and a lost answer is an unknown outcome. */
	sideEffect?: string;
	agentMayRun?: boolean;
}

/** An operation's spec: its path and that path's row. */
export function endpointSpec(path: DapiPath): EndpointSpec {
	const facts = endpointFacts(path);
	return {
		path,
		...(facts.appLevel ? { appLevel: true } : {}),
		...(facts.withAppKey ? { withAppKey: true } : {}),
		...(facts.effect === 'read' ? {} : { sideEffect: facts.noun }),
		...(facts.agentMayRun ? { agentMayRun: true } : {}),
	};
}
