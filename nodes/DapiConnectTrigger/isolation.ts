/**
 * Where the Connect widget may run and load from. The widget's script is third-party code: it runs
 * only on n8n's webhook host, never on the editor's host, and only from hosts the credential trusts.
 * docs/connect-isolation.md explains the design and what each rule stops.
 */

/** Dapi's CDN, where Connect's script is published (https only). */
export const DAPI_SCRIPT_HOSTS = ['cdn.dapi.com', 'cdn.dapi.co'];

export const SEPARATE_HOST_PROBLEM =
	"Dapi Connect runs its widget only when n8n's webhooks have a host of their own, on another domain than the editor: set n8n's WEBHOOK_URL (e.g. https://n8n-hooks.example.net/) and N8N_EDITOR_BASE_URL (e.g. https://n8n.example.com/), and send customers the Production URL on the webhook host. Sibling host names (hooks.example.com beside n8n.example.com) do not do: a page on one can set cookies for the other. On n8n 1.x Connect does not run: n8n 1.x tells nodes no editor address of its own.";

/** A host name as the browser compares it for cookies: lower case, no trailing dot. */
export function hostKey(hostname: string): string {
	return hostname.toLowerCase().replace(/\.+$/, '');
}

const isIpLiteral = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/**
 * Whether a page on one host could set cookies the other receives: the same host, or names that
 * share their last two labels (an approximation of the registrable domain, without the public
 * suffix list: a.co.uk beside b.co.uk is refused too).
 */
export function shareCookies(a: string, b: string): boolean {
	const [left, right] = [hostKey(a), hostKey(b)];
	if (left === right) return true;
	if (isIpLiteral(left) || isIpLiteral(right)) return false;
	const parent = (host: string) => host.split('.').slice(-2).join('.');
	return left.includes('.') && right.includes('.') && parent(left) === parent(right);
}

/** The editor's and the webhooks' origins from n8n's own settings; a problem when they share cookies. */
export function n8nOrigins(
	instanceBaseUrl: string,
	webhookUrl: string | undefined,
): { editor: string; webhook: string } | { problem: string } {
	let editor: URL;
	let webhook: URL;
	try {
		editor = new URL(instanceBaseUrl);
		webhook = new URL(webhookUrl ?? '');
	} catch {
		return { problem: SEPARATE_HOST_PROBLEM };
	}
	// Cookies ignore ports: another port on the same host name is no boundary.
	if (shareCookies(editor.hostname, webhook.hostname)) return { problem: SEPARATE_HOST_PROBLEM };
	return { editor: editor.origin, webhook: webhook.origin };
}

const isLoopback = (hostname: string) =>
	hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** The hosts the credential adds to Dapi's CDN, one per line or separated by commas or spaces. */
export function trustedHosts(setting: unknown): string[] {
	if (typeof setting !== 'string') return [];
	return setting
		.split(/[\s,]+/)
		.map(hostKey)
		.filter((host) => /^[a-z0-9.-]+$/.test(host));
}

/** Why the Connect Script URL may not be used, or undefined when it may. */
export function scriptUrlProblem(scriptUrl: string, extraHosts: string[]): string | undefined {
	let url: URL;
	try {
		url = new URL(scriptUrl);
	} catch {
		return 'The Connect Script URL must be an http(s) URL.';
	}
	if (!/^https?:$/.test(url.protocol) || /[\s"'<>]/.test(scriptUrl) || url.username || url.password) {
		return 'The Connect Script URL must be an http(s) URL.';
	}
	const host = hostKey(url.hostname);
	if (isLoopback(host)) return undefined;
	if (url.protocol === 'https:' && [...DAPI_SCRIPT_HOSTS, ...extraHosts].includes(host)) return undefined;
	return `The Connect Script URL may only load from Dapi's CDN (https://${DAPI_SCRIPT_HOSTS.join(', https://')}), this computer (loopback, for the simulator), or a host listed in the Dapi API credential's Connect Script Hosts.`;
}

/** A CSP host source (scheme, host with an optional *., port): the part the browser matches. */
const HOST_SOURCE = /^(https?):\/\/(\*\.)?([A-Za-z0-9.-]+)(?::(\d{1,5}|\*))?$/;

export const isHostSource = (source: string): boolean => HOST_SOURCE.test(source);

const defaultPort = (scheme: string) => (scheme === 'https' ? '443' : '80');

/**
 * Whether a CSP host source lets a document reach `origin`'s server on any scheme: CSP upgrades
 * http to https, and n8n answers both schemes on its one port.
 */
export function sourceCoversOrigin(source: string, origin: string): boolean {
	const match = HOST_SOURCE.exec(source);
	if (!match) return false;
	const [, scheme, wildcard, rawHost, port] = match;
	const target = new URL(origin);
	let host: string;
	try {
		// As the browser reads it: 127.1 is 127.0.0.1, case and trailing dots do not matter.
		host = hostKey(new URL(`http://${rawHost}`).hostname);
	} catch {
		return false;
	}
	const targetHost = hostKey(target.hostname);
	if (wildcard ? !targetHost.endsWith(`.${host}`) : targetHost !== host) return false;
	if (port === '*') return true;
	const ports = port ? [port] : [defaultPort(scheme)];
	if (ports.includes('80')) ports.push('443');
	return ports.includes(target.port || defaultPort(target.protocol.slice(0, -1)));
}
