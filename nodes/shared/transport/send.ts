import type { IDataObject } from 'n8n-workflow';

/** Far above any Dapi answer (five years of transactions are under 1 MB); past it the answer is refused. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** n8n's SSRF protection refused the address: it does so before connecting, so nothing was sent. */
export const EGRESS_REFUSED = 'SSRF_BLOCKED';
const EGRESS_ERRORS = new Set(['SsrfBlockedIpError', 'SsrfBlockedHostnameError']);

/** Failures where the request cannot have left this machine, so Dapi cannot have seen it. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EADDRNOTAVAIL',
	'EPROTO',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	EGRESS_REFUSED,
]);

/** What one HTTP exchange gave: a whole answer, an answer whose body broke, or no answer at all. */
export type Attempt =
	| { kind: 'answer'; statusCode: number; headers: IDataObject; text: string }
	| { kind: 'brokenAnswer'; statusCode: number; headers: IDataObject; reason: string }
	| { kind: 'noAnswer'; sent: boolean; timedOut: boolean; code: string };

interface StreamedResponse {
	statusCode: number;
	headers?: IDataObject;
	body?: unknown;
}

interface Readable {
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
	destroy(): unknown;
}

const isReadable = (value: unknown): value is Readable =>
	typeof value === 'object' && value !== null && typeof (value as Readable).on === 'function';

/**
 * The code of a network error as n8n wraps it (NodeApiError around axios around Node's error), or
 * EGRESS_REFUSED when n8n's SSRF protection refused the address (its errors carry no code).
 */
export function errorCode(error: unknown): string {
	let current = error as { code?: unknown; cause?: unknown; name?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.name === 'string' && EGRESS_ERRORS.has(current.name)) return EGRESS_REFUSED;
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	return 'UNKNOWN';
}

/**
 * Sends once through n8n's helper and reads the answer within `timeoutMs` in all (a trickling server cannot
 * hold it); the body is read here, after the helper returned, so the helper never sees it break and resend.
 */
export async function sendOnce(
	request: (abortSignal: AbortSignal) => Promise<unknown>,
	timeoutMs: number,
	cancel?: AbortSignal,
): Promise<Attempt> {
	// The deadline and the execution's cancel signal abort one controller: AbortSignal.any, which
	// joins signals for good, cost a noticeable share of a call's CPU.
	const deadline = AbortSignal.timeout(timeoutMs);
	const abort = new AbortController();
	const expired = new Promise<'expired'>((resolve) => {
		deadline.addEventListener('abort', () => resolve('expired'), { once: true });
	});
	const onAbort = () => abort.abort(deadline.aborted ? deadline.reason : cancel?.reason);
	deadline.addEventListener('abort', onAbort, { once: true });
	if (cancel?.aborted) onAbort();
	else cancel?.addEventListener('abort', onAbort, { once: true });
	try {
		return await attemptOnce(request(abort.signal), expired, abort.signal);
	} finally {
		deadline.removeEventListener('abort', onAbort);
		cancel?.removeEventListener('abort', onAbort);
	}
}

async function attemptOnce(
	pending: Promise<unknown>,
	expired: Promise<'expired'>,
	signal: AbortSignal,
): Promise<Attempt> {
	let response: StreamedResponse | 'expired';
	try {
		response = (await Promise.race([pending, expired])) as StreamedResponse | 'expired';
	} catch (error) {
		const code = errorCode(error);
		const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
		return { kind: 'noAnswer', sent: !NOT_SENT_CODES.has(code), timedOut, code };
	}
	if (response === 'expired') {
		// The request was aborted with the deadline; should an answer still come, drop its connection.
		pending.then(
			(late) => {
				const body = (late as StreamedResponse | undefined)?.body;
				if (isReadable(body)) body.destroy();
			},
			() => undefined,
		);
		return { kind: 'noAnswer', sent: true, timedOut: true, code: 'ETIMEDOUT' };
	}
	const headers = response.headers ?? {};
	const read = await readBody(response.body, signal);
	if ('reason' in read) return { kind: 'brokenAnswer', statusCode: response.statusCode, headers, reason: read.reason };
	return { kind: 'answer', statusCode: response.statusCode, headers, text: read.text };
}

function readBody(body: unknown, deadline: AbortSignal): Promise<{ text: string } | { reason: string }> {
	if (typeof body === 'string') return Promise.resolve({ text: body });
	if (Buffer.isBuffer(body)) return Promise.resolve({ text: body.toString('utf8') });
	if (!isReadable(body)) return Promise.resolve({ text: body === undefined ? '' : JSON.stringify(body) });
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (result: { text: string } | { reason: string }) => {
			if (settled) return;
			settled = true;
			if ('reason' in result) body.destroy();
			resolve(result);
		};
		const onDeadline = () =>
			settle({
				reason:
					(deadline.reason as Error | undefined)?.name === 'TimeoutError'
						? 'the answer did not finish arriving within the timeout'
						: 'the execution was stopped while the answer arrived',
			});
		if (deadline.aborted) return onDeadline();
		deadline.addEventListener('abort', onDeadline, { once: true });
		body.on('data', (chunk) => {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			size += buffer.length;
			if (size > MAX_ANSWER_BYTES)
				return settle({ reason: `the answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB` });
			chunks.push(buffer);
		});
		body.on('end', () => settle({ text: Buffer.concat(chunks).toString('utf8') }));
		body.on('error', (error) =>
			settle({
				reason: /incorrect header|unexpected end|invalid|zlib|Z_/i.test(`${error.code ?? ''} ${error.message}`)
					? 'its compressed body could not be decoded'
					: 'the connection broke while the answer arrived',
			}),
		);
		body.on('close', () => settle({ reason: 'the connection broke while the answer arrived' }));
	});
}
