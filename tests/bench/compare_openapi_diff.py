#!/usr/bin/env python3
"""Run the npm `openapi-diff` package on every pair of tests/specs/diff and
print, per pair, its verdict and codes next to ours, to list where the two
disagree (the list is in BENCHMARKS.md).

Install it in a scratch folder outside the repository first:
    mkdir -p /tmp/npmdiff && cd /tmp/npmdiff && npm init -y && npm install openapi-diff

Usage: tests/bench/compare_openapi_diff.py [--theirs PATH] [--bin PATH]
"""
import argparse
import json
import os
import subprocess

PAIRS = "tests/specs/diff"


def theirs(tool, old, new):
    # It resolves relative `$ref`s against the working folder, not the
    # spec's: run it in the pair's folder.
    folder = os.path.dirname(old)
    proc = subprocess.run([os.path.abspath(tool), os.path.basename(old), os.path.basename(new)],
                          capture_output=True, text=True, cwd=folder)
    out = proc.stdout
    if "No changes found" in out:
        return "none", []
    start = out.find("{")
    if start < 0:
        return "error", [out.strip()[:80] or proc.stderr.strip()[:80]]
    report = json.loads(out[start:])
    codes = [d["code"] for d in report.get("breakingDifferences", [])]
    other = [d["code"] for d in report.get("nonBreakingDifferences", []) + report.get("unclassifiedDifferences", [])]
    verdict = "breaking" if report.get("breakingDifferencesFound") else ("changes" if other else "none")
    return verdict, codes + [f"({c})" for c in other]


def ours(binary, old, new):
    proc = subprocess.run([binary, "diff", old, new, "--client", "--format", "json"], capture_output=True, text=True)
    report = json.loads(proc.stdout)
    wire = [c for c in report["changes"] if c["wire"]["verdict"].startswith("breaks")]
    # "unchanged" changes (a Rust name, docs) are none on the wire.
    on_wire = [c for c in report["changes"] if c["wire"]["verdict"] != "unchanged"]
    verdict = "breaking" if wire else ("changes" if on_wire else "none")
    return verdict, [f'{c["rule"]}:{c["wire"]["verdict"]}' for c in report["changes"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--theirs", default="/tmp/npmdiff/node_modules/.bin/openapi-diff")
    ap.add_argument("--bin", default="target/release/openapi-forge")
    args = ap.parse_args()
    same = 0
    for pair in sorted(os.listdir(PAIRS)):
        old, new = (os.path.join(PAIRS, pair, f) for f in ("old.yaml", "new.yaml"))
        if not os.path.exists(old):
            continue
        ov, oc = ours(args.bin, old, new)
        tv, tc = theirs(args.theirs, old, new)
        mark = "  " if ov == tv else "≠ "
        same += ov == tv
        print(f"{mark}{pair:<34} ours: {ov:<9} theirs: {tv:<9} | {', '.join(oc)} | {', '.join(tc)}")
    print(f"same wire verdict on {same} pairs")


if __name__ == "__main__":
    main()
