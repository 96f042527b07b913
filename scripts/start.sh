#!/usr/bin/env bash
# npm start: builds this package and runs the real n8n with it installed as a community package,
# next to the local Dapi simulator, as a ready demo: an owner account, a "Dapi (simulator)"
# credential and the example workflows (scripts/demo-setup.js). Ctrl+C stops both.
#
#   N8N_PORT (5678)   DAPI_SIM_PORT (8787)   N8N_USER_FOLDER (./.n8n-dev: owner, credentials and
#   workflows survive restarts)   DAPI_N8N_RUNTIME_DIR (where n8n itself is cached, see provision-runtime.sh)
#   DAPI_DEMO_EMAIL (demo@n8n-nodes-dapi.local)   DAPI_DEMO_PASSWORD (DapiDemo1!)   the owner's login
#   DAPI_N8N_VERSION (2; 1 runs the last n8n 1.x, on Node 20, in ./.n8n-dev-n8n1)
set -euo pipefail
cd "$(dirname "$0")/.."

N8N_PORT="${N8N_PORT:-5678}"
SIM_PORT="${DAPI_SIM_PORT:-8787}"
LINE="${DAPI_N8N_VERSION:-2}"
case "$LINE" in
	1) USER_FOLDER="${N8N_USER_FOLDER:-$PWD/.n8n-dev-n8n1}" ;; # n8n 1.x cannot open a 2.x database
	2) USER_FOLDER="${N8N_USER_FOLDER:-$PWD/.n8n-dev}" ;;
	*) echo "[start] DAPI_N8N_VERSION must be 1 or 2, got '$LINE'" >&2; exit 2 ;;
esac
export DAPI_N8N_VERSION="$LINE"
step() { echo "[start] $*" >&2; }

# Waits until file $1 contains $2, failing when process $3 is gone.
wait_for_line() {
	until grep -q "$2" "$1"; do
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.3
	done
}

# 1. The package: dev dependencies, build.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	step "installing the package's dev dependencies (npm ci, about a minute)"
	# Errors only: n8n's packages declare Node engines newer than the tooling needs (EBADENGINE warnings).
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
step "building the package"
build_log="$(npm run --silent build 2>&1)" || { echo "$build_log" >&2; exit 1; } # gulp's chatter only on failure

# 2. n8n itself and its Node (cached outside the clone; the first run takes a few minutes).
if [ "$LINE" = 1 ]; then
	eval "$(bash scripts/provision-runtime.sh n8n1)"
	export DAPI_N8N_BIN="$DAPI_N8N1_BIN" NODE_DIR="$DAPI_N8N1_NODE"
else
	eval "$(bash scripts/provision-runtime.sh)"
	NODE_DIR="$DAPI_NODE24"
fi
export PATH="$NODE_DIR:$PATH" # n8n's bin runs on the first `node` on PATH

# Stop whatever we started, however we leave.
SIM_PID="" N8N_PID="" TAIL_PID=""
stop() {
	trap - INT TERM EXIT
	step "stopping"
	for pid in $N8N_PID $SIM_PID; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in $N8N_PID $SIM_PID $TAIL_PID; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# 3. The Dapi simulator.
mkdir -p "$USER_FOLDER"
SIM_LOG="$USER_FOLDER/simulator.log"
: >"$SIM_LOG"
node simulator/cli.js --port "$SIM_PORT" >"$SIM_LOG" 2>&1 &
SIM_PID=$!
wait_for_line "$SIM_LOG" 'listening on' "$SIM_PID" || { cat "$SIM_LOG" >&2; exit 1; }
node scripts/demo-setup.js simulator "http://127.0.0.1:$SIM_PORT" # OTP on identity, for the MFA example

# 4. The package as users install it, then n8n.
N8N_ENV="$(node scripts/n8n-env.js exports "$USER_FOLDER")"
eval "$N8N_ENV"
INSTALLED="$(node scripts/n8n-env.js install "$USER_FOLDER")"
step "installed the packed package into $INSTALLED"
# First run into this folder: the demo credential and example workflows, through n8n's CLI.
node scripts/demo-setup.js import "$USER_FOLDER" "$SIM_PORT"
export N8N_PORT N8N_HOST=127.0.0.1 N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$((N8N_PORT + 1))}"
# The editor on 127.0.0.1, webhooks on localhost: the Connect Trigger runs Dapi's widget only on a
# host name other than the editor's (README, "Dapi Connect Trigger").
export N8N_EDITOR_BASE_URL="http://127.0.0.1:$N8N_PORT/" WEBHOOK_URL="http://localhost:$N8N_PORT/"
step "starting n8n $("$DAPI_N8N_BIN" --version) on http://127.0.0.1:$N8N_PORT"
N8N_LOG="$USER_FOLDER/n8n.log"
: >"$N8N_LOG"
"$DAPI_N8N_BIN" start >"$N8N_LOG" 2>&1 &
N8N_PID=$!
# Until n8n is up, progress here and its startup log in the file (the README lists the settings that keep it
# quiet offline, and the two warnings it still has); from then on, its log follows here too.
# Not /healthz: it answers before the database migrations are done.
wait_for_n8n() {
	local started=$SECONDS next=20 migrating=""
	until grep -q 'Editor is now accessible' "$N8N_LOG"; do
		kill -0 "$N8N_PID" 2>/dev/null || return 1
		if [ -z "$migrating" ] && grep -q 'Migrations in progress' "$N8N_LOG"; then
			migrating=1
			step "n8n is creating its database (first start into this folder only)"
		fi
		if ((SECONDS - started >= next)); then
			step "  … $((SECONDS - started))s"
			next=$((next + 20))
		fi
		sleep 0.3
	done
	step "n8n is up after $((SECONDS - started))s (its log: $N8N_LOG)"
}
if ! wait_for_n8n; then
	step "n8n exited during startup (is port $N8N_PORT free?). The end of its log:"
	tail -n 40 "$N8N_LOG" >&2
	exit 1
fi
tail -n "+$(($(wc -l <"$N8N_LOG") + 1))" -f --pid="$N8N_PID" "$N8N_LOG" & # n8n's log from here on; ends with n8n
TAIL_PID=$!

# 5. The owner account (unless the instance has one), the connection store (a Data Table, the
#    Connect and Delink examples published), then what to do.
N8N_URL="http://127.0.0.1:$N8N_PORT" SIM_URL="http://127.0.0.1:$SIM_PORT"
LOGIN="$(node scripts/demo-setup.js owner "$N8N_URL")"
node scripts/demo-setup.js store "$N8N_URL"

cat >&2 <<EOF

────────────────────────────────────────────────────────────────────────────────────────────────────
 n8n editor       $N8N_URL   sign in: $LOGIN
                  (log: $N8N_LOG)
 Dapi simulator   $SIM_URL   (log: $SIM_LOG)
 Credential "Dapi (simulator)" in n8n (type Dapi API):
$(grep -E '^  (Base URL|App Secret|App Key) ' "$SIM_LOG" | sed 's/^/  /')
$(node scripts/demo-setup.js guide "$N8N_URL" "$SIM_URL" "$USER_FOLDER")
 Ctrl+C stops n8n and the simulator.
────────────────────────────────────────────────────────────────────────────────────────────────────
EOF
# `npm start` runs us under `sh -c`, which dies on SIGTERM without passing it on: leave (and stop
# n8n and the simulator) when our parent is gone too.
while kill -0 "$N8N_PID" 2>/dev/null; do
	kill -0 "$PPID" 2>/dev/null || exit 143
	sleep 1
done
wait "$N8N_PID"
