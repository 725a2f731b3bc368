#!/usr/bin/env bash
# Run openapi-forge over the corpus in tests/corpus/specs.tsv.
#
# For each spec and each part combination: `$FORGE_BIN generate SPEC -o <work>/crates/<name>/src/lib.rs
# [--client] [--server]`, then `cargo check -p corpus-<name>` in one generated workspace (one
# shared target dir, so the dependencies compile once). Prints one table; exits 1 if any fails.
#
# Usage: tests/corpus/run.sh [--only NAME]... [--except NAME]... [--parts P]... [--no-check | --clippy]
#        --parts:  models | client | server | full (client and server; the default) |
#                  hooks (client, server and both webhook parts: `--webhooks both`) |
#                  mock (client, server and the typed mock server built on it: `--mock`) |
#                  select (the client for the operations tests/corpus/selections.tsv names;
#                  specs it does not list are skipped) |
#                  crate (`generate --crate`: the crate's own Cargo.toml; `cargo check` with no
#                  features, client, server and mock, clippy -D warnings with all features, and
#                  `generate --check` on the crate); repeat or separate with commas to run
#                  several combinations, one row each
#        --clippy: `cargo clippy -p corpus-<name> -- -D warnings` instead of `cargo check`,
#                  so any warning in the generated code fails the spec
# Env:   FORGE_BIN            generator binary (default: <repo>/target/release/openapi-forge,
#                             always rebuilt with `cargo build --release` so it is never stale)
#        FORGE_CORPUS_DIR     cache written by fetch.sh (default ~/.cache/openapi-forge-corpus)
#        FORGE_CORPUS_WORK    generated workspace (default <cache>/work)
#        FORGE_GEN_TIMEOUT    seconds per generation (default 600)
#        FORGE_CHECK_TIMEOUT  seconds per cargo check (default 1800)
#        CARGO_INCREMENTAL    default 0 here: checks run from scratch and keep no incremental cache
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MANIFEST="${FORGE_CORPUS_MANIFEST:-$HERE/specs.tsv}"
CACHE="${FORGE_CORPUS_DIR:-$HOME/.cache/openapi-forge-corpus}"
GEN_TIMEOUT="${FORGE_GEN_TIMEOUT:-600}"
CHECK_TIMEOUT="${FORGE_CHECK_TIMEOUT:-1800}"

# Dependencies of every generated crate: the one place to change them.
CRATE_DEPS='serde = { version = "1", features = ["derive"] }
serde_json = "1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }
axum = { version = "0.8", features = ["multipart"] }
tokio = { version = "1", features = ["full"] }
percent-encoding = "2"
futures-util = "0.3"
bytes = "1"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"
regex = "1"'

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

ONLY=()
EXCEPT=()
PARTS=()
CHECK=1
LINT=0
while (($#)); do
  case "$1" in
    --only) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; ONLY+=("$2"); shift 2 ;;
    --only=*) ONLY+=("${1#--only=}"); shift ;;
    --except) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; EXCEPT+=("$2"); shift 2 ;;
    --parts) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; IFS=, read -ra p <<<"$2"; PARTS+=("${p[@]}"); shift 2 ;;
    --parts=*) IFS=, read -ra p <<<"${1#--parts=}"; PARTS+=("${p[@]}"); shift ;;
    --no-check) CHECK=0; shift ;;
    --clippy) LINT=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

((${#PARTS[@]})) || PARTS=(full)
for parts in "${PARTS[@]}"; do
  case "$parts" in models|client|server|full|hooks|mock|select|crate) ;; *) echo "run.sh: unknown --parts '$parts'" >&2; usage >&2; exit 2 ;; esac
done
# The generator flags of one part combination.
part_flags() {
  case "$1" in
    models) ;;
    client) echo --client ;;
    server) echo --server ;;
    full) echo --client --server ;;
    hooks) echo --client --server --webhooks both ;;
    mock) echo --client --mock ;;
    select) echo --client; selection "$2" ;;
  esac
}
# The selection flags tests/corpus/selections.tsv gives a spec (none: not listed).
selection() {
  awk -F'\t' -v name="$1" '$1 == name { print $2 }' "$HERE/selections.tsv"
}

for tool in python3 cargo timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is required" >&2; exit 2; }
done

# --- the generator ----------------------------------------------------------
if [[ -n "${FORGE_BIN:-}" ]]; then
  [[ -x "$FORGE_BIN" ]] || { echo "run.sh: FORGE_BIN=$FORGE_BIN is not an executable file" >&2; exit 2; }
else
  FORGE_BIN="$REPO/target/release/openapi-forge"
  # Always build: cargo is a no-op when the binary is up to date, and a stale
  # binary would silently test old emitters.
  echo "run: cargo build --release --bin openapi-forge" >&2
  (cd "$REPO" && cargo build --release --bin openapi-forge)
fi
FORGE_BIN="$(cd "$(dirname "$FORGE_BIN")" && pwd)/$(basename "$FORGE_BIN")"

# --- the specs --------------------------------------------------------------
mapfile -t ROWS < <(python3 "$HERE/corpus.py" manifest "$MANIFEST" "${ONLY[@]}")
if ((${#EXCEPT[@]})); then
  kept=()
  for row in "${ROWS[@]}"; do
    name="${row%%$'\t'*}"
    skip=0
    for e in "${EXCEPT[@]}"; do [[ "$name" == "$e" ]] && skip=1; done
    ((skip)) || kept+=("$row")
  done
  ROWS=("${kept[@]}")
fi
((${#ROWS[@]})) || { echo "run.sh: no specs selected" >&2; exit 2; }
need_fetch=0
for row in "${ROWS[@]}"; do
  IFS=$'\t' read -r name _pkg _rel _oas _expect ext <<<"$row"
  [[ -s "$CACHE/specs/$name.$ext" ]] || need_fetch=1
done
if ((need_fetch)); then
  echo "run: specs missing from $CACHE; running fetch.sh" >&2
  FORGE_CORPUS_DIR="$CACHE" "$HERE/fetch.sh" >/dev/null
fi
CACHE="$(cd "$CACHE" && pwd)"
export CORPUS_JS_YAML="$CACHE/tools/js-yaml@4.1.0/package"

# --- the workspace ----------------------------------------------------------
WORK="${FORGE_CORPUS_WORK:-$CACHE/work}"
mkdir -p "$WORK/crates" "$WORK/logs"
WORK="$(cd "$WORK" && pwd)"
export CARGO_TARGET_DIR="$WORK/target" CARGO_TERM_COLOR=never
# Each check is of freshly generated code: an incremental cache would not be
# reused, and for the large specs it takes gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Drop half-written crates left by an interrupted run: they would break the workspace.
for d in "$WORK"/crates/*/; do
  [[ -d "$d" ]] || continue
  [[ -s "$d/Cargo.toml" && -s "$d/src/lib.rs" ]] || rm -rf "$d"
done
cat >"$WORK/Cargo.toml" <<'EOF'
# Generated by tests/corpus/run.sh; one crate per corpus spec under crates/.
[workspace]
resolver = "2"
members = ["crates/*"]

[profile.dev]
debug = 0
EOF

# Write crates/<dir>/Cargo.toml for package corpus-<dir>.
write_crate_manifest() {
  mkdir -p "$WORK/crates/$1/src"
  cat >"$WORK/crates/$1/Cargo.toml" <<EOF
[package]
name = "corpus-$1"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
$CRATE_DEPS
EOF
}

# A generated crate, as a user builds it: every feature combination, clippy
# with all features, and the drift check of the crate directory.
check_crate() {
  local name="$1" spec="$2" crate="$3" features
  # The mock of the largest crates (GitHub's alone is 400k lines with it)
  # would double this step; the mock row and the edge-case crate compile
  # the mock, so these crates check every feature but `mock`.
  local lines mock="--features mock" all="--all-features"
  lines="$(cat "$crate"/src/*.rs | wc -l)"
  if ((lines > ${FORGE_CRATE_MOCK_MAX_LINES:-150000})); then
    mock=""
    all="--features $(sed -n '/^\[features\]/,/^\[/p' "$crate/Cargo.toml" \
      | grep -oE '^[a-z0-9][a-z0-9-]* =' | cut -d' ' -f1 | grep -vx mock | paste -sd, -)"
    echo "== $name: $lines lines, so no mock feature here (the mock row compiles it)"
  fi
  # clippy with every feature below is the check with all of them (and more).
  local combos=("" "--features client" "--features server")
  [[ -z "$mock" ]] || combos+=("$mock")
  for features in "${combos[@]}"; do
    echo "== cargo check -p corpus-$name $features"
    # shellcheck disable=SC2086 # $features is empty or a flag and its value
    (cd "$WORK" && timeout "$CHECK_TIMEOUT" cargo check -p "corpus-$name" $features --message-format short) || return $?
  done
  # With tag features: the models alone, and the client for one tag.
  if grep -q '^all-tags = ' "$crate/Cargo.toml"; then
    local tag
    tag="$(sed -n '/^all-tags = /,$p' "$crate/Cargo.toml" | tail -n +2 | grep -m1 -E '^[a-z][a-z0-9-]* = \[\]' | cut -d' ' -f1)"
    for features in "--no-default-features" "--no-default-features --features client,$tag"; do
      echo "== cargo check -p corpus-$name $features"
      # shellcheck disable=SC2086
      (cd "$WORK" && timeout "$CHECK_TIMEOUT" cargo check -p "corpus-$name" $features --message-format short) || return $?
    done
  fi
  echo "== cargo clippy -p corpus-$name $all -- -D warnings"
  # shellcheck disable=SC2086 # $all is one flag, or --features and a list
  (cd "$WORK" && timeout "$CHECK_TIMEOUT" cargo clippy -p "corpus-$name" $all --message-format short -- -D warnings) || return $?
  echo "== generate --crate --check"
  "$FORGE_BIN" generate "$spec" --crate "$crate" --name "corpus-$name" --check >/dev/null || return $?
}

now() { echo "$EPOCHREALTIME"; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# Compile the shared dependencies once, so per-spec check times measure the generated code.
if ((CHECK)); then
  write_crate_manifest _deps
  echo "// Compiles the shared dependencies of the corpus crates once." >"$WORK/crates/_deps/src/lib.rs"
  echo "run: checking shared dependencies (first run downloads and compiles them)..." >&2
  t0="$(now)"
  if ! (cd "$WORK" && cargo check -p corpus-_deps --message-format short) >"$WORK/logs/_deps.check.log" 2>&1; then
    echo "run.sh: the shared dependencies do not build; see $WORK/logs/_deps.check.log:" >&2
    tail -n 30 "$WORK/logs/_deps.check.log" >&2
    exit 2
  fi
  echo "run: dependencies ready in $(elapsed "$t0" "$(now)") s" >&2
fi

# --- per spec ---------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
FAILED=()
for row in "${ROWS[@]}"; do
for parts in "${PARTS[@]}"; do
  IFS=$'\t' read -r name _pkg _rel oas expect ext <<<"$row"
  if [[ "$parts" == select && -z "$(selection "$name")" ]]; then
    continue
  fi
  # A spec too large to compile whole in these runs (expect `select`) runs
  # only as its selection.
  if [[ "$expect" == select && "$parts" != select ]]; then
    continue
  fi
  spec="$CACHE/specs/$name.$ext"
  crate="$WORK/crates/$name"
  genlog="$WORK/logs/$name.$parts.gen.log"
  checklog="$WORK/logs/$name.$parts.check.log"
  rm -f "$genlog" "$checklog"
  echo "run: $name ($parts)" >&2

  if info="$(python3 "$HERE/corpus.py" info "$spec" 2>/dev/null)"; then
    ops="${info#*$'\t'}"
  else
    ops="?"
  fi

  # A crate whose src/lib.rs is missing would break every cargo command in the
  # workspace, so the crate only exists while it holds generated code.
  rm -rf "$crate"
  t0="$(now)"
  set +e
  if [[ "$parts" == crate ]]; then
    timeout "$GEN_TIMEOUT" "$FORGE_BIN" generate "$spec" --crate "$crate" --name "corpus-$name" \
      </dev/null >"$genlog" 2>&1
    rc=$?
  else
    write_crate_manifest "$name"
    set -f # selection flags hold `*` globs for the generator, not for the shell
    timeout "$GEN_TIMEOUT" "$FORGE_BIN" generate "$spec" -o "$crate/src/lib.rs" $(part_flags "$parts" "$name") \
      </dev/null >"$genlog" 2>&1
    rc=$?
    set +f
  fi
  set +f
  set -e
  gen_s="$(elapsed "$t0" "$(now)")"
  warns="$(grep -ci 'warn' "$genlog" || true)"
  lines="-"
  check_s="-"
  if ((rc == 0)) && [[ -s "$crate/src/lib.rs" ]]; then
    lines="$(cat "$crate"/src/*.rs | wc -l | tr -d ' ')"
  fi

  if [[ "$expect" == "error" ]]; then
    rm -rf "$crate"
    if ((rc == 2)) && [[ -s "$genlog" ]]; then
      result="expected-error"
    elif ((rc == 0)); then
      result="unexpected-ok"
    else
      result="gen-crash"
    fi
  elif ((rc == 0)) && [[ -s "$crate/src/lib.rs" ]]; then
    if ((CHECK)); then
      t0="$(now)"
      set +e
      if [[ "$parts" == crate ]]; then
        check_crate "$name" "$spec" "$crate" </dev/null >"$checklog" 2>&1
      elif ((LINT)); then
        (cd "$WORK" && timeout "$CHECK_TIMEOUT" cargo clippy -p "corpus-$name" --message-format short -- -D warnings) \
          </dev/null >"$checklog" 2>&1
      else
        (cd "$WORK" && timeout "$CHECK_TIMEOUT" cargo check -p "corpus-$name" --message-format short) \
          </dev/null >"$checklog" 2>&1
      fi
      crc=$?
      set -e
      check_s="$(elapsed "$t0" "$(now)")"
      case "$crc" in
        0) result="ok" ;;
        124) result="check-timeout"; echo "(timed out after ${CHECK_TIMEOUT} s)" >>"$checklog" ;;
        *) result="check-error" ;;
      esac
    else
      result="ok"
    fi
  else
    rm -rf "$crate"
    case "$rc" in
      0) result="gen-error"; echo "(exit 0 but $crate/src/lib.rs is empty or missing)" >>"$genlog" ;;
      1|2) result="gen-error" ;;
      124) result="gen-timeout"; echo "(timed out after ${GEN_TIMEOUT} s)" >>"$genlog" ;;
      *) result="gen-crash"; echo "(exit code $rc)" >>"$genlog" ;;
    esac
  fi

  case "$result" in ok|expected-error) ;; *) FAILED+=("$name.$parts") ;; esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$name" "$parts" "$oas" "$ops" "$lines" "$warns" "$gen_s" "$check_s" "$result" >>"$RESULTS"
done
done

# --- report -----------------------------------------------------------------
for name in "${FAILED[@]}"; do
  echo
  if [[ -s "$WORK/logs/$name.check.log" ]]; then
    log="$WORK/logs/$name.check.log"
    echo "=== $name: first errors from $log"
    grep -E '(^|: )error(\[E[0-9]+\])?:' "$log" | head -n 20 || true
    grep -qE '(^|: )error(\[E[0-9]+\])?:' "$log" || tail -n 20 "$log"
  else
    log="$WORK/logs/$name.gen.log"
    echo "=== $name: generator output from $log"
    head -n 20 "$log"
  fi
done
echo
python3 "$HERE/corpus.py" table "$RESULTS"
echo "generated crates: $WORK/crates   logs: $WORK/logs"
if ((${#FAILED[@]})); then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
