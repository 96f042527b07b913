/**
 * Fast in-process tests (real n8n engine, simulator), and the end-to-end runs through a real n8n:
 * the same test files on n8n 2.x (project e2e) and on the last n8n 1.x (project e2e-n8n1).
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** @param {'1' | '2'} line @param {string} displayName */
const e2e = (line, displayName) => ({
	displayName,
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: { '^.+\\.ts$': tsJest },
	// One file per line: jest runs each distinct globalSetup file once, with the first project naming it.
	globalSetup: line === '2' ? '<rootDir>/test/e2e/globalSetup.js' : '<rootDir>/test/e2e/globalSetup.n8n1.js',
	// Read by globalSetup (which runtime to provision) and test/e2e/n8n.ts (which n8n to run).
	globals: { DAPI_N8N_VERSION: line },
	testTimeout: 300000,
});

module.exports = {
	// The end-to-end project starts real n8n processes; the engine tests finish in well under a second each.
	testTimeout: 300000,
	projects: [
		{
			displayName: 'engine',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/{engine,simulator,unit}/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		e2e('2', 'e2e'),
		e2e('1', 'e2e-n8n1'),
	],
};
