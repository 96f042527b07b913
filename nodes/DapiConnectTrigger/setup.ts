import type { IWebhookFunctions } from 'n8n-workflow';

import { sealingKeysFrom, type SealingKey } from '../shared/seal';
import type { Run } from '../shared/run';
import { trustedHosts } from './isolation';

export interface TriggerOptions {
	connectScriptUrl?: string;
	widgetOrigins?: string;
	isExperimental?: boolean;
	failedConnectionsOutput?: boolean;
}

/** What every request of the trigger needs from its credential and parameters. */
export interface Setup {
	appSecret: string;
	appKey: string;
	sealingKey?: SealingKey;
	sealed: boolean;
	options: TriggerOptions;
	/** Hosts the credential trusts for Connect's script, besides Dapi's CDN. */
	scriptHosts: string[];
}

export const NOT_SET_UP = 'This page is not set up yet';

export const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export async function readSetup(run: Run<IWebhookFunctions>): Promise<Setup | { problem: string }> {
	// The request's run reads the credential once; the exchange of a result uses this same read.
	const credentials = await run.credentials('dapiApi', 0);
	const appSecret = text(credentials.appSecret);
	const appKey = text(credentials.appKey);
	if (!appSecret) return { problem: 'The Dapi API credential has no App Secret.' };
	if (!appKey) return { problem: 'The Dapi API credential has no App Key; Dapi Connect needs it.' };
	const sealed = run.n8n.getNodeParameter('output', 'sealed') === 'sealed';
	const options = run.n8n.getNodeParameter('options', {}) as TriggerOptions;
	const scriptHosts = trustedHosts(credentials.connectScriptHosts);
	if (!sealed) return { appSecret, appKey, sealed, options, scriptHosts };
	const keys = sealingKeysFrom(credentials.sealingSecret, credentials.previousSealingSecret);
	if (keys.problem || !keys.current) {
		return {
			problem:
				keys.problem ?? 'The Dapi API credential has no Connection Sealing Key; the Output is a sealed connection.',
		};
	}
	return { appSecret, appKey, sealed, sealingKey: keys.current, options, scriptHosts };
}

/** This trigger among all: its states are signed for it alone. */
export function triggerId(this: IWebhookFunctions): string {
	return `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
}
