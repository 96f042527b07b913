import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { EndpointSpec } from '../../shared/endpointTable';
import type { ItemResult } from '../../shared/itemLoop';
import type { NodeRun } from '../../shared/run';

/** An operation's entry in the Operation picker; its value is the operation file's name. */
export interface OperationOption extends Omit<INodePropertyOptions, 'value'> {
	description: string;
	action: string;
}

/** What every nodes/Dapi/actions/<resource>/<operation>.operation.ts exports: all the node needs of it. */
export interface OperationModule {
	option: OperationOption;
	spec: EndpointSpec;
	/** Its own parameters; the registry shows them only for its resource and operation. */
	description: INodeProperties[];
	execute(run: NodeRun, itemIndex: number): Promise<ItemResult>;
	/** True when this run makes one call from all input items (a batch of one transfer per item). */
	runsOnceForAllItems?(run: NodeRun): boolean;
}

/** An operation placed by the registry under its folder (resource) and file name (operation). */
export interface DapiOperation extends OperationModule {
	option: OperationOption & { value: string };
}
