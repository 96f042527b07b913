import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { openSealedValue } from '../../shared/connection';
import { sealingKeysFrom } from '../../shared/seal';
import { apiRequest, type UserAuth } from '../../shared/transport';

/** An editor list should not hang: Dapi allows itself 120 s, a dropdown gets less. */
const LIST_TIMEOUT_MS = 60_000;

/** Item data exists only while a workflow runs, so an expression that reads it cannot give the editor a token. */
const READS_ITEM_DATA = /\$(json|input|binary|items?|node|data)\b|\$\(/;

/**
 * The transport takes an execution context; the editor's lists have a load-options one. The members the
 * transport uses (getNode, getCredentials, helpers) exist on both; the two whose signatures differ (an
 * item index first) are adapted, and everything else is read from the load-options context itself.
 */
function asItemContext(context: ILoadOptionsFunctions): IExecuteFunctions {
	const adapter = Object.create(context) as IExecuteFunctions;
	Object.assign(adapter, {
		getCredentials: async (type: string) => await context.getCredentials(type),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			context.getNodeParameter(name, fallback),
		getInputData: () => [{ json: {} }],
		continueOnFail: () => false,
	});
	return adapter;
}

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
function editorValue(this: ILoadOptionsFunctions, name: string): string {
	const raw = this.getCurrentNodeParameter(name);
	if (typeof raw === 'string' && raw.startsWith('=') && READS_ITEM_DATA.test(raw)) throw noTokenInEditor(this);
	let value: unknown;
	try {
		value = this.getNodeParameter(name, '');
	} catch {
		throw noTokenInEditor(this);
	}
	if (typeof value !== 'string' || value.trim() === '') throw noTokenInEditor(this);
	return value.trim();
}

/** The token source as the editor can resolve it now; item expressions are never evaluated. */
async function editorAuth(this: ILoadOptionsFunctions): Promise<UserAuth> {
	const source = this.getNodeParameter('tokenSource', 'fields') as string;
	if (source === 'credential') return { source: 'credential' };
	if (source === 'sealed') {
		const sealed = editorValue.call(this, 'sealedConnection');
		const credentials = await this.getCredentials('dapiApi');
		const keys = sealingKeysFrom(credentials.sealingSecret, credentials.previousSealingSecret);
		const connection = openSealedValue.call(asItemContext(this), 0, sealed, keys);
		return { source: 'fields', accessToken: connection.accessToken, userSecret: connection.userSecret };
	}
	return {
		source: 'fields',
		accessToken: editorValue.call(this, 'accessToken'),
		userSecret: editorValue.call(this, 'userSecret'),
	};
}

/**
 * Reads one Dapi list for an editor picker through the one transport. It never answers the bank's
 * prompts: when Dapi asks for user input, the list says so instead of asking the user.
 */
export async function listFromDapi(this: ILoadOptionsFunctions, path: string, what: string): Promise<IDataObject> {
	const auth = await editorAuth.call(this);
	const response = await apiRequest.call(asItemContext(this), 0, {
		endpoint: path,
		body: {},
		auth,
		timeout: LIST_TIMEOUT_MS,
	});
	const answer = (response.body ?? {}) as IDataObject;
	if (answer.status === 'user_input_required') {
		throw new NodeOperationError(
			this.getNode(),
			`The bank asks for user input (such as an OTP) before it lists the ${what}`,
			{
				description: `A list in the editor never answers the bank's prompts. Choose "By ID" and type or map the ID, or run this list's Get operation in a workflow, which hands the prompt to its Needs User Input output.`,
			},
		);
	}
	return answer;
}
