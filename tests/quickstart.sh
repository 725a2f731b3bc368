#!/usr/bin/env bash
# Runs the README's "Use it for your own API" section as a newcomer would:
# every ```sh block of that section, in order, in one shell, in a scratch
# folder holding a spec of the tests' own as `my-api.yaml`. The CLI is
# installed into the scratch folder (CARGO_INSTALL_ROOT), never into
# ~/.cargo/bin. Needs the network for the first fetch of the new projects'
# dependencies (the package registry), so CI runs it rather than
# `cargo test`.
#
# Usage: tests/quickstart.sh [--keep]   (--keep leaves the scratch folder)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEEP=0
[[ "${1:-}" == --keep ]] && KEEP=1

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/forge-quickstart.XXXXXX")"
cleanup() { ((KEEP)) && echo "quickstart: scratch folder kept: $SCRATCH" || rm -rf "$SCRATCH"; }
trap cleanup EXIT

# The blocks, extracted from the section (up to the next `## ` heading).
python3 - "$REPO/README.md" >"$SCRATCH/steps.sh" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = lines.index("## Use it for your own API")
blocks, block = [], None
for line in lines[start + 1:]:
    if line.startswith("## "):
        break
    if block is None and line.strip() == "```sh":
        block = []
    elif block is not None and line.strip() == "```":
        blocks.append("\n".join(block))
        block = None
    elif block is not None:
        block.append(line)
if len(blocks) != 3:
    sys.exit(f"quickstart: expected 3 sh blocks in the section, found {len(blocks)}")
for i, b in enumerate(blocks, 1):
    print(f"echo '--- README block {i}'")
    print(b)
PY

cp "$REPO/tests/specs/crate/inventory.yaml" "$SCRATCH/my-api.yaml"
export OPENAPI_FORGE="$REPO"
export CARGO_INSTALL_ROOT="$SCRATCH/cargo-home"
export PATH="$CARGO_INSTALL_ROOT/bin:$PATH"
# `cargo install --path` reuses the clone's own target folder (a release
# build CI has already made), as it would for a reader.
unset CARGO_TARGET_DIR
export CARGO_TERM_COLOR=never
cd "$SCRATCH"
bash -euo pipefail steps.sh 2>&1 | tee steps.log
# A newcomer's first build shows no warning about generated code.
if grep -E '^warning' steps.log; then
  echo "quickstart: the blocks built with warnings (above)" >&2
  exit 1
fi

# What the blocks should have left behind.
test -x "$CARGO_INSTALL_ROOT/bin/openapi-forge"
grep -q '^name = "my-api"' my-api/Cargo.toml
grep -q '^server = \[' my-api/Cargo.toml
grep -q '^axum = ' my-service/Cargo.toml
echo "quickstart: the README's blocks ran as written"

# The generated crate's default features call `https` APIs: the app from
# block 1 calls a local TLS server whose self-signed certificate the
# platform verifier is told about through SSL_CERT_FILE (as a company's own
# certificate authority would be installed).
TLS="$REPO/examples/contacts-client/tests/tls"
cat > "$SCRATCH/tls_server.py" <<'PY'
import http.server, ssl, sys
class Stock(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'[{"id": "00000000-0000-4000-8000-000000000001", "sku": "ABC-1234", "quantity": 3}]'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Stock)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$SCRATCH/tls_server.py" "$TLS/localhost.crt" "$TLS/localhost.key" > "$SCRATCH/tls_port" &
TLS_SERVER=$!
trap 'kill "$TLS_SERVER" 2>/dev/null; cleanup' EXIT
for _ in $(seq 50); do [[ -s "$SCRATCH/tls_port" ]] && break; sleep 0.1; done
port="$(cat "$SCRATCH/tls_port")"
cat > my-app/src/main.rs <<'RS'
#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("a base URL");
    let client = my_api::client::Client::new(&url);
    let items = client.list_stock(None).await.expect("an https call");
    println!("https: {} item(s) low on stock", items.len());
}
RS
(cd my-app && SSL_CERT_FILE="$TLS/localhost.crt" cargo run -q -- "https://localhost:$port") | tee https.log
grep -q '^https: 1 item(s) low on stock$' https.log
echo "quickstart: the generated crate called an https API with its default features"
