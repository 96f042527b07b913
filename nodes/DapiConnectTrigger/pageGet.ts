import { randomBytes } from 'crypto';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DEFAULT_CONNECT_SCRIPT_URL, DEFAULT_WIDGET_ORIGINS } from './description';
import { hostKey, isHostSource, n8nOrigins, scriptUrlProblem, sourceCoversOrigin } from './isolation';
import { connectPage, problemPage, type Page } from './pages';
import { NOT_SET_UP, text, triggerId, type Setup } from './setup';
import { REF_PATTERN, issueState, readState, stateKey } from './state';
import { widgetWindowPage } from './widget';

/** Answers a GET: the Connect page, or with ?window the widget window it opens. */
export function servePage(this: IWebhookFunctions, setup: Setup | { problem: string }): IWebhookResponseData {
	send.call(this, pageFor.call(this, setup, this.getQueryData() as Record<string, unknown>));
	return { noWebhookResponse: true };
}

function send(this: IWebhookFunctions, page: Page): void {
	const response = this.getResponseObject();
	response.status(page.status);
	for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
	response.send(page.body);
}

interface Placement {
	/** This trigger's URL on the webhook host, where the widget window runs and posts. */
	webhookUrl: string;
	editorOrigin: string;
}

/**
 * Where the widget window is served, or why it cannot be: on the webhook host only, which must not
 * share cookies with the editor's, and with a script and origins that are none of n8n's (isolation.ts).
 */
function placementOf(this: IWebhookFunctions, setup: Setup): Placement | { problem: string } {
	const origins = n8nOrigins(this.getInstanceBaseUrl(), this.getNodeWebhookUrl('default'));
	if ('problem' in origins) return origins;
	const path = requestPath.call(this);
	if (!path) return { problem: 'The address this page was opened at cannot be used.' };
	const scriptUrl = scriptUrlOf(setup);
	const problem = scriptUrlProblem(scriptUrl, setup.scriptHosts);
	if (problem) return { problem };
	const widgetOrigins = widgetOriginsOf(setup);
	if (widgetOrigins.some((origin) => !isHostSource(origin))) {
		return { problem: 'Widget Origins must be origins like https://*.dapi.com, separated by spaces.' };
	}
	const n8n = [origins.editor, origins.webhook];
	const scriptSource = new URL(scriptUrl).origin;
	if ([scriptSource, ...widgetOrigins].some((source) => n8n.some((origin) => sourceCoversOrigin(source, origin)))) {
		return {
			problem:
				"The Connect Script URL and the Widget Origins must not include this n8n's own addresses: serve a proxy of the script from another host.",
		};
	}
	return { webhookUrl: `${origins.webhook}${path}`, editorOrigin: origins.editor };
}

function pageFor(this: IWebhookFunctions, setup: Setup | { problem: string }, query: Record<string, unknown>): Page {
	if ('problem' in setup) return problemPage(500, NOT_SET_UP, setup.problem);
	const placement = placementOf.call(this, setup);
	if ('problem' in placement) return problemPage(500, NOT_SET_UP, placement.problem);
	return query.window !== undefined
		? widgetWindowFor.call(this, setup, placement, query)
		: connectPageFor.call(this, setup, placement, query);
}

const scriptUrlOf = (setup: Setup) => text(setup.options.connectScriptUrl) ?? DEFAULT_CONNECT_SCRIPT_URL;
const widgetOriginsOf = (setup: Setup) => (text(setup.options.widgetOrigins) ?? DEFAULT_WIDGET_ORIGINS).split(/\s+/);

function connectPageFor(
	this: IWebhookFunctions,
	setup: Setup,
	placement: Placement,
	query: Record<string, unknown>,
): Page {
	const ref = query.ref;
	if (typeof ref !== 'string' || !REF_PATTERN.test(ref)) {
		return problemPage(
			400,
			'This link is incomplete',
			'The link must name who connects, for example ?ref=customer-42 (1 to 128 letters, digits or . _ : @ + -). Ask for a new link.',
		);
	}
	const now = Date.now();
	const { token, state } = issueState(stateKey(setup.appSecret, triggerId.call(this)), ref, now);
	return connectPage(
		{
			title: this.getNodeParameter('pageTitle', '') as string,
			text: this.getNodeParameter('pageText', '') as string,
			button: this.getNodeParameter('buttonText', '') as string,
			success: this.getNodeParameter('successText', '') as string,
			failure: this.getNodeParameter('failureText', '') as string,
		},
		{ token, lifetimeMs: state.expiresAt - now, windowUrl: placement.webhookUrl },
	);
}

/** This trigger's path as the browser asked for it (test or production URL). */
function requestPath(this: IWebhookFunctions): string | undefined {
	const request = this.getRequestObject();
	const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
	return /^\/[A-Za-z0-9._~/-]*$/.test(path) ? path : undefined;
}

function widgetWindowFor(
	this: IWebhookFunctions,
	setup: Setup,
	placement: Placement,
	query: Record<string, unknown>,
): Page {
	// Never on the editor's host, whatever path reaches it (the window checks its origin too).
	if (hostKey(String(this.getRequestObject().headers.host ?? '')) === hostKey(new URL(placement.editorOrigin).host)) {
		return problemPage(400, 'Open the link you were sent', 'This page opens only from the Connect link.');
	}
	const checked = readState(stateKey(setup.appSecret, triggerId.call(this)), query.state, Date.now());
	if (!checked.ok) {
		return problemPage(400, 'This link has expired', 'Open the link you were sent again to connect your bank.');
	}
	const countries = (this.getNodeParameter('countries', '') as string)
		.split(',')
		.map((code) => code.trim().toUpperCase())
		.filter((code) => /^[A-Z]{2}$/.test(code));
	return widgetWindowPage({
		environment: this.getNodeParameter('environment', 'sandbox') === 'production' ? 'production' : 'sandbox',
		appKey: setup.appKey,
		countries,
		isExperimental: setup.options.isExperimental === true,
		scriptUrl: scriptUrlOf(setup),
		widgetOrigins: widgetOriginsOf(setup),
		postUrl: placement.webhookUrl,
		state: query.state as string,
		nonce: randomBytes(16).toString('base64'),
	});
}
