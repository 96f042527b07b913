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
	/** Delay before every API answer (not control calls): fixed ms, or a range picked uniformly per call. Default 0. */
	latencyMs?: number | LatencyRange;
	/** Clock in ms. Default Date.now. advanceClock adds to it. */
	now?: () => number;
};

/** Latency picked uniformly in [minMs, maxMs] for each API call. */
export type LatencyRange = { minMs: number; maxMs: number };

/** What Dapi Connect hands the app after a successful bank login. */
export type ConnectResult = {
	success: true;
	accessCode: string;
	userSecret: string;
	connectionID: string;
	userID: string;
	tokenID: string;
};

/** A connection the simulator made, as GET /__sim/connections lists it. */
export type IssuedConnection = {
	connectionID: string;
	userID: string;
	tokenID: string;
	userSecret: string;
	accessTokens: Array<{ accessToken: string; revoked: boolean }>;
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
	/** The delay picked for this call's answer (latency setting), null until picked. */
	latencyMs: number | null;
	/** Simulator clock, ms. */
	startedAt: number;
	endedAt: number | null;
};

export type BeneficiarySummary = {
	id: string;
	name: string;
	type: string;
	/** approved | rejected | cancelled | waiting_for_confirmation | modified_for_pending_approval */
	status: string;
	/** null for US (wire) beneficiaries */
	iban: string | null;
	accountNumber: string;
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
	/** Payment beneficiaries as /payment/beneficiaries/get lists them, including ones created since the start. */
	beneficiaries: BeneficiarySummary[];
	/** Wire beneficiaries (US banks). */
	wireBeneficiaries: BeneficiarySummary[];
};

/** MFA policy of an endpoint. otp_pin asks for two inputs (otp index 0, pin index 1). */
export type UserInputPolicy = 'none' | 'otp' | 'otp_pin' | 'secret_question' | 'captcha';

/** What the simulated bank accepts for each prompt id. */
export type UserInputAnswers = Readonly<{ otp: string; pin: string; secret_question: string; captcha: string }>;

export type OperationStatus = 'initialized' | 'user_input_required' | 'done' | 'failed';

/** One entry of the operation registry: every operationID the simulator has put in an API answer. */
export type OperationRecord = {
	operationID: string;
	/** Path called, e.g. /v2/payment/transfer/autoflow */
	endpoint: string;
	/** The same path without /v2, as opInfo.type shows it. */
	type: string;
	status: OperationStatus;
	/** Simulator clock, ms. */
	startedAt: number;
	/** null while waiting for user input. */
	endedAt: number | null;
	/** Error type when failed, else null. */
	errorType: string | null;
	userID: string | null;
	connectionID: string | null;
};

export type WebhookScheme = 'dapi-signature' | 'svix';
export type WebhookFault = 'bad-signature' | 'old-timestamp' | 'duplicate';

export type WebhookConfig = {
	/** http(s) URL that receives the POSTs. */
	url: string;
	/** dapi-signature: the HMAC key as is. svix: base64, optionally prefixed "whsec_". */
	secret: string;
	/** Default 'dapi-signature'. */
	scheme?: WebhookScheme;
	/** svix only, required there: base64 of 16, 24 or 32 bytes (AES-128/192/256-CFB). */
	aesKey?: string;
};

export type WebhookDelivery = {
	seq: number;
	url: string;
	scheme: WebhookScheme;
	/** Headers as sent (lower-case names). */
	headers: Record<string, string>;
	/** Raw body as sent: the envelope JSON (dapi-signature) or {"data": "<base64 iv + ciphertext>"} (svix). */
	body: string;
	/** The envelope before signing and encryption. */
	payload: Record<string, unknown>;
	fault: WebhookFault | null;
	/** Simulator clock, ms. */
	sentAt: number;
	/** HTTP status the receiver answered; null when no answer came (see error). */
	status: number | null;
	error: string | null;
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
	/** Every connection Connect made, with its user secret and the access tokens exchanged for it. */
	issued(): IssuedConnection[];
	/** Copy of the API request log, in arrival order. */
	requests(): RequestLogEntry[];
	/**
	 * Resolves once `check` holds for the request log, checked now and on every arrival and answer: wait for a
	 * call to be in flight (`log => log.length === 1`) or answered (`log => log.every(e => e.status !== null)`).
	 */
	untilRequests(check: (log: RequestLogEntry[]) => boolean): Promise<void>;
	clearRequests(): void;
	/** Number of log entries with overlapped === true. */
	overlapCount(): number;
	/** Moves the simulator clock forward; returns the new simulator time (ms). */
	advanceClock(ms: number): number;
	/** Current simulator time (ms). */
	now(): number;
	/** A fixed delay, or { minMs, maxMs } for a uniform spread per call. Throws TypeError on bad values. */
	setLatency(latency: number | LatencyRange): void;
	/** The current latency: a number when fixed, else the range. */
	latency(): number | LatencyRange;
	users(): SeededUserSummary[];
	/** Every route path, e.g. /v2/data/balance/get. */
	routes(): string[];
	/**
	 * MFA for an endpoint (a route path such as /v2/data/balance/get) or '*' (every user endpoint; a path's own
	 * policy wins). 'none' removes it. Auth, metadata and operation endpoints never ask (TypeError).
	 */
	setUserInputPolicy(path: string, policy: UserInputPolicy): void;
	userInputPolicies(): Record<string, UserInputPolicy>;
	/** otp 123456, pin 1234, secret_question dapi, captcha n8n42 */
	readonly userInputAnswers: UserInputAnswers;
	/** Copy of the operation registry, oldest first. */
	operations(): OperationRecord[];
	/** Where finished transfer operations are posted; null switches webhooks off. Throws TypeError on a bad config. */
	setWebhook(config: WebhookConfig | null): void;
	/** The configured URL and scheme (never the secrets), or null. */
	webhook(): { url: string; scheme: WebhookScheme } | null;
	/** Corrupts the next delivery (or every one, with sticky); null clears. */
	setWebhookFault(fault: WebhookFault | null, options?: { sticky?: boolean }): void;
	/** Copies of the deliveries, in sending order (a duplicate fault logs two). */
	webhookDeliveries(): WebhookDelivery[];
	clearWebhookDeliveries(): void;
	/** Posts an envelope to the configured webhook now; resolves with its delivery once the receiver answered. */
	sendWebhook(envelope: Record<string, unknown>): Promise<WebhookDelivery>;
	/** Resolves when every webhook delivery started so far has finished. */
	flushWebhooks(): Promise<void>;
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
	/** false: never asks for user input (metadata). */
	userInput?: boolean;
	/** true: finished operations are posted to the webhook. */
	webhook?: boolean;
	/** true: answers about another operation (/operation/get, /operation/status). */
	operationStatus?: boolean;
};

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
export declare const DEFAULTS: Readonly<{ port: number; appSecret: string; appKey: string; latencyMs: number }>;
export declare const USER_INPUT_ANSWERS: UserInputAnswers;
export declare const ERRORS: Readonly<Record<string, ErrorSpec>>;
export declare const ROUTES: ReadonlyArray<RouteInfo>;
/** 30 minutes. */
export declare const ACCESS_CODE_TTL_MS: number;
