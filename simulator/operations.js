// @ts-check
'use strict';

const crypto = require('node:crypto');

/**
 * @typedef {'initialized' | 'user_input_required' | 'done' | 'failed'} OperationStatus
 * @typedef {object} Operation
 * @property {string} operationID
 * @property {string} endpoint     the path called, e.g. /v2/payment/transfer/autoflow
 * @property {string} type         the same path without /v2, as opInfo.type shows it
 * @property {OperationStatus} status
 * @property {number} startedAt    simulator clock (ms)
 * @property {number | null} endedAt null while initialized or waiting for user input
 * @property {string | null} errorType set when failed
 * @property {string | null} userID
 * @property {string | null} connectionID
 */

/**
 * Every operationID the simulator puts in an API answer, with what became of it. Dapi's
 * operation status endpoints (/operation/get, /operation/status) read from here.
 */
class OperationRegistry {
	/** @type {Map<string, Operation>} */
	#operations = new Map();

	/**
	 * @param {{ endpoint: string, startedAt: number, userID?: string | null, connectionID?: string | null }} start
	 * @returns {Operation}
	 */
	begin({ endpoint, startedAt, userID = null, connectionID = null }) {
		/** @type {Operation} */
		const operation = {
			operationID: crypto.randomUUID(),
			endpoint,
			type: endpoint.startsWith('/v2/') ? endpoint.slice(3) : endpoint,
			status: 'initialized',
			startedAt,
			endedAt: null,
			errorType: null,
			userID,
			connectionID,
		};
		this.#operations.set(operation.operationID, operation);
		return operation;
	}

	/** @param {Operation} operation */
	awaitUserInput(operation) {
		operation.status = 'user_input_required';
	}

	/**
	 * @param {Operation} operation
	 * @param {'done' | 'failed'} status
	 * @param {number} endedAt
	 * @param {string | null} [errorType]
	 */
	finish(operation, status, endedAt, errorType = null) {
		operation.status = status;
		operation.endedAt = endedAt;
		operation.errorType = status === 'failed' ? errorType : null;
	}

	/** @param {string} operationID @returns {Operation | undefined} the live record */
	get(operationID) {
		return this.#operations.get(operationID);
	}

	/** Copies, oldest first. @returns {Operation[]} */
	list() {
		return [...this.#operations.values()].map((operation) => ({ ...operation }));
	}
}

/**
 * The body of /operation/get and /operation/status (docs get-job-status field names).
 * @param {Operation} operation
 */
function operationAnswer(operation) {
	/** @type {Record<string, unknown>} */
	const opInfo = {
		startDate: new Date(operation.startedAt).toISOString(),
		endDate: operation.endedAt === null ? null : new Date(operation.endedAt).toISOString(),
	};
	if (operation.errorType !== null) opInfo.errorType = operation.errorType;
	opInfo.status = operation.status;
	opInfo.type = operation.type;
	return { success: true, status: operation.status, operationID: operation.operationID, opInfo };
}

module.exports = { OperationRegistry, operationAnswer };
