import { COMMON_HEADERS, STYLE, WINDOW_MESSAGE_SOURCE, scriptJson, type Page } from './pages';

/**
 * The two documents Dapi's widget runs in. The widget window, on the editor's host, holds no
 * third-party code: it frames the widget frame, on the webhook host, where Connect's script runs.
 * The frame is another origin than the window, may open no window and navigate nothing but itself,
 * and only within the window's frame-src; the editor's cookies and storage never reach it.
 * docs/connect-isolation.md gives each route and the test that tries it.
 */

/** The frame's sandbox: its own (webhook host) origin for the widget's storage; no pop-ups, no top navigation. */
export const WIDGET_FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms';

const LOCKED = ["form-action 'none'", "base-uri 'none'", "object-src 'none'", "worker-src 'none'"];

export interface WidgetWindow {
	/** The widget frame, on the webhook host, with its state. */
	frameUrl: string;
	/** This trigger's URL on the editor's host, where the window posts the result. */
	postUrl: string;
	editorOrigin: string;
	webhookOrigin: string;
	state: string;
	nonce: string;
}

/** The window's policy: its own script, the one frame, and the one URL it posts to. */
export function widgetWindowCsp(window: WidgetWindow): string {
	const frame = window.frameUrl.split('?')[0];
	return [
		"default-src 'none'",
		`script-src 'nonce-${window.nonce}'`,
		"style-src 'unsafe-inline'",
		// A path-exact source: the frame cannot navigate itself to any other n8n URL.
		`frame-src ${frame}`,
		`connect-src ${window.postUrl}`,
		"frame-ancestors 'none'",
		...LOCKED,
	].join('; ');
}

/** The widget window: frames the widget and posts what the frame reports to this trigger. */
export function widgetWindowPage(window: WidgetWindow): Page {
	const config = {
		frameUrl: window.frameUrl,
		postUrl: window.postUrl,
		editorOrigin: window.editorOrigin,
		webhookOrigin: window.webhookOrigin,
		state: window.state,
		source: WINDOW_MESSAGE_SOURCE,
	};
	return {
		status: 200,
		headers: { ...COMMON_HEADERS, 'Content-Security-Policy': widgetWindowCsp(window), 'X-Frame-Options': 'DENY' },
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dapi Connect</title><style>${STYLE}
#widget{position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff}</style></head>
<body><main><p id="status" role="status">Opening Dapi Connect…</p></main>
<iframe id="widget" title="Dapi Connect" sandbox="${WIDGET_FRAME_SANDBOX}" referrerpolicy="no-referrer"></iframe>
<script nonce="${window.nonce}">
(function () {
	var C = ${scriptJson(config)};
	var status = document.getElementById('status');
	var frame = document.getElementById('widget');
	function say(text) {
		frame.remove();
		status.textContent = text;
	}
	// Served anywhere but the editor's host, the frame would share this window's origin.
	if (location.origin !== C.editorOrigin) return say('Open this page from the Connect link you were sent.');
	function finish(ok) {
		if (window.opener) window.opener.postMessage({ source: C.source, ok: ok }, '*');
		if (ok) {
			say('Connected. This window closes now.');
			setTimeout(function () { window.close(); }, 800);
		}
	}
	function send(body) {
		body.state = C.state;
		fetch(C.postUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
			.then(function (response) { return response.json(); })
			.then(function (answer) { finish(body.event === 'success' && answer.ok === true); })
			.catch(function () { finish(false); });
	}
	window.addEventListener('message', function (event) {
		if (event.source !== frame.contentWindow || event.origin !== C.webhookOrigin) return;
		var m = event.data;
		if (!m || typeof m !== 'object' || m.source !== C.source) return;
		if (m.event === 'success' && m.payload && typeof m.payload === 'object') {
			send({ event: 'success', payload: m.payload });
		} else if (m.event === 'failure') {
			var e = m.error && typeof m.error === 'object' ? m.error : {};
			send({ event: 'failure', error: { type: String(e.type || '').slice(0, 200), msg: String(e.msg || '').slice(0, 200) } });
		}
	});
	frame.src = C.frameUrl;
})();
</script>
</body></html>`,
	};
}

export interface WidgetFrame {
	environment: 'sandbox' | 'production';
	appKey: string;
	countries: string[];
	isExperimental: boolean;
	scriptUrl: string;
	/** Host sources (CSP syntax) the widget may load from and talk to, beyond the script's origin. */
	widgetOrigins: string[];
	editorOrigin: string;
	webhookOrigin: string;
	nonce: string;
}

/** The frame's policy: the widget's origins only, framed by the widget window only. */
export function widgetFrameCsp(frame: WidgetFrame): string {
	const origins = [new URL(frame.scriptUrl).origin, ...frame.widgetOrigins].join(' ');
	return [
		"default-src 'none'",
		`script-src 'nonce-${frame.nonce}' ${origins}`,
		`frame-src ${origins}`,
		`connect-src ${origins}`,
		`img-src ${origins} data:`,
		`style-src 'unsafe-inline' ${origins}`,
		`font-src ${origins} data:`,
		`frame-ancestors ${frame.editorOrigin}`,
		`sandbox ${WIDGET_FRAME_SANDBOX}`,
		...LOCKED,
	].join('; ');
}

/** The widget frame: loads Connect's script and reports its result to the widget window. */
export function widgetFramePage(frame: WidgetFrame): Page {
	const config = {
		environment: frame.environment,
		appKey: frame.appKey,
		countries: frame.countries,
		isExperimental: frame.isExperimental,
		scriptUrl: frame.scriptUrl,
		editorOrigin: frame.editorOrigin,
		webhookOrigin: frame.webhookOrigin,
		nonce: frame.nonce,
		source: WINDOW_MESSAGE_SOURCE,
	};
	return {
		status: 200,
		headers: { ...COMMON_HEADERS, 'Content-Security-Policy': widgetFrameCsp(frame) },
		body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dapi Connect</title><style>${STYLE}</style></head>
<body><main><p id="status" role="status">Opening Dapi Connect…</p></main>
<script nonce="${frame.nonce}">
(function () {
	var C = ${scriptJson(config)};
	var status = document.getElementById('status');
	// Connect's script runs only framed by the widget window, on the webhook host.
	if (window.top === window.self || location.origin !== C.webhookOrigin) {
		status.textContent = 'Open this page from the Connect link you were sent.';
		return;
	}
	function report(event, detail) {
		var message = { source: C.source, event: event };
		for (var key in detail) message[key] = detail[key];
		window.parent.postMessage(message, C.editorOrigin);
	}
	function failed(type, msg) {
		report('failure', { error: { type: type, msg: msg } });
	}
	function start() {
		if (!window.Dapi || typeof window.Dapi.create !== 'function') {
			return failed('WIDGET_UNAVAILABLE', 'The Dapi Connect script did not load');
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
				report('success', { payload: payload });
			},
			onFailure: function (error) {
				// Dapi documents no shape for it: keep its type and message as text.
				var e = error || {};
				failed(String(e.type || e.name || ''), String(e.msg || e.message || e));
			},
		});
	}
	var script = document.createElement('script');
	script.nonce = C.nonce;
	script.src = C.scriptUrl;
	script.onload = start;
	script.onerror = function () { failed('WIDGET_UNAVAILABLE', 'The Dapi Connect script did not load'); };
	document.head.appendChild(script);
})();
</script>
</body></html>`,
	};
}
