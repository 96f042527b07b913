#!/usr/bin/env bash
# The test command (npm test): installs what is missing, then lint (also n8n's own n8n-node lint),
# the workflow files, build, the scanner's gate, type-checks the tests, and runs every jest project
# (unit, engine, simulator, tooling and the packed package, real n8n end to end). With
# DAPI_TEST_STRESS=1 it then runs the fast projects twice under full CPU load (npm run test:stress).
# Ends with one line "N passed, N failed" counted from jest's own JSON results.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "[test] installing dev dependencies (npm ci --ignore-scripts)"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

echo "[test] formatting (Prettier)"
npm run --silent format:check
echo "[test] lint (n8n community rules for the package, recommended rules for the tooling)"
npm run --silent lint
echo "[test] n8n-node lint (n8n's own @n8n/node-cli lint of the package)"
npm run --silent lint:n8n
echo "[test] GitHub workflows (action-validator)"
npm run --silent validate:workflows
echo "[test] build"
npm run --silent build > /dev/null
echo "[test] n8n community-package scanner (source and tarball)"
npm run --silent scan
echo "[test] type-check tests and simulator"
npm run --silent typecheck

mkdir -p test-output
status=0
rm -f test-output/stress-*.json
npx jest --ci --json --outputFile=test-output/jest-result.json "$@" || status=$?
if [ "${DAPI_TEST_STRESS:-}" = 1 ]; then
	echo "[test] stress: unit, engine and simulator twice with a CPU hog on every core"
	npm run --silent test:stress || status=$?
fi
# Every jest result of this run counts: the suite, and the stress runs when asked for.
node -e '
	const fs = require("fs");
	const files = ["jest-result.json", ...fs.readdirSync("test-output").filter((f) => /^stress-\d+\.json$/.test(f))];
	let passed = 0, failed = 0;
	for (const file of files) {
		const r = JSON.parse(fs.readFileSync(`test-output/${file}`, "utf8"));
		passed += r.numPassedTests;
		failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
	}
	console.log(`${passed} passed, ${failed} failed`);
'
exit "$status"
