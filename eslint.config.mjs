// Two audiences. The shippable package (package.json, nodes/, credentials/) gets exactly the rules n8n's
// community-package scanner (@n8n/scan-community-package) applies. The tooling around it (simulator/,
// scripts/, bench/, gulpfile.js) gets ESLint's recommended rules for Node.js. Tests are checked by
// TypeScript (npm run typecheck) instead.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'coverage/**', 'test-output/**'] },
	{
		files: ['simulator/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.js', 'gulpfile.js', 'jest.config.js'],
		extends: [js.configs.recommended],
		languageOptions: { ecmaVersion: 2023, globals: { ...globals.node } },
		rules: {
			// Callbacks keep the positional parameters of the API they implement, named for the reader, and a
			// rest pattern that leaves fields out of a copy names the fields it leaves out.
			'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	},
	{ files: ['**/*.ts'], extends: [tseslint.configs.recommended] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
	},
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The documentation URL is this repository's README anchor, which the rule's casing check misreads.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Superseded by @n8n/community-nodes/credential-password-field, which the scanner applies.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The Dapi node has a second output (Needs User Input); the rule only knows single-output nodes.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			// Same: it expects exactly one main output.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// maxValue bounds (Max Parallel Connections, Timeout, Window Days) are part of the checks, not noise.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
);
