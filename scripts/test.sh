#!/usr/bin/env bash
# The test command (npm test): installs what is missing, then lint, build, the scanner's gate,
# type-checks the tests, and runs every jest project (engine, simulator, real n8n end to end).
# Ends with one line "N passed, N failed" counted from jest's own JSON result.
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
echo "[test] build"
npm run --silent build > /dev/null
echo "[test] n8n community-package scanner (source and tarball)"
npm run --silent scan
echo "[test] type-check tests and simulator"
npm run --silent typecheck

mkdir -p test-output
status=0
npx jest --ci --json --outputFile=test-output/jest-result.json "$@" || status=$?
node -e '
	const r = require("./test-output/jest-result.json");
	const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
	console.log(`${r.numPassedTests} passed, ${failed} failed`);
'
exit "$status"
