#!/usr/bin/env bash
# npm run test:stress: the fast jest projects (unit, engine, simulator) with a CPU hog on every core,
# twice in a row; both runs must pass. A suite that waits on events holds on a busy machine; one that
# waits on time does not. CI's stress job runs it; `DAPI_TEST_STRESS=1 npm test` runs it after the
# other tests. Heavy: on a 2-core machine each run takes several minutes.
#
#   DAPI_STRESS_RUNS (2)   DAPI_STRESS_HOGS (one per core: nproc)   extra arguments go to jest
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${DAPI_STRESS_RUNS:-2}"
HOGS="${DAPI_STRESS_HOGS:-$(nproc)}"
[[ "$RUNS" =~ ^[1-9][0-9]?$ && "$HOGS" =~ ^[0-9]{1,3}$ ]] || { echo "[stress] DAPI_STRESS_RUNS 1-99, DAPI_STRESS_HOGS 0-999" >&2; exit 2; }
mkdir -p test-output

# Each hog spins until it is stopped: by us, however we leave, by its own process id.
HOG_PIDS=()
stop_hogs() {
	for pid in "${HOG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${HOG_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	HOG_PIDS=()
}
trap stop_hogs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for ((i = 0; i < HOGS; i++)); do
	node -e 'for (;;) {}' &
	HOG_PIDS+=("$!")
done
echo "[stress] $HOGS CPU hog(s) running (pids ${HOG_PIDS[*]:-none}); $RUNS run(s) of jest --selectProjects unit engine simulator"

failed_runs=0
for ((run = 1; run <= RUNS; run++)); do
	result="test-output/stress-$run.json"
	started=$SECONDS
	status=0
	npx jest --ci --silent --selectProjects unit engine simulator --json --outputFile="$result" "$@" >/dev/null 2>"test-output/stress-$run.log" || status=$?
	summary="$(node -e '
		const r = require(process.argv[1]);
		const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
		const names = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => `    ${a.fullName}`));
		console.log(`${r.numPassedTests} passed, ${failed} failed` + (names.length ? `\n${names.join("\n")}` : ""));
	' "$PWD/$result" 2>/dev/null || echo "no result (jest exit $status, see test-output/stress-$run.log)")"
	echo "[stress] run $run of $RUNS under load, $((SECONDS - started)) s: $summary"
	if [ "$status" -ne 0 ]; then failed_runs=$((failed_runs + 1)); fi
done
stop_hogs
if [ "$failed_runs" -gt 0 ]; then
	echo "[stress] FAILED: $failed_runs of $RUNS run(s) had failures (jest output: test-output/stress-<run>.log)"
	exit 1
fi
echo "[stress] passed: $RUNS of $RUNS run(s) green under load"
