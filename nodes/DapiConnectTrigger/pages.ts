// The Connect page carries the builder's texts inside n8n's own HTML sandbox (opaque origin, no storage); the
// widget cannot run there, so the page opens widget.ts's window (docs/connect-isolation.md).

/** n8n 2.41.1's sandbox policy for HTML served from webhooks (packages/core/src/html-sandbox.ts). */
export const N8N_SANDBOX_CSP =
	'sandbox allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock allow-popups allow-popups-to-escape-sandbox allow-presentation allow-scripts allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols';

/** The postMessage source name between the widget window and the Connect page. */
export const WINDOW_MESSAGE_SOURCE = 'n8n-dapi-connect';

export const COMMON_HEADERS = {
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

export const STYLE = `
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
export function connectPage(texts: PageTexts, state: { token: string; lifetimeMs: number; windowUrl: string }): Page {
	const config = {
		state: state.token,
		// The widget window, on the editor's host (widget.ts): absolute, whatever host this page is on.
		windowUrl: state.windowUrl,
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
		popup = window.open(C.windowUrl + '?window=1&state=' + encodeURIComponent(C.state), 'dapi-connect', 'popup,width=480,height=720');
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
