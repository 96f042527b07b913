import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { openSealedValue } from '../../shared/connection';
import { Run } from '../../shared/run';
import { dapiRequest, type UserAuth } from '../../shared/transport';

/** An editor list should not hang: Dapi allows itself 120 s, a dropdown gets less. */
const LIST_TIMEOUT_MS = 60_000;

/** Item data exists only while a workflow runs, so an expression that reads it cannot give the editor a token. */
const READS_ITEM_DATA = /\$(json|input|binary|items?|node|data)\b|\$\(/;

function noTokenInEditor(context: ILoadOptionsFunctions): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		"The list needs the connection's token, and it comes from the incoming item",
		{
			description:
				'The item exists only when the workflow runs, so nothing was asked of Dapi. Choose "By ID" (or map the ID with an expression), or set Token Source to a Dapi Connection credential (or paste one sealed connection) to pick from the list.',
		},
	);
}

/** A parameter's value as the editor can resolve it now; item expressions are never evaluated. */
function editorValue(context: ILoadOptionsFunctions, name: string): string {
	const raw = context.getCurrentNodeParameter(name);
	if (typeof raw === 'string' && raw.startsWith('=') && READS_ITEM_DATA.test(raw)) throw noTokenInEditor(context);
	let value: unknown;
	try {
		value = context.getNodeParameter(name, '');
	} catch {
		throw noTokenInEditor(context);
	}
	if (typeof value !== 'string' || value.trim() === '') throw noTokenInEditor(context);
	return value.trim();
}

/** The token source as the editor can resolve it now; item expressions are never evaluated. */
async function editorAuth(context: ILoadOptionsFunctions, run: Run): Promise<UserAuth> {
	const source = context.getNodeParameter('tokenSource', 'fields') as string;
	if (source === 'credential') return { source: 'credential' };
	if (source === 'sealed') {
		const sealed = editorValue(context, 'sealedConnection');
		const connection = openSealedValue(run, 0, sealed, await run.sealingKeys(0));
		return { source: 'fields', accessToken: connection.accessToken, userSecret: connection.userSecret };
	}
	return {
		source: 'fields',
		accessToken: editorValue(context, 'accessToken'),
		userSecret: editorValue(context, 'userSecret'),
	};
}

/**
 * Reads one Dapi list for an editor picker through the one transport. It never answers the bank's
 * prompts: when Dapi asks for user input, the list says so instead of asking the user.
 */
export async function listFromDapi(context: ILoadOptionsFunctions, path: string, what: string): Promise<IDataObject> {
	// The list's own run: the editor's context has what the transport needs (credentials, HTTP helper).
	const run = new Run(context);
	const auth = await editorAuth(context, run);
	const response = await dapiRequest(run, 0, {
		endpoint: path,
		body: {},
		auth,
		timeout: LIST_TIMEOUT_MS,
	});
	const answer = (response.body ?? {}) as IDataObject;
	if (answer.status === 'user_input_required') {
		throw new NodeOperationError(
			context.getNode(),
			`The bank asks for user input (such as an OTP) before it lists the ${what}`,
			{
				description: `A list in the editor never answers the bank's prompts. Choose "By ID" and type or map the ID, or run this list's Get operation in a workflow, which hands the prompt to its Needs User Input output.`,
			},
		);
	}
	return answer;
}
