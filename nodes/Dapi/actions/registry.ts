import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemResult } from '../../shared/itemLoop';
import type { NodeRun } from '../../shared/run';
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
	execute(run: NodeRun, itemIndex: number): Promise<ItemResult>;
	/** True when this run makes one call from all input items (a batch of one transfer per item). */
	runsOnceForAllItems?(run: NodeRun): boolean;
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
	idempotencyKey: { name: 'Idempotency Key', defaultOperation: 'release' },
	metadata: { name: 'Metadata', defaultOperation: 'getAccountsMetadata' },
	operationStatus: { name: 'Operation Status', defaultOperation: 'getStatus' },
	payment: { name: 'Payment', defaultOperation: 'transferAutoflow' },
	wire: { name: 'Wire (US)', defaultOperation: 'transferAutoflow' },
};

const resources = Object.keys(RESOURCES) as Resource[];

/**
 * Version 1 of the node named the operation-status resource "operation", the same word as n8n's own
 * Operation parameter; version 2 calls it "operationStatus". Workflows saved with version 1 keep it.
 */
const VERSION_1_RESOURCE_VALUES: Partial<Record<Resource, string>> = { operationStatus: 'operation' };

const resourceValue = (resource: Resource, version: number) =>
	(version === 1 ? VERSION_1_RESOURCE_VALUES[resource] : undefined) ?? resource;

/** The properties with their resource conditions in the given version's values. */
function inVersion(properties: INodeProperties[], resource: Resource, version: number): INodeProperties[] {
	const value = resourceValue(resource, version);
	if (value === resource) return properties;
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [value] },
		},
	}));
}

export function resourceProperty(version: number): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources
			.map((resource) => ({ name: RESOURCES[resource].name, value: resourceValue(resource, version) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'auth',
	};
}

/** One Operation picker per resource, then every operation's own parameters. */
export function operationProperties(version: number): INodeProperties[] {
	return resources.flatMap((resource) => {
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
		return inVersion([picker, ...operations.flatMap((operation) => operation.description)], resource, version);
	});
}

/** Operations that only send the app secret, so the node hides its token source for them. */
export const appLevelOperations: string[] = resources.flatMap((resource) =>
	Object.entries(OPERATIONS[resource])
		.filter(([, operation]) => operation.spec.appLevel)
		.map(([name]) => name),
);

/** The operation a workflow names, or undefined when this node has no such operation. */
export function findOperation(resource: string, operation: string): DapiOperation | undefined {
	const current = resources.find((candidate) => VERSION_1_RESOURCE_VALUES[candidate] === resource) ?? resource;
	if (!Object.hasOwn(OPERATIONS, current)) return undefined;
	const ofResource = OPERATIONS[current as Resource];
	return Object.hasOwn(ofResource, operation) ? ofResource[operation] : undefined;
}

/** Every operation with its resource, for tests and documentation. */
export function allOperations(): Array<{ resource: Resource; name: string; operation: DapiOperation }> {
	return resources.flatMap((resource) =>
		Object.entries(OPERATIONS[resource]).map(([name, operation]) => ({ resource, name, operation })),
	);
}
