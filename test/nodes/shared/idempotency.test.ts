/**
 * The outputs a node shows: n8n evaluates the outputs expression against the node's parameters, as the
 * editor and the engine do, so the Already Sent output appears exactly when the builder chooses it.
 */
import { Expression, NodeHelpers, Workflow } from 'n8n-workflow';
import type { INode, INodeParameters, INodeType, INodeTypes } from 'n8n-workflow';

import { Dapi } from '../../../nodes/Dapi/Dapi.node';
import { DapiRequest } from '../../../nodes/DapiRequest/DapiRequest.node';
import { allOperations } from '../../../nodes/Dapi/actions/registry';
import { takesIdempotencyKey } from '../../../nodes/shared/endpointTable';

Expression.setExpressionEngine('legacy');

function outputsOf(nodeType: INodeType, parameters: INodeParameters) {
	const node: INode = { id: 'n', name: 'Node', type: 'x', typeVersion: 1, position: [0, 0], parameters };
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, node, nodeType.description).map((output) =>
		typeof output === 'string' ? output : (output.displayName ?? output.type),
	);
}

const transfer = { resource: 'payment', operation: 'createTransfer' };

describe('the Already Sent output', () => {
	const dapi = new Dapi().nodeVersions[2] as INodeType;
	const request = new DapiRequest();

	it('the Dapi node has Done and Needs User Input, and Already Sent when repeats go there', () => {
		expect(outputsOf(dapi, transfer)).toEqual(['Done', 'Needs User Input']);
		expect(outputsOf(dapi, { ...transfer, options: { ifKeyUsed: 'error' } })).toEqual(['Done', 'Needs User Input']);
		expect(outputsOf(dapi, { ...transfer, options: { ifKeyUsed: 'alreadySentOutput' } })).toEqual([
			'Done',
			'Needs User Input',
			'Already Sent',
		]);
	});

	it('Dapi Request keeps its one unnamed output, and gains Already Sent when repeats go there', () => {
		expect(outputsOf(request, {})).toEqual(['main']);
		expect(outputsOf(request, { options: { ifKeyUsed: 'alreadySentOutput' } })).toEqual(['Done', 'Already Sent']);
	});
});

describe('where the Idempotency Key is offered', () => {
	it('on every operation that moves money or registers a payee, and on no other', () => {
		const keyed = allOperations()
			.filter(({ operation }) => operation.description.some((property) => property.name === 'idempotencyKey'))
			.map(({ resource, name }) => `${resource}.${name}`)
			.sort();
		expect(keyed).toEqual([
			'ach.createPull',
			'batch.createFile',
			'batch.createTransfer',
			'idempotencyKey.release',
			'payment.createBeneficiary',
			'payment.createTransfer',
			'payment.transferAutoflow',
			'wire.createBeneficiary',
			'wire.createTransfer',
			'wire.transferAutoflow',
		]);
		for (const { operation } of allOperations()) {
			const options = operation.description.find((property) => property.name === 'options')?.options ?? [];
			const hasKeyOptions = options.some((option) => option.name === 'ifKeyUsed');
			expect(hasKeyOptions).toBe(takesIdempotencyKey(operation.spec.path));
		}
	});
});
