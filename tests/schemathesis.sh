#!/usr/bin/env bash
# Conformance: schemathesis (pinned), every check on, a fixed number of cases
# and a fixed seed, against the example contact server with spec/contacts.yaml
# and against the server generated for tests/specs/checks.yaml.
#
#   tests/schemathesis.sh            # exits non-zero on any failure
#
# Environment:
#   FORGE_SCHEMATHESIS_VENV  venv to create/use (default ~/.cache/openapi-forge/schemathesis-venv)
#   ST_MAX_EXAMPLES          cases per operation and phase (default 500)
#   ST_SEED                  random seed (default 20240601)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMATHESIS_VERSION="4.32.5"
VENV="${FORGE_SCHEMATHESIS_VENV:-$HOME/.cache/openapi-forge/schemathesis-venv}"
MAX_EXAMPLES="${ST_MAX_EXAMPLES:-500}"
SEED="${ST_SEED:-20240601}"
KEY="schemathesis-key"

# 1. The pinned schemathesis in a venv outside the repository.
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
  echo "schemathesis.sh: installing schemathesis==$SCHEMATHESIS_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# 2. Servers are started on a free port (port 0: the OS picks); each prints
#    its address on stderr.
cd "$ROOT"
WORKDIR="$(mktemp -d)"
SERVER_PID=""
LOG="$WORKDIR/server.log"
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORKDIR"' EXIT

# start_server NAME CMD... : starts CMD, waits for its address, sets URL.
start_server() {
  local name="$1"
  shift
  "$@" 2>"$LOG" &
  SERVER_PID=$!
  URL=""
  for _ in $(seq 1 100); do
    URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n 1 || true)"
    [[ -n "$URL" ]] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "schemathesis.sh: $name exited:" >&2
      cat "$LOG" >&2
      exit 1
    fi
    sleep 0.1
  done
  if [[ -z "$URL" ]]; then
    echo "schemathesis.sh: $name did not report its address" >&2
    exit 1
  fi
  echo "schemathesis.sh: $name at $URL" >&2
}

# run_st CONFIG SPEC [RUN OPTIONS...] : every check, fixed cases and seed,
# against $URL (the spec's servers URL is not used); CONFIG is a config file
# or "". Runs in a scratch directory: schemathesis leaves a .schemathesis/
# cache.
run_st() {
  local config=() spec="$2"
  [[ -n "$1" ]] && config=(--config-file "$1")
  shift 2
  (cd "$WORKDIR" && "$VENV/bin/st" "${config[@]}" run "$spec" "$@" \
    --url "$URL" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --workers 1 \
    --generation-database none \
    --no-color)
}

cargo build --quiet -p contacts-server
cargo build --quiet -p edge-cases --example edge_server

# 3. The example contact server with spec/contacts.yaml.
start_server contacts-server env CONTACTS_API_KEY="$KEY" "$ROOT/target/debug/contacts-server" --port 0
run_st "$ROOT/tests/schemathesis.toml" "$ROOT/spec/contacts.yaml" --header "X-Api-Key: $KEY"
stop_server

# 4. The server generated for tests/specs/checks.yaml (limits, patterns,
#    closed objects, tagged unions): valid data must pass, data breaking any
#    rule must be rejected.
start_server "edge_server checks" "$ROOT/target/debug/examples/edge_server" checks --port 0
run_st "" "$ROOT/tests/specs/checks.yaml"
stop_server
