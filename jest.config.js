/**
 * Projects named for what they run: fast unit tests (no network), workflows in n8n's real engine,
 * the simulator on its own, the release tooling and the packed package, and end-to-end runs through a real n8n: the same test files on n8n 2.x
 * (project e2e) and on the last n8n 1.x (project e2e-n8n1). Tests sit at their source's mirrored
 * path under test/nodes; the ones that run the engine there end in .engine.test.ts (see test/README.md).
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const project = (displayName, testMatch, extra = {}) => ({
	displayName,
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch,
	transform: { '^.+\\.ts$': tsJest },
	...extra,
});

/** @param {'1' | '2'} line @param {string} displayName @param {string[]} [skip] e2e files this line does not run */
const e2e = (line, displayName, skip = []) =>
	project(displayName, ['<rootDir>/test/e2e/**/*.test.ts'], {
		testPathIgnorePatterns: ['/node_modules/', ...skip],
		// One file per line: jest runs each distinct globalSetup file once, with the first project naming it.
		globalSetup: line === '2' ? '<rootDir>/test/e2e/globalSetup.js' : '<rootDir>/test/e2e/globalSetup.n8n1.js',
		// Read by globalSetup (which runtime to provision) and test/e2e/n8n.ts (which n8n to run).
		globals: { DAPI_N8N_VERSION: line },
		testTimeout: 300000,
	});

module.exports = {
	// The end-to-end project starts real n8n processes; the other tests finish in well under a second each.
	testTimeout: 300000,
	projects: [
		project('unit', ['<rootDir>/test/{nodes,credentials,contract,bench}/**/*.test.ts'], {
			testPathIgnorePatterns: ['\\.engine\\.test\\.ts$'],
		}),
		project('engine', ['<rootDir>/test/nodes/**/*.engine.test.ts', '<rootDir>/test/engine/**/*.test.ts']),
		project('simulator', ['<rootDir>/test/simulator/**/*.test.ts']),
		// The repository's tooling and the package as npm publishes it (needs `npm run build` first).
		project('tooling', ['<rootDir>/test/scripts/**/*.test.ts', '<rootDir>/test/*.test.ts']),
		e2e('2', 'e2e'),
		// The Connect examples need n8n 2.x (README, Compatibility): n8n 1.123 has Data Table node version 1 only.
		e2e('1', 'e2e-n8n1', ['/test/e2e/connect\\.test\\.ts$']),
	],
};
