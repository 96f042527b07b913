import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { withBodyFields } from './requestBody';

export const DAPI_DEFAULT_BASE_URL = 'https://api.dapi.com/v2';

/** The app-level fields, shared with the Dapi Connection credential. */
export const dapiAppProperties: INodeProperties[] = [
	{
		displayName: 'App Secret',
		name: 'appSecret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The secret of your Dapi app, from the Dapi dashboard. It is sent in the body of every call.',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: DAPI_DEFAULT_BASE_URL,
		placeholder: DAPI_DEFAULT_BASE_URL,
		description: 'Dapi API base URL including the version. Change it only for a proxy or the local Dapi simulator.',
	},
];

/**
 * n8n 2.x's limit on the hosts the HTTP Request node may send this credential to, declared so a new credential
 * is locked to Dapi's host: the app secret travels in the body (docs/credentials.md).
 */
export const dapiDomainLockProperties: INodeProperties[] = [
	{
		displayName: 'Allowed HTTP Request Domains',
		name: 'allowedHttpRequestDomains',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: 'Allow all requests when used in the HTTP Request or GraphQL node' },
			{ name: 'Specific Domains', value: 'domains', description: 'Restrict requests to specific domains' },
			{ name: 'None', value: 'none', description: 'Block all requests when used in the HTTP Request or GraphQL node' },
		],
		default: 'domains',
		description:
			"Which hosts n8n's HTTP Request node may send this credential (and so the app secret) to. The Dapi nodes always call the Base URL only.",
	},
	{
		displayName: 'Allowed Domains',
		name: 'allowedDomains',
		type: 'string',
		default: 'api.dapi.com',
		placeholder: 'api.dapi.com',
		description:
			"Comma-separated hosts; add your proxy's or the local simulator's host if the HTTP Request node should reach it",
		displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
	},
];

/** Credential-test rules for a Base URL that is not Dapi's API; shared with Dapi Connection. */
export const notDapiRules: IAuthenticateRuleResponseSuccessBody[] = [
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'success',
			value: undefined,
			message: 'The Base URL did not answer like the Dapi API. Check that it ends with /v2.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'type',
			value: 'NOT_FOUND',
			message: 'The Base URL answered "not found": check that it ends with /v2.',
		},
	},
];

export class DapiApi implements ICredentialType {
	name = 'dapiApi';

	displayName = 'Dapi API';

	icon: Icon = { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-dapi/n8n-nodes-dapi#credentials';

	properties: INodeProperties[] = [
		dapiAppProperties[0],
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			description: 'The public key of your Dapi app. Needed only by calls that name the app, such as operation status.',
		},
		dapiAppProperties[1],
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The secret Dapi signs webhooks with, from the Dapi dashboard. Only the Dapi Trigger uses it.',
		},
		{
			displayName: 'Webhook Encryption Key',
			name: 'webhookEncryptionSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Base64 AES key for webhooks whose payload Dapi encrypts (the Svix scheme). Only the Dapi Trigger uses it.',
		},
		{
			displayName: 'Connection Sealing Key',
			name: 'sealingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'At least 32 random characters (e.g. from "openssl rand -base64 32"). Seals access tokens and user secrets into sealed connections and opens them again. If it is lost, every connection sealed with it is lost too: the customers must connect again.',
		},
		{
			displayName: 'Previous Sealing Key',
			name: 'previousSealingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'During a key rotation: the old Connection Sealing Key. Connections sealed with it still open; re-seal them with the new key, then clear this field.',
		},
		{
			displayName: 'Connect Script Hosts',
			name: 'connectScriptHosts',
			type: 'string',
			default: '',
			placeholder: 'connect-proxy.example.com',
			description:
				"Hosts besides Dapi's CDN that the Dapi Connect Trigger may load Connect's script from over https (e.g. your own proxy of the CDN), separated by commas. A workflow cannot add to this list.",
		},
		...dapiDomainLockProperties,
	];

	// Dapi takes the app secret in the JSON body, never in a header. A function rather than n8n's
	// generic form: n8n evaluates the generic form's expression on every request, which in n8n 2.x's
	// expression isolate costs about as much CPU as the rest of the call's own work.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBodyFields(requestOptions, { appSecret: credentials.appSecret });
	}

	// Dapi documents no call that checks the app secret alone: a placeholder access code proves the
	// Base URL answers as Dapi, and refuses an answer that names the app (README, "Credential test").
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/auth/ExchangeToken',
			method: 'POST',
			body: { accessCode: 'n8n-credential-test', connectionID: 'n8n-credential-test' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...notDapiRules,
			...['INVALID_APP_SECRET', 'INVALID_APP_CREDENTIALS', 'INVALID_APP', 'UNAUTHORIZED_APP'].map((type) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'type',
					value: type,
					message: 'Dapi rejected the App Secret. Copy it again from the Dapi dashboard.',
				},
			})),
		],
	};
}
