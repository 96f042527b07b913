import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_CONNECT_SCRIPT_URL = 'https://cdn.dapi.com/connect/v3/connector.js';
export const DEFAULT_WIDGET_ORIGINS = 'https://*.dapi.com https://*.dapi.co';

/** The Connect Trigger's parameters. */
export const properties: INodeProperties[] = [
	{
		displayName:
			"Send each customer this node's Production URL with their own ref, e.g. …/connect?ref=customer-42. The ref comes back with the connection. Needs the App Key (and, for sealed output, a Connection Sealing Key) in the Dapi API credential.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		options: [
			{ name: 'Sandbox', value: 'sandbox' },
			{ name: 'Production', value: 'production' },
		],
		default: 'sandbox',
		description: "Dapi Connect's environment; it must match the app and the Base URL of the credential",
	},
	{
		displayName: 'Countries',
		name: 'countries',
		type: 'string',
		default: 'AE',
		placeholder: 'AE, SA',
		description: 'Countries whose banks Connect offers, as two-letter codes separated by commas',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Sealed Connection',
				value: 'sealed',
				description: 'One encrypted value (sealedConnection) holding the token, user secret and IDs',
			},
			{
				name: 'Access Token and User Secret',
				value: 'plain',
				description: 'The token and user secret as plain fields; they end up in execution data',
			},
		],
		default: 'sealed',
	},
	{
		displayName: 'Page Title',
		name: 'pageTitle',
		type: 'string',
		default: 'Connect your bank',
	},
	{
		displayName: 'Page Text',
		name: 'pageText',
		type: 'string',
		typeOptions: { rows: 3 },
		default:
			'We use Dapi to connect to your bank. You log in to your bank in a secure window; we never see your password.',
	},
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: 'Connect my bank',
	},
	{
		displayName: 'Success Text',
		name: 'successText',
		type: 'string',
		default: 'Your bank is connected. You can close this page.',
		description: 'What the page says once the connection is made and stored',
	},
	{
		displayName: 'Failure Text',
		name: 'failureText',
		type: 'string',
		default: 'Your bank was not connected. You can try again.',
		description: 'What the page says when the customer cancels or the connection fails',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Connect Script URL',
				name: 'connectScriptUrl',
				type: 'string',
				default: DEFAULT_CONNECT_SCRIPT_URL,
				description:
					"Where Dapi's Connect Layer script is loaded from: Dapi's CDN, this computer (the local Dapi simulator) or a host the Dapi API credential lists under Connect Script Hosts",
			},
			{
				displayName: 'Experimental Banks',
				name: 'isExperimental',
				type: 'boolean',
				default: false,
				description: 'Whether Connect also offers banks Dapi marks as experimental (beta)',
			},
			{
				displayName: 'Output Failed Connections',
				name: 'failedConnectionsOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether a cancelled, abandoned or failed connection starts the workflow on a second output (Failed); otherwise it starts nothing',
			},
			{
				displayName: 'Widget Origins',
				name: 'widgetOrigins',
				type: 'string',
				default: DEFAULT_WIDGET_ORIGINS,
				description:
					"Besides the script's own origin, the origins the widget may load from and talk to (space-separated, e.g. https://*.dapi.com). Nothing else can be reached from its window.",
			},
		],
	},
];
