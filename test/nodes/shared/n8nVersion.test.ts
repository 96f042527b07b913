/**
 * Below the oldest supported n8n, loading a node stops with a message that says so. n8n's loader
 * (n8n-core DirectoryLoader.loadClass) replaces a TypeError by "Class could not be found" with a
 * stack trace, and logs only the message of any other error: the error must not be a TypeError.
 */
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { MINIMUM_N8N_VERSION } from '../../../nodes/shared/n8nVersion';

const NODE_FILES = [
	'Dapi/Dapi.node',
	'DapiRequest/DapiRequest.node',
	'DapiTrigger/DapiTrigger.node',
	'DapiConnectTrigger/DapiConnectTrigger.node',
];

/** Requires a node file against an n8n-workflow without NodeConnectionTypes, as n8n before 1.85.0 ships it. */
function loadOnOlderN8n(file: string): unknown {
	let thrown: unknown;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => {
			const { NodeConnectionTypes: _notYet, ...older } = jest.requireActual<Record<string, unknown>>('n8n-workflow');
			return older;
		});
		try {
			jest.requireActual(`../../../nodes/${file}`);
		} catch (error) {
			thrown = error;
		}
	});
	jest.dontMock('n8n-workflow');
	return thrown;
}

describe('the oldest n8n the package runs on', () => {
	it('is 1.85.0, the first n8n whose n8n-workflow exports NodeConnectionTypes', () => {
		expect(MINIMUM_N8N_VERSION).toBe('1.85.0');
	});

	it.each(NODE_FILES)('%s on an older n8n: a plain error naming the version, nothing else', (file) => {
		const error = loadOnOlderN8n(file);
		expect(error).toBeInstanceOf(Error);
		expect(error).not.toBeInstanceOf(TypeError);
		expect((error as Error).message).toBe(
			'n8n-nodes-dapi needs n8n 1.85.0 or newer, and this n8n is older. Update n8n, or uninstall n8n-nodes-dapi (Settings > Community nodes).',
		);
	});

	it.each(NODE_FILES)('%s on this n8n loads and builds its description', (file) => {
		const module = jest.requireActual<Record<string, unknown>>(`../../../nodes/${file}`);
		const NodeClass = Object.values(module).find(
			(value): value is new () => INodeType | IVersionedNodeType =>
				typeof value === 'function' && /^Dapi/.test(value.name),
		)!;
		const node = new NodeClass();
		// A versioned node (the Dapi node) describes each version apart.
		const description = 'nodeVersions' in node ? node.nodeVersions[node.currentVersion].description : node.description;
		expect(description.outputs).toBeDefined();
		expect(description.name).toMatch(/^dapi/);
	});
});
