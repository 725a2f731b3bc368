#!/usr/bin/env python3
"""Benchmark whole-process generation: median wall time and peak memory.

Runs the release binary several times per spec (models + client + server),
each run a fresh process, and prints one row per spec: median / min / max
seconds, peak resident memory, output size, and the median of each pipeline
stage (from FORGE_TIMINGS). Machines are noisy: read medians, not single
runs, and compare ratios measured in one sitting.

Usage: tests/bench/generate.py [--runs N] [--bin PATH] SPEC...
       (the corpus specs live in ~/.cache/openapi-forge-corpus/specs after
        tests/corpus/fetch.sh)
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(binary, spec, out):
    env = dict(os.environ, FORGE_TIMINGS="1")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "generate", spec, "-o", out, "--client", "--server"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{spec}: generation failed:\n{stderr[-2000:]}")
    stages = dict((k, float(v)) for k, v in re.findall(r"(load|emit\+format) ([0-9.]+) s", stderr))
    return wall, usage.ru_maxrss / 1024.0, stages  # ru_maxrss is KiB on Linux


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default="target/release/openapi-forge")
    ap.add_argument("specs", nargs="+")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    print(f"{'spec':<24}{'median s':>9}{'min s':>8}{'max s':>8}{'peak MB':>9}"
          f"{'out MB':>8}{'lines':>9}  stages (median s: load/emit+format)")
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.specs:
            out = os.path.join(tmp, "out.rs")
            runs = [run_once(args.bin, spec, out) for _ in range(args.runs)]
            walls = [r[0] for r in runs]
            peak = max(r[1] for r in runs)
            stages = {k: statistics.median(r[2].get(k, 0.0) for r in runs) for k in ("load", "emit+format")}
            size = os.path.getsize(out)
            with open(out, "rb") as f:
                lines = sum(1 for _ in f)
            name = os.path.splitext(os.path.basename(spec))[0]
            print(f"{name:<24}{statistics.median(walls):>9.2f}{min(walls):>8.2f}{max(walls):>8.2f}"
                  f"{peak:>9.0f}{size / 1e6:>8.1f}{lines:>9}  "
                  f"{stages['load']:.2f}/{stages['emit+format']:.2f}")


if __name__ == "__main__":
    main()
