/**
 * A real `n8n start` for end-to-end tests: free ports (server and task broker), a fresh user folder
 * with the packed package installed as a community package (test/e2e/n8n.ts), the owner account
 * (scripts/demo-setup.js, as `npm start` creates it), its session cookie, an API key with every
 * scope, and helpers for the public API (/api/v1), the credential test route, webhooks, manual runs
 * and saved executions.
 *
 * n8n is started, waited for and stopped by scripts/n8n/server.js (a process group of its own, with
 * its task runner child); stop() ends the group and deletes the folder. One server per test file:
 * each start costs ~5-7 s.
 *
 * The same calls work on n8n 2.x and 1.x (N8N_LINE): where their APIs differ, the helpers here say
 * how.
 */
import type { ExecutionStatus, ICredentialDataDecryptedObject, IDataObject, IRunExecutionData } from 'n8n-workflow';

import { demoOwner, ensureOwner } from '../../scripts/demo-setup';
import { freePorts, spawnN8n } from '../../scripts/n8n';
import { ENCRYPTION_KEY, N8N_LINE, createUserFolder, removeUserFolder, runtime } from './n8n';

type N8nProcess = ReturnType<typeof spawnN8n>;

/** A production webhook is registered asynchronously after activation. */
const WEBHOOK_REGISTRATION_TIMEOUT_MS = 60_000;
const EXECUTION_TIMEOUT_MS = 120_000;
const POLL_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface StartOptions {
	/** Runs on the fresh user folder before `n8n start`, e.g. CLI imports. */
	beforeStart?: (folder: string) => Promise<void>;
	owner?: Owner;
	/**
	 * Serves webhooks under this host name (n8n's WEBHOOK_URL), the editor staying on 127.0.0.1
	 * (N8N_EDITOR_BASE_URL): the setup the Dapi Connect Trigger needs. Default: one host for both.
	 */
	webhookHost?: string;
}

/** An answer of n8n's HTTP API: status and parsed JSON (the raw text when not JSON). */
export interface HttpAnswer<T = unknown> {
	status: number;
	body: T;
	text: string;
	headers: Headers;
}

/** An execution as the public API returns it. */
export interface Execution {
	id: number | string;
	status: ExecutionStatus;
	mode: string;
	workflowId: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	waitTill: string | null;
	/** With includeData=true. */
	data?: IRunExecutionData;
}

export interface CredentialToTest {
	id?: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** A failed HTTP call to n8n, with what it answered. */
export class N8nHttpError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly text: string,
	) {
		super(`${method} ${path} answered ${status}: ${text.slice(0, 2000)}`);
	}
}

export class N8nServer {
	private cookie = '';

	private apiKey = '';

	private constructor(
		readonly url: string,
		readonly port: number,
		readonly folder: string,
		readonly owner: Owner,
		/** Null when attached to an n8n started elsewhere (attach()). */
		private readonly n8n: N8nProcess | null,
		/** Where production webhooks are served: this server, or n8n webhook processes in queue mode. */
		readonly webhookUrl = url,
	) {}

	/**
	 * The helpers for an n8n that runs already (e.g. the main process of scripts/queue-stack.js):
	 * the owner (created unless it exists), its cookie and an API key. stop() leaves it running.
	 */
	static async attach(options: {
		url: string;
		webhookUrl?: string;
		folder: string;
		owner?: Owner;
	}): Promise<N8nServer> {
		const server = new N8nServer(
			options.url,
			Number(new URL(options.url).port),
			options.folder,
			options.owner ?? demoOwner({}),
			null,
			options.webhookUrl,
		);
		await server.signIn();
		return server;
	}

	/**
	 * A fresh user folder, `beforeStart`, `n8n start` on free ports, then the owner (its cookie) and an
	 * API key with all scopes. Retries with other ports when a port was taken meanwhile.
	 */
	static async start(options: StartOptions = {}): Promise<N8nServer> {
		const folder = createUserFolder();
		try {
			await options.beforeStart?.(folder);
			const owner = options.owner ?? demoOwner({});
			for (let attempt = 1; ; attempt++) {
				const server = await N8nServer.spawn(folder, owner, options.webhookHost);
				try {
					await server.waitUntilReady();
					return server;
				} catch (error) {
					await server.kill();
					if (attempt < 3 && /already in use|EADDRINUSE/.test(server.log())) continue;
					throw error;
				}
			}
		} catch (error) {
			await removeUserFolder(folder);
			throw error;
		}
	}

	private static async spawn(folder: string, owner: Owner, webhookHost?: string): Promise<N8nServer> {
		const [port, brokerPort] = await freePorts(2);
		const url = `http://127.0.0.1:${port}`;
		const webhookUrl = webhookHost ? `http://${webhookHost}:${port}` : url;
		const n8n = spawnN8n({
			runtime: runtime(),
			folder,
			role: 'main',
			port,
			brokerPort,
			encryptionKey: ENCRYPTION_KEY,
			...(webhookHost ? { urls: { editor: url, webhooks: webhookUrl } } : {}),
		});
		return new N8nServer(url, port, folder, owner, n8n, webhookUrl);
	}

	private async waitUntilReady(): Promise<void> {
		await this.n8n!.ready(); // spawned by start()
		await this.signIn();
	}

	/** The owner (created unless it exists), its session cookie, and an API key with every scope. */
	private async signIn(): Promise<void> {
		const { cookie } = await ensureOwner(this.url, this.owner);
		if (!cookie) throw new Error('owner setup gave no session cookie');
		this.cookie = cookie;
		// n8n before ~1.9x has API keys without scopes (no /api-keys/scopes): every key may do everything.
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes').catch((error: unknown) => {
			if (error instanceof N8nHttpError && error.status === 404) return undefined;
			throw error;
		});
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', { label: 'e2e', expiresAt: null, scopes });
		this.apiKey = key.rawApiKey;
	}

	/** Everything n8n printed so far. */
	log(): string {
		return this.n8n?.output ?? '';
	}

	logTail(chars = 4000): string {
		return this.log().slice(-chars);
	}

	/**
	 * Any call to n8n (`path` on this server, or a full URL); never throws on a status. `auth`: the
	 * owner's cookie, the API key, or none.
	 */
	async request<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		auth: 'cookie' | 'apiKey' | 'none' = 'none',
	): Promise<HttpAnswer<T>> {
		const headers: Record<string, string> = {};
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (auth === 'cookie') headers.cookie = this.cookie;
		if (auth === 'apiKey') headers['x-n8n-api-key'] = this.apiKey;
		const res = await fetch(/^https?:/.test(path) ? path : `${this.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: res.status, body: parsed as T, text, headers: res.headers };
	}

	/** The internal REST API (/rest) as the signed-in owner; answers its `data`; throws unless 2xx. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const answer = await this.request<{ data: T }>(method, `/rest${path}`, body, 'cookie');
		if (answer.status < 200 || answer.status > 299)
			throw new N8nHttpError(method, `/rest${path}`, answer.status, answer.text);
		return answer.body.data;
	}

	/** The public API (/api/v1) with the API key; answers the body; throws unless 2xx. */
	async api<T>(method: string, path: string, body?: unknown): Promise<T> {
		const answer = await this.request<T>(method, `/api/v1${path}`, body, 'apiKey');
		if (answer.status < 200 || answer.status > 299)
			throw new N8nHttpError(method, `/api/v1${path}`, answer.status, answer.text);
		return answer.body;
	}

	/**
	 * A credential through the public API. n8n 1.x's public API schema requires allowedDomains
	 * unless allowedHttpRequestDomains is sent (late 1.x adds both to every credential type with an
	 * `authenticate` block): there the two get the credential type's own defaults, as the editor
	 * would save them.
	 */
	async createCredential(
		credential: Omit<CredentialToTest, 'id'>,
	): Promise<{ id: string; name: string; type: string }> {
		let data = credential.data;
		if (N8N_LINE === '1' && data.allowedHttpRequestDomains === undefined) {
			type CredentialTypes = Array<{ name: string; properties: Array<{ name: string; default: unknown }> }>;
			const types = (await this.request<CredentialTypes>('GET', '/types/credentials.json', undefined, 'cookie')).body;
			const properties = types.find((type) => type.name === credential.type)?.properties ?? [];
			const defaults = Object.fromEntries(
				properties
					.filter((property) => ['allowedHttpRequestDomains', 'allowedDomains'].includes(property.name))
					.map((property) => [property.name, property.default]),
			);
			data = { ...defaults, ...data } as ICredentialDataDecryptedObject;
		}
		return await this.api('POST', '/credentials', { ...credential, data });
	}

	/** Every credential (id, name, type), as the editor lists them (n8n 1.x's public API cannot list them). */
	async credentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		return await this.rest('GET', '/credentials');
	}

	/** n8n's credential test (what the editor's "Test" / save does): POST /rest/credentials/test. */
	async testCredential(credentials: CredentialToTest): Promise<{ status: 'OK' | 'Error'; message: string }> {
		return await this.rest('POST', '/credentials/test', { credentials });
	}

	/** A workflow through the public API (it takes name, nodes, connections and settings, no id). */
	async createWorkflow(workflow: { name: string; nodes: unknown[]; connections: unknown; settings?: IDataObject }) {
		return await this.api<{ id: string; name: string }>('POST', '/workflows', {
			settings: { executionOrder: 'v1' },
			...workflow,
		});
	}

	async activateWorkflow(id: string): Promise<void> {
		const workflow = await this.api<{ active: boolean }>('POST', `/workflows/${id}/activate`);
		if (!workflow.active) throw new Error(`workflow ${id} is not active after activation`);
	}

	/**
	 * Calls a production webhook (/webhook/<path>, at `webhookUrl`). Retries while n8n answers 404
	 * "not registered": registration after activation is asynchronous. Any other answer is returned
	 * as it is.
	 */
	async callWebhook<T = unknown>(
		path: string,
		body: unknown,
		method = 'POST',
		base = this.webhookUrl,
	): Promise<HttpAnswer<T>> {
		const deadline = Date.now() + WEBHOOK_REGISTRATION_TIMEOUT_MS;
		for (;;) {
			const answer = await this.request<T>(method, `${base}/webhook/${path}`, body);
			if (answer.status !== 404 || !/not registered/i.test(answer.text) || Date.now() > deadline) return answer;
			await sleep(POLL_MS);
		}
	}

	/**
	 * Data tables through the public API on n8n 2.x; n8n 1.x's public API has none, so there through
	 * the editor's REST routes of the owner's personal project (the same store).
	 */
	private async dataTablesPath(): Promise<string> {
		const project = await this.rest<{ id: string }>('GET', '/projects/personal');
		return `/projects/${project.id}/data-tables`;
	}

	async createDataTable(table: {
		name: string;
		columns: Array<{ name: string; type: string }>;
	}): Promise<{ id: string }> {
		if (N8N_LINE === '2') return await this.api('POST', '/data-tables', table);
		return await this.rest('POST', await this.dataTablesPath(), table);
	}

	/** Every row of a data table. */
	async dataTableRows<T>(tableId: string): Promise<T[]> {
		const all: T[] = [];
		if (N8N_LINE === '2') {
			let cursor: string | undefined;
			do {
				const query = new URLSearchParams({ limit: '250', ...(cursor ? { cursor } : {}) });
				const page = await this.api<{ data: T[]; nextCursor: string | null }>(
					'GET',
					`/data-tables/${tableId}/rows?${query}`,
				);
				all.push(...page.data);
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			return all;
		}
		const base = `${await this.dataTablesPath()}/${tableId}/rows`;
		for (let skip = 0; ; skip += 250) {
			const page = await this.rest<{ count: number; data: T[] }>('GET', `${base}?take=250&skip=${skip}`);
			all.push(...page.data);
			if (page.data.length === 0 || all.length >= page.count) return all;
		}
	}

	/** Sets `data` on the rows that match `filter` (n8n's data-table filter). */
	async updateDataTableRows(tableId: string, filter: IDataObject, data: IDataObject): Promise<void> {
		if (N8N_LINE === '2') await this.api('PATCH', `/data-tables/${tableId}/rows/update`, { filter, data });
		else await this.rest('PATCH', `${await this.dataTablesPath()}/${tableId}/rows`, { filter, data });
	}

	/**
	 * Runs a manual workflow from its trigger, as the editor's "Execute workflow" does; answers the
	 * execution id. The editor sends the workflow along (n8n 1.x requires it; 2.x takes it too).
	 */
	async runWorkflow(workflowId: string, triggerName = 'Start'): Promise<string> {
		const workflowData = await this.rest<IDataObject>('GET', `/workflows/${workflowId}`);
		const { executionId } = await this.rest<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		if (!executionId) throw new Error(`n8n started no execution of workflow ${workflowId}`);
		return String(executionId);
	}

	/** One execution with its data (public API). */
	async execution(id: string): Promise<Execution> {
		return await this.api<Execution>('GET', `/executions/${id}?includeData=true`);
	}

	/**
	 * Polls an execution until it has `status`; fails at once when it ends in another status
	 * (with the run's error), or after the timeout.
	 */
	async waitForExecution(id: string, status: ExecutionStatus, timeoutMs = EXECUTION_TIMEOUT_MS): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		const ended: ExecutionStatus[] = ['success', 'error', 'crashed', 'canceled'];
		for (;;) {
			let execution: Execution | undefined;
			try {
				execution = await this.execution(id);
			} catch (error) {
				// Right after the run starts, the execution may not be readable yet.
				if (!(error instanceof N8nHttpError && error.status === 404)) throw error;
			}
			if (execution?.status === status) {
				// n8n 1.x may show the final status a moment before the run's data, still its waiting snapshot
				// (with waitTill) after a resume: then poll on.
				if (!ended.includes(status) || (execution.data && !execution.data.waitTill)) return execution;
			} else if (execution && ended.includes(execution.status)) {
				const error = execution.data?.resultData.error;
				throw new Error(
					`execution ${id} ended "${execution.status}", expected "${status}"` +
						(error ? `: ${error.message} ${JSON.stringify(error).slice(0, 1500)}` : ''),
				);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`execution ${id} is "${execution?.status ?? 'not found'}" after ${timeoutMs} ms, expected "${status}"`,
				);
			}
			await sleep(POLL_MS);
		}
	}

	/** Every saved execution (of one workflow, or all), following the pages; with data unless told. */
	async executions(filter: { workflowId?: string; includeData?: boolean } = {}): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ limit: '100', includeData: String(filter.includeData ?? true) });
			if (filter.workflowId) query.set('workflowId', filter.workflowId);
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: Execution[]; nextCursor: string | null }>('GET', `/executions?${query}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Stops n8n (its process group: SIGTERM, SIGKILL after a time limit) and deletes its folder. */
	async stop(): Promise<void> {
		if (!this.n8n) return; // attached: whoever started it stops it
		await this.kill();
		await removeUserFolder(this.folder);
	}

	private async kill(): Promise<void> {
		await this.n8n?.stop();
	}
}
