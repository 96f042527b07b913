import type { IDataObject } from 'n8n-workflow';

import { reportsOnAnotherOperation } from '../endpointTable';
import { dapiApiError, noAnswerError, unreadableAnswerError } from '../errors';
import type { Run } from '../run';
import type { Redactor } from '../secrets';
import { parseAnswer } from './answer';
import { isDapiFailure, type DapiCall, type DapiResponse } from './call';
import type { Attempt } from './send';

const stringField = (body: IDataObject, key: string): string | undefined => {
	const value = body[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Turns what the attempts gave into Dapi's answer, or into the error that says what is known. */
export function answerOf(
	run: Run,
	itemIndex: number,
	call: DapiCall,
	attempt: Attempt,
	{ attempts, redactor, timeout }: { attempts: number; redactor: Redactor; timeout: number },
): DapiResponse {
	const node = () => run.n8n.getNode();
	const context = {
		itemIndex,
		redactor,
		attempts,
		sideEffect: call.sideEffect,
		unknownOutcomeAdvice: call.unknownOutcomeAdvice,
		timeout,
	};
	const operationID = typeof call.body?.operationID === 'string' ? call.body.operationID : undefined;
	if (attempt.kind === 'noAnswer') {
		throw noAnswerError(node(), { endpoint: call.endpoint, operationID }, attempt, context);
	}
	const headers = redactor.value(attempt.headers);
	if (attempt.kind === 'brokenAnswer') {
		throw unreadableAnswerError(
			node(),
			{ endpoint: call.endpoint, operationID, httpCode: attempt.statusCode },
			attempt.reason,
			context,
		);
	}
	const parsed = parseAnswer(attempt.text, String(attempt.headers['content-type'] ?? ''));
	if (parsed.kind === 'notEnvelope') {
		throw unreadableAnswerError(
			node(),
			{ endpoint: call.endpoint, operationID, httpCode: attempt.statusCode },
			`it was ${parsed.what}, not Dapi's JSON answer`,
			context,
		);
	}
	const body = redactor.value(parsed.body);
	const response: DapiResponse = { statusCode: attempt.statusCode, headers, body };
	if (call.neverError || !isDapiFailure(response, reportsOnAnotherOperation(call.endpoint))) return response;
	if (call.sideEffect && [502, 504].includes(attempt.statusCode)) {
		// A gateway or Dapi's own timeout answered: the bank may still carry the call out.
		throw unreadableAnswerError(
			node(),
			{
				endpoint: call.endpoint,
				operationID: stringField(body, 'operationID') ?? operationID,
				httpCode: attempt.statusCode,
			},
			`Dapi answered HTTP ${attempt.statusCode}, which comes before the bank has finished`,
			context,
		);
	}
	throw dapiApiError(
		node(),
		{
			httpCode: attempt.statusCode,
			type: stringField(body, 'type'),
			msg: stringField(body, 'msg'),
			operationID: stringField(body, 'operationID'),
			endpoint: call.endpoint,
		},
		{ itemIndex, redactor, explain: call.explain, attempts },
	);
}
