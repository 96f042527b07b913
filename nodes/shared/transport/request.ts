import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { inputError } from '../errors';
import type { Run } from '../run';
import type { DapiCall } from './call';

/** The options n8n's HTTP helper sends one call with; the app secret is added by the credential. */
export function buildRequest(
	run: Run,
	itemIndex: number,
	call: DapiCall,
	credentials: ICredentialDataDecryptedObject,
	timeout: number,
): IHttpRequestOptions {
	const node = () => run.n8n.getNode();
	const headers: IDataObject = { ...call.headers, 'Content-Type': 'application/json' };
	const body: IDataObject = { ...call.body };
	if (call.withAppKey) {
		const appKey = typeof credentials.appKey === 'string' ? credentials.appKey.trim() : '';
		if (!appKey) {
			throw inputError(
				node(),
				itemIndex,
				'The Dapi API credential has no App Key',
				'This call names your app: add the App Key from the Dapi dashboard to the Dapi API credential.',
			);
		}
		body.appKey = appKey;
	}
	if (call.auth.source === 'fields') {
		headers.Authorization = `Bearer ${call.auth.accessToken}`;
		body.userSecret = call.auth.userSecret;
	}
	if (call.auth.source === 'credential') {
		for (const [field, label] of [
			['accessToken', 'Access Token'],
			['userSecret', 'User Secret'],
		]) {
			const value = credentials[field];
			if (typeof value !== 'string' || value.trim() === '') {
				throw inputError(
					node(),
					itemIndex,
					`The Dapi Connection credential's ${label} is empty`,
					`Fill in the connection's ${label} from Exchange Access Code in the Dapi Connection credential, or choose another Token Source.`,
				);
			}
		}
	}

	const resolved = run.url(String(credentials.baseUrl ?? ''), call.endpoint);
	if ('problem' in resolved) throw inputError(node(), itemIndex, 'The request URL was refused', resolved.problem);
	return {
		method: call.method ?? 'POST',
		url: resolved.url,
		headers,
		body,
		json: true,
		// Read by sendOnce after n8n's helper returned: a body that breaks can then never make the helper
		// run its re-authentication path, which sends the request again.
		encoding: 'stream',
		timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Dapi never redirects; following one could carry the secrets in the body to another host.
		disableFollowRedirect: true,
	};
}
