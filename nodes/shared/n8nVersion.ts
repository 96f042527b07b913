import { NodeConnectionTypes } from 'n8n-workflow';

/**
 * The oldest n8n this package runs on. What decides it is what the nodes take from n8n-workflow at
 * run time: NodeConnectionTypes, first shipped in n8n 1.85.0 (n8n-workflow 1.83.0). NodeApiError
 * and NodeOperationError are much older.
 */
export const MINIMUM_N8N_VERSION = '1.85.0';

/**
 * Run when a node file loads. On an older n8n it stops loading the package with a message that says
 * what to do; without it n8n would log "Class could not be found" and a stack trace. A plain Error
 * on purpose: n8n's loader replaces a TypeError by that message, and logs other errors' message only.
 */
export function assertSupportedN8n(): void {
	// Undefined in n8n-workflow before 1.83.0, whatever the types say.
	if (typeof NodeConnectionTypes !== 'object') {
		throw new Error(
			`n8n-nodes-dapi needs n8n ${MINIMUM_N8N_VERSION} or newer, and this n8n is older. ` +
				'Update n8n, or uninstall n8n-nodes-dapi (Settings > Community nodes).',
		);
	}
}
