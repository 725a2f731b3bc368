#!/usr/bin/env python3
"""The JSON Schema Test Suite (draft 2020-12) through a generated server.

Every test group of the suite becomes one operation whose request body is the
group's schema; the generated axum server is built and started, each test's
instance is posted, and the server's verdict (2xx accepted, 4xx refused) is
compared with the suite's. This is the field's own conformance suite, run the
way a user meets it: "the server validates requests against the spec".

Each failing test is classified by what the user was told:
  refused  the generator refused the group's schema with an error;
  warned   the generator warned about a keyword of the group (the user knows);
  silent   nothing was said: the worst kind, which the project rules out.

Usage: tests/jsonschema/run.py [--write] [--keep]
  --write  rewrite docs/jsonschema-suite.md with the results
  (default) compare the results with docs/jsonschema-suite.md and exit 1 when
           they differ, so the published figures never drift from the truth
Env: FORGE_BIN (default: target/release/openapi-forge, built if missing).

The suite (tests/jsonschema/suite, vendored with its licence) adapts in one
way: a schema sits under /components/schemas/G<n> of an OpenAPI 3.1 document,
so its document-relative `$ref`s ("#/$defs/a", "#") are rebased there.
"""

import concurrent.futures
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "tests/jsonschema/suite/draft2020-12"
DOC = REPO / "docs/jsonschema-suite.md"
WORK = REPO / "target/jsonschema-suite"
# Groups whose expected verdicts contradict a choice the server makes on
# purpose, with the reason: they are reported as "by design", not failures.
BY_DESIGN = {
    "format": "the server asserts formats (the optional format-assertion "
              "vocabulary, tested under `format: …`); this file expects "
              "format to be an annotation only",
}
# Format checks the server makes (optional in 2020-12: an assertion only
# when the format-assertion vocabulary is on, which a validating server is).
FORMATS = ["date-time", "date", "time", "duration", "email", "hostname",
           "ipv4", "ipv6", "uri", "uuid"]


def groups():
    """(keyword, index in file, group) for every group the run covers."""
    out = []
    for path in sorted(SUITE.glob("*.json")):
        for i, group in enumerate(json.loads(path.read_text())):
            out.append((path.stem, i, group))
    for name in FORMATS:
        path = SUITE / "optional/format" / f"{name}.json"
        for i, group in enumerate(json.loads(path.read_text())):
            out.append((f"format: {name}", i, group))
    return out


def rebase(schema, base):
    """The schema with document-relative `$ref`s pointing under `base`."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str) and value.startswith("#"):
                rest = value[1:]
                out[key] = "#" + base + rest if rest == "" or rest.startswith("/") else value
            elif key in ("const", "enum", "default", "examples"):
                out[key] = value  # instances, not schemas
            else:
                out[key] = rebase(value, base)
        return out
    if isinstance(schema, list):
        return [rebase(item, base) for item in schema]
    return schema


def document(entries):
    """An OpenAPI 3.1 document with one POST per (name, schema)."""
    paths, schemas = {}, {}
    for name, schema in entries:
        schemas[name] = rebase(schema, f"/components/schemas/{name}")
        paths[f"/{name.lower()}"] = {"post": {
            "operationId": name.lower(),
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{name}"}}}},
            "responses": {"204": {"description": "accepted"}},
        }}
    return {"openapi": "3.1.0", "info": {"title": "JSON Schema Test Suite", "version": "1"},
            "paths": paths, "components": {"schemas": schemas}}


def forge(bin_path, doc, out):
    """Generate the server for `doc`: (exit code, stderr lines)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    try:
        proc = subprocess.run([bin_path, "generate", f.name, "-o", str(out), "--server",
                               "--message-format=json"],
                              capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(f.name)
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()
                             if line.startswith("{")]


def said(messages):
    """The generator's diagnostics as `level: at POINTER: message`."""
    return [f"{m['level']}: at {m.get('pointer') or '/'}: {m['message']}" for m in messages]


def classify(bin_path, entries):
    """For each group: (accepted, messages), from generating it alone."""
    def one(entry):
        name, schema = entry
        with tempfile.TemporaryDirectory() as tmp:
            code, lines = forge(bin_path, document([(name, schema)]), Path(tmp) / "g.rs")
        return name, (code == 0, said(lines))
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(pool.map(one, entries))


SERVER_MAIN = """\
// Only the server part is used: the support code has more than it needs.
#[allow(dead_code, unused_imports)]
mod api;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    axum::serve(listener, api::server::router(api::suite::Suite)).await.unwrap();
}
"""

CARGO_TOML = """\
[package]
name = "jsonschema-suite-server"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
axum = { version = "0.8", default-features = false, features = ["http1", "tokio", "query", "form"] }
tokio = { version = "1", features = ["macros", "rt", "net"] }
percent-encoding = "2"
futures-util = "0.3"
bytes = "1"
regex = "1"

[workspace]
"""


def suite_impl(generated):
    """An `Api` implementation that accepts every request the router passes
    on: the trait's signatures, each answered with its 204 variant."""
    trait = re.search(r"pub trait Api\b.*?\{\n(.*?)\n    \}\n", generated, re.S)
    if not trait:
        sys.exit("run.py: no `Api` trait in the generated server")
    body = re.sub(r"^\s*///.*\n", "", trait.group(1), flags=re.M)
    body = re.sub(r"(Output = (\w+)>\s*\+\s*::std::marker::Send);",
                  r"\1 { async { super::server::\2::NoContent } }", body)
    return ("\npub mod suite {\n    use super::server::*;\n    pub struct Suite;\n"
            "    #[allow(unused_variables)]\n    impl Api for Suite {\n" + body + "\n    }\n}\n")


def build_server(bin_path, entries):
    """Generate, build and start the server; returns (process, port)."""
    crate = WORK / "server"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(CARGO_TOML)
    lock = REPO / "Cargo.lock"
    if lock.exists() and not (crate / "Cargo.lock").exists():
        (crate / "Cargo.lock").write_text(lock.read_text())  # the versions we test with
    (crate / "src/main.rs").write_text(SERVER_MAIN)
    out = crate / "src/api.rs"
    code, lines = forge(bin_path, document(entries), out)
    if code != 0:
        sys.exit("run.py: the suite's document was refused:\n" + "\n".join(said(lines)[-20:]))
    generated = out.read_text()
    out.write_text(generated + suite_impl(generated))
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"))
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=crate, env=env, check=True)
    exe = WORK / "target/release/jsonschema-suite-server"
    proc = subprocess.Popen([str(exe)], stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    return proc, port


def post(port, name, instance):
    """The server's verdict on `instance`: True accepted, False refused,
    or the unexpected status as text."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{name.lower()}", data=json.dumps(instance).encode(),
        headers={"content-type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as e:
        status = e.code
    if 200 <= status < 300:
        return True
    if 400 <= status < 500:
        return False
    return f"status {status}"


def run():
    bin_path = os.environ.get("FORGE_BIN", str(REPO / "target/release/openapi-forge"))
    if not Path(bin_path).exists():
        subprocess.run(["cargo", "build", "--release", "-q", "--bin", "openapi-forge"],
                       cwd=REPO, check=True)
    all_groups = groups()
    names = {(kw, i): f"G{n}" for n, (kw, i, _) in enumerate(all_groups)}
    entries = [(names[(kw, i)], g["schema"]) for kw, i, g in all_groups]
    verdicts = classify(bin_path, entries)
    accepted = [(n, s) for n, s in entries if verdicts[n][0]]
    proc, port = build_server(bin_path, accepted)
    results = []  # (keyword, group description, test description, outcome, note)
    try:
        for kw, i, group in all_groups:
            name = names[(kw, i)]
            ok, messages = verdicts[name]
            warned = [m for m in messages if m.startswith("warning")]
            for test in group["tests"]:
                if not ok:
                    results.append((kw, group, test, "refused", messages[-1] if messages else ""))
                    continue
                got = post(port, name, test["data"])
                if got is test["valid"]:
                    results.append((kw, group, test, "pass", ""))
                elif kw in BY_DESIGN:
                    results.append((kw, group, test, "by design", BY_DESIGN[kw]))
                elif warned:
                    results.append((kw, group, test, "warned", warned[0]))
                else:
                    why = got if isinstance(got, str) else ("refused a valid instance" if test["valid"]
                                                            else "accepted an invalid instance")
                    results.append((kw, group, test, "silent", why))
    finally:
        proc.terminate()
    return results


def report(results):
    """The markdown the docs publish."""
    by_kw = {}
    for kw, _, _, outcome, _ in results:
        counts = by_kw.setdefault(
            kw, {"pass": 0, "by design": 0, "refused": 0, "warned": 0, "silent": 0})
        counts[outcome] += 1
    total = {k: sum(c[k] for c in by_kw.values())
             for k in ("pass", "by design", "refused", "warned", "silent")}
    n = len(results)
    lines = [
        "# The JSON Schema Test Suite through a generated server",
        "",
        "<!-- Written by `tests/jsonschema/run.py --write`; CI fails when it is stale. -->",
        "",
        "Each test group of the official JSON Schema Test Suite (draft 2020-12, and",
        "the optional format tests for the formats the server checks) becomes one",
        "operation whose request body is the group's schema. The generated axum",
        "server is built and started, every instance is posted, and the server's",
        "verdict (2xx accepted, 4xx refused) is compared with the suite's.",
        "",
        "A failing test is *warned* when the generator warned about a keyword of its",
        "schema (the user was told), *refused* when the generator refused the schema",
        "with an error, and *silent* when nothing was said. *By design* marks",
        "tests whose verdict contradicts a deliberate choice (the reason is",
        "listed with each).",
        "",
        f"**{total['pass']} of {n} tests pass** ({100 * total['pass'] / n:.1f} %); "
        f"{total['warned']} fail with a warning, {total['refused']} are refused, "
        f"{total['silent']} fail silently, {total['by design']} differ by design.",
        "",
        "| keyword | tests | pass | warned | refused | silent | by design |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kw in sorted(by_kw):
        c = by_kw[kw]
        t = sum(c.values())
        lines.append(f"| `{kw}` | {t} | {c['pass']} | {c['warned']} | {c['refused']} | "
                     f"{c['silent']} | {c['by design']} |")
    lines += ["", "## Every failing test", "",
              "| keyword | group | test | outcome | what was said, or why |", "|---|---|---|---|---|"]
    for kw, group, test, outcome, note in results:
        if outcome != "pass":
            cells = [kw, group["description"], test["description"], outcome, note]
            cells = [c.replace("|", "\\|").replace("\n", " ") for c in cells]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    write = "--write" in sys.argv[1:]
    start = time.monotonic()
    text = report(run())
    summary = next(line for line in text.splitlines() if line.startswith("**"))
    print(summary)
    print(f"({time.monotonic() - start:.0f} s)")
    if write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text)
        print(f"wrote {DOC.relative_to(REPO)}")
        return 0
    published = DOC.read_text() if DOC.exists() else ""
    if published != text:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(
            published.splitlines(True), text.splitlines(True),
            str(DOC.relative_to(REPO)), "this run"))
        print("run.py: the results differ from docs/jsonschema-suite.md: "
              "if the change is intended, run tests/jsonschema/run.py --write and commit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
