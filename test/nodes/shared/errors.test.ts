/** Dapi's error types and what the user reads for each; nothing Dapi says can smuggle a secret out. */
import type { INode } from 'n8n-workflow';

import { dapiApiError } from '../../../nodes/shared/errors';
import { Redactor } from '../../../nodes/shared/secrets';

const node = {
	name: 'Dapi',
	type: 'n8n-nodes-dapi.dapi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	id: 'n',
} as INode;
const none = new Redactor([]);

describe('error type → message', () => {
	it.each([
		['INVALID_APP_SECRET', 'Dapi rejected the app secret'],
		['UNAUTHORIZED_APP', 'Dapi rejected the app secret'],
		['INVALID_USER_SECRET', 'Dapi rejected the user secret'],
		['INVALID_TOKEN', 'Dapi rejected the access token'],
		['INVALID_CREDENTIALS', "The bank rejected the user's login"],
		['INVALID_MFA', 'The bank rejected the answer to its prompt'],
		['PARALLEL_REQUESTS', 'Dapi refused parallel calls on one access token'],
		['PARAMETER_MISSING', 'Dapi rejected the request parameters'],
		['PARAMETER_ERROR', 'Dapi rejected the request parameters'],
		['INSUFFICIENT_BALANCE', 'Dapi: not enough money'],
	])('%s → %s', (type, message) => {
		const error = dapiApiError(
			node,
			{ type, msg: 'not enough money', httpCode: 400, endpoint: '/x' },
			{ itemIndex: 3, redactor: none },
		);
		expect(error.message).toBe(message);
		expect(error.description).toContain(`Dapi error type: ${type}.`);
		expect(error.httpCode).toBe('400');
		expect(error.context).toMatchObject({ itemIndex: 3, type });
	});

	it('an operation explains its own failures before the generic hints', () => {
		const error = dapiApiError(
			node,
			{ type: 'INVALID_TOKEN', endpoint: '/x' },
			{
				itemIndex: 0,
				redactor: none,
				explain: () => ({ message: 'mine', description: 'why' }),
			},
		);
		expect(error.message).toBe('mine');
	});

	it('scrubs type, msg and operationID, and counts attempts', () => {
		const secret = 'echoed-secret-0123456789';
		const error = dapiApiError(
			node,
			{ type: `T_${secret}`, msg: `said ${secret}`, operationID: secret, endpoint: '/x' },
			{ itemIndex: 0, redactor: new Redactor([secret]), attempts: 3 },
		);
		expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain(secret);
		expect(error.description).toMatch(/Tried 3 times\.$/);
	});
});
