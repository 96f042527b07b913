// @ts-check
'use strict';

/**
 * Run in a fresh Node process: loads every node and credential the package declares (package.json
 * "n8n" field) and instantiates each class, as n8n does when it loads a community package. n8n has
 * n8n-workflow loaded long before, so it is loaded first and timed apart; the package's own time is
 * from its first require to the last instance.
 *
 *   node bench/lib/load-nodes.js <installed package dir>    (NODE_PATH must reach n8n-workflow)
 * prints {"n8nWorkflowMs": …, "packageMs": …, "files": [{"file", "classes", "ms"}]}
 */

const path = require('node:path');

const packageDir = path.resolve(process.argv[2] ?? '.');
const manifest = require(path.join(packageDir, 'package.json'));
const files = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];

// Resolved from the package, as its own requires resolve it (not the copy next to this script).
let t0 = performance.now();
require(require.resolve('n8n-workflow', { paths: [packageDir] }));
const n8nWorkflowMs = performance.now() - t0;

const perFile = [];
t0 = performance.now();
for (const file of files) {
	const started = performance.now();
	const exported = require(path.join(packageDir, file));
	const classes = [];
	for (const [name, value] of Object.entries(exported)) {
		if (typeof value !== 'function') continue;
		const instance = new value();
		// Versioned nodes build each version's description on construction; plain ones have it at once.
		if (!instance.description && !instance.nodeVersions && !instance.properties)
			throw new Error(`${file}: ${name} is neither a node nor a credential`);
		classes.push(name);
	}
	if (classes.length === 0) throw new Error(`${file} exports no class`);
	perFile.push({ file, classes, ms: performance.now() - started });
}
const packageMs = performance.now() - t0;

process.stdout.write(JSON.stringify({ n8nWorkflowMs, packageMs, files: perFile }));
