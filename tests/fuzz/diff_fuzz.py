#!/usr/bin/env python3
"""Fuzz `openapi-forge diff` with the generator fuzzer's mutants.

A mutant is a spec change by construction: each of fuzz.py's mutants
(same seeds, same mutations, same `--seed`) is compared with the spec it
was made from, both ways round. A run fails when `diff`

  * exits with anything but 0 (nothing breaks), 1 (something breaks) or
    2 (a spec does not load),
  * prints "panicked", or runs longer than --timeout seconds,
  * exits 0 or 1 without a report, or 2 without a message.

Usage: tests/fuzz/diff_fuzz.py [--seed N] [--count N] [--bin PATH]
"""
import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz  # noqa: E402  (the mutants and seeds live there)


def run(binary, old, new, timeout):
    t0 = time.monotonic()
    try:
        p = subprocess.run([binary, "diff", old, new, "--client", "--server"], capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=timeout, cwd=os.path.dirname(old))
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout} s", None
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if "panicked" in out + err:
        return f"panicked (exit {p.returncode})", p.returncode
    if p.returncode not in (0, 1, 2):
        return f"exit code {p.returncode}", p.returncode
    if p.returncode in (0, 1) and not out.startswith("openapi-forge diff "):
        return f"exit {p.returncode} without a report", p.returncode
    if p.returncode == 2 and not err.strip():
        return "exit 2 without a message", p.returncode
    if time.monotonic() - t0 > timeout:
        return "too slow", p.returncode
    return None, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=fuzz.DEFAULT_SEED)
    ap.add_argument("--count", type=int, default=600)
    ap.add_argument("--bin", default=os.path.join(fuzz.REPO, "target", "release", "openapi-forge"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args()
    seeds = fuzz.load_seeds(not args.no_corpus)
    work = tempfile.mkdtemp(prefix="forge-diff-fuzz-")
    for f in os.listdir(fuzz.EXTERNAL_DIR):
        shutil.copy(os.path.join(fuzz.EXTERNAL_DIR, f), work)
    by_name = {name: text for name, text, _ in seeds}

    def one(index):
        name, _, done, text = fuzz.make_mutant(args.seed, index, seeds)
        old = os.path.join(work, f"s{index:05d}.json")
        new = os.path.join(work, f"m{index:05d}.json")
        with open(old, "w", encoding="utf-8") as fh:
            fh.write(by_name[name])
        with open(new, "w", encoding="utf-8") as fh:
            fh.write(text)
        results = [run(args.bin, old, new, args.timeout), run(args.bin, new, old, args.timeout)]
        os.remove(old)
        os.remove(new)
        return index, name, done, results

    codes = {}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for index, name, done, results in pool.map(one, range(args.count)):
            for (why, code), way in zip(results, ("seed→mutant", "mutant→seed")):
                codes[code] = codes.get(code, 0) + 1
                if why:
                    failures.append(f"mutant {index} ({name}: {'; '.join(done)}), {way}: {why}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"diff fuzz: seed {args.seed}, {args.count} mutants, {2 * args.count} runs; exit codes: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items(), key=lambda kv: str(kv[0]))))
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
