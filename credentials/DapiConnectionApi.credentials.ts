import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { dapiAppProperties, dapiDomainLockProperties, notDapiRules } from './DapiApi.credentials';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
			body: {
				appSecret: '={{$credentials.appSecret}}',
				userSecret: '={{$credentials.userSecret}}',
			},
		},
	};

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
