/**
 * The n8n change issue 25 proposes (docs/n8n-agent-reuse.patch: n8n's helper reuses its http(s)
 * agents, so calls share keep-alive connections), installed into the n8n-core this process runs, the
 * same code the bench's "patched n8n" row uses (bench/lib/n8n-agent-reuse.js). Engine tests use it to
 * show the node keeps every guarantee on reused connections; `DAPI_TEST_N8N_AGENT_REUSE=1` installs it
 * for every engine test (test/support/engine.ts).
 */
import path from 'node:path';

const { installAgentReuse } = require('../../bench/lib/n8n-agent-reuse') as {
	installAgentReuse(utils: unknown, nodeAgents: unknown): () => void;
};

/** Installs it; returns what puts n8n's own agents back. */
export function installN8nAgentReuse(): () => void {
	// The package exports only its entry; its http modules are loaded by path, the same instances n8n-core uses.
	const dist = path.dirname(require.resolve('@n8n/backend-network'));
	return installAgentReuse(
		require(path.join(dist, 'http', 'axios', 'utils.js')),
		require(path.join(dist, 'http', 'node-agents.js')),
	);
}
