#!/usr/bin/env python3
"""Cross-check openapi-forge's Swagger 2.0 conversion against an independent converter.

For every Swagger 2.0 row of specs.tsv, this script

1. converts the original with the npm package swagger2openapi (pinned below, installed
   into a cache outside the repository on first use), run as
   `swagger2openapi --patch -o out.json in.json`. `--patch` lets the converter repair
   small spec errors instead of stopping (the same leniency openapi-forge's loader has);
2. generates Rust with openapi-forge (`generate SPEC --client --server`) from the
   original 2.0 document and from the converted 3.0 document;
3. compares the public surface of the two outputs: the generated type names (structs,
   enums, aliases, traits, per module), each struct's fields with their Rust types, each
   enum's variants with their payloads, and the signatures of the `pub fn`s in `impl`
   blocks (the client's methods) and of the server trait's methods. Doc comments,
   attributes, function bodies and the `@generated` header are ignored, and so is the
   runtime module (`forge_support`), which is the same for every spec.

Types that exist on one side only but have the same shape as a type that exists on the
other side only are reported once, as a rename, and the rename is applied before the
remaining items are compared, so one renamed request body does not show up as ten
differences.

Differences are findings, not failures: the script exits 0 when it ran, 1 when a tool
(npm, the converter, the generator) could not be run at all, and 2 on bad usage. A spec
that one path fails to generate is reported as such in the table.

Usage:
    tests/corpus/swagger2_crosscheck.py [--only NAME]... [--max-diffs N] [--report FILE]

Environment:
    FORGE_BIN            the generator (default: <repo>/target/release/openapi-forge)
    FORGE_CORPUS_DIR     the corpus cache (default: ~/.cache/openapi-forge-corpus)
    FORGE_XCHECK_DIR     converter install and work files
                         (default: ~/.cache/openapi-forge/swagger2openapi)
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import corpus  # noqa: E402  (manifest parsing shared with run.sh)

CONVERTER = "swagger2openapi"
CONVERTER_VERSION = "7.0.8"
SKIPPED_MODULES = {"forge_support", "runtime"}


# ---------------------------------------------------------------------------
# Tools


def tool_failure(msg):
    print(f"swagger2_crosscheck: {msg}", file=sys.stderr)
    sys.exit(1)


def install_converter(base):
    """Install the pinned converter under `base` unless that version is already there."""
    pkg_json = os.path.join(base, "node_modules", CONVERTER, "package.json")
    binary = os.path.join(base, "node_modules", ".bin", CONVERTER)
    try:
        with open(pkg_json, encoding="utf-8") as f:
            if json.load(f).get("version") == CONVERTER_VERSION and os.path.exists(binary):
                return binary
    except (OSError, ValueError):
        pass
    os.makedirs(base, exist_ok=True)
    print(f"installing npm package {CONVERTER}@{CONVERTER_VERSION} into {base}", file=sys.stderr)
    cmd = ["npm", "install", "--no-audit", "--no-fund", "--prefix", base,
           f"{CONVERTER}@{CONVERTER_VERSION}"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        tool_failure(f"cannot run npm: {e}")
    if r.returncode != 0 or not os.path.exists(binary):
        tool_failure(f"npm install failed:\n{r.stderr}")
    return binary


def run(cmd, log_path, timeout=600):
    """Run `cmd`; return (ok, seconds). The output goes to `log_path`."""
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        with open(log_path, "w", encoding="utf-8") as f:
            f.write(f"timed out after {timeout} s\n")
        return False, time.monotonic() - start
    except OSError as e:
        tool_failure(f"cannot run {cmd[0]}: {e}")
    with open(log_path, "w", encoding="utf-8") as f:
        f.write(f"$ {' '.join(cmd)}\nexit {r.returncode}\n--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}")
    return r.returncode == 0, time.monotonic() - start


# ---------------------------------------------------------------------------
# A small Rust tokenizer, enough for prettyplease output

TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?\*/)
    | (?P<raw_str>b?r(?P<hashes>\#*)".*?"(?P=hashes))
    | (?P<str>b?"(?:[^"\\]|\\.)*")
    | (?P<char>b?'(?:[^'\\]|\\.)')
    | (?P<lifetime>'[A-Za-z_][A-Za-z0-9_]*)
    | (?P<ident>r\#[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)
    | (?P<num>[0-9][0-9A-Za-z_.]*)
    | (?P<punct>::|->|=>|==|!=|<=|>=|&&|\|\||\.\.=|\.\.|[^\s])
    """,
    re.VERBOSE | re.DOTALL,
)

OPEN = {"(": ")", "[": "]", "{": "}"}


def tokenize(text):
    out = []
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "line_comment", "block_comment"):
            continue
        if kind == "hashes":  # only inside raw_str
            kind = "raw_str"
        out.append(m.group(0))
    return out


def skip_balanced(toks, i):
    """toks[i] is an opening bracket; return the index after its partner."""
    depth = 0
    while i < len(toks):
        t = toks[i]
        if t in OPEN:
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def skip_generics(toks, i):
    """toks[i] is '<'; return the index after the matching '>'."""
    depth = 0
    while i < len(toks):
        t = toks[i]
        if t == "<":
            depth += 1
        elif t == ">":
            depth -= 1
            if depth == 0:
                return i + 1
        elif t == "->":
            pass
        i += 1
    return i


def join_tokens(toks):
    """Render a type or signature canonically: no spaces except where Rust needs them."""
    s = ""
    prev = ""
    for t in toks:
        prev_word = re.search(r"[A-Za-z0-9_']$", prev) is not None
        if t == "::" and (not prev_word or prev in ("impl", "dyn", "mut", "const", "as")):
            continue  # a leading `::` (`::std::string::String`): compare the short form
        word = re.match(r"[A-Za-z0-9_']", t) is not None
        if s and word and prev_word:
            s += " "
        elif t in ("->", "+", "=") or prev in ("->", "+", "=", ","):
            s += " "
        s += t
        prev = t
    # prettyplease adds a trailing comma when it breaks a long generic list.
    s = re.sub(r",\s*([>)\]])", r"\1", s)
    # Paths are spelled in full in some places and short in others; compare the short form.
    s = re.sub(r"\bstd::(option|string|vec|collections|boxed|convert|marker|result)::", "", s)
    s = re.sub(r"\b(super|self)::", "", s)
    return s


def split_top(toks, sep=","):
    """Split a token list on `sep` at bracket depth 0 (counting <> too)."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in ("(", "[", "{", "<"):
            depth += 1
        elif t in (")", "]", "}", ">"):
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def strip_attrs(toks):
    out, i = [], 0
    while i < len(toks):
        if toks[i] == "#" and i + 1 < len(toks) and toks[i + 1] in ("[", "!"):
            j = i + 1
            if toks[j] == "!":
                j += 1
            i = skip_balanced(toks, j)
            continue
        out.append(toks[i])
        i += 1
    return out


def strip_vis(toks):
    if toks and toks[0] == "pub":
        toks = toks[1:]
        if toks and toks[0] == "(":
            toks = toks[skip_balanced(toks, 0):]
    return toks


# ---------------------------------------------------------------------------
# The public surface


class Surface:
    def __init__(self):
        # key -> value; keys look like "type client::ListPetsParams",
        # "field client::ListPetsParams.limit", "variant server::X::Ok", "fn client::Client::list_pets"
        self.items = {}
        # type key -> list of member keys (for rename matching)
        self.kinds = {}

    def add(self, key, value):
        n = 2
        k = key
        while k in self.items:  # the same name in two impl blocks, for instance
            k = f"{key}#{n}"
            n += 1
        self.items[k] = value


def parse_fields(body, sink, owner, prefix):
    body = strip_attrs(body)
    for part in split_top(body):
        part = strip_vis(part)
        if len(part) >= 2 and part[1] == ":":
            sink.add(f"{prefix} {owner}.{part[0]}", join_tokens(part[2:]))
        elif part:
            sink.add(f"{prefix} {owner}.?", join_tokens(part))


def parse_fn_sig(toks, i):
    """toks[i] == 'fn'. Return (name, signature, index after the fn)."""
    name = toks[i + 1]
    j = i + 2
    if j < len(toks) and toks[j] == "<":
        j = skip_generics(toks, j)
    end = skip_balanced(toks, j)
    args = []
    for part in split_top(strip_attrs(toks[j + 1:end - 1])):
        if len(part) >= 2 and part[1] == ":":
            args.append(f"{part[0]}: {join_tokens(part[2:])}")
        else:
            args.append(join_tokens(part))
    k = end
    ret = []
    if k < len(toks) and toks[k] == "->":
        k += 1
        while k < len(toks) and toks[k] not in ("{", ";", "where"):
            ret.append(toks[k])
            k += 1
    while k < len(toks) and toks[k] not in ("{", ";"):
        k += 1
    if k < len(toks) and toks[k] == "{":
        k = skip_balanced(toks, k)
    else:
        k += 1
    sig = f"({', '.join(args)})"
    if ret:
        sig += f" -> {join_tokens(ret)}"
    return name, sig, k


def parse_items(toks, i, end, module, sink):
    while i < end:
        t = toks[i]
        if t == "#":
            j = i + 1
            if toks[j] == "!":
                j += 1
            i = skip_balanced(toks, j)
            continue
        if t == ";":
            i += 1
            continue
        pub = t == "pub"
        j = i + 1 if pub else i
        if pub and j < end and toks[j] == "(":
            j = skip_balanced(toks, j)
        kw = toks[j]
        if kw == "mod":
            name = toks[j + 1]
            if toks[j + 2] == ";":
                i = j + 3
                continue
            close = skip_balanced(toks, j + 2)
            if name not in SKIPPED_MODULES:
                sub = f"{module}::{name}" if module else name
                parse_items(toks, j + 3, close - 1, sub, sink)
            i = close
            continue
        if kw in ("struct", "enum", "union", "trait", "type") and pub:
            name = toks[j + 1]
            owner = f"{module}::{name}" if module else name
            k = j + 2
            if k < end and toks[k] == "<":
                k = skip_generics(toks, k)
            if kw == "type":
                semi = k
                while toks[semi] != ";":
                    semi += 1
                sink.add(f"type {owner}", "alias = " + join_tokens(toks[k + 1:semi]))
                i = semi + 1
                continue
            if kw == "trait":
                while toks[k] != "{":
                    k += 1
                close = skip_balanced(toks, k)
                sink.add(f"type {owner}", "trait")
                m = k + 1
                while m < close - 1:
                    if toks[m] == "fn":
                        fname, sig, m = parse_fn_sig(toks, m)
                        sink.add(f"fn {owner}::{fname}", sig)
                    elif toks[m] == "#":
                        m = skip_balanced(toks, m + 1)
                    elif toks[m] in OPEN:
                        m = skip_balanced(toks, m)
                    else:
                        m += 1
                i = close
                continue
            while k < end and toks[k] not in ("{", "(", ";"):
                k += 1  # where clauses
            if toks[k] == ";":
                sink.add(f"type {owner}", f"{kw} (unit)")
                i = k + 1
                continue
            close = skip_balanced(toks, k)
            body = toks[k + 1:close - 1]
            if toks[k] == "(":
                parts = [join_tokens(strip_vis(p)) for p in split_top(strip_attrs(body))]
                sink.add(f"type {owner}", f"{kw} ({', '.join(parts)})")
                i = close + 1 if close < end and toks[close] == ";" else close
                continue
            sink.add(f"type {owner}", kw)
            if kw == "enum":
                for part in split_top(strip_attrs(body)):
                    if not part:
                        continue
                    vname = part[0]
                    rest = part[1:]
                    if rest and rest[0] == "{":
                        inner = rest[1:-1]
                        fields = []
                        for f in split_top(strip_attrs(inner)):
                            if len(f) >= 2 and f[1] == ":":
                                fields.append(f"{f[0]}: {join_tokens(f[2:])}")
                        payload = "{ " + ", ".join(fields) + " }"
                    elif rest and rest[0] == "(":
                        payload = "(" + ", ".join(join_tokens(p) for p in split_top(rest[1:-1])) + ")"
                    elif rest and rest[0] == "=":
                        payload = join_tokens(rest)
                    else:
                        payload = "(unit)"
                    sink.add(f"variant {owner}::{vname}", payload)
            else:
                parse_fields(body, sink, owner, "field")
            i = close
            continue
        if kw == "impl" or (kw == "unsafe" and toks[j + 1] == "impl"):
            k = j
            while toks[k] != "{":
                k += 1
            header = toks[j + 1:k]
            close = skip_balanced(toks, k)
            # Only inherent impls: trait impls (`impl X for Y`) are derived plumbing.
            if "for" not in header:
                if header and header[0] == "<":
                    header = header[skip_generics(header, 0):]
                target = join_tokens(header)
                owner = f"{module}::{target}" if module else target
                m = k + 1
                while m < close - 1:
                    if toks[m] == "#":
                        m = skip_balanced(toks, m + 1)
                        continue
                    if toks[m] == "pub":
                        n = m + 1
                        while toks[n] in ("async", "const", "unsafe", "(", "crate", ")"):
                            n += 1
                        if toks[n] == "fn":
                            fname, sig, m = parse_fn_sig(toks, n)
                            sink.add(f"fn {owner}::{fname}", sig)
                            continue
                    if toks[m] == "fn":
                        _, _, m = parse_fn_sig(toks, m)  # private helpers
                        continue
                    if toks[m] in OPEN:
                        m = skip_balanced(toks, m)
                    else:
                        m += 1
            i = close
            continue
        # Anything else (use, const, static, fn, macro calls): skip to the end of the item.
        k = j
        while k < end and toks[k] not in (";", "{", "(", "["):
            k += 1
        if k < end and toks[k] == ";":
            i = k + 1
            continue
        if k < end and toks[k] == "!":
            k += 1
        if k < end:
            k = skip_balanced(toks, k)
            if kw == "fn":  # `fn f(...) -> T { }`: skip the body too
                while k < end and toks[k] not in ("{", ";"):
                    k += 1
                if k < end and toks[k] == "{":
                    k = skip_balanced(toks, k)
            if k < end and toks[k] == ";":
                k += 1
        i = max(k, i + 1)


def surface_of(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    toks = tokenize(text)
    sink = Surface()
    parse_items(toks, 0, len(toks), "", sink)
    return sink.items


# ---------------------------------------------------------------------------
# Comparison


def type_names(items):
    return {k[5:] for k in items if k.startswith("type ")}


def shape(items, tname):
    """A type's shape with its own name blanked, for rename matching."""
    members = []
    for k, v in items.items():
        for prefix, sep in (("field ", "."), ("variant ", "::"), ("fn ", "::")):
            if k.startswith(prefix + tname + sep):
                members.append((prefix, k[len(prefix) + len(tname):], v))
    return (items.get("type " + tname), tuple(sorted(members)))


def rename_items(items, renames):
    """Apply {old: new} (full module paths) to keys and to the types in values."""
    if not renames:
        return items
    short = {}
    for old, new in renames.items():
        short[old.rsplit("::", 1)[-1]] = new.rsplit("::", 1)[-1]
    pattern = re.compile(r"\b(" + "|".join(re.escape(o) for o in sorted(short, key=len, reverse=True)) + r")\b")

    def fix(s):
        return pattern.sub(lambda m: short[m.group(1)], s)

    out = {}
    for k, v in items.items():
        out[fix(k)] = fix(v)
    return out


def compare(forge, conv):
    """Return a list of (kind, key, forge_value, converter_value)."""
    diffs = []
    only_f = sorted(type_names(forge) - type_names(conv))
    only_c = sorted(type_names(conv) - type_names(forge))
    renames = {}
    used = set()
    for c in only_c:
        sc = shape(conv, c)
        mod_c = c.rsplit("::", 1)[0] if "::" in c else ""
        for f in only_f:
            mod_f = f.rsplit("::", 1)[0] if "::" in f else ""
            if f in used or mod_f != mod_c:
                continue
            if shape(forge, f) == sc:
                renames[c] = f
                used.add(f)
                diffs.append(("renamed", f, f, c))
                break
    # Names can depend on one another (a renamed body makes its params struct match too):
    # apply the renames found so far and look again, a few times.
    conv2 = rename_items(conv, renames)
    for _ in range(3):
        only_f = sorted(type_names(forge) - type_names(conv2))
        only_c = sorted(type_names(conv2) - type_names(forge))
        more = {}
        for c in only_c:
            mod_c = c.rsplit("::", 1)[0] if "::" in c else ""
            for f in only_f:
                mod_f = f.rsplit("::", 1)[0] if "::" in f else ""
                if f in used or mod_f != mod_c:
                    continue
                if shape(forge, f) == shape(conv2, c):
                    more[c] = f
                    used.add(f)
                    diffs.append(("renamed", f, f, c))
                    break
        if not more:
            break
        conv2 = rename_items(conv2, more)
    for key in sorted(set(forge) | set(conv2)):
        fv, cv = forge.get(key), conv2.get(key)
        if fv == cv:
            continue
        if key.startswith("type ") or not _owner_differs(key, forge, conv2):
            kind = "only-forge" if cv is None else "only-converter" if fv is None else "changed"
            diffs.append((kind, key, fv, cv))
    return diffs


def _owner_differs(key, forge, conv):
    """A member of a type that exists on one side only is covered by the type's own line."""
    m = re.match(r"(field|variant|fn) (.*?)(\.[^.]*|::[^:]*)$", key)
    if not m:
        return False
    owner = m.group(2)
    in_f = ("type " + owner) in forge
    in_c = ("type " + owner) in conv
    return in_f != in_c


def fmt_diff(d):
    kind, key, fv, cv = d
    if kind == "renamed":
        return f"renamed   type {fv}  (converter: {cv})"
    if kind == "only-forge":
        return f"only forge      {key} = {fv}"
    if kind == "only-converter":
        return f"only converter  {key} = {cv}"
    return f"changed   {key}\n            forge:     {fv}\n            converter: {cv}"


# ---------------------------------------------------------------------------


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", default=[], help="one spec (repeatable)")
    ap.add_argument("--max-diffs", type=int, default=40,
                    help="differences listed per spec (default 40; 0 lists all)")
    ap.add_argument("--report", help="also write the differences to this file "
                    "(default: <work>/report.txt)")
    args = ap.parse_args(argv)

    forge_bin = os.environ.get("FORGE_BIN", os.path.join(REPO, "target", "release", "openapi-forge"))
    if not os.path.exists(forge_bin):
        tool_failure(f"no generator at {forge_bin}: run `cargo build --release` or set FORGE_BIN")
    cache = os.environ.get("FORGE_CORPUS_DIR", os.path.expanduser("~/.cache/openapi-forge-corpus"))
    base = os.environ.get("FORGE_XCHECK_DIR", os.path.expanduser("~/.cache/openapi-forge/swagger2openapi"))
    converter = install_converter(base)
    work = os.path.join(base, "work")
    os.makedirs(work, exist_ok=True)

    rows = [r for r in corpus.read_manifest(os.path.join(HERE, "specs.tsv")) if r[3] == "2.0"]
    if args.only:
        unknown = set(args.only) - {r[0] for r in rows}
        if unknown:
            print(f"swagger2_crosscheck: not a 2.0 row: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        rows = [r for r in rows if r[0] in args.only]

    missing = [r[0] for r in rows if not os.path.exists(os.path.join(cache, "specs", f"{r[0]}.{r[5]}"))]
    if missing:
        tool_failure(f"specs missing from {cache}/specs (run tests/corpus/fetch.sh): {', '.join(missing)}")

    results = []
    report = []
    for name, _pkg, _rel, _oas, _expect, ext in rows:
        spec = os.path.join(cache, "specs", f"{name}.{ext}")
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        converted = os.path.join(d, "converted.json")
        out_f = os.path.join(d, "forge.rs")
        out_c = os.path.join(d, "converter.rs")
        for p in (converted, out_f, out_c):
            if os.path.exists(p):
                os.remove(p)
        ok_conv, _ = run([converter, "--patch", "-o", converted, spec], os.path.join(d, "convert.log"))
        ok_f, _ = run([forge_bin, "generate", spec, "--client", "--server", "-o", out_f],
                      os.path.join(d, "forge.log"))
        ok_c = False
        if ok_conv:
            ok_c, _ = run([forge_bin, "generate", converted, "--client", "--server", "-o", out_c],
                          os.path.join(d, "converter.log"))
        row = {"spec": name}
        if not ok_f or not ok_c:
            why = []
            if not ok_f:
                why.append("forge (2.0) failed")
            if not ok_conv:
                why.append("converter failed")
            elif not ok_c:
                why.append("forge (converted 3.0) failed")
            row.update(ft="-", ct="-", same="error", n="-", note="; ".join(why))
            results.append(row)
            report.append(f"== {name}: {'; '.join(why)} (logs in {d})")
            continue
        sf, sc = surface_of(out_f), surface_of(out_c)
        diffs = compare(sf, sc)
        row.update(ft=len(type_names(sf)), ct=len(type_names(sc)),
                   same="yes" if not diffs else "no", n=len(diffs), note="")
        results.append(row)
        if diffs:
            shown = diffs if args.max_diffs == 0 else diffs[:args.max_diffs]
            report.append(f"== {name}: {len(diffs)} difference(s)"
                          + (f", first {len(shown)}" if len(shown) < len(diffs) else ""))
            report.extend("  " + fmt_diff(x) for x in shown)

    header = ("spec", "forge-types", "converter-types", "identical", "differences")
    table = [header] + [(r["spec"], str(r["ft"]), str(r["ct"]), r["same"], str(r["n"])) for r in results]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print(f"converter: npm package {CONVERTER}@{CONVERTER_VERSION} (--patch); generator: {forge_bin}")
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    same = sum(1 for r in results if r["same"] == "yes")
    failed = sum(1 for r in results if r["same"] == "error")
    print(f"\n{len(results)} specs: {same} identical, {len(results) - same - failed} with differences, "
          f"{failed} not generated on one path")
    for r in results:
        if r["note"]:
            print(f"  {r['spec']}: {r['note']}")
    print()
    print("\n".join(report))
    report_path = args.report or os.path.join(work, "report.txt")
    with open(report_path, "w", encoding="utf-8") as f:
        for row in table:
            f.write("\t".join(row) + "\n")
        f.write("\n" + "\n".join(report) + "\n")
    print(f"\nreport: {report_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
