import { COMMON_HEADERS, STYLE, WINDOW_MESSAGE_SOURCE, scriptJson, type Page } from './pages';

// The widget's window, served only on a webhook host that shares no cookies with the editor (isolation.ts):
// sandboxed, reaching only the widget and this trigger, every navigation cancelled. Each route and its test:
// docs/connect-isolation.md.

/** The window's sandbox: its own origin for the widget's storage; no pop-ups, downloads or top navigation. */
export const WIDGET_WINDOW_SANDBOX = 'allow-scripts allow-same-origin allow-forms';

export interface WidgetWindow {
	environment: 'sandbox' | 'production';
	appKey: string;
	countries: string[];
	isExperimental: boolean;
	scriptUrl: string;
	/** Host sources (CSP syntax) the widget may load from and talk to, beyond the script's origin. */
	widgetOrigins: string[];
	/** This trigger's absolute URL on the webhook host, where the window posts the result. */
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
		`sandbox ${WIDGET_WINDOW_SANDBOX}`,
		"form-action 'none'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
		"object-src 'none'",
		"worker-src 'none'",
	].join('; ');
}

/**
 * The first script of the window, before any other: cancels every navigation of the window with
 * functions taken before Connect's script can replace them (the Navigation API; Chromium 102+).
 */
const NAVIGATION_GUARD = `(function () {
	if (!window.navigation) return;
	var apply = Reflect.apply;
	var preventDefault = Event.prototype.preventDefault;
	apply(EventTarget.prototype.addEventListener, window.navigation, [
		'navigate',
		function (event) { apply(preventDefault, event, []); },
		{ capture: true },
	]);
})();`;

/** The window the widget runs in: Dapi.create as Dapi's Connect Layer quickstart documents it. */
export function widgetWindowPage(window: WidgetWindow): Page {
	const config = {
		environment: window.environment,
		appKey: window.appKey,
		countries: window.countries,
		isExperimental: window.isExperimental,
		scriptUrl: window.scriptUrl,
		postUrl: window.postUrl,
		state: window.state,
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
<script nonce="${window.nonce}">${NAVIGATION_GUARD}</script>
<title>Dapi Connect</title><style>${STYLE}</style></head>
<body><main><p id="status" role="status">Opening Dapi Connect…</p></main>
<script nonce="${window.nonce}">
(function () {
	var C = ${scriptJson(config)};
	var status = document.getElementById('status');
	// Anywhere but the webhook host (say, the editor's), Connect's script would get n8n's origin.
	if (location.origin !== new URL(C.postUrl).origin) {
		status.textContent = 'Open this page from the Connect link you were sent.';
		return;
	}
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
	function start() {
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
	}
	var script = document.createElement('script');
	script.nonce = document.currentScript.nonce;
	script.src = C.scriptUrl;
	script.onload = start;
	script.onerror = function () {
		send('failure', { error: { type: 'WIDGET_UNAVAILABLE', msg: 'The Dapi Connect script did not load' } });
	};
	document.head.appendChild(script);
})();
</script>
</body></html>`,
	};
}
