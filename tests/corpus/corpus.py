#!/usr/bin/env python3
"""Helpers shared by fetch.sh and run.sh (python3 standard library only).

  corpus.py manifest SPECS_TSV [NAME...]   validated rows: name pkg path openapi expect ext
  corpus.py packages SPECS_TSV             distinct package@version values
  corpus.py info SPEC_FILE                 "<openapi-version>\t<operation-count>"
  corpus.py table RESULTS_TSV              the final aligned table

YAML is read with PyYAML when it is installed; otherwise with js-yaml through
node, from the copy that fetch.sh puts in $CORPUS_JS_YAML.
"""
import json
import os
import re
import subprocess
import sys

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PKG_RE = re.compile(r"^((?:@[a-z0-9._~-]+/)?[a-z0-9._~-]+)@(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)$")


def die(msg):
    print(f"corpus.py: {msg}", file=sys.stderr)
    sys.exit(2)


def read_manifest(path):
    rows, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "name":  # header
                continue
            if len(cols) != 5:
                die(f"{path}:{lineno}: expected 5 TAB-separated columns, got {len(cols)}")
            name, pkg, rel, oas, expect = cols
            if not NAME_RE.match(name):
                die(f"{path}:{lineno}: bad name {name!r} (use [a-z0-9-])")
            if name in seen:
                die(f"{path}:{lineno}: duplicate name {name!r}")
            seen.add(name)
            if not PKG_RE.match(pkg):
                die(f"{path}:{lineno}: package must be NAME@EXACT_VERSION, got {pkg!r}")
            if rel.startswith("/") or ".." in rel.split("/"):
                die(f"{path}:{lineno}: bad path {rel!r}")
            if expect not in ("ok", "error", "select"):
                die(f"{path}:{lineno}: expect must be ok, error or select, got {expect!r}")
            ext = rel.rsplit(".", 1)[-1].lower()
            ext = {"yml": "yaml"}.get(ext, ext)
            if ext not in ("json", "yaml"):
                die(f"{path}:{lineno}: spec must be .json, .yaml or .yml: {rel!r}")
            rows.append((name, pkg, rel, oas, expect, ext))
    return rows


def load_spec(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig")
    if path.endswith(".json"):
        return json.loads(text)
    try:
        import yaml  # PyYAML, if present
    except ImportError:
        yaml = None
    if yaml is not None:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    js_yaml = os.environ.get("CORPUS_JS_YAML", "")
    if not js_yaml or not os.path.isdir(js_yaml):
        die("no YAML parser: install python3-yaml, or run fetch.sh (it fetches js-yaml) "
            "and set CORPUS_JS_YAML")
    script = ("const y=require(process.argv[1]);let s='';process.stdin.setEncoding('utf8');"
              "process.stdin.on('data',d=>s+=d);"
              "process.stdin.on('end',()=>process.stdout.write(JSON.stringify(y.load(s))));")
    out = subprocess.run(["node", "-e", script, js_yaml], input=text.encode(),
                         stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out)


def spec_info(path):
    doc = load_spec(path)
    if not isinstance(doc, dict):
        return "?", 0
    version = str(doc.get("openapi") or doc.get("swagger") or "?")
    ops = 0
    for item in (doc.get("paths") or {}).values():
        if isinstance(item, dict):
            ops += sum(1 for k in item if k in METHODS)
    return version, ops


def print_table(results):
    cols = ["spec", "parts", "oas", "ops", "lines", "warns", "gen_s", "check_s", "result"]
    right = {"ops", "lines", "warns", "gen_s", "check_s"}
    rows = []
    with open(results, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]

    def fmt(r):
        return "  ".join(v.rjust(w) if c in right else v.ljust(w)
                         for c, v, w in zip(cols, r, widths)).rstrip()

    print(fmt(cols))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(fmt(r))
    print()
    # One tally per part combination, in the order they ran.
    for parts in dict.fromkeys(r[1] for r in rows):
        tally = {}
        for r in rows:
            if r[1] == parts:
                tally[r[-1]] = tally.get(r[-1], 0) + 1
        count = sum(tally.values())
        print(f"{parts}: " + ", ".join(f"{v} {k}" for k, v in sorted(tally.items())) + f" ({count} specs)")


def main(argv):
    if len(argv) < 3:
        die(__doc__)
    cmd, arg = argv[1], argv[2]
    if cmd == "manifest":
        rows = read_manifest(arg)
        wanted = argv[3:]
        names = {r[0] for r in rows}
        for w in wanted:
            if w not in names:
                die(f"no spec named {w!r} in {arg}")
        for r in rows:
            if not wanted or r[0] in wanted:
                print("\t".join(r))
    elif cmd == "packages":
        seen = []
        for r in read_manifest(arg):
            if r[1] not in seen:
                seen.append(r[1])
        print("\n".join(seen))
    elif cmd == "info":
        version, ops = spec_info(arg)
        print(f"{version}\t{ops}")
    elif cmd == "table":
        print_table(arg)
    else:
        die(f"unknown command {cmd!r}")


if __name__ == "__main__":
    main(sys.argv)
