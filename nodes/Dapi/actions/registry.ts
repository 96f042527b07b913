import type { INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../helpers/displayOptions';
import { OPERATION_MODULES } from './registry.generated';
import type { DapiOperation, OperationModule } from './types';

/** A resource is a folder of operations. */
export type Resource = keyof typeof OPERATION_MODULES;

// Checked here, so an operation file that misses or mistypes an export fails the build.
const MODULES: Record<Resource, Record<string, OperationModule>> = OPERATION_MODULES;

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
 * Version 1 named the operation-status resource "operation" (n8n's own parameter's word); saved workflows keep it.
 * Light versioning ('@version' conditions) would need this alias plus a Resource property per version: no simpler.
 */
const VERSION_1_RESOURCE_VALUES: Partial<Record<Resource, string>> = { operationStatus: 'operation' };
const CURRENT_VERSION = 2;

const resourceValue = (resource: Resource, version: number) =>
	(version === 1 ? VERSION_1_RESOURCE_VALUES[resource] : undefined) ?? resource;

/** Parameters shown only for one operation: its folder is the resource, its file name the operation. */
const shownFor = (resource: Resource, name: string, version: number, properties: INodeProperties[]) =>
	updateDisplayOptions({ show: { resource: [resourceValue(resource, version)], operation: [name] } }, properties);

/** An operation file's exports, with its picker value and parameters placed under its folder and file name. */
function placed(resource: Resource, name: string, module: OperationModule): DapiOperation {
	return {
		option: { ...module.option, value: name },
		spec: module.spec,
		description: shownFor(resource, name, CURRENT_VERSION, module.description),
		execute: module.execute,
		...(module.runsOnceForAllItems ? { runsOnceForAllItems: module.runsOnceForAllItems } : {}),
	};
}

const OPERATIONS = Object.fromEntries(
	resources.map((resource) => [
		resource,
		Object.fromEntries(
			Object.entries(MODULES[resource]).map(([name, module]) => [name, placed(resource, name, module)]),
		),
	]),
) as Record<Resource, Record<string, DapiOperation>>;

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
			displayOptions: { show: { resource: [resourceValue(resource, version)] } },
			options: operations.map((operation) => operation.option).sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultOperation,
		};
		const parameters = Object.entries(MODULES[resource]).flatMap(([name, module]) =>
			shownFor(resource, name, version, module.description),
		);
		return [picker, ...parameters];
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
