import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemResult } from '../../shared/itemLoop';
import type { EndpointSpec } from '../helpers/operationCall';
import { OPERATION_MODULES } from './registry.generated';

/** An operation's entry in the Operation picker: its name, value (the file's name), description and action. */
export interface OperationOption extends INodePropertyOptions {
	value: string;
	description: string;
	action: string;
}

/** What every nodes/Dapi/actions/<resource>/<operation>.operation.ts exports: all the node needs of it. */
export interface DapiOperation {
	option: OperationOption;
	spec: EndpointSpec;
	/** Its own parameters, shown only for its resource and operation. */
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult>;
	/** True when this run makes one call from all input items (a batch of one transfer per item). */
	runsOnceForAllItems?(this: IExecuteFunctions): boolean;
}

/** A resource is a folder of operations. */
export type Resource = keyof typeof OPERATION_MODULES;

// Checked here, so an operation file that misses or mistypes an export fails the build.
const OPERATIONS: Record<Resource, Record<string, DapiOperation>> = OPERATION_MODULES;

/** Each resource's name in the picker and the operation a new node starts with. */
const RESOURCES: Record<Resource, { name: string; defaultOperation: string }> = {
	ach: { name: 'ACH (US)', defaultOperation: 'createPull' },
	auth: { name: 'Auth', defaultOperation: 'exchangeAccessCode' },
	batch: { name: 'Batch', defaultOperation: 'createTransfer' },
	data: { name: 'Data', defaultOperation: 'getAccounts' },
	metadata: { name: 'Metadata', defaultOperation: 'getAccountsMetadata' },
	operation: { name: 'Operation', defaultOperation: 'getStatus' },
	payment: { name: 'Payment', defaultOperation: 'transferAutoflow' },
	wire: { name: 'Wire (US)', defaultOperation: 'transferAutoflow' },
};

const resources = Object.keys(RESOURCES) as Resource[];

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources
		.map((resource) => ({ name: RESOURCES[resource].name, value: resource }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'auth',
};

/** One Operation picker per resource, then every operation's own parameters. */
export const operationProperties: INodeProperties[] = resources.flatMap((resource) => {
	const operations = Object.values(OPERATIONS[resource]);
	const { defaultOperation } = RESOURCES[resource];
	const picker: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map((operation) => operation.option).sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
	return [picker, ...operations.flatMap((operation) => operation.description)];
});

/** Operations that only send the app secret, so the node hides its token source for them. */
export const appLevelOperations: string[] = resources.flatMap((resource) =>
	Object.entries(OPERATIONS[resource])
		.filter(([, operation]) => operation.spec.appLevel)
		.map(([name]) => name),
);

/** The operation a workflow names, or undefined when this node has no such operation. */
export function findOperation(resource: string, operation: string): DapiOperation | undefined {
	if (!Object.hasOwn(OPERATIONS, resource)) return undefined;
	const ofResource = OPERATIONS[resource as Resource];
	return Object.hasOwn(ofResource, operation) ? ofResource[operation] : undefined;
}

/** Every operation with its resource, for tests and documentation. */
export function allOperations(): Array<{ resource: Resource; name: string; operation: DapiOperation }> {
	return resources.flatMap((resource) =>
		Object.entries(OPERATIONS[resource]).map(([name, operation]) => ({ resource, name, operation })),
	);
}
