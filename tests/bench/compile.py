#!/usr/bin/env python3
"""Benchmark what generated code costs to compile: `cargo check` from scratch.

For each row (a corpus spec and generator flags) the release binary writes
the crate once; then `cargo check` of that crate runs --runs times, each
after touching its source, with CARGO_INCREMENTAL=0 and the dependencies
already built (one shared target directory, checked once up front), so a
run measures the generated code alone. Prints the median / min / max wall
seconds and the median peak memory (the largest process: rustc).

Usage: tests/bench/compile.py [--runs N] [--bin PATH] [--row NAME]...
Rows (default: all of them):
  github-full    GitHub, models + client + server
  github-client  GitHub, models + client
  github-select  GitHub, client, the ten operations in tests/corpus/selections.tsv
  stripe-full    Stripe, models + client + server
  stripe-client  Stripe, models + client
The specs come from tests/corpus/fetch.sh (~/.cache/openapi-forge-corpus).
Machines are noisy: compare medians measured in one sitting.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("FORGE_CORPUS_DIR", Path.home() / ".cache/openapi-forge-corpus"))
WORK = CACHE / "bench-compile"


def selection(name):
    for line in (REPO / "tests/corpus/selections.tsv").read_text().splitlines():
        if line.startswith(name + "\t"):
            return shlex.split(line.split("\t", 1)[1])
    sys.exit(f"no selection for {name} in tests/corpus/selections.tsv")


ROWS = {
    "github-full": ("github-rest.json", ["--client", "--server"]),
    "github-client": ("github-rest.json", ["--client"]),
    "github-select": ("github-rest.json", ["--client"] + selection("github-rest")),
    "stripe-full": ("stripe.json", ["--client", "--server"]),
    "stripe-client": ("stripe.json", ["--client"]),
}


def crate_deps():
    """The corpus crates' dependencies: one definition, in run.sh."""
    text = (REPO / "tests/corpus/run.sh").read_text()
    return text.split("CRATE_DEPS='", 1)[1].split("'", 1)[0]


def write_crate(name, code=None):
    src = WORK / "crates" / name / "src"
    src.mkdir(parents=True, exist_ok=True)
    (WORK / "crates" / name / "Cargo.toml").write_text(
        f'[package]\nname = "bench-{name}"\nversion = "0.0.0"\nedition = "2021"\n'
        f'publish = false\n\n[dependencies]\n{crate_deps()}\n')
    (src / "lib.rs").write_text(code if code is not None else "// dependencies only\n")


def timed(cmd, env):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=WORK, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    # ru_maxrss of a reaped child covers its reaped descendants (rustc): KiB.
    return wall, usage.ru_maxrss / 1024.0 / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(REPO / "target/release/openapi-forge"))
    ap.add_argument("--row", action="append", choices=sorted(ROWS))
    args = ap.parse_args()
    rows = args.row or list(ROWS)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "Cargo.toml").write_text(
        '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[profile.dev]\ndebug = 0\n')
    env = dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(WORK / "target"),
               CARGO_TERM_COLOR="never")
    write_crate("deps")
    for row in rows:
        write_crate(row)  # placeholder until generated, so the workspace loads
    print("checking the dependencies once...", file=sys.stderr)
    timed(["cargo", "check", "-p", "bench-deps"], env)
    print(f"{'row':<14} {'lines':>7} {'median s':>9} {'min':>6} {'max':>6} {'peak GB':>8}")
    for row in rows:
        spec, flags = ROWS[row]
        spec_path = CACHE / "specs" / spec
        if not spec_path.exists():
            sys.exit(f"{spec_path} is missing: run tests/corpus/fetch.sh")
        out = WORK / "crates" / row / "src" / "lib.rs"
        subprocess.run([args.bin, "generate", str(spec_path), "-o", str(out), *flags],
                       check=True, stdout=subprocess.DEVNULL)
        walls, peaks = [], []
        for _ in range(args.runs):
            os.utime(out)
            wall, peak = timed(["cargo", "check", "-p", f"bench-{row}"], env)
            walls.append(wall)
            peaks.append(peak)
        lines = sum(1 for _ in out.open())
        print(f"{row:<14} {lines:>7} {statistics.median(walls):>9.1f} {min(walls):>6.1f} "
              f"{max(walls):>6.1f} {statistics.median(peaks):>8.2f}", flush=True)


if __name__ == "__main__":
    main()
