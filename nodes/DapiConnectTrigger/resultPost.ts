import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { exchangeAccessCode, type Exchanged } from '../shared/exchange';
import type { Run } from '../shared/run';
import { saysUnsuccessful } from '../shared/transport/answer';
import { NOT_SET_UP, text, triggerId, type Setup } from './setup';
import { readState, stateKey, useSharedState, usedStates, type ConnectEvent } from './state';

/** What the page posts back: Connect's payload, or why there is none. */
interface Result {
	state?: unknown;
	event?: unknown;
	payload?: Record<string, unknown>;
	error?: Record<string, unknown>;
}

const shortText = (value: unknown): string | undefined => text(value)?.slice(0, 200);
/** An ID from the browser's post: only a plain token of ID characters is taken. */
const shortId = (value: unknown): string | undefined => {
	const id = text(value);
	return id && /^[A-Za-z0-9_.:=+/-]{1,200}$/.test(id) ? id : undefined;
};

/** Answers the page with JSON: whether the connection was made (no secret, ever). */
function answer(this: IWebhookFunctions, status: number, body: IDataObject): void {
	const response = this.getResponseObject();
	response.status(status);
	response.setHeader('Cache-Control', 'no-store');
	response.json(body);
}

/** Answers a POST: checks the state, exchanges and seals a success, and starts the workflow. */
export async function receiveResult(
	this: IWebhookFunctions,
	run: Run<IWebhookFunctions>,
	setup: Setup | { problem: string },
): Promise<IWebhookResponseData> {
	if ('problem' in setup) {
		answer.call(this, 500, { ok: false, reason: NOT_SET_UP });
		return { noWebhookResponse: true };
	}
	const body = (this.getBodyData() ?? {}) as Result;
	const now = Date.now();
	const checked = readState(stateKey(setup.appSecret, triggerId.call(this)), body.state, now);
	if (!checked.ok) {
		answer.call(this, checked.problem === 'expired' ? 410 : 403, { ok: false, reason: `${checked.problem} state` });
		return { noWebhookResponse: true };
	}
	const event: ConnectEvent = body.event === 'success' || body.event === 'abandoned' ? body.event : 'failure';
	// This process's memory first (exact for copies arriving here at once), then the workflow's record
	// that every webhook process reads and that outlives restarts.
	if (
		!usedStates.use(triggerId.call(this), checked.state, now, event) ||
		!useSharedState(this.getWorkflowStaticData('node'), checked.state, now, event)
	) {
		answer.call(this, 409, { ok: false, reason: 'used state' });
		return { noWebhookResponse: true };
	}
	const { ref } = checked.state;
	const withFailedOutput = setup.options.failedConnectionsOutput === true;
	const failed = (json: IDataObject): IWebhookResponseData =>
		withFailedOutput
			? {
					noWebhookResponse: true,
					workflowData: [[], [{ json: { ref, ...json, failedAt: new Date(now).toISOString() } }]],
				}
			: { noWebhookResponse: true };

	if (body.event !== 'success') {
		const status = body.event === 'abandoned' ? 'abandoned' : 'failed';
		answer.call(this, 200, { ok: false, recorded: true });
		return failed({
			status,
			error: { type: shortText(body.error?.type) ?? null, msg: shortText(body.error?.msg) ?? null },
		});
	}

	const payload = body.payload ?? {};
	const accessCode = text(payload.accessCode);
	// From the browser: only an ID-shaped value goes into the exchange, the output and the seal.
	const connectionID = shortId(payload.connectionID);
	const userSecret = text(payload.userSecret);
	if (saysUnsuccessful(payload.success) || !accessCode || !connectionID || !userSecret) {
		answer.call(this, 400, { ok: false, reason: 'incomplete Connect result' });
		return failed({
			status: 'failed',
			error: { type: 'INCOMPLETE_RESULT', msg: "Connect's result lacks the access code, connection ID or user secret" },
		});
	}
	const bankId = text(payload.bankId);

	let connection: Exchanged;
	try {
		connection = await exchangeAccessCode(run, 0, {
			accessCode,
			connectionID,
			userSecret,
			seal: setup.sealingKey,
			known: {
				tokenID: shortId(payload.tokenID),
				userID: shortId(payload.userID),
				bankId: bankId && /^[A-Za-z0-9_.-]{1,64}$/.test(bankId) ? bankId : undefined,
			},
		});
	} catch (error) {
		const known = error instanceof NodeApiError || error instanceof NodeOperationError;
		const message = known ? error.message : 'The access code could not be exchanged';
		answer.call(this, 502, { ok: false, reason: 'exchange failed' });
		return failed({
			status: 'failed',
			error: {
				type: known && typeof error.context.type === 'string' ? error.context.type : 'EXCHANGE_FAILED',
				msg: message,
			},
		});
	}

	const item: IDataObject = {
		ref,
		connectionID,
		userID: connection.userID ?? null,
		tokenID: connection.tokenID ?? null,
		...(connection.bankId ? { bankId: connection.bankId } : {}),
		connectedAt: new Date(now).toISOString(),
	};
	if (connection.sealedConnection) item.sealedConnection = connection.sealedConnection;
	else Object.assign(item, { accessToken: connection.accessToken, userSecret });

	answer.call(this, 200, { ok: true });
	const connected: INodeExecutionData[] = [{ json: item }];
	return { noWebhookResponse: true, workflowData: withFailedOutput ? [connected, []] : [connected] };
}
