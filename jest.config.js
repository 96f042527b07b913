/** Two projects: fast in-process tests (real n8n engine, simulator) and the end-to-end runs through a real n8n. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	// The end-to-end project starts real n8n processes; the engine tests finish in well under a second each.
	testTimeout: 300000,
	projects: [
		{
			displayName: 'engine',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/{engine,simulator,unit,contract}/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/e2e/globalSetup.js',
			testTimeout: 300000,
		},
	],
};
