/**
 * The two documents the Dapi Connect Trigger serves.
 *
 * The Connect page is what a customer's link opens. It carries everything the builder writes (title,
 * texts) and is served in n8n's own HTML sandbox, the policy n8n 2.41 puts on webhook and form pages
 * (n8n-core getHtmlSandboxCSP): an opaque origin, no storage, nothing of the editor's session.
 *
 * Dapi's widget cannot run in that sandbox: every frame it opens inherits the sandbox, so its bank
 * login has no origin and no storage. The page therefore opens the widget in a window of its own
 * (the sandbox allows popups to escape it). That window is a fixed template with no builder text,
 * served outside the sandbox but locked down: scripts only by nonce and from the widget's origins,
 * network access only to the widget's origins and this trigger's own URL, no forms, no framing.
 * README, "Dapi Connect Trigger" explains what that leaves open.
 */

/** n8n 2.41.1's sandbox policy for HTML served from webhooks (packages/core/src/html-sandbox.ts). */
export const N8N_SANDBOX_CSP =
	'sandbox allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock allow-popups allow-popups-to-escape-sandbox allow-presentation allow-scripts allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols';

/** The postMessage source name between the widget window and the Connect page. */
export const WINDOW_MESSAGE_SOURCE = 'n8n-dapi-connect';

const COMMON_HEADERS = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end a <script> element or break out of it. */
export function scriptJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f1f5f9;color:#0f172a}
main{max-width:480px;margin:10vh auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 12px}p{line-height:1.5;color:#334155}
button{font-size:16px;padding:12px 20px;border:0;border-radius:8px;background:#2563eb;color:#fff;cursor:pointer}
button[disabled]{opacity:.6;cursor:default}
#status.ok{color:#15803d}#status.error{color:#b91c1c}`;

export interface PageTexts {
	title: string;
	text: string;
	button: string;
	success: string;
	failure: string;
}

export interface Page {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** A Connect page that only shows a problem (bad link, missing setup), in the sandbox. */
export function problemPage(status: number, title: string, text: string): Page {
	return {
		status,
		headers: { ...COMMON_HEADERS, 'Content-Security-Policy': N8N_SANDBOX_CSP },
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p id="problem">${escapeHtml(text)}</p></main></body></html>`,
	};
}

/** The Connect page: the builder's texts and a button that opens the widget window. */
export function connectPage(texts: PageTexts, state: { token: string; lifetimeMs: number }): Page {
	const config = {
		state: state.token,
		// How long the state lives from now: the browser's own clock may be off by any amount.
		lifetimeMs: state.lifetimeMs,
		source: WINDOW_MESSAGE_SOURCE,
		messages: {
			success: texts.success,
			failure: texts.failure,
			waiting: 'Finish connecting your bank in the window that opened.',
			popupBlocked: 'Your browser blocked the window. Allow pop-ups for this page and try again.',
			retry: 'Try again',
		},
	};
	return {
		status: 200,
		headers: { ...COMMON_HEADERS, 'Content-Security-Policy': N8N_SANDBOX_CSP },
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(texts.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.text)}</p>
<button id="connect" type="button">${escapeHtml(texts.button)}</button>
<p id="status" role="status" aria-live="polite"></p>
</main>
<script>
(function () {
	var C = ${scriptJson(config)};
	var expiresAt = Date.now() + C.lifetimeMs;
	var button = document.getElementById('connect');
	var status = document.getElementById('status');
	var popup = null;
	var settled = false;
	var retry = false;
	function show(text, kind) {
		status.textContent = text;
		status.className = kind || '';
	}
	function failed() {
		show(C.messages.failure, 'error');
		retry = true;
		button.disabled = false;
		button.textContent = C.messages.retry;
	}
	window.addEventListener('message', function (event) {
		if (!popup || event.source !== popup || !event.data || event.data.source !== C.source) return;
		// Connect may report a failure the customer then gets past in the same window.
		if (settled && event.data.ok !== true) return;
		settled = true;
		if (event.data.ok === true) {
			show(C.messages.success, 'ok');
			retry = false;
			button.hidden = true;
		} else {
			failed();
		}
	});
	button.addEventListener('click', function () {
		// A used or nearly expired state needs a fresh page (a new state, the same link).
		if (retry || Date.now() > expiresAt - 60000) return location.reload();
		popup = window.open(location.pathname + '?window=1&state=' + encodeURIComponent(C.state), 'dapi-connect', 'popup,width=480,height=720');
		if (!popup) return show(C.messages.popupBlocked, 'error');
		button.disabled = true;
		show(C.messages.waiting);
		var watch = setInterval(function () {
			if (!popup.closed) return;
			clearInterval(watch);
			// The window may close right after posting its result: give that message time to arrive.
			setTimeout(function () {
				if (settled) return;
				settled = true;
				fetch(location.pathname, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ state: C.state, event: 'abandoned' }),
				}).catch(function () {});
				failed();
			}, 1500);
		}, 400);
	});
})();
</script>
</body></html>`,
	};
}

/**
 * Whether a CSP host source would allow `url` (CSP's own matching: http also allows https, *. any
 * subdomain, no port the scheme's default). The widget's origins must never include n8n itself.
 */
export function hostSourceAllows(source: string, url: string): boolean {
	const match = /^(https?):\/\/(\*\.)?([A-Za-z0-9.-]+)(?::(\d{1,5}|\*))?$/.exec(source);
	if (!match) return false;
	const [, scheme, wildcard, host, port] = match;
	const target = new URL(url);
	const targetScheme = target.protocol.slice(0, -1);
	if (targetScheme !== scheme && !(scheme === 'http' && targetScheme === 'https')) return false;
	const targetHost = target.hostname.toLowerCase();
	const sourceHost = host.toLowerCase();
	if (wildcard ? !targetHost.endsWith(`.${sourceHost}`) : targetHost !== sourceHost) return false;
	if (port === '*') return true;
	const defaultPort = (of: string) => (of === 'https' ? '443' : '80');
	const targetPort = target.port || defaultPort(targetScheme);
	// Without a port, an http source also allows the https upgrade on its default port.
	if (!port && scheme === 'http' && targetScheme === 'https') return targetPort === '443';
	return targetPort === (port ?? defaultPort(scheme));
}

export interface WidgetWindow {
	environment: 'sandbox' | 'production';
	appKey: string;
	countries: string[];
	isExperimental: boolean;
	scriptUrl: string;
	/** Host sources (CSP syntax) the widget may load from and talk to, beyond the script's origin. */
	widgetOrigins: string[];
	/** This trigger's own absolute URL, where the window posts the result. */
	postUrl: string;
	state: string;
	nonce: string;
}

/** The policy of the widget window: the widget's origins and this trigger's URL, nothing of n8n's. */
export function widgetWindowCsp(window: WidgetWindow): string {
	const origins = [new URL(window.scriptUrl).origin, ...window.widgetOrigins].join(' ');
	return [
		"default-src 'none'",
		`script-src 'nonce-${window.nonce}' ${origins}`,
		`frame-src ${origins}`,
		`connect-src ${window.postUrl} ${origins}`,
		`img-src ${origins} data:`,
		`style-src 'unsafe-inline' ${origins}`,
		`font-src ${origins} data:`,
		"form-action 'none'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
		"object-src 'none'",
		"worker-src 'none'",
	].join('; ');
}

/** The window the widget runs in: Dapi.create as Dapi's Connect Layer quickstart documents it. */
export function widgetWindowPage(window: WidgetWindow): Page {
	const config = {
		environment: window.environment,
		appKey: window.appKey,
		countries: window.countries,
		isExperimental: window.isExperimental,
		state: window.state,
		postUrl: window.postUrl,
		source: WINDOW_MESSAGE_SOURCE,
	};
	return {
		status: 200,
		headers: {
			...COMMON_HEADERS,
			'Content-Security-Policy': widgetWindowCsp(window),
			'X-Frame-Options': 'DENY',
		},
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dapi Connect</title><style>${STYLE}</style></head>
<body><main><p id="status" role="status">Opening Dapi Connect…</p></main>
<script nonce="${window.nonce}" src="${escapeHtml(window.scriptUrl)}"></script>
<script nonce="${window.nonce}">
(function () {
	var C = ${scriptJson(config)};
	var status = document.getElementById('status');
	function finish(ok) {
		if (window.opener) window.opener.postMessage({ source: C.source, ok: ok }, '*');
		status.textContent = ok ? 'Connected. This window closes now.' : 'Your bank was not connected. You can close this window.';
		if (ok) setTimeout(function () { window.close(); }, 800);
	}
	function send(event, detail) {
		var body = { state: C.state, event: event };
		for (var key in detail) body[key] = detail[key];
		fetch(C.postUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
			.then(function (response) { return response.json(); })
			.then(function (answer) { finish(event === 'success' && answer.ok === true); })
			.catch(function () { finish(false); });
	}
	if (!window.Dapi || typeof window.Dapi.create !== 'function') {
		return send('failure', { error: { type: 'WIDGET_UNAVAILABLE', msg: 'The Dapi Connect script did not load' } });
	}
	var handler = Dapi.create({
		environment: Dapi.environments[C.environment],
		appKey: C.appKey,
		countries: C.countries,
		isExperimental: C.isExperimental,
		onReady: function () {
			status.textContent = '';
			// Later, so that a widget which reports ready from inside create() finds the handler set.
			setTimeout(function () { handler.open(); }, 0);
		},
		onSuccess: function (payload) {
			status.textContent = 'Connecting your bank…';
			send('success', { payload: payload });
		},
		onFailure: function (error) {
			// Dapi documents no shape for it: keep its type and message as text.
			var e = error || {};
			send('failure', { error: { type: String(e.type || e.name || ''), msg: String(e.msg || e.message || e) } });
		},
	});
})();
</script>
</body></html>`,
	};
}
