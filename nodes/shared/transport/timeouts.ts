import { endpointFacts } from '../endpointTable';

/**
 * Dapi stops its own work after 120 s (240 s for the transfer autoflows); a client that gives up at that
 * limit cuts off answers on their way, so the defaults wait longer, as Dapi's Java SDK does (docs/dapi-contract.md).
 */
export const DAPI_DEFAULT_TIMEOUT_MS = 135_000;
export const MONEY_TIMEOUT_MS = 300_000;

/** How long a call to this endpoint waits for Dapi when the user set no Timeout. */
export function defaultTimeoutMs(endpoint: string): number {
	return endpointFacts(endpoint).timeout === 'long' ? MONEY_TIMEOUT_MS : DAPI_DEFAULT_TIMEOUT_MS;
}
/** The longest Timeout a user may set: the SDKs' own ceiling (5 minutes). */
export const MAX_TIMEOUT_MS = 300_000;
export const MIN_TIMEOUT_MS = 1_000;
