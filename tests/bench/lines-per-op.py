#!/usr/bin/env python3
"""How much code each operation and each type costs in the output.

Generates each spec with models, client and server (one module file), then
counts the lines of each top-level module of the output (`client`,
`server`, `forge_support`, and the models before them) and divides the
client and server lines by the number of operations and the model lines by
the number of types. Lines are what a reader scrolls and what rustc parses;
the output is deterministic, so one run is the measurement (no median).

Usage: tests/bench/lines-per-op.py [--bin PATH] [--parts ARGS] SPEC...
       (the corpus specs live in ~/.cache/openapi-forge-corpus/specs after
        tests/corpus/fetch.sh)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

# A module of the output starts at column 0 (prettyplease never indents a
# top-level item) and ends where the next one starts.
MODULE = re.compile(r"^pub mod (\w+) \{$")


def module_lines(path):
    """{module name: line count}; the lines before the first module are
    the models (and the header)."""
    counts = {"models": 0}
    current = "models"
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = MODULE.match(line.rstrip("\n"))
            if m:
                current = m.group(1)
                counts.setdefault(current, 0)
            counts[current] += 1
    return counts


def generate(binary, spec, out, parts):
    proc = subprocess.run([binary, "generate", spec, "-o", out, *parts],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{spec}: generation failed:\n{proc.stderr[-2000:]}")
    # The last line of a run: "wrote FILE: N types, M operations, B bytes".
    m = re.search(r"(\d+) types, (\d+) operations", proc.stdout + proc.stderr)
    if not m:
        sys.exit(f"{spec}: no type and operation counts in:\n{proc.stderr[-500:]}")
    return int(m.group(1)), int(m.group(2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/openapi-forge")
    ap.add_argument("--parts", default="--client --server",
                    help="generate flags (default: --client --server)")
    ap.add_argument("specs", nargs="+")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "openapi-forge"],
                       check=True)
    print(f"{'spec':<20}{'types':>7}{'ops':>7}{'models':>9}{'/type':>7}"
          f"{'client':>9}{'/op':>7}{'server':>9}{'/op':>7}{'support':>9}{'total':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.specs:
            out = os.path.join(tmp, "out.rs")
            types, ops = generate(args.bin, spec, out, args.parts.split())
            lines = module_lines(out)
            per = lambda n, d: f"{n / d:.1f}" if d else "-"
            name = os.path.splitext(os.path.basename(spec))[0]
            client, server = lines.get("client", 0), lines.get("server", 0)
            print(f"{name:<20}{types:>7}{ops:>7}{lines['models']:>9}{per(lines['models'], types):>7}"
                  f"{client:>9}{per(client, ops):>7}{server:>9}{per(server, ops):>7}"
                  f"{lines.get('forge_support', 0):>9}{sum(lines.values()):>9}")


if __name__ == "__main__":
    main()
