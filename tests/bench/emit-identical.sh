#!/usr/bin/env bash
# Generate every tests/specs spec and a sample of corpus specs in each part
# combination into OUT_DIR, so two generators' outputs compare with
# `diff -r`: a refactor of the emitters must leave the output byte-identical.
#
# Usage: tests/bench/emit-identical.sh OUT_DIR [BIN]
#   BIN defaults to target/release/openapi-forge (build it first).
#   The corpus sample is read from ${FORGE_CORPUS_DIR:-~/.cache/openapi-forge-corpus}/specs
#   (tests/corpus/fetch.sh); it is skipped when the cache is missing.
#
#   tests/bench/emit-identical.sh /tmp/before      # on the old code
#   tests/bench/emit-identical.sh /tmp/after       # on the new code
#   diff -r /tmp/before /tmp/after
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: $0 OUT_DIR [BIN]}"
bin="${2:-$root/target/release/openapi-forge}"
corpus="${FORGE_CORPUS_DIR:-$HOME/.cache/openapi-forge-corpus}/specs"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# One generation: stdout, stderr (warnings, in order) and exit code are kept
# beside the output.
gen() {
    local name="$1" spec="$2"
    shift 2
    local dest="$out/$name"
    "$bin" generate "$spec" -o "$dest.rs" "$@" >"$dest.stdout" 2>"$dest.stderr" \
        && echo 0 >"$dest.rc" || echo $? >"$dest.rc"
    # The stdout line names the output path; keep it comparable.
    sed -i "s#$out/##g" "$dest.stdout" "$dest.stderr"
}

has_hooks() { grep -qE '"?(webhooks|callbacks)"?[[:space:]]*:' "$1"; }

# Every combination of parts, and the webhook parts where the spec has any.
combos() {
    local name="$1" spec="$2"
    shift 2
    gen "$name.models" "$spec" "$@"
    gen "$name.client" "$spec" --client "$@"
    gen "$name.server" "$spec" --server "$@"
    gen "$name.full" "$spec" --client --server "$@"
    if has_hooks "$spec"; then
        gen "$name.hooks-send" "$spec" --webhooks send "$@"
        gen "$name.hooks-receive" "$spec" --webhooks receive "$@"
        gen "$name.hooks-both" "$spec" --client --server --webhooks both "$@"
    fi
}

mkdir -p "$out/specs" "$out/corpus" "$out/crate" "$out/variants"
specs=("$root"/tests/specs/*.yaml "$root"/tests/specs/*/main.yaml "$root"/tests/specs/crate/*.yaml "$root/spec/contacts.yaml")
for spec in "${specs[@]}"; do
    [ -f "$spec" ] || continue
    rel="${spec#"$root"/}"
    name="specs/$(echo "${rel%.yaml}" | tr '/' '_')"
    combos "$name" "$spec"
done

# Settings the emitters branch on.
for spec in "$root"/tests/specs/{operations,paging,streams,multipart,names,enums,webhooks}.yaml "$root/spec/contacts.yaml"; do
    base="variants/$(basename "${spec%.yaml}")"
    gen "$base.tracing" "$spec" --client --server --tracing
    gen "$base.closed" "$spec" --client --server --enum-style closed --date-time string
    gen "$base.derive" "$spec" --client --server --derive schemars::JsonSchema
done
for t in Pet Contact Item Node; do
    for spec in "$root"/tests/specs/*.yaml "$root/spec/contacts.yaml"; do
        grep -qE "^    $t:" "$spec" || continue
        gen "variants/$(basename "${spec%.yaml}").override-$t" "$spec" --client --server \
            --webhooks both --type-override "$t=my_types::$t"
    done
done

# Whole crates (every part, per-tag features).
for spec in "$root"/tests/specs/crate/*.yaml "$root/spec/contacts.yaml" "$root/tests/specs/webhooks.yaml"; do
    name="crate/$(basename "${spec%.yaml}")"
    # A relative folder: the crate's README names the path it was given.
    (cd "$out" && "$bin" generate "$spec" --crate "$name" --webhooks both >"$name.stdout" 2>&1) || true
done

# A sample of the corpus: every third spec by name, and the big ones.
if [ -d "$corpus" ]; then
    mapfile -t all < <(ls "$corpus" | sort)
    for i in "${!all[@]}"; do
        f="${all[$i]}"
        case "$f" in
            github-rest.* | github-webhooks.* | stripe.* | openai.* | kubernetes.* | train-travel.*) ;;
            *) [ $((i % 3)) -eq 0 ] || continue ;;
        esac
        combos "corpus/${f%.*}" "$corpus/$f"
    done
else
    echo "no corpus at $corpus: only tests/specs compared" >&2
fi
echo "$(find "$out" -name '*.rs' | wc -l) files in $out"
