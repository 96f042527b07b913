#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs n8n's own `n8n-node lint` (@n8n/node-cli, the check n8n recommends before submitting a community
 * node) on the shippable package: package.json, tsconfig.json, nodes/ and credentials/ are copied into a
 * temporary folder with node-cli's own eslint.config.mjs (its strict mode refuses any other config), which
 * borrows this repository's node_modules. This repository's eslint.config.mjs (npm run lint) applies the
 * same community rules and lints the tooling besides.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const NODE_CLI = path.join(REPO_ROOT, 'node_modules', '@n8n', 'node-cli');
const TEMPLATE_CONFIG = path.join(NODE_CLI, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');
const STAGED = ['package.json', 'tsconfig.json', 'nodes', 'credentials'];

function main() {
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dapi-n8n-node-lint-'));
	try {
		for (const entry of STAGED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(stage, entry), { recursive: true });
		fs.copyFileSync(TEMPLATE_CONFIG, path.join(stage, 'eslint.config.mjs'));
		fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
		const lint = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
			cwd: stage,
			stdio: 'inherit',
		});
		if (lint.error) throw lint.error;
		if (lint.status === 0) console.log('n8n-node lint: no problems');
		return lint.status ?? 1;
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

if (require.main === module) process.exitCode = main();
