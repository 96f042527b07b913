const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/**
 * Checks a user-supplied endpoint before anything is sent, so the token and secrets only ever go to the
 * Dapi host of the credential. Returns the reason it is refused, or undefined when it is a plain path.
 */
export function endpointProblem(endpoint: string): string | undefined {
	if (endpoint.trim() === '') return 'it is empty';
	if (/^[a-z][a-z0-9+.-]*:/i.test(endpoint) || endpoint.startsWith('//')) {
		return "it is an absolute URL; only a path relative to the credential's Base URL is allowed";
	}
	if (!endpoint.startsWith('/')) return 'it must start with "/"';
	const segments = endpoint.slice(1).split('/');
	if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
	for (const segment of segments) {
		if (segment === '.' || segment === '..') return 'it contains "." or ".." segments';
		if (!SEGMENT.test(segment)) {
			return 'it may only contain letters, digits, "-", "_", "." and "~" between single slashes (no query, "%", "@", "\\" or spaces)';
		}
	}
	return undefined;
}

/**
 * Joins a checked endpoint to the credential's Base URL and proves the result stayed on that host
 * and path. Returns the URL, or the reason it cannot be built.
 */
export function resolveDapiUrl(baseUrl: string, endpoint: string): { url: string } | { problem: string } {
	let base: URL;
	try {
		base = new URL(baseUrl.trim());
	} catch {
		return { problem: "The credential's Base URL is not a valid URL, e.g. https://api.dapi.com/v2" };
	}
	if (base.protocol !== 'https:' && base.protocol !== 'http:') {
		return { problem: "The credential's Base URL must start with https:// (or http:// for a local simulator)" };
	}
	const basePath = base.pathname.replace(/\/+$/, '');
	const version = basePath.split('/').pop();
	if (version && /^v\d+$/.test(version) && endpoint.startsWith(`/${version}/`)) {
		return {
			problem: `The Base URL already ends with /${version}; give the endpoint without it, e.g. ${endpoint.slice(version.length + 1)}`,
		};
	}
	const url = new URL(base.origin + basePath + endpoint);
	if (url.origin !== base.origin || !url.pathname.startsWith(basePath + '/')) {
		return { problem: "The endpoint would leave the credential's Base URL" };
	}
	return { url: url.toString() };
}

/**
 * The one table of Dapi's paths that move money or register a payee: an Idempotency Key guards them,
 * and the slow ones (Dapi works on them for up to 240 s) get the long default timeout.
 */
const MONEY_AND_PAYEE_PATHS: Record<string, { moves: 'money' | 'payee'; slow?: boolean }> = {
	'/payment/transfer/create': { moves: 'money', slow: true },
	'/payment/transfer/autoflow': { moves: 'money', slow: true },
	'/wire/transfer/create': { moves: 'money', slow: true },
	'/wire/transfer/autoflow': { moves: 'money', slow: true },
	'/ach/pull/create': { moves: 'money', slow: true },
	'/batch/transfers/create': { moves: 'money' },
	// The bank's batch file pays once it is uploaded: as careful as a payment.
	'/batch/file/create': { moves: 'money' },
	'/payment/beneficiaries/create': { moves: 'payee' },
	'/wire/beneficiaries/create': { moves: 'payee' },
};

/** What the table says of a (checked) endpoint; undefined for every other path. */
export function moneyOrPayeeFacts(endpoint: string): { moves: 'money' | 'payee'; slow?: boolean } | undefined {
	const path = endpoint.toLowerCase().replace(/\/+$/, '');
	return Object.hasOwn(MONEY_AND_PAYEE_PATHS, path) ? MONEY_AND_PAYEE_PATHS[path] : undefined;
}

/** Dapi's paths that only read: everything else may move money or change state. */
const KNOWN_READS = [
	/^\/data\/[A-Za-z]+\/get$/,
	/^\/metadata\/accounts\/get$/,
	/^\/(payment|wire)\/beneficiaries\/get$/,
	/^\/ach\/pull\/get$/,
	/^\/operation\/(get|status)$/,
	/^\/batch\/(metadata|transfers|items)\/get$/,
];

/** Operation status (the docs' /operation/get, the SDKs' /operation/status). */
const OPERATION_STATUS = /^\/operation\/(get|status)\/?$/i;

/**
 * Whether an endpoint's answer reports on another operation: its status is the checked operation's,
 * so a failed or waiting operation is the answer, not this call's failure or prompt.
 */
export function reportsOnAnotherOperation(endpoint: string): boolean {
	return OPERATION_STATUS.test(endpoint);
}

/** Whether a (checked) endpoint is one of Dapi's reads; unknown paths are treated as changes. */
export function isKnownRead(endpoint: string): boolean {
	const path = endpoint.replace(/\/+$/, '');
	return KNOWN_READS.some((read) => read.test(path));
}
