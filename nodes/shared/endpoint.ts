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
