/**
 * Runs workflow JSON through the real n8n engine (WorkflowExecute from n8n-core) in-process, with a
 * credentials helper that applies a credential's generic `authenticate` exactly as n8n's own does.
 */
import { Container } from '@n8n/di';
import {
	DataDeduplicationService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	Expression,
	ICredentialsHelper,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';

import { DapiApi } from '../../credentials/DapiApi.credentials';
import { DapiConnectionApi } from '../../credentials/DapiConnectionApi.credentials';
import { Dapi } from '../../nodes/Dapi/Dapi.node';
import { DapiRequest } from '../../nodes/DapiRequest/DapiRequest.node';
import { installN8nAgentReuse } from './n8nAgentReuse';
import { InMemoryProcessedData } from './processedData';

Expression.setExpressionEngine('legacy');

// DAPI_TEST_N8N_AGENT_REUSE=1 runs every engine test on n8n reusing its agents (docs/n8n-agent-reuse.patch).
if (process.env.DAPI_TEST_N8N_AGENT_REUSE === '1') installN8nAgentReuse();

/**
 * What the engine reports to n8n's error log while tests run (n8n writes node errors there).
 * Kept so tests can prove no secret reaches the log, and so the test output stays readable.
 */
export const engineErrorLog: string[] = [];
Container.set(ErrorReporter, {
	error: (error: unknown) => engineErrorLog.push(JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}))),
	warn: () => {},
	info: () => {},
} as unknown as ErrorReporter);

/**
 * n8n's processed-items store (this.helpers.checkProcessedAndRecord), shared by every run of the file
 * as n8n's database is shared by every execution; n8n initialises the same service at start-up.
 */
export const processedData = new InMemoryProcessedData();
void DataDeduplicationService.init(processedData);

/** A start node that emits the items given in its `items` parameter (a JSON array). */
class ItemsNode implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

export const NODE_TYPES = {
	items: 'test.items',
	dapi: 'n8n-nodes-dapi.dapi',
	dapiRequest: 'n8n-nodes-dapi.dapiRequest',
	/** How n8n names a node's AI-tool variant. */
	dapiTool: 'n8n-nodes-dapi.dapiTool',
	dapiRequestTool: 'n8n-nodes-dapi.dapiRequestTool',
} as const;

const nodeTypeMap: Record<string, INodeType | IVersionedNodeType> = {
	[NODE_TYPES.items]: new ItemsNode(),
	[NODE_TYPES.dapi]: new Dapi(),
	[NODE_TYPES.dapiRequest]: new DapiRequest(),
	[NODE_TYPES.dapiTool]: new Dapi(),
	[NODE_TYPES.dapiRequestTool]: new DapiRequest(),
};

/** Adds a node type of a test's own (a probe that calls n8n's context directly) to the engine. */
export function registerTestNodeType(type: string, nodeType: INodeType): void {
	if (type in nodeTypeMap) throw new Error(`node type ${type} is already registered`);
	nodeTypeMap[type] = nodeType;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypeMap[type], version),
	getKnownTypes: () => ({}),
};

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	dapiApi: new DapiApi(),
	dapiConnectionApi: new DapiConnectionApi(),
};

/** In-memory credential store; `authenticate` calls the credential's function, as packages/cli/src/credentials-helper.ts does. */
class MemoryCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = CREDENTIAL_TYPES[typeName]?.authenticate;
		if (typeof authenticate !== 'function') {
			throw new Error(`The test helper applies only function authenticate (credential ${typeName})`);
		}
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		return { ...data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return CREDENTIAL_TYPES[type].properties;
	}
}

export interface TestNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: INode['onError'];
}

export interface Link {
	from: string;
	to: string;
	/** The output of `from` to follow (default 0). */
	output?: number;
}

/** Builds workflow JSON: a start node emitting `items`, then the nodes connected as `links` say. */
export function linkedWorkflow(items: IDataObject[], nodes: TestNode[], links: Link[]): IWorkflowBase {
	const workflow = chainWorkflow(items, nodes);
	const connections: IConnections = {};
	for (const { from, to, output = 0 } of links) {
		const outputs = (connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output]!.push({ node: to, type: NodeConnectionTypes.Main, index: 0 });
	}
	return { ...workflow, connections };
}

/** Builds workflow JSON: a start node emitting `items`, then `nodes` chained in order. */
export function chainWorkflow(items: IDataObject[], nodes: TestNode[]): IWorkflowBase {
	const all: INode[] = [
		{
			id: 'node-0',
			name: 'Start',
			type: NODE_TYPES.items,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		...nodes.map((node, index) => ({
			id: `node-${index + 1}`,
			typeVersion: 1,
			position: [(index + 1) * 220, 0] as [number, number],
			...node,
		})),
	];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = {
			main: [[{ node: all[i + 1].name, type: NodeConnectionTypes.Main, index: 0 }]],
		};
	}
	return {
		id: 'wf-engine-test',
		name: 'engine test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
	} as IWorkflowBase;
}

export interface EngineRun {
	run: IRun;
	/** Output items (json and pairedItem) of a node's first run, main output 0 unless given. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error a node stopped the workflow with, if any. */
	error(): (Error & { description?: string; context?: IDataObject; httpCode?: string }) | undefined;
}

/**
 * Executes a workflow in the real engine with the given credential data per credential type. With
 * `cancelWhen`, the execution is cancelled as n8n's Stop button does once that promise settles.
 */
export async function runWorkflow(
	workflowData: IWorkflowBase,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	{ cancelWhen, executionId = 'exec-1' }: { cancelWhen?: Promise<unknown>; executionId?: string } = {},
): Promise<EngineRun> {
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const base = 'http://localhost:5678';
	const additionalData = {
		hooks,
		credentialsHelper: new MemoryCredentialsHelper(credentials),
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		setExecutionStatus: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;

	const start = workflowData.nodes[0];
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	void cancelWhen?.then(
		() => execution.cancel(),
		() => execution.cancel(),
	);
	const run = await execution;
	return {
		run,
		output: (nodeName, outputIndex = 0) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: () => run.data.resultData.error as ReturnType<EngineRun['error']>,
	};
}

/**
 * Runs one of a node's list searches (a resource locator's "From List") as n8n's editor does: in n8n-core's
 * LoadOptionsContext, with the node's parameters completed by their defaults and the given credential data.
 */
export async function runListSearch(
	node: TestNode,
	method: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	filter?: string,
): Promise<INodeListSearchResult> {
	const draft: INode = { id: 'node-1', typeVersion: 1, position: [0, 0], ...node };
	const nodeType = NodeHelpers.getVersionedNodeType(nodeTypeMap[node.type], draft.typeVersion);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no list search ${method}`);
	const parameters =
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			node.parameters,
			true,
			false,
			draft,
			nodeType.description,
		) ?? {};
	const workflow = new Workflow({
		nodes: [{ ...draft, parameters }],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = {
		credentialsHelper: new MemoryCredentialsHelper(credentials),
		currentNodeParameters: parameters,
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		`parameters.${method}`,
	);
	return await search.call(context, filter);
}
