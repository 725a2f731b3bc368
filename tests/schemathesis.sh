#!/usr/bin/env bash
# Conformance: schemathesis (pinned) against the example contact server with
# spec/contacts.yaml, every check on, a fixed number of cases and a fixed seed.
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

# 2. Build and start the example server on a free port (port 0: the OS picks).
cd "$ROOT"
cargo build --quiet -p contacts-server
LOG="$(mktemp)"
CONTACTS_API_KEY="$KEY" "$ROOT/target/debug/contacts-server" --port 0 2>"$LOG" &
SERVER_PID=$!
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT

URL=""
for _ in $(seq 1 100); do
  URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n 1 || true)"
  [[ -n "$URL" ]] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "schemathesis.sh: the server exited:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$URL" ]]; then
  echo "schemathesis.sh: the server did not report its address" >&2
  exit 1
fi
echo "schemathesis.sh: contacts-server at $URL" >&2

# 3. Every check, fixed cases and seed; the spec's servers URL is not used.
# Run from a scratch directory: schemathesis leaves a .schemathesis/ cache.
WORKDIR="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORKDIR"' EXIT
cd "$WORKDIR"
"$VENV/bin/st" --config-file "$ROOT/tests/schemathesis.toml" run "$ROOT/spec/contacts.yaml" \
  --url "$URL" \
  --checks all \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --generation-database none \
  --header "X-Api-Key: $KEY" \
  --no-color
