#!/usr/bin/env python3
"""Benchmark `openapi-forge diff` on a large pair: median wall time.

NEW is made from OLD by a scripted edit, so the pair needs no second
download: one operation removed, one required property added to a schema
that requests and responses carry, and one enum value added. Each run is a
fresh process that loads both documents and compares them (text report to
/dev/null). Machines are noisy: read medians, not single runs.

With `--old OLD`, the pair is OLD against SPEC as they are (two real
versions of an API: many more changes, so locating them counts too).

Usage: tests/bench/diff.py [--runs N] [--bin PATH] [--old OLD] [SPEC]
       (default SPEC: ~/.cache/openapi-forge-corpus/specs/github-rest.json,
        after tests/corpus/fetch.sh)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_SPEC = os.path.expanduser("~/.cache/openapi-forge-corpus/specs/github-rest.json")


def edit(spec):
    """The scripted change: returns a description of what was changed."""
    done = []
    # Remove the first DELETE operation.
    for path, item in spec["paths"].items():
        if "delete" in item:
            del item["delete"]
            done.append(f"removed DELETE {path}")
            break
    schemas = spec.get("components", {}).get("schemas", {})
    # A required property on the most referenced object schema.
    text = json.dumps(spec)
    objects = [n for n, s in schemas.items() if s.get("type") == "object" and "properties" in s]
    target = max(objects, key=lambda n: text.count(f'"#/components/schemas/{n}"'))
    schemas[target]["properties"]["forge_bench_added"] = {"type": "string"}
    schemas[target].setdefault("required", []).append("forge_bench_added")
    done.append(f"required property added to {target}")
    # A value added to the first string enum schema.
    for name, s in schemas.items():
        if s.get("type") == "string" and isinstance(s.get("enum"), list):
            s["enum"].append("forge_bench_value")
            done.append(f"enum value added to {name}")
            break
    return done


def run_once(binary, old, new):
    start = time.perf_counter()
    proc = subprocess.run([binary, "diff", old, new, "--client", "--server"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"diff failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return wall, proc.returncode, proc.stdout.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default="target/release/openapi-forge")
    ap.add_argument("--old", help="compare this spec with SPEC instead of SPEC with an edit of it")
    ap.add_argument("spec", nargs="?", default=DEFAULT_SPEC)
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.old:
            old, new = args.old, args.spec
            done = [f"none: {os.path.basename(old)} against {os.path.basename(new)}"]
        else:
            with open(args.spec) as f:
                spec = json.load(f)
            done = edit(spec)
            old, new = args.spec, os.path.join(tmp, "new.json")
            with open(new, "w") as f:
                json.dump(spec, f)
        runs = [run_once(args.bin, old, new) for _ in range(args.runs)]
    walls = [r[0] for r in runs]
    summary = runs[0][2].splitlines()[1] if len(runs[0][2].splitlines()) > 1 else ""
    print("edit: " + "; ".join(done))
    print(f"report: {summary} (exit {runs[0][1]})")
    print(f"{'spec':<24}{'median s':>9}{'min s':>8}{'max s':>8}  runs")
    name = os.path.splitext(os.path.basename(args.spec))[0]
    print(f"{name:<24}{statistics.median(walls):>9.2f}{min(walls):>8.2f}{max(walls):>8.2f}  {args.runs}")


if __name__ == "__main__":
    main()
