import type { IDataObject } from 'n8n-workflow';

import type { Attempt } from './send';

/** A read is tried at most this often in all. */
export const MAX_READ_ATTEMPTS = 3;

const BASE_DELAY_MS = 400;
/** Retry-After beyond this is not waited for: the item fails and says so. */
export const MAX_RETRY_AFTER_MS = 20_000;

/** Refused outright: nothing reached Dapi. */
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Whether a read may be sent again after this attempt: only where Dapi cannot have passed it to the
 * bank (the connection was refused, or Dapi answered 429 or 503). A reset or a timeout may come after
 * the bank was reached, so they are never retried.
 */
export function mayRetryRead(attempt: Attempt): boolean {
	if (attempt.kind === 'noAnswer') return !attempt.sent && REFUSED_CODES.has(attempt.code);
	return attempt.statusCode === 429 || attempt.statusCode === 503;
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject, now = Date.now()): number | undefined {
	const raw = headers['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d{1,7}$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Exponential backoff with jitter (so many items retrying together spread out), or Retry-After. */
export function retryDelayMs(attempt: Attempt, attemptNumber: number, random = Math.random): number | 'tooLong' {
	const asked = attempt.kind === 'noAnswer' ? undefined : retryAfterMs(attempt.headers);
	if (asked !== undefined) return asked > MAX_RETRY_AFTER_MS ? 'tooLong' : asked;
	const base = BASE_DELAY_MS * 2 ** (attemptNumber - 1);
	return Math.round(base * (0.5 + random()));
}
