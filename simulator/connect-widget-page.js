// @ts-check
'use strict';

/** What the Connect Layer stand-in (connect-widget.js) serves to the browser: connector.js and the bank login page. */

const WIDGET_PREFIX = '/connect/v3';
const SANDBOX_PASSWORD = 'sandbox';
const MESSAGE_SOURCE = 'dapi-connect-stand-in';

/** JSON that is safe inside a <script> element. @param {unknown} value */
function scriptJson(value) {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

/** @param {string} text */
function html(text) {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CONNECTOR_JS = `/* Dapi Connect Layer stand-in (n8n-nodes-dapi simulator). Same surface as connector.js v3. */
(function () {
	'use strict';
	var script = document.currentScript;
	var ORIGIN = new URL(script.src).origin;
	var environments = { sandbox: 'sandbox', production: 'production' };

	function create(config) {
		if (!config || typeof config !== 'object') throw new TypeError('Dapi.create needs a configuration object');
		if (typeof config.appKey !== 'string' || config.appKey === '') throw new TypeError('Dapi.create: appKey is required');
		if (config.environment !== environments.sandbox && config.environment !== environments.production) {
			throw new TypeError('Dapi.create: environment must be Dapi.environments.sandbox or .production');
		}
		if (config.countries !== undefined && !Array.isArray(config.countries)) throw new TypeError('Dapi.create: countries must be an array');
		var overlay = null;
		var frame = null;

		function close() {
			if (overlay) overlay.remove();
			overlay = null;
			frame = null;
		}
		function call(name, value) {
			if (typeof config[name] === 'function') config[name](value);
		}
		window.addEventListener('message', function (event) {
			if (!frame || event.source !== frame.contentWindow) return;
			var message = event.data;
			if (!message || message.source !== '${MESSAGE_SOURCE}') return;
			if (message.type === 'success') {
				close();
				call('onSuccess', message.payload);
			} else if (message.type === 'failure') {
				// A failure the widget explains stays on screen until the user closes it.
				if (!message.keepOpen) close();
				call('onFailure', message.error);
			} else if (message.type === 'close') {
				close();
			}
		});

		var handler = {
			open: function () {
				if (overlay) return;
				var query = new URLSearchParams({
					appKey: config.appKey,
					environment: config.environment,
					countries: (config.countries || []).join(','),
				});
				overlay = document.createElement('div');
				overlay.setAttribute('data-dapi-connect', 'overlay');
				overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center';
				frame = document.createElement('iframe');
				frame.title = 'Dapi Connect';
				frame.src = ORIGIN + '${WIDGET_PREFIX}/widget?' + query.toString();
				frame.style.cssText = 'width:420px;max-width:100%;height:600px;max-height:100%;border:0;border-radius:12px;background:#fff';
				overlay.appendChild(frame);
				document.body.appendChild(overlay);
			},
			close: close,
		};
		setTimeout(function () { call('onReady', handler); }, 0);
		return handler;
	}

	window.Dapi = { environments: environments, create: create };
})();
`;

/**
 * The bank login shown in the iframe.
 * @param {{ appKeyOk: boolean, users: Array<{ userID: string, name: string, bankID: string, bankName: string, country: string }>, session: string }} page
 */
function widgetPage({ appKeyOk, users, session }) {
	const list = users
		.map(
			(user) =>
				`<li><label><input type="radio" name="user" value="${html(user.userID)}" data-testid="sandbox-user-${html(user.userID)}"> ` +
				`<strong>${html(user.bankName)}</strong> (${html(user.country)}) · ${html(user.name)}</label></li>`,
		)
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dapi Connect (simulator)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:24px;color:#0f172a}
h1{font-size:20px;margin:0 0 4px}p{margin:4px 0 12px;color:#475569;font-size:14px}
ul{list-style:none;padding:0;margin:0 0 12px}li{padding:6px 0;font-size:14px}
label{cursor:pointer}input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:14px;border:1px solid #cbd5e1;border-radius:6px}
button{margin-top:12px;padding:10px 16px;font-size:14px;border-radius:6px;border:0;cursor:pointer}
#login{background:#2563eb;color:#fff}#cancel{background:#e2e8f0;margin-left:8px}
.error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:10px;border-radius:6px;font-size:14px}
.badge{display:inline-block;font-size:11px;background:#fef3c7;color:#92400e;padding:2px 6px;border-radius:4px}
</style></head>
<body>
<span class="badge">Dapi simulator · sandbox</span>
<h1>Connect your bank</h1>
<div id="problem" class="error" role="alert" hidden></div>
<button id="close" type="button" hidden>Close</button>
<form id="form" hidden>
	<p>Choose a sandbox user of your bank and log in (password: <code>${SANDBOX_PASSWORD}</code>).</p>
	<ul>${list}</ul>
	<input id="password" type="password" placeholder="Password" autocomplete="off" aria-label="Password">
	<div><button id="login" type="submit">Log in</button><button id="cancel" type="button">Cancel</button></div>
</form>
<script>
(function () {
	var SESSION = ${scriptJson(session)};
	var APP_KEY_OK = ${scriptJson(appKeyOk)};
	var query = new URLSearchParams(location.search);
	function tell(type, detail, keepOpen) {
		var message = { source: '${MESSAGE_SOURCE}', type: type, keepOpen: keepOpen === true };
		if (type === 'success') message.payload = detail; else if (detail) message.error = detail;
		// The embedding page may have any origin (its own, or none in a sandbox).
		parent.postMessage(message, '*');
	}
	function problem(text) {
		var box = document.getElementById('problem');
		box.textContent = text;
		box.hidden = false;
	}
	function fatal(text, error) {
		problem(text);
		var close = document.getElementById('close');
		close.hidden = false;
		close.addEventListener('click', function () { tell('close'); });
		tell('failure', error, true);
	}
	if (!APP_KEY_OK) {
		return fatal('Unknown app key: this app is not registered with the simulator.', { type: 'INVALID_APP_KEY', msg: 'Unknown app key' });
	}
	try {
		localStorage.setItem('dapi-connect-session', SESSION);
	} catch (error) {
		return fatal(
			'Dapi Connect cannot start here: the page that opened it gives it no storage (' + error.message + ').',
			{ type: 'STORAGE_UNAVAILABLE', msg: 'The widget cannot use its storage in this page' },
		);
	}
	document.getElementById('form').hidden = false;
	document.getElementById('cancel').addEventListener('click', function () {
		tell('failure', { type: 'USER_CANCELLED', msg: 'The user closed Dapi Connect' });
	});
	document.getElementById('form').addEventListener('submit', function (event) {
		event.preventDefault();
		var chosen = document.querySelector('input[name=user]:checked');
		if (!chosen) return problem('Choose a sandbox user first.');
		fetch('${WIDGET_PREFIX}/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				appKey: query.get('appKey'),
				userID: chosen.value,
				password: document.getElementById('password').value,
				session: localStorage.getItem('dapi-connect-session'),
			}),
		})
			.then(function (response) { return response.json(); })
			.then(function (answer) {
				if (!answer.success) return problem(answer.msg || 'The bank refused the login.');
				localStorage.removeItem('dapi-connect-session');
				tell('success', answer);
			})
			.catch(function (error) { problem('Could not reach Dapi: ' + error.message); });
	});
})();
</script>
</body></html>`;
}

module.exports = { WIDGET_PREFIX, SANDBOX_PASSWORD, MESSAGE_SOURCE, CONNECTOR_JS, widgetPage };
