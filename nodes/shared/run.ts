import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode, Logger } from 'n8n-workflow';

import { resolveDapiUrl } from './endpoint';
import { remembered } from './remembered';
import { SendPacer } from './sendPacer';
import { sealingKeysFrom, type CredentialKeys } from './seal';

/** What a run needs of n8n's context: a node run, an editor's list search and a webhook all have it. */
export interface RunContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequestWithAuthentication'>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	logger?: Logger;
}

/** A read of one item that a run makes once (see Run.once). */
export type ItemRead<T, Context extends RunContext> = (run: Run<Context>, itemIndex: number) => T;

/**
 * One run of a node (or of a list search, or of a webhook's call): n8n's context and what its calls
 * share, worked out once. Reading a credential is a query and a decryption, and evaluating an item's
 * parameters is the costliest step of an item (docs/performance.md).
 */
export class Run<Context extends RunContext = RunContext> {
	private readonly credentialReads = new Map<string, Promise<ICredentialDataDecryptedObject>>();
	private readonly namedCredentials = new Map<string, { id: string; name: string }>();
	private readonly urls = new Map<string, ReturnType<typeof resolveDapiUrl>>();
	private readonly itemReads = new Map<ItemRead<unknown, Context>, Map<number, unknown>>();
	private readonly turns = new Map<number, () => Promise<void>>();
	private readonly pacer = new SendPacer();
	private keys?: Promise<CredentialKeys>;
	private derivedKeys?: CredentialKeys;

	constructor(readonly n8n: Context) {}

	/** A credential, read from n8n once per run. */
	async credentials(type: string, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
		return await remembered(this.credentialReads, type, async () => await this.n8n.getCredentials(type, itemIndex));
	}

	/** The ID and name of the node's credential of this type (getNode() copies the whole node). */
	credentialNamed(type: string): { id: string; name: string } {
		return remembered(this.namedCredentials, type, () => {
			const chosen = this.n8n.getNode().credentials?.[type];
			return { id: chosen?.id ?? '', name: chosen?.name ?? '' };
		});
	}

	url(baseUrl: string, endpoint: string): ReturnType<typeof resolveDapiUrl> {
		return remembered(this.urls, `${baseUrl}\n${endpoint}`, () => resolveDapiUrl(baseUrl, endpoint));
	}

	/** The Dapi API credential's sealing keys, derived once per run. */
	async sealingKeys(itemIndex: number): Promise<CredentialKeys> {
		this.keys ??= this.credentials('dapiApi', itemIndex).then(
			(credentials) =>
				(this.derivedKeys = sealingKeysFrom(credentials.sealingSecret, credentials.previousSealingSecret)),
		);
		return await this.keys;
	}

	/** The sealing keys once sealingKeys() has read them (an item's sealed connection opens synchronously). */
	get keysRead(): CredentialKeys | undefined {
		return this.derivedKeys;
	}

	/** What `read` gives for this item, read once per run (a read that throws is tried again). */
	once<T>(read: ItemRead<T, Context>, itemIndex: number): T {
		const byItem = remembered(this.itemReads, read as ItemRead<unknown, Context>, () => new Map<number, unknown>());
		if (!byItem.has(itemIndex)) byItem.set(itemIndex, read(this, itemIndex));
		return byItem.get(itemIndex) as T;
	}

	/** The scheduler's wait for this item's turn (see shared/schedule.ts). */
	setTurn(itemIndex: number, waitForTurn: () => Promise<void>): void {
		this.turns.set(itemIndex, waitForTurn);
	}

	/**
	 * Waits until this item may send (at once outside a scheduled run). Unpaced, it only waits for the
	 * turn: for work that must come first inside it, such as recording a key.
	 */
	async waitForTurn(itemIndex: number, { paced = true } = {}): Promise<void> {
		const turn = this.turns.get(itemIndex);
		if (!turn) return;
		await turn();
		if (paced) await this.pacer.nextSend();
	}

	cancelSignal(): AbortSignal | undefined {
		return this.n8n.getExecutionCancelSignal?.();
	}
}

/** The run of a node's execute(), whose operations read item parameters through n8n's context. */
export type NodeRun = Run<IExecuteFunctions>;
