import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/n8nVersion';
import { Run } from '../shared/run';
import { nothingToRegister } from '../shared/webhookMethods';
import { properties } from './description';
import { servePage } from './pageGet';
import { receiveResult } from './resultPost';
import { readSetup } from './setup';

assertSupportedN8n();

export class DapiConnectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dapi Connect Trigger',
		name: 'dapiConnectTrigger',
		icon: { light: 'file:dapi.svg', dark: 'file:dapi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["output"] === "plain" ? "Plain token" : "Sealed connection" }}',
		description:
			'Serves a page where a customer connects a bank with Dapi Connect; starts the workflow with the connection',
		defaults: { name: 'Dapi Connect Trigger' },
		inputs: [],
		outputs: `={{ ($parameter.options || {}).failedConnectionsOutput ? [{ type: "main", displayName: "Connected" }, { type: "main", displayName: "Failed" }] : [{ type: "main", displayName: "Connected" }] }}`,
		credentials: [{ name: 'dapiApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'connect' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'connect' },
		],
		properties,
	};

	// The Connect page is served by this node; there is nothing to register anywhere.
	webhookMethods = {
		setup: nothingToRegister,
		default: nothingToRegister,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// One run per request: its credential read serves the setup and the exchange.
		const run = new Run(this);
		const setup = await readSetup(run);
		if (this.getWebhookName() === 'setup') return servePage.call(this, setup);
		return await receiveResult.call(this, run, setup);
	}
}
