#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Validates the GitHub Actions workflows (.github/workflows/*.yml) offline against the workflow schema, with
 * action-validator (the @action-validator/core WebAssembly build): YAML errors, unknown keys, wrong types,
 * bad permission values, `needs` naming no job, globs that match nothing. A broken workflow fails here, in
 * npm test, not on release day.
 *
 *   node scripts/validate-workflows.js [file.yml ...]   (default: every workflow of the repository)
 */

const fs = require('node:fs');
const path = require('node:path');
const { validateWorkflow } = require('@action-validator/core');

const WORKFLOWS = path.resolve(__dirname, '..', '.github', 'workflows');

/**
 * The problems action-validator finds in a workflow's text, one line each ("/jobs/x: message"); empty when valid.
 * @param {string} yaml
 * @returns {string[]}
 */
function workflowProblems(yaml) {
	return validateWorkflow(yaml).errors.flatMap(describe);
}

/**
 * @typedef {{ path?: string, title?: string, detail?: string, states?: Array<{ errors: SchemaError[] }> }} SchemaError
 * "OneOf conditions are not met" says little: the alternative that came closest (fewest errors) says what is wrong.
 * @param {SchemaError} error
 * @returns {string[]}
 */
function describe(error) {
	const closest = error.states?.slice().sort((a, b) => a.errors.length - b.errors.length)[0];
	if (closest && closest.errors.length > 0) return closest.errors.flatMap(describe);
	return [`${error.path || '/'}: ${error.detail ?? error.title ?? JSON.stringify(error)}`];
}

/** @param {string[]} argv */
function main(argv) {
	const files =
		argv.length > 0
			? argv
			: fs
					.readdirSync(WORKFLOWS)
					.filter((name) => /\.ya?ml$/.test(name))
					.sort()
					.map((name) => path.join(WORKFLOWS, name));
	if (files.length === 0) {
		console.error(`no workflow files in ${WORKFLOWS}`);
		return 1;
	}
	let failed = 0;
	for (const file of files) {
		const problems = workflowProblems(fs.readFileSync(file, 'utf8'));
		const name = path.relative(process.cwd(), file);
		if (problems.length === 0) console.log(`${name}: valid`);
		else {
			failed++;
			console.log(`${name}: INVALID\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
		}
	}
	return failed > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { WORKFLOWS, workflowProblems, main };
