import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { dapiAppProperties, dapiDomainLockProperties, notDapiRules } from './DapiApi.credentials';
import { withBodyFields } from './requestBody';

export class DapiConnectionApi implements ICredentialType {
	name = 'dapiConnectionApi';

	displayName = 'Dapi Connection API';

	icon: Icon = { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-dapi/n8n-nodes-dapi#credentials';

	properties: INodeProperties[] = [
		...dapiAppProperties,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The permanent access token of one bank connection, from Exchange Access Code',
		},
		{
			displayName: 'User Secret',
			name: 'userSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The user secret Dapi Connect returned with that connection',
		},
		...dapiDomainLockProperties,
	];

	// A function for the same reason as the Dapi API credential's: no expression to evaluate per request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const options = withBodyFields(requestOptions, {
			appSecret: credentials.appSecret,
			userSecret: credentials.userSecret,
		});
		return { ...options, headers: { ...options.headers, Authorization: `Bearer ${String(credentials.accessToken)}` } };
	}

	// Accounts metadata never asks the bank for MFA, so it proves token and secrets at no cost to the
	// user. Dapi's envelope is read instead of the status, so a refusal is never sent twice.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/metadata/accounts/get',
			method: 'POST',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...notDapiRules,
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message:
						'Dapi rejected the app secret, access token or user secret. Exchange a fresh access code if the connection was delinked.',
				},
			},
		],
	};
}
