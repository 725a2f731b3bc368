#!/usr/bin/env bash
# Install Stoplight Prism (pinned) for the end-to-end client test, outside
# the repository, and print where its binary is.
#
# Usage: tests/prism.sh            # installs if needed, prints PRISM_BIN=...
#        eval "$(tests/prism.sh)"  # sets PRISM_BIN in this shell
# Env:   FORGE_PRISM_DIR  install directory (default ~/.cache/openapi-forge-prism)
#
# The test (examples/contacts-client/tests/prism.rs) reads PRISM_BIN, and
# falls back to $FORGE_PRISM_DIR/node_modules/.bin/prism.
set -euo pipefail

PRISM_VERSION="5.16.0"
DIR="${FORGE_PRISM_DIR:-$HOME/.cache/openapi-forge-prism}"
BIN="$DIR/node_modules/.bin/prism"

command -v npm >/dev/null || { echo "prism.sh: npm is required" >&2; exit 2; }
mkdir -p "$DIR"
installed="$(cd "$DIR" && node -p "require('@stoplight/prism-cli/package.json').version" 2>/dev/null || true)"
if [[ "$installed" != "$PRISM_VERSION" || ! -x "$BIN" ]]; then
  echo "prism.sh: installing @stoplight/prism-cli@$PRISM_VERSION into $DIR" >&2
  [[ -f "$DIR/package.json" ]] || echo '{"name":"openapi-forge-prism","private":true}' >"$DIR/package.json"
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error --save-exact "@stoplight/prism-cli@$PRISM_VERSION") >&2
fi
"$BIN" --version >/dev/null
echo "export PRISM_BIN=$BIN"
