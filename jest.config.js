/**
 * Projects named for what they run: fast unit tests (no network), workflows in n8n's real engine,
 * the simulator on its own, and end-to-end runs through a real n8n. Tests sit at their source's mirrored
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

module.exports = {
	// The end-to-end project starts real n8n processes; the other tests finish in well under a second each.
	testTimeout: 300000,
	projects: [
		project('unit', ['<rootDir>/test/{nodes,credentials,contract}/**/*.test.ts'], {
			testPathIgnorePatterns: ['\\.engine\\.test\\.ts$'],
		}),
		project('engine', ['<rootDir>/test/nodes/**/*.engine.test.ts', '<rootDir>/test/engine/**/*.test.ts']),
		project('simulator', ['<rootDir>/test/simulator/**/*.test.ts']),
		project('e2e', ['<rootDir>/test/e2e/**/*.test.ts'], { globalSetup: '<rootDir>/test/e2e/globalSetup.js', testTimeout: 300000 }),
	],
};
