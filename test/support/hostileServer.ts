/**
 * A deliberately misbehaving "Dapi" on loopback for fault-injection tests: it answers every request
 * with the fault it is set to (or one chosen per request), counts what it received per path, logs each
 * request in arrival order, counts requests that overlapped another on the same token, and echoes back
 * every secret it was sent, in the body or any header (raw, JSON-escaped and URL-encoded), wherever
 * its answer has text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Body = 'envelope' | 'empty' | 'html' | 'truncated' | 'gzipCorrupt';

export type Fault =
	| { kind: 'status'; status: number; body: Body; retryAfter?: string }
	| { kind: 'json'; text: string }
	| { kind: 'successEcho' }
	| { kind: 'echoIn'; field: 'type' | 'msg' | 'operationID' }
	| { kind: 'resetBeforeAnswer' }
	| { kind: 'resetMidBody'; status: number }
	| { kind: 'trickle' }
	/** 200 with the next of a path's answers (the last one repeats): a conversation over several calls. */
	| { kind: 'scripted'; answers: Record<string, object[]> };

export interface ReceivedRequest {
	/** Without the /v2 prefix. */
	path: string;
	/** The Bearer token, or '' without one. */
	token: string;
	/** Parsed JSON, or the raw text when it did not parse. */
	body: unknown;
	/** Settles once the answer is sent (or the connection dropped). */
	answered: Promise<void>;
}

/** Picks the fault for one request (undefined: the set fault); it may wait on other requests first. */
export type FaultChooser = (request: ReceivedRequest) => Fault | undefined | Promise<Fault | undefined>;

export interface HostileServer {
	baseUrl: string;
	/** Requests received, by path without the /v2 prefix. */
	received: Map<string, number>;
	/** Every request, in arrival order. */
	log: ReceivedRequest[];
	/** The same requests as `log` (path and JSON body), under the name the batch tests use. */
	requests: Array<{ path: string; body: unknown }>;
	/** Requests that arrived while another on the same token was still unanswered. */
	overlapped(): number;
	/** Also clears the counts and the log. */
	setFault(fault: Fault): void;
	setFaultFor(choose: FaultChooser | undefined): void;
	/** The secrets it should echo; set by the test. */
	setSecrets(secrets: string[]): void;
	close(): Promise<void>;
}

const parsed = (raw: string): unknown => {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
};

const spellings = (secret: string) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];

export async function startHostileServer(): Promise<HostileServer> {
	let fault: Fault = { kind: 'status', status: 200, body: 'envelope' };
	let choose: FaultChooser | undefined;
	let secrets: string[] = [];
	const received = new Map<string, number>();
	const log: ReceivedRequest[] = [];
	const unansweredByToken = new Map<string, number>();
	let overlapped = 0;
	const sockets = new Set<import('node:net').Socket>();
	const timers = new Set<NodeJS.Timeout>();

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = (req.url ?? '').replace(/^\/v2/, '');
			const raw = Buffer.concat(chunks).toString('utf8');
			const authorization = String(req.headers.authorization ?? '');
			const headers = Object.values(req.headers).flat().join('\n');
			// Only what the request carried comes back, as a real server could only echo what it was sent.
			const echo = secrets
				.filter((secret) => raw.includes(JSON.stringify(secret).slice(1, -1)) || headers.includes(secret))
				.flatMap(spellings)
				.join(' | ');
			received.set(path, (received.get(path) ?? 0) + 1);

			const token = authorization.replace(/^Bearer /, '');
			const unanswered = unansweredByToken.get(token) ?? 0;
			if (token && unanswered > 0) overlapped++;
			unansweredByToken.set(token, unanswered + 1);
			const answered = new Promise<void>((resolve) =>
				res.once('close', () => {
					unansweredByToken.set(token, (unansweredByToken.get(token) ?? 1) - 1);
					resolve();
				}),
			);
			const request: ReceivedRequest = { path, token, body: parsed(raw), answered };
			log.push(request);
			void Promise.resolve(choose?.(request)).then((chosen) => respond(res, chosen ?? fault, echo, path));
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	function envelope(failed: boolean, echo: string) {
		return JSON.stringify(
			failed
				? {
						success: false,
						status: 'failed',
						type: 'SERVER_ERROR',
						msg: `broken: ${echo}`,
						operationID: 'op-hostile',
					}
				: {
						success: true,
						status: 'done',
						operationID: 'op-hostile',
						reference: 'REF-1',
						accounts: [],
						accessToken: 'new-token-value',
						tokenID: 't',
						userID: 'u',
					},
		);
	}

	function respond(res: http.ServerResponse, fault: Fault, echo: string, path: string) {
		switch (fault.kind) {
			case 'status': {
				const headers: http.OutgoingHttpHeaders = {};
				if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
				const failed = fault.status >= 300;
				const body = {
					envelope: envelope(failed, echo),
					empty: '',
					html: `<html><body><h1>${fault.status}</h1><p>${echo}</p></body></html>`,
					truncated: envelope(failed, echo).slice(0, 40),
					gzipCorrupt: 'not really gzip',
				}[fault.body];
				if (fault.body === 'html') headers['content-type'] = 'text/html';
				else headers['content-type'] = 'application/json';
				if (fault.body === 'gzipCorrupt') headers['content-encoding'] = 'gzip';
				res.writeHead(fault.status, headers);
				res.end(body);
				return;
			}
			case 'json':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(fault.text);
				return;
			case 'successEcho':
				res.writeHead(200, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(echo) });
				res.end(
					JSON.stringify({
						success: true,
						status: 'done',
						operationID: `op ${echo}`,
						accounts: [{ id: 'acc-1', name: echo }],
						reference: echo,
						accessToken: 'new-token-value',
						tokenID: echo,
						userID: 'u',
					}),
				);
				return;
			case 'echoIn':
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						success: false,
						status: 'failed',
						type: fault.field === 'type' ? echo : 'PARAMETER_ERROR',
						msg: fault.field === 'msg' ? echo : 'bad',
						operationID: fault.field === 'operationID' ? echo : 'op-hostile',
					}),
				);
				return;
			case 'resetBeforeAnswer':
				res.socket?.resetAndDestroy();
				return;
			case 'resetMidBody':
				res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': '500' });
				res.write('{"success": true, "status": "do');
				timers.add(setTimeout(() => res.socket?.resetAndDestroy(), 20));
				return;
			case 'scripted': {
				const answers = fault.answers[path] ?? [];
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(answers.length > 1 ? answers.shift() : (answers[0] ?? {})));
				return;
			}
			case 'trickle': {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"success": true, "accounts": [');
				// A byte every 100 ms keeps an idle timer from ever firing; stops by itself after 20 s.
				let sent = 0;
				const timer = setInterval(() => {
					if (res.destroyed || ++sent > 200) {
						clearInterval(timer);
						res.destroy();
						return;
					}
					res.write(' ');
				}, 100);
				timers.add(timer);
				return;
			}
		}
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v2`,
		received,
		log,
		requests: log,
		overlapped: () => overlapped,
		setFault: (next) => {
			fault =
				next.kind === 'scripted'
					? { kind: 'scripted', answers: Object.fromEntries(Object.entries(next.answers).map(([p, a]) => [p, [...a]])) }
					: next;
			received.clear();
			log.length = 0;
			overlapped = 0;
		},
		setFaultFor: (next) => {
			choose = next;
		},
		setSecrets: (next) => {
			secrets = next;
		},
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
