/**
 * Types for the Dapi v2 simulator (implementation: index.js, CommonJS).
 * Plain data shapes are type aliases, not interfaces, so they fit index-signature types such as n8n's IDataObject.
 */

export type SimulatorOptions = {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 'sim-app-secret'. */
	appSecret?: string;
	/** Default 'sim-app-key'. */
	appKey?: string;
	/** Delay before every API answer (not control calls). Default 0. */
	latencyMs?: number;
	/** Clock in ms. Default Date.now. advanceClock adds to it. */
	now?: () => number;
};

/** What Dapi Connect hands the app after a successful bank login. */
export type ConnectResult = {
	success: true;
	accessCode: string;
	userSecret: string;
	connectionID: string;
	userID: string;
	tokenID: string;
};

export type RequestLogEntry = {
	seq: number;
	method: string;
	/** As received, e.g. /v2/auth/ExchangeToken */
	path: string;
	/** All request headers, names lower-cased. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, or the raw string when it did not parse. */
	body: unknown;
	/** HTTP status answered; null while in flight. */
	status: number | null;
	/** Error type answered, null on success. */
	type: string | null;
	/** The Bearer token, or null. */
	token: string | null;
	/** True when the per-token concurrency guard tripped for this call. */
	overlapped: boolean;
	/** Simulator clock, ms. */
	startedAt: number;
	endedAt: number | null;
};

export type SeededUserSummary = {
	userID: string;
	name: string;
	bankID: string;
	bankName: string;
	country: string;
	accounts: Array<{
		id: string;
		name: string;
		type: string;
		iban: string | null;
		number: string;
		/** Currency code, e.g. AED */
		currency: string;
		balance: number;
	}>;
	cards: Array<{ id: string; name: string; cardNumber: string }>;
};

export interface Simulator {
	/** http://127.0.0.1:<port> */
	url: string;
	/** url + '/v2': the credential Base URL */
	baseUrl: string;
	port: number;
	appKey: string;
	appSecret: string;
	/** A fresh Connect result; userID defaults to the first seeded user. Throws RangeError on an unknown userID. */
	connect(userID?: string): ConnectResult;
	/** Copy of the API request log, in arrival order. */
	requests(): RequestLogEntry[];
	clearRequests(): void;
	/** Number of log entries with overlapped === true. */
	overlapCount(): number;
	/** Moves the simulator clock forward; returns the new simulator time (ms). */
	advanceClock(ms: number): number;
	/** Current simulator time (ms). */
	now(): number;
	setLatency(ms: number): void;
	users(): SeededUserSummary[];
	close(): Promise<void>;
}

export type ErrorSpec = {
	status: number;
	msg: string;
	/** True when no Dapi source names this type. */
	mockOnly: boolean;
	source: 'docs' | 'sdk-proxy' | 'mock';
};

export type RouteInfo = {
	path: string;
	auth: 'app' | 'user';
	handler: (...args: never[]) => unknown;
};

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
export declare const DEFAULTS: Readonly<{ port: number; appSecret: string; appKey: string; latencyMs: number }>;
export declare const ERRORS: Readonly<Record<string, ErrorSpec>>;
export declare const ROUTES: ReadonlyArray<RouteInfo>;
/** 30 minutes. */
export declare const ACCESS_CODE_TTL_MS: number;
