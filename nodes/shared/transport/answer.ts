import type { IDataObject } from 'n8n-workflow';

const STATUSES = ['done', 'failed', 'user_input_required', 'initialized'];

/** Every Dapi answer is a JSON object carrying `success` and/or `status` (docs, "Common response envelope"). */
export function isDapiEnvelope(value: unknown): value is IDataObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const { success, status } = value as IDataObject;
	// Dapi's own error class sends success as the string 'false'.
	const hasSuccess = typeof success === 'boolean' || success === 'true' || success === 'false';
	return hasSuccess || (typeof status === 'string' && STATUSES.includes(status));
}

/** Dapi's success field saying no; its own error class sends it as the string 'false'. */
export const saysUnsuccessful = (success: unknown): boolean => success === false || success === 'false';

/**
 * An envelope that reports failure, whatever the HTTP status said. Where the status is another
 * operation's (operation status), only success false is this call's failure.
 */
export function envelopeFailed(body: IDataObject, statusIsResult = false): boolean {
	return saysUnsuccessful(body.success) || (!statusIsResult && body.status === 'failed');
}

export type ParsedAnswer = { kind: 'envelope'; body: IDataObject } | { kind: 'notEnvelope'; what: string };

/** Reads a body as Dapi's envelope, or says in a few words what came instead (never echoing it). */
export function parseAnswer(text: string, contentType: string): ParsedAnswer {
	// A byte-order mark some proxies add is not part of the JSON.
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { kind: 'notEnvelope', what: 'an empty body' };
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		if (/^</.test(trimmed) || /html/i.test(contentType)) return { kind: 'notEnvelope', what: 'an HTML page' };
		if (/^[[{]/.test(trimmed)) return { kind: 'notEnvelope', what: 'incomplete JSON (the answer was cut off)' };
		return { kind: 'notEnvelope', what: 'plain text, not JSON' };
	}
	if (isDapiEnvelope(value)) return { kind: 'envelope', body: value };
	if (value === null) return { kind: 'notEnvelope', what: 'JSON null' };
	if (Array.isArray(value)) return { kind: 'notEnvelope', what: 'a JSON array' };
	if (typeof value !== 'object') return { kind: 'notEnvelope', what: `a bare JSON ${typeof value}` };
	return { kind: 'notEnvelope', what: "a JSON object without Dapi's success or status field" };
}
