// @ts-check
'use strict';

/**
 * Running an operation of the Dapi API once its call passed the checks: the handler and the operation's
 * outcome, and for user endpoints the user-input round trip (ask, then resume with the answers).
 */

const { DapiError } = require('./errors');
const { asDapiError, errorAnswer, parseUserInputs } = require('./http-helpers');
const { canAskForUserInput } = require('./routes');
const { optionalString } = require('./params');
const { answersAreRight, canonicalBody } = require('./user-input');

/** @typedef {import('./http-helpers').Answer} Answer */

/** @param {import('./core').Core} core */
function createRunner(core) {
	const { state, registry, userInputs } = core;

	/**
	 * Runs the handler for a started operation and closes the operation with its outcome.
	 * @param {import('./routes').Route} route
	 * @param {Record<string, unknown>} body
	 * @param {import('./state').Session | null} session
	 * @param {import('./operations').Operation} operation
	 * @returns {Answer}
	 */
	function run(route, body, session, operation) {
		try {
			const payload = route.handler({ body, state, session, operations: registry });
			registry.finish(operation, 'done', state.now());
			return {
				status: 200,
				type: null,
				body: { operationID: operation.operationID, success: true, status: 'done', ...payload },
			};
		} catch (err) {
			const dapiError = asDapiError(err);
			registry.finish(operation, 'failed', state.now(), dapiError.type);
			return errorAnswer(dapiError, operation.operationID);
		}
	}

	/**
	 * A user endpoint call: either a resume (operationID + userInputs) of an operation that asked for input,
	 * or a new operation that asks for input when the endpoint's policy says so, or runs at once.
	 * @param {import('./routes').Route} route
	 * @param {Record<string, unknown>} body
	 * @param {import('./state').Session} session
	 * @param {number} startedAt
	 * @returns {Answer}
	 */
	function runUserOperation(route, body, session, startedAt) {
		// PHP sends operationID: "" and userInputs: [] when it is not resuming.
		const operationID = optionalString(body, 'operationID');
		const answers = parseUserInputs(body.userInputs);

		if (operationID !== undefined) {
			const pending = userInputs.pending(operationID);
			if (!pending || pending.token !== session.accessToken) {
				throw new DapiError(
					'PARAMETER_ERROR',
					'operationID does not name an operation of this connection that is waiting for user input.',
				);
			}
			if (pending.endpoint !== route.path) {
				throw new DapiError(
					'PARAMETER_ERROR',
					`Operation ${operationID} was started on ${pending.endpoint.slice(3)}; send the user input to that endpoint.`,
				);
			}
			if (pending.canonicalBody !== canonicalBody(body)) {
				throw new DapiError(
					'PARAMETER_ERROR',
					'Resume with the same body as the call that asked for user input, plus operationID and userInputs.',
				);
			}
			userInputs.consume(operationID);
			const operation = /** @type {import('./operations').Operation} */ (registry.get(operationID));
			if (!answersAreRight(pending, answers)) {
				const invalid = new DapiError('INVALID_MFA');
				registry.finish(operation, 'failed', state.now(), invalid.type);
				return errorAnswer(invalid, operationID);
			}
			return run(route, body, session, operation);
		}

		if (answers.length > 0)
			throw new DapiError('PARAMETER_ERROR', 'userInputs were sent without the operationID that asked for them.');
		const operation = registry.begin({
			endpoint: route.path,
			startedAt,
			userID: session.user.userID,
			connectionID: session.connection.connectionID,
		});
		const policy = canAskForUserInput(route) ? userInputs.policyFor(route.path) : 'none';
		if (policy === 'none') return run(route, body, session, operation);

		const prompts = userInputs.open({
			operationID: operation.operationID,
			endpoint: route.path,
			token: session.accessToken,
			body,
			policy,
		});
		registry.awaitUserInput(operation);
		return {
			status: 200,
			type: null,
			body: { operationID: operation.operationID, success: true, status: 'user_input_required', userInputs: prompts },
		};
	}

	return { run, runUserOperation };
}

module.exports = { createRunner };
