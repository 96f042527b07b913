import type { ConnectResult, Simulator } from '../../simulator';

export const APP_SECRET = 'test-app-secret';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const JWT_LIKE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export interface PostOptions {
	token?: string;
	headers?: Record<string, string>;
	/** Sent as-is instead of JSON.stringify(body). */
	raw?: string;
	method?: string;
}

export async function call(sim: Simulator, path: string, body?: unknown, options: PostOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
	if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
	const method = options.method ?? 'POST';
	const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
	const res = await fetch(sim.url + path, {
		method,
		headers,
		body: method === 'GET' || method === 'HEAD' ? undefined : payload,
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// keep the text
	}
	return { status: res.status, headers: res.headers, text, body: parsed };
}

export interface Session {
	connect: ConnectResult;
	accessToken: string;
}

/** Connect + ExchangeToken, the way an app gets a usable token. */
export async function login(sim: Simulator, userID?: string, appSecret = APP_SECRET): Promise<Session> {
	const connect = sim.connect(userID);
	const reply = await call(sim, '/v2/auth/ExchangeToken', {
		appSecret,
		accessCode: connect.accessCode,
		connectionID: connect.connectionID,
	});
	if (reply.status !== 200) throw new Error(`ExchangeToken failed: ${reply.text}`);
	return { connect, accessToken: reply.body.accessToken };
}

/** POST to a user-scoped endpoint with everything a correct client sends. */
export function userCall(
	sim: Simulator,
	session: Session,
	path: string,
	extra: Record<string, unknown> = {},
	appSecret = APP_SECRET,
) {
	return call(
		sim,
		path,
		{ appSecret, userSecret: session.connect.userSecret, ...extra },
		{ token: session.accessToken },
	);
}

/** The Dapi error envelope, exactly. */
export function expectDapiError(reply: Reply, status: number, type: string) {
	expect(reply.status).toBe(status);
	expect(Object.keys(reply.body).sort()).toEqual(['msg', 'operationID', 'status', 'success', 'type']);
	expect(reply.body).toMatchObject({ success: false, status: 'failed', type });
	expect(typeof reply.body.msg).toBe('string');
	expect(reply.body.msg.length).toBeGreaterThan(0);
	expect(reply.body.operationID).toMatch(UUID);
	expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
}

/** 2024-06-15T10:00:00Z: a fixed simulator clock, so dates and timestamps are exact in tests. */
export const FIXED_NOW = Date.UTC(2024, 5, 15, 10, 0, 0);
export const HOUR = 60 * 60 * 1000;

export const AED = { code: 'AED', name: 'UNITED ARAB EMIRATES DIRHAM' };
export const USD = { code: 'USD', name: 'UNITED STATES DOLLAR' };

/** The flat create-beneficiary fields (Go README REQUIRED set), valid for an AE bank. */
export function aeBeneficiary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		name: 'Jane Doe',
		accountNumber: '0099887766001',
		iban: 'AE220460000045566778899',
		swiftCode: 'CBDUAEAD',
		type: 'local',
		address: { line1: 'Maryam Street 12', line2: 'Abu Dhabi', line3: 'United Arab Emirates' },
		country: 'AE',
		branchAddress: 'Dubai Mall',
		branchName: 'Main Branch',
		...overrides,
	};
}

/** The wire create-beneficiary fields (docs create-wire-beneficiary), valid for a US bank. */
export function wireBeneficiary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		name: 'Acme Supplies',
		nickname: 'Acme',
		accountNumber: '000555666777',
		routingNumber: '026009593',
		type: 'local',
		address: { line1: '100 Main Street', line2: 'Boston', line3: 'United States' },
		country: 'US',
		branchAddress: '100 Federal Street Boston',
		branchName: 'Federal Street',
		...overrides,
	};
}

/** The operationID answered by the simulator, of any reply. */
export const opID = (reply: Reply): string => reply.body.operationID;
