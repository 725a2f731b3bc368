#!/usr/bin/env python3
"""Seeded structural mutation fuzzer for openapi-forge.

Takes seed specs (tests/specs, spec/contacts.yaml and a few small corpus
specs when the corpus is fetched), applies 1-4 targeted structural mutations
to each mutant (wrong types, broken and cyclic $refs, self-referential
composition, hostile and huge strings, bad patterns, numeric extremes, odd
versions and paths) and runs the release generator with --client --server on
every mutant. A mutant fails the run when the generator

  * exits with anything but 0 (written) or 2 (spec errors),
  * prints "panicked", or runs longer than --timeout seconds,
  * exits 0 without writing, or exits 2 having written or without a message.

Then a deterministic sample of exit-0 mutants, spread over the seeds, is
compiled as modules of one scratch crate (one `cargo check`); a compile error
fails the run and names the mutant.

Every mutant is a pure function of (--seed, index): `--index N` rebuilds and
reruns one mutant. Failing mutants are kept in --failures for replay.
See tests/fuzz/README.md.
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SEED = 20261130
CACHE = os.environ.get("FORGE_CORPUS_DIR", os.path.expanduser("~/.cache/openapi-forge-corpus"))
# Small and medium corpus specs (3.0 and 3.1) used as extra seeds when fetched.
CORPUS_SEEDS = [
    "petstore-expanded.json",
    "uspto.json",
    "petstore-31.yaml",
    "train-travel.yaml",
    "scalar-galaxy.yaml",
    "listennotes.json",
    "openai.json",
]
# tests/specs/external/main.yaml refers to its sibling files.
EXTERNAL_DIR = os.path.join(REPO, "tests", "specs", "external")

# --- loading seeds ---------------------------------------------------------


def yaml_loader():
    """A function text -> document, reading YAML as the generator does (YAML
    1.2 core schema: `yes`/`no` are strings, no timestamps), so seeds mean
    the same on every machine. PyYAML if present, else js-yaml through node
    (tests/corpus/fetch.sh puts it in the corpus cache)."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is not None:
        class Core12(yaml.SafeLoader):
            pass

        Core12.yaml_implicit_resolvers = {}
        rules = [
            ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
            ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
            ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
            ("tag:yaml.org,2002:float",
             r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
             r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
        ]
        for tag, regexp, first in rules:
            Core12.add_implicit_resolver(tag, re.compile(regexp), list(first))

        def construct_int(loader, node):
            value = loader.construct_scalar(node)
            return int(value, 16) if value.startswith("0x") else int(value, 10)

        Core12.add_constructor("tag:yaml.org,2002:int", construct_int)
        return lambda text: yaml.load(text, Loader=Core12)
    js_yaml = os.environ.get("CORPUS_JS_YAML") or os.path.join(CACHE, "tools", "js-yaml@4.1.0", "package")
    if os.path.isdir(js_yaml) and shutil.which("node"):
        script = (
            "const y=require(process.argv[1]);let s='';process.stdin.setEncoding('utf8');"
            "process.stdin.on('data',d=>s+=d);process.stdin.on('end',()=>"
            "process.stdout.write(JSON.stringify(y.load(s,{schema:y.CORE_SCHEMA}))));"
        )

        def load(text):
            out = subprocess.run(["node", "-e", script, js_yaml], input=text.encode(),
                                 capture_output=True, check=True)
            return json.loads(out.stdout)

        return load
    return None


def load_seeds(use_corpus):
    """[(name, json text, needs the external/ files)], sorted by name."""
    load_yaml = yaml_loader()
    files = []
    specs = os.path.join(REPO, "tests", "specs")
    for f in sorted(os.listdir(specs)):
        if f.endswith(".yaml"):
            files.append((f[:-5], os.path.join(specs, f), False))
    if os.path.isfile(os.path.join(EXTERNAL_DIR, "main.yaml")):
        files.append(("external", os.path.join(EXTERNAL_DIR, "main.yaml"), True))
    files.append(("contacts", os.path.join(REPO, "spec", "contacts.yaml"), False))
    if use_corpus:
        for f in CORPUS_SEEDS:
            path = os.path.join(CACHE, "specs", f)
            if os.path.isfile(path):
                files.append(("corpus-" + f.rsplit(".", 1)[0], path, False))
    seeds = []
    skipped = []
    for name, path, external in files:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        if path.endswith(".json"):
            doc = json.loads(text)
        elif load_yaml is None:
            skipped.append(name)
            continue
        else:
            doc = load_yaml(text)
        seeds.append((name, json.dumps(doc), external))
    if skipped:
        print(f"fuzz: no YAML parser (PyYAML, or node with js-yaml from tests/corpus/fetch.sh); "
              f"skipped {len(skipped)} YAML seeds", file=sys.stderr)
    seeds.sort(key=lambda s: s[0])
    return seeds


# --- hostile values --------------------------------------------------------

HOSTILE = [
    "type", "self", "Self", "crate", "super", "fn", "async", "await", "dyn", "r#type", "_", "__",
    "match", "impl", "Box", "Option", "Result", "String", "Vec", "std", "core", "serde",
    "forge_support", "client", "server", "Client", "None", "Some", "Ok", "Err", "Unknown", "VALUES",
    "1abc", "123", "0", "9_lives", "}", "{", '"', "'", "\\", "*/", "/*", "//", "#[", "]", "#![deny(warnings)]",
    "a\rb", "\r", "\n", "\t", "line\nbreak", "\u202eevil", "ab\u202ecd", "\u2066x\u2069", "nul\u0000byte", "\u0000",
    "```rust\ncompile_error!(\"doc\");\n```", "*/ compile_error!(\"comment\"); /*",
    "\"); compile_error!(\"string\"); (\"", "\\u{0}", "{}", "{0}", "%s", "", " ", "-", "--", "$", "@", "ä",
    "日本", "🦀", "\u200b", "\ufeff", "\u2028", "\x7f", "a b", "a.b", "a/b", "a-b", "a_b", "A_B", "aB", "Ab",
    "null", "true", "[]", "<script>", "&amp;", "a" * 300, "_1", "__proto__", "constructor",
]


def huge(rng):
    n = 100_000
    return rng.choice([
        "a" * n,
        "é" * (n // 2),
        "}" * n,
        "word " * (n // 5),
        "\u202e" * 1000 + "x" * n,
        "```\n" + "compile_error!(\"x\");\n" * 5000 + "```",
    ])


def hostile(rng):
    return huge(rng) if rng.random() < 0.08 else rng.choice(HOSTILE)


BAD_PATTERNS = [
    "(", ")", "[a-", "a{99999}{99999}", "(a{99999}){99999}", "(?=a)b", "(?!a)b", "(?<=a)b", "(?<!a)b",
    "(a)\\1", "\\", "*", "+a", "(?P<n>", "a{2,1}", "\\p{Nope}", "(a*)*b", "[" * 1000, "(" * 5000,
    "\\u{110000}", "\u0000", "[z-a]", "(?i", "^$" * 10000, "\\k<name>", "a**", ".{0,4294967296}",
    "\"", "\"#", "\"##", "}",
]

RAW = "@@RAW@@"  # a number that json.dumps cannot write: replaced after dumping


def raw(text):
    return RAW + text + RAW


NUMBERS = [raw("1e400"), raw("-1e400"), raw("-0"), -0.0, 0, -1, raw("1e-400"), 2 ** 64, -(2 ** 63) - 1,
           2 ** 63, 1.5, 1e308, raw("123456789012345678901234567890"), "10", None, True, [1], {"a": 1}]

WRONG_VALUES = [42, -1, 1.5, "strin", "", None, True, False, [], ["string", 1], {}, {"type": "string"},
                {"$ref": "#/nowhere"}, "x" * 1000]

TYPE_VALUES = [42, "strin", "", None, True, [], ["string", "integer"], ["null"], "null", ["string", "string"],
               {"a": 1}, "Object", "file", "any", ["object", "array", "null"], "integer", "number", "boolean",
               "array", "object", "string"]

# --- walking the document ---------------------------------------------------

SCHEMA_KEYS = {"schema", "items", "additionalProperties", "not", "contains", "if", "then", "else",
               "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems"}
SCHEMA_MAPS = {"properties", "schemas", "patternProperties", "definitions", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"allOf", "oneOf", "anyOf", "prefixItems"}
METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


def walk(node, path=()):
    """Every (container, key, value, path) below node, depth first."""
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return
    for k, v in items:
        p = path + (k,)
        yield node, k, v, p
        yield from walk(v, p)


def is_schema_path(p):
    if not p:
        return False
    if p[-1] in SCHEMA_KEYS and isinstance(p[-1], str):
        return True
    if len(p) >= 2 and p[-2] in SCHEMA_MAPS and isinstance(p[-1], str):
        # components/schemas/X, properties/X; but not the "properties" of a properties map
        return p[-2] != "schemas" or (len(p) >= 3 and p[-3] == "components")
    if len(p) >= 2 and isinstance(p[-1], int) and p[-2] in SCHEMA_LISTS:
        return True
    return False


class Doc:
    """The mutant document with indexes of its interesting places."""

    def __init__(self, doc):
        self.doc = doc
        self.refresh()

    def refresh(self):
        self.nodes = list(walk(self.doc)) if isinstance(self.doc, (dict, list)) else []
        self.schemas = [(c, k, v, p) for c, k, v, p in self.nodes if isinstance(v, dict) and is_schema_path(p)]
        self.refs = [(c, k, v, p) for c, k, v, p in self.nodes if isinstance(v, dict) and isinstance(v.get("$ref"), str)]
        self.dicts = [(c, k, v, p) for c, k, v, p in self.nodes if isinstance(v, dict)]

    def components(self, kind="schemas"):
        comps = self.doc.get("components") if isinstance(self.doc, dict) else None
        if not isinstance(comps, dict):
            return None
        section = comps.get(kind)
        return section if isinstance(section, dict) else None

    def operations(self):
        paths = self.doc.get("paths") if isinstance(self.doc, dict) else None
        out = []
        if isinstance(paths, dict):
            for template, item in paths.items():
                if isinstance(item, dict):
                    for method, op in item.items():
                        if method in METHODS and isinstance(op, dict):
                            out.append((template, method, op))
        return out


def show(path):
    def one(k):
        s = str(k)
        s = s if len(s) <= 30 else s[:27] + "..."
        return s.encode("unicode_escape").decode("ascii")
    return "/" + "/".join(one(k) for k in path)


def short(value):
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 50 else f"{text[:40]}...({len(text)} chars)"


def rename_key(mapping, old, new):
    """Rename a key of a dict in place, keeping its position."""
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


# --- mutations --------------------------------------------------------------
# Each takes (Doc, rng) and returns a description, or None when the document
# has no place for it.


def m_wrong_type(d, rng):
    if not d.schemas:
        return None
    _, _, s, p = rng.choice(d.schemas)
    value = rng.choice(TYPE_VALUES)
    s["type"] = value
    return f"wrong_type {show(p)}/type = {short(value)}"


def m_wrong_value(d, rng):
    if not d.nodes:
        return None
    c, k, _, p = rng.choice(d.nodes)
    value = rng.choice(WRONG_VALUES)
    c[k] = value
    return f"wrong_value {show(p)} = {short(value)}"


def m_delete_key(d, rng):
    targets = [(c, k, p) for c, k, _, p in d.nodes if isinstance(c, dict)]
    important = [t for t in targets if t[1] in
                 ("openapi", "info", "paths", "responses", "name", "in", "schema", "type", "items",
                  "required", "content", "title", "version", "components", "properties", "$ref")]
    pool = important if important and rng.random() < 0.7 else targets
    if not pool:
        return None
    c, k, p = rng.choice(pool)
    del c[k]
    return f"delete {show(p)}"


def m_ref_broken(d, rng):
    if not d.refs:
        return None
    _, _, r, p = rng.choice(d.refs)
    target = rng.choice([
        "#/components/schemas/Nowhere", "#/nope/x", "#", "", "#/", "#/components/schemas/",
        "http://example.invalid/x.json#/A", "nowhere.yaml#/A", "nowhere.json", "../../../../../etc/passwd",
        "../outside.yaml#/X", "/etc/hostname", "file:///etc/passwd", "#/components/schemas/A~2B",
        "#/components/schemas/%7B", "#/paths/~1", "#/info", "#/openapi", "#/components", "#/paths",
        "#/components/schemas/" + "x" * 5000, "#//", "#/components/parameters/Nowhere", "\u0000", 42,
        "#/components/schemas/Pet/properties/id", "#/components/responses/Nowhere",
    ])
    r["$ref"] = target
    if rng.random() < 0.3:
        r["description"] = "a sibling of $ref"
        r["type"] = "string"
    return f"ref_broken {show(p)}/$ref = {short(target)}"


def pick_schema_name(d, rng):
    schemas = d.components()
    if not schemas:
        return None, None
    return schemas, rng.choice(list(schemas))


def ref_to(name, kind="schemas"):
    return "#/components/" + kind + "/" + str(name).replace("~", "~0").replace("/", "~1")


def m_ref_self(d, rng):
    schemas, name = pick_schema_name(d, rng)
    if schemas is None:
        return None
    schemas[name] = {"$ref": ref_to(name)}
    return f"ref_self components/schemas/{show([name])[1:]}"


def m_ref_cycle2(d, rng):
    schemas = d.components()
    if not schemas or len(schemas) < 2:
        return None
    a, b = rng.sample(list(schemas), 2)
    schemas[a] = {"$ref": ref_to(b)}
    schemas[b] = {"$ref": ref_to(a)}
    if rng.random() < 0.5 and len(schemas) >= 3:
        c = rng.choice([n for n in schemas if n not in (a, b)])
        schemas[b] = {"$ref": ref_to(c)}
        schemas[c] = {"$ref": ref_to(a)}
        return f"ref_cycle3 {show([a])} -> {show([b])} -> {show([c])} -> back"
    return f"ref_cycle2 {show([a])} <-> {show([b])}"


def m_ref_cycle_other(d, rng):
    """Cycles among parameters, responses, request bodies (not schemas)."""
    kinds = [k for k in ("parameters", "responses", "requestBodies", "headers", "pathItems")
             if d.components(k)]
    if not kinds:
        kind = rng.choice(["parameters", "responses", "requestBodies"])
        if not isinstance(d.doc, dict):
            return None
        comps = d.doc.setdefault("components", {})
        if not isinstance(comps, dict):
            return None
        comps[kind] = {"Loop": {"$ref": ref_to("Loop", kind)}}
        return f"ref_self components/{kind}/Loop (new)"
    kind = rng.choice(kinds)
    section = d.components(kind)
    name = rng.choice(list(section))
    section[name] = {"$ref": ref_to(name, kind)}
    return f"ref_self components/{kind}/{show([name])[1:]}"


def m_self_composition(d, rng):
    schemas, name = pick_schema_name(d, rng)
    if schemas is None:
        return None
    me = {"$ref": ref_to(name)}
    old = schemas[name]
    shape = rng.choice(["allOf", "allOf-only", "oneOf", "anyOf", "items", "additionalProperties",
                        "required-prop", "not", "nullable-prop", "oneOf-discriminator", "prop-allOf"])
    if shape == "allOf":
        new = {"allOf": [me, old]}
    elif shape == "allOf-only":
        new = {"allOf": [me]}
    elif shape == "oneOf":
        new = {"oneOf": [me, old, {"type": "string"}]}
    elif shape == "anyOf":
        new = {"anyOf": [old, me]}
    elif shape == "items":
        new = {"type": "array", "items": me}
    elif shape == "additionalProperties":
        new = {"type": "object", "additionalProperties": me}
    elif shape == "required-prop":
        new = {"type": "object", "required": ["me"], "properties": {"me": me}}
    elif shape == "not":
        new = {"not": me}
    elif shape == "nullable-prop":
        new = {"type": "object", "properties": {"me": {"allOf": [me], "nullable": True}}}
    elif shape == "oneOf-discriminator":
        new = {"oneOf": [me], "discriminator": {"propertyName": "kind", "mapping": {"a": ref_to(name)}}}
    else:
        new = {"type": "object", "properties": {"x": {"allOf": [me, me]}}, "required": ["x"]}
    schemas[name] = new
    return f"self_{shape} components/schemas/{show([name])[1:]}"


def m_schema_self_inline(d, rng):
    """A property or item inside some schema refers back to its enclosing named schema."""
    schemas, name = pick_schema_name(d, rng)
    if schemas is None or not isinstance(schemas[name], dict):
        return None
    inner = [(c, k, v, p) for c, k, v, p in walk(schemas[name]) if isinstance(v, dict) and is_schema_path(p)]
    if not inner:
        schemas[name].setdefault("properties", {})
        if not isinstance(schemas[name]["properties"], dict):
            return None
        schemas[name]["properties"]["loop"] = {"$ref": ref_to(name)}
        return f"inline_self components/schemas/{show([name])[1:]}/properties/loop"
    c, k, _, p = rng.choice(inner)
    c[k] = {"$ref": ref_to(name)}
    return f"inline_self components/schemas/{show([name])[1:]}{show(p)}"


def m_rename_schema(d, rng):
    schemas, name = pick_schema_name(d, rng)
    if schemas is None:
        return None
    new = hostile(rng)
    if new in schemas:
        return None
    rename_key(schemas, name, new)
    if rng.random() < 0.8:
        old_ref, new_ref = ref_to(name), ref_to(new)
        for _, _, r, _ in d.refs:
            if r.get("$ref") == old_ref:
                r["$ref"] = new_ref
    return f"rename_schema {show([name])} -> {short(new)}"


def m_rename_property(d, rng):
    maps = [(v, p) for c, k, v, p in d.nodes if k == "properties" and isinstance(v, dict) and v]
    if not maps:
        return None
    props, p = rng.choice(maps)
    old = rng.choice(list(props))
    new = hostile(rng)
    if new in props:
        return None
    rename_key(props, old, new)
    # the schema that holds the map: keep `required` in step (mostly)
    holder = d.doc
    for k in p[:-1]:
        holder = holder[k]
    req = holder.get("required") if isinstance(holder, dict) else None
    if isinstance(req, list) and old in req and rng.random() < 0.8:
        req[req.index(old)] = new
    return f"rename_property {show(p)}/{show([old])[1:]} -> {short(new)}"


def m_collide_names(d, rng):
    """Two properties or schemas whose names differ but map to one Rust name."""
    pairs = [("a-b", "a_b"), ("fooBar", "foo_bar"), ("Foo", "foo"), ("type", "r#type"), ("1a", "_1a"),
             ("x", "X"), ("a b", "a-b"), ("self", "self_"), ("Item", "item"), ("Pet", "pet")]
    a, b = rng.choice(pairs)
    if rng.random() < 0.5:
        schemas = d.components()
        if schemas is None:
            return None
        schemas[a] = {"type": "object", "properties": {"v": {"type": "string"}}}
        schemas[b] = {"type": "object", "properties": {"w": {"type": "integer"}}}
        return f"collide_schemas {a!r} {b!r}"
    maps = [v for c, k, v, p in d.nodes if k == "properties" and isinstance(v, dict)]
    if not maps:
        return None
    props = rng.choice(maps)
    props[a] = {"type": "string"}
    props[b] = {"type": "integer"}
    return f"collide_properties {a!r} {b!r}"


def m_rename_operation(d, rng):
    ops = d.operations()
    if not ops:
        return None
    template, method, op = rng.choice(ops)
    if rng.random() < 0.3 and len(ops) > 1:
        other = rng.choice(ops)[2]
        value = other.get("operationId", "dup")
        op["operationId"] = value
        return f"duplicate_operation_id {method} {show([template])[1:]} = {short(value)}"
    value = hostile(rng)
    op["operationId"] = value
    return f"operation_id {method} {show([template])[1:]} = {short(value)}"


def m_rename_parameter(d, rng):
    params = [(c, k, v, p) for c, k, v, p in d.nodes
              if isinstance(v, dict) and len(p) >= 2 and p[-2] == "parameters" and isinstance(v.get("name"), str)]
    if not params:
        return None
    _, _, param, p = rng.choice(params)
    new = hostile(rng)
    old = param["name"]
    param["name"] = new
    if param.get("in") == "path" and rng.random() < 0.7 and isinstance(d.doc, dict) \
            and isinstance(d.doc.get("paths"), dict):
        paths = d.doc["paths"]
        for template in list(paths):
            if isinstance(template, str) and "{" + old + "}" in template:
                newt = template.replace("{" + old + "}", "{" + new + "}")
                if newt not in paths:
                    rename_key(paths, template, newt)
    return f"parameter_name {show(p)} {short(old)} -> {short(new)}"


def m_duplicate_parameter(d, rng):
    ops = d.operations()
    if not ops:
        return None
    template, method, op = rng.choice(ops)
    loc = rng.choice(["query", "header", "cookie", "path", "body", "nowhere", 7])
    name = rng.choice(["q", "Q", "id", "type", "", "a b"])
    param = {"name": name, "in": loc, "schema": {"type": "string"}}
    if loc == "path":
        param["required"] = rng.random() < 0.5
    op.setdefault("parameters", [])
    if not isinstance(op["parameters"], list):
        return None
    op["parameters"] += [param, json.loads(json.dumps(param))]
    return f"duplicate_parameter {method} {show([template])[1:]} {name!r} in {loc!r}"


def m_enum_values(d, rng):
    enums = [(c, k, v, p) for c, k, v, p in d.nodes if k == "enum" and isinstance(v, list)]
    shape = rng.random()
    if not enums or shape < 0.2:
        if not d.schemas:
            return None
        _, _, s, p = rng.choice(d.schemas)
        values = rng.choice([[], [None], ["a", "a"], ["a", 1, None, True, {}, []], [hostile(rng), hostile(rng)],
                             ["A", "a", "a-", "a_"], [1, 1.0, -0.0, raw("1e400")], list(HOSTILE)])
        s["enum"] = values
        return f"enum {show(p)}/enum = {short(values)}"
    c, k, values, p = rng.choice(enums)
    if values and shape < 0.7:
        i = rng.randrange(len(values))
        values[i] = hostile(rng)
        return f"enum_value {show(p)}/{i} = {short(values[i])}"
    values += rng.sample(HOSTILE, 5)
    return f"enum_values {show(p)} += 5 hostile"


def m_tags(d, rng):
    ops = d.operations()
    if not ops:
        return None
    tag = hostile(rng)
    template, method, op = rng.choice(ops)
    op["tags"] = rng.choice([[tag], [tag, tag], tag, [1], [], [{"name": "x"}]])
    if isinstance(d.doc, dict) and rng.random() < 0.5:
        d.doc["tags"] = [{"name": tag, "description": hostile(rng)}, {"name": tag}]
    return f"tags {method} {show([template])[1:]} = {short(op['tags'])}"


TEXT_KEYS = ("description", "summary", "title")


def m_hostile_text(d, rng):
    targets = [(c, k, p) for c, k, v, p in d.nodes if k in TEXT_KEYS and isinstance(v, str)]
    value = hostile(rng) if rng.random() < 0.7 else huge(rng)
    if targets and rng.random() < 0.7:
        c, k, p = rng.choice(targets)
    elif d.dicts:
        _, _, c, p = rng.choice(d.dicts)
        k = rng.choice(TEXT_KEYS)
        p = p + (k,)
    else:
        return None
    c[k] = value
    return f"text {show(p)} = {short(value)}"


def m_huge_name(d, rng):
    value = huge(rng)[: rng.choice([100_000, 5000, 256])]
    which = rng.choice(["schema", "property", "operation", "parameter", "enum", "path"])
    if which == "schema":
        schemas = d.components()
        if schemas is None:
            return None
        schemas[value] = {"type": "object", "properties": {value: {"type": "string", "enum": [value]}}}
    elif which == "property" and d.schemas:
        _, _, s, p = rng.choice(d.schemas)
        s.setdefault("properties", {})
        if not isinstance(s["properties"], dict):
            return None
        s["properties"][value] = {"type": "string"}
    elif which == "operation" and d.operations():
        rng.choice(d.operations())[2]["operationId"] = value
    elif which == "parameter" and d.operations():
        op = rng.choice(d.operations())[2]
        if not isinstance(op.setdefault("parameters", []), list):
            return None
        op["parameters"].append({"name": value, "in": "query", "schema": {"type": "string"}})
    elif which == "enum" and d.schemas:
        _, _, s, p = rng.choice(d.schemas)
        s["enum"] = [value, value[:-1] + "b"]
    elif which == "path" and isinstance(d.doc, dict) and isinstance(d.doc.get("paths"), dict):
        d.doc["paths"]["/" + value] = {"get": {"responses": {"200": {"description": "ok"}}}}
    else:
        return None
    return f"huge_name {which} ({len(value)} chars)"


def m_bad_pattern(d, rng):
    if not d.schemas:
        return None
    _, _, s, p = rng.choice(d.schemas)
    value = rng.choice(BAD_PATTERNS + [42, None, ["a"]])
    s["pattern"] = value
    if rng.random() < 0.6:
        s["type"] = "string"
    return f"pattern {show(p)} = {short(value)}"


def m_numeric(d, rng):
    if not d.schemas:
        return None
    _, _, s, p = rng.choice(d.schemas)
    shape = rng.choice(["min>max", "extreme", "multipleOf", "lengths", "exclusive", "default", "format"])
    if shape == "min>max":
        s.update({"type": rng.choice(["integer", "number"]), "minimum": 10, "maximum": -10})
        if rng.random() < 0.5:
            s.update({"minLength": 5, "maxLength": 1, "minItems": 3, "maxItems": 0})
    elif shape == "extreme":
        key = rng.choice(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "default", "example", "const"])
        s[key] = rng.choice(NUMBERS)
        s.setdefault("type", rng.choice(["integer", "number"]))
        shape += " " + key
    elif shape == "multipleOf":
        s["multipleOf"] = rng.choice([0, -1, 0.0, raw("1e-400"), raw("1e400"), "2"])
        s["type"] = rng.choice(["integer", "number"])
    elif shape == "lengths":
        key = rng.choice(["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"])
        s[key] = rng.choice([-1, 2 ** 64, 1.5, raw("1e400"), "3", None])
        shape += " " + key
    elif shape == "exclusive":
        s.update({"type": "number", "minimum": 1, "exclusiveMinimum": rng.choice([True, False, 1, raw("-0")]),
                  "maximum": 1, "exclusiveMaximum": rng.choice([True, 1, 0])})
    elif shape == "default":
        s["default"] = rng.choice(WRONG_VALUES + NUMBERS)
    else:
        s["type"] = rng.choice(["integer", "number", "string"])
        s["format"] = rng.choice(["int32", "int64", "uint8", "float", "double", "date-time", "uuid", "byte",
                                  "binary", "decimal", "", "int128", hostile(rng)])
        s["maximum"] = rng.choice([raw("1e400"), 2 ** 64, 99999999999])
    return f"numeric {shape} {show(p)}"


def m_openapi_version(d, rng):
    if not isinstance(d.doc, dict):
        return None
    value = rng.choice(["2.0", "3.2.0", "4.0", "3.0", "3.1", "3.0.99", "3.1.1", "", None, 3.0, 3, [], "3.0.0-rc0",
                        "3.1.0 ", " 3.0.0", "3.0.0\u0000"])
    if rng.random() < 0.2:
        d.doc["swagger"] = "2.0"
        return "version swagger: 2.0 added"
    d.doc["openapi"] = value
    return f"version openapi = {short(value)}"


ODD_PATHS = ["", "/", "//", "/{}", "/{a}{b}", "/{", "/a}", "/{a}/{a}", "/{ a }", "a/no-slash", "/a/{id", "/{{x}}",
             "/%7Bx%7D", "/a?b=c", "/a#frag", "/ü/{ä}", "/{type}", "/{self}", "/{1}", "/a/../b", "/*", "/:id",
             "/{a-b}/{a_b}", "/x\r\ny", "/" + "{p}" * 50]


def m_paths(d, rng):
    if not isinstance(d.doc, dict):
        return None
    paths = d.doc.get("paths")
    if not isinstance(paths, dict):
        paths = d.doc["paths"] = {}
    shape = rng.random()
    op = {"operationId": rng.choice(["odd", "odd2", "listPets"]),
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}}
    if shape < 0.4:
        template = rng.choice(ODD_PATHS)
        names = re.findall(r"\{([^{}]*)\}", template)
        if rng.random() < 0.7:
            op["parameters"] = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                                for n in names]
        paths[template] = {rng.choice(["get", "post", "GET", "x-get", "trace"]): op}
        return f"path {short(template)}"
    if shape < 0.7 and paths:
        # the same template with other parameter names: two routes that collide
        template = rng.choice(list(paths))
        if not isinstance(template, str):
            return None
        other = re.sub(r"\{[^{}]*\}", "{other}", template)
        if other == template:
            other = template.rstrip("/") + "/" if not template.endswith("/") else template.rstrip("/")
        if other in paths:
            return None
        paths[other] = json.loads(json.dumps(paths[template], ensure_ascii=True))
        return f"duplicate_path {short(template)} as {short(other)}"
    if shape < 0.85:
        template = rng.choice(list(paths)) if paths else "/x"
        paths[template] = rng.choice([None, [], "x", {}, {"get": None}, {"get": {}}, {"parameters": "x"},
                                      {"$ref": "#/paths/" + str(template).replace("~", "~0").replace("/", "~1")}])
        return f"path_item {short(template)} = {short(paths[template])}"
    responses = rng.choice([{}, {"999": {"description": "x"}}, {"2XX": {"description": "x"}},
                            {"default": {"$ref": "#/components/responses/Nowhere"}}, {"abc": {"description": "x"}},
                            {"200": None}, {"204": {"description": "x", "content": {"application/json": {}}}}])
    ops = d.operations()
    if not ops:
        return None
    template, method, op = rng.choice(ops)
    op["responses"] = responses
    return f"responses {method} {short(template)} = {short(responses)}"


def m_container_types(d, rng):
    """Containers of the wrong shape: required as a string, items as a list, ..."""
    if not d.schemas:
        return None
    _, _, s, p = rng.choice(d.schemas)
    key, value = rng.choice([
        ("required", "id"), ("required", [1, None]), ("required", ["nowhere"]), ("required", True),
        ("properties", []), ("properties", {"a": None}), ("properties", {"a": True}), ("items", []),
        ("items", [{"type": "string"}]), ("items", False), ("allOf", []), ("oneOf", []), ("anyOf", {}),
        ("allOf", [None]), ("additionalProperties", "yes"), ("additionalProperties", False),
        ("nullable", "yes"), ("discriminator", {"propertyName": "nowhere", "mapping": {"x": "#/nowhere"}}),
        ("discriminator", "kind"), ("readOnly", 1), ("enum", {}), ("type", ["array"]), ("$ref", {"a": 1}),
    ])
    s[key] = value
    return f"container {show(p)}/{key} = {short(value)}"


def m_swap_subtrees(d, rng):
    """Graft one schema into another place: mixes contexts (parameter <-> body)."""
    if len(d.schemas) < 2:
        return None
    (c1, k1, s1, p1), (c2, k2, s2, p2) = rng.sample(d.schemas, 2)
    c1[k1] = json.loads(json.dumps(s2))
    return f"graft {show(p2)} -> {show(p1)}"


def m_alias_bomb(d, rng):
    """A YAML "billion laughs" in extensions at the root: 9^levels nodes
    (the document is then YAML flow style, not JSON)."""
    levels = rng.randint(5, 10)
    d.doc["x-lol-a"] = raw("&lol0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]")
    for i in range(1, levels + 1):
        d.doc[f"x-lol-{i}"] = raw(f"&lol{i} [" + ",".join([f"*lol{i - 1}"] * 9) + "]")
    return f"alias_bomb 9^{levels}"


def m_allof_fan_out(d, rng):
    """Schemas each an allOf of several refs to the next (a diamond at
    every level), reached from a property of an existing schema."""
    schemas = d.components()
    if schemas is None:
        return None
    levels, refs = rng.randint(6, 14), rng.randint(2, 4)
    for i in range(levels):
        nxt = {"$ref": ref_to(f"Fan{i + 1}")}
        schemas[f"Fan{i}"] = {"allOf": [nxt] * refs, "properties": {f"f{i}": {"type": "integer"}}}
    schemas[f"Fan{levels}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    maps = [v for c, k, v, p in d.nodes if k == "properties" and isinstance(v, dict)]
    if maps:
        rng.choice(maps)["fan"] = {"$ref": ref_to("Fan0")}
    return f"allof_fan_out {refs}^{levels}"


def m_mass_collisions(d, rng):
    """Thousands of enum values or property names that all become one
    Rust name once cased."""
    count = rng.choice([2000, 5000, 8000])
    names = []
    for i in range(count):
        seps, k = [], i
        for _ in range(7):
            seps.append("-_ ."[k % 4])
            k //= 4
        names.append("a" + "".join(seps) + "b")
    schemas = d.components()
    if schemas is None:
        return None
    if rng.random() < 0.5:
        schemas["Collide"] = {"type": "string", "enum": names}
    else:
        schemas["Collide"] = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
    maps = [v for c, k, v, p in d.nodes if k == "properties" and isinstance(v, dict)]
    if maps:
        rng.choice(maps)["collide"] = {"$ref": ref_to("Collide")}
    return f"mass_collisions {count}"


MUTATIONS = [
    (m_wrong_type, 3), (m_wrong_value, 2), (m_delete_key, 2), (m_ref_broken, 3), (m_ref_self, 2),
    (m_ref_cycle2, 2), (m_ref_cycle_other, 1), (m_self_composition, 4), (m_schema_self_inline, 2),
    (m_rename_schema, 3), (m_rename_property, 3), (m_collide_names, 2), (m_rename_operation, 2),
    (m_rename_parameter, 2), (m_duplicate_parameter, 1), (m_enum_values, 3), (m_tags, 1),
    (m_hostile_text, 3), (m_huge_name, 1), (m_bad_pattern, 2), (m_numeric, 3), (m_openapi_version, 1),
    (m_paths, 2), (m_container_types, 2), (m_swap_subtrees, 1),
    (m_alias_bomb, 1), (m_allof_fan_out, 1), (m_mass_collisions, 1),
]


def make_mutant(seed, index, seeds):
    """(seed name, needs external files, [mutation descriptions], json text): a pure function of its inputs."""
    rng = random.Random(f"openapi-forge-fuzz/{seed}/{index}")
    name, text, external = seeds[rng.randrange(len(seeds))]
    d = Doc(json.loads(text))
    wanted = rng.randint(1, 4)
    funcs = [f for f, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    done = []
    attempts = 0
    while len(done) < wanted and attempts < 20:
        attempts += 1
        f = rng.choices(funcs, weights)[0]
        try:
            what = f(d, rng)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            # a place an earlier mutation made odd (a list where a map was): deterministic, so the
            # mutant is still a pure function of (seed, index); record what was tried
            what = f"{f.__name__[2:]} (partly applied)"
        if what:
            done.append(what)
            d.refresh()
    out = json.dumps(d.doc, ensure_ascii=True, indent=1)
    out = re.sub('"' + RAW + '([^"@]*)' + RAW + '"', r"\1", out)
    return name, external, done, out


# --- running ----------------------------------------------------------------


# GNU time measures the peak resident memory of the command alone. A wait4
# from this process would report at least this (large) Python process's own
# peak: the child's high-water mark starts from the parent it was forked
# from, so it is only an upper bound, used where `time` is missing.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def spawn_measured(cmd, timeout, cwd=None):
    """Runs `cmd`; returns (exit code, negative for a signal, or "timeout";
    stderr bytes; seconds; peak resident MB of the command)."""
    t0 = time.monotonic()
    with tempfile.NamedTemporaryFile(mode="r") as peak_file, tempfile.TemporaryFile() as err_file:
        full = [GNU_TIME, "-f", "%M", "-o", peak_file.name, *cmd] if GNU_TIME else list(cmd)
        child = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=err_file, cwd=cwd, start_new_session=True)
        code = None
        while code is None:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
            elif time.monotonic() - t0 > timeout:
                os.killpg(child.pid, signal.SIGKILL)  # `time` and the command
                _, _, usage = os.wait4(child.pid, 0)
                code = "timeout"
            else:
                time.sleep(0.005)
        child.returncode = -9 if code == "timeout" else code
        peak_mb = usage.ru_maxrss / 1024
        if GNU_TIME:
            text = peak_file.read()
            lines = text.split()
            if lines and lines[-1].isdigit():
                peak_mb = int(lines[-1]) / 1024
            killed = re.search(r"terminated by signal (\d+)", text)
            if killed and code != "timeout":
                code = -int(killed.group(1))
        err_file.seek(0)
        return code, err_file.read(), time.monotonic() - t0, peak_mb


def run_one(binary, spec, output, timeout):
    """(exit code or 'timeout', seconds, stderr text, peak resident MB of that run)."""
    if os.path.exists(output):
        os.remove(output)
    code, err, secs, mb = spawn_measured(
        [binary, "generate", spec, "-o", output, "--client", "--server"], timeout,
        cwd=os.path.dirname(spec))
    return code, secs, err.decode("utf-8", "replace"), mb


# A spec is untrusted input: one under SMALL_SPEC bytes must not cost more
# than --max-mb resident (nor more than --timeout seconds).
SMALL_SPEC = 1024 * 1024


def problem(code, secs, err, output, timeout, peak_mb=0.0, spec_bytes=0, max_mb=None):
    """Why a run is a failure, or None."""
    if code == "timeout":
        return f"timed out after {timeout} s"
    if "panicked" in err:
        return f"panicked (exit {code})"
    if code not in (0, 2):
        return f"exit code {code}"
    if secs > timeout:
        return f"took {secs:.1f} s (limit {timeout} s)"
    if max_mb is not None and spec_bytes < SMALL_SPEC and peak_mb > max_mb:
        return f"peaked at {peak_mb:.0f} MB for a {spec_bytes} byte spec (limit {max_mb} MB)"
    if code == 0 and not (os.path.isfile(output) and os.path.getsize(output) > 0):
        return "exit 0 but no output written"
    if code == 2 and os.path.exists(output):
        return "exit 2 but an output was written"
    if code == 2 and not err.strip():
        return "exit 2 without a message"
    return None


def keep_failure(failures, seed, index, mutant, external, report):
    """Copy a failing mutant (and what it refers to) to failures/seed-<seed>/; returns the spec path."""
    folder = os.path.join(failures, f"seed-{seed}")
    os.makedirs(folder, exist_ok=True)
    if external:
        for f in os.listdir(EXTERNAL_DIR):
            if f != "main.yaml":
                shutil.copy(os.path.join(EXTERNAL_DIR, f), folder)
    dest = os.path.join(folder, os.path.basename(mutant))
    shutil.copy(mutant, dest)
    with open(dest[: -len(".json")] + ".txt", "w", encoding="utf-8") as fh:
        fh.write(report)
    return dest


def p99(values):
    """The 99th percentile (nearest rank), 0 for no values."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def tail(text, lines=15):
    return "\n".join(text.rstrip().splitlines()[-lines:])


def crate_deps():
    """The dependency list of generated crates, from tests/corpus/run.sh (the one place it lives)."""
    with open(os.path.join(REPO, "tests", "corpus", "run.sh"), encoding="utf-8") as fh:
        m = re.search(r"^CRATE_DEPS='(.*?)'$", fh.read(), re.S | re.M)
    if not m:
        sys.exit("fuzz: CRATE_DEPS not found in tests/corpus/run.sh")
    return m.group(1)


def pick_sample(ok, size, seed):
    """A deterministic sample of exit-0 mutants, spread over the seeds: round robin
    over the seed names, a shuffled order within each seed."""
    by_seed = {}
    for index, name in sorted(ok):
        by_seed.setdefault(name, []).append(index)
    rng = random.Random(f"openapi-forge-fuzz-sample/{seed}")
    for name in sorted(by_seed):
        rng.shuffle(by_seed[name])
    names = sorted(by_seed)
    rng.shuffle(names)
    sample = []
    while len(sample) < size and any(by_seed.values()):
        for name in names:
            if by_seed[name] and len(sample) < size:
                sample.append((by_seed[name].pop(0), name))
    return sorted(sample)


def compile_sample(args, sample, workdir, seeds, log):
    """Regenerate the sample's code into one scratch crate and `cargo check` it.
    Returns ({index: first errors}, seconds)."""
    crate = os.path.join(args.cache_dir, "crate")
    src = os.path.join(crate, "src")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    with open(os.path.join(crate, "Cargo.toml"), "w", encoding="utf-8") as fh:
        fh.write("# Written by tests/fuzz/fuzz.py: the compile sample of exit-0 mutants.\n"
                 "[package]\nname = \"forge-fuzz-sample\"\nversion = \"0.0.0\"\nedition = \"2021\"\n"
                 "publish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n"
                 + crate_deps() + "\n\n[workspace]\n\n[profile.dev]\ndebug = 0\n")
    lib = ["// Written by tests/fuzz/fuzz.py: one module per sampled mutant.\n"]
    for index, _ in sample:
        mod = f"m{index:05d}"
        name, external, done, text = make_mutant(args.seed, index, seeds)
        spec = os.path.join(workdir, mod + ".json")
        with open(spec, "w", encoding="utf-8") as fh:
            fh.write(text)
        code, _, err, _ = run_one(args.bin, spec, os.path.join(src, mod + ".rs"), args.timeout)
        if code != 0:
            sys.exit(f"fuzz: mutant {index} exited {code} on its second run (nondeterminism?):\n{tail(err)}")
        os.remove(spec)
        lib.append(f"pub mod {mod} {{ include!(\"{mod}.rs\"); }}\n")
    with open(os.path.join(src, "lib.rs"), "w", encoding="utf-8") as fh:
        fh.writelines(lib)
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(args.cache_dir, "target"), CARGO_INCREMENTAL="0",
               CARGO_TERM_COLOR="never")
    log(f"fuzz: cargo check of {len(sample)} modules in {crate}")
    t0 = time.monotonic()
    proc = subprocess.run(["cargo", "check", "--message-format", "short"], cwd=crate, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=args.check_timeout)
    secs = time.monotonic() - t0
    errors = {}
    if proc.returncode != 0:
        for line in proc.stderr.splitlines():
            m = re.match(r"^src/m(\d+)\.rs:\d+:\d+: error", line)
            if m:
                errors.setdefault(int(m.group(1)), []).append(line)
        if not errors:
            errors[-1] = proc.stderr.splitlines()[-30:]
    return errors, secs


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--count", type=int, default=2400, help="number of mutants (default 2400)")
    ap.add_argument("--index", type=int, action="append", default=[],
                    help="only this mutant index (repeatable): rebuild and rerun it, keep it in --failures")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "openapi-forge"),
                    help="generator binary (default target/release/openapi-forge)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel generator runs")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per generation (default 10)")
    ap.add_argument("--max-mb", type=float, default=500.0,
                    help="peak resident MB allowed for a mutant under 1 MB (default 500)")
    ap.add_argument("--sample", type=int, default=24, help="exit-0 mutants to compile (default 24)")
    ap.add_argument("--min-sample", type=int, default=20, help="fail if fewer can be compiled (default 20)")
    ap.add_argument("--no-compile", action="store_true", help="skip the compile sample")
    ap.add_argument("--no-corpus", action="store_true", help="do not use corpus specs as seeds")
    ap.add_argument("--failures", default=os.path.join(REPO, "target", "fuzz-failures"),
                    help="where failing mutants are kept (default target/fuzz-failures)")
    ap.add_argument("--cache-dir", default=os.path.join(CACHE, "fuzz"),
                    help="scratch crate and its target dir, kept between runs (default <corpus cache>/fuzz)")
    ap.add_argument("--check-timeout", type=float, default=1200, help="seconds for the cargo check")
    ap.add_argument("--keep", action="store_true", help="keep the work dir of mutants")
    args = ap.parse_args(argv)

    start = time.monotonic()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"fuzz: no generator at {args.bin} (cargo build --release)")
    args.bin = os.path.abspath(args.bin)
    seeds = load_seeds(not args.no_corpus)
    if not seeds:
        sys.exit("fuzz: no seed specs")
    log(f"fuzz: seed {args.seed}, {len(seeds)} seed specs: {' '.join(s[0] for s in seeds)}")

    workdir = tempfile.mkdtemp(prefix="forge-fuzz-")
    for f in os.listdir(EXTERNAL_DIR):
        if f != "main.yaml":
            shutil.copy(os.path.join(EXTERNAL_DIR, f), workdir)
    indexes = args.index or list(range(args.count))
    results = {}  # index -> (seed name, code, secs)
    failures = []
    lock = threading.Lock()
    progress = [0]

    def task(index):
        name, external, done, text = make_mutant(args.seed, index, seeds)
        spec = os.path.join(workdir, f"m{index:05d}.json")
        output = os.path.join(workdir, f"m{index:05d}.rs")
        with open(spec, "w", encoding="utf-8") as fh:
            fh.write(text)
        code, secs, err, peak = run_one(args.bin, spec, output, args.timeout)
        why = problem(code, secs, err, output, args.timeout, peak, len(text.encode()), args.max_mb)
        if args.index:
            log(f"mutant {index} (seed spec {name}): exit {code} in {secs * 1000:.0f} ms, {peak:.0f} MB")
            log("  " + "\n  ".join(done))
            if err.strip():
                log(tail(err, 30))
        with lock:
            results[index] = (name, code, secs, peak)
            progress[0] += 1
            if why or args.index:
                report = (f"seed {args.seed}, mutant {index}, seed spec {name}: {why or 'ok'}\n"
                          f"mutations:\n  " + "\n  ".join(done) + f"\nexit: {code}, {secs * 1000:.0f} ms, {peak:.0f} MB\n"
                          f"stderr tail:\n{tail(err)}\n")
                kept = keep_failure(args.failures, args.seed, index, spec, external, report)
                if why:
                    failures.append(report + f"kept: {kept}\nreplay: tests/fuzz/fuzz.py --seed {args.seed} "
                                    f"--index {index}\n")
            if progress[0] % 500 == 0:
                log(f"fuzz: {progress[0]}/{len(indexes)}")
        for path in (spec, output):
            if os.path.exists(path):
                os.remove(path)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for fut in [pool.submit(task, i) for i in indexes]:
            fut.result()
    gen_secs = time.monotonic() - start

    times = [r[2] * 1000 for r in results.values()]
    ok = [(i, r[0]) for i, r in results.items() if r[1] == 0]
    n2 = sum(1 for r in results.values() if r[1] == 2)
    log(f"fuzz: generation of {len(results)} mutants done in {gen_secs:.1f} s")

    compiled = 0
    compile_secs = 0.0
    if not args.no_compile and not args.index:
        sample = pick_sample(ok, args.sample, args.seed)
        if len(sample) < args.min_sample:
            failures.append(f"only {len(sample)} exit-0 mutants to compile (need {args.min_sample})\n")
        if sample:
            errors, compile_secs = compile_sample(args, sample, workdir, seeds, log)
            compiled = len(sample) - len(errors)
            for index, lines in sorted(errors.items()):
                if index < 0:
                    failures.append("the compile sample failed outside any mutant's module:\n" + "\n".join(lines))
                    continue
                name, external, done, text = make_mutant(args.seed, index, seeds)
                spec = os.path.join(workdir, f"m{index:05d}.json")
                with open(spec, "w", encoding="utf-8") as fh:
                    fh.write(text)
                report = (f"seed {args.seed}, mutant {index}, seed spec {name}: generated code does not compile\n"
                          f"mutations:\n  " + "\n  ".join(done) + "\nfirst errors:\n" + "\n".join(lines[:10]) + "\n")
                kept = keep_failure(args.failures, args.seed, index, spec, external, report)
                failures.append(report + f"kept: {kept}\ncode: {os.path.join(args.cache_dir, 'crate', 'src')}"
                                f"/m{index:05d}.rs\n")
            log(f"fuzz: sample of {len(sample)} mutants checked in {compile_secs:.1f} s "
                f"(seeds: {', '.join(sorted({n for _, n in sample}))})")

    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    for report in failures:
        print("=== FAILURE\n" + report)
    median = statistics.median(times) if times else 0
    peaks = [r[3] for r in results.values()]
    print(f"fuzz: seed {args.seed}: {len(results)} mutants, {len(ok)} exit 0, {n2} exit 2, "
          f"{len(results) - len(ok) - n2} other; generation median {median:.0f} ms, "
          f"p99 {p99(times):.0f} ms, max {max(times, default=0):.0f} ms; "
          f"peak memory p99 {p99(peaks):.0f} MB, max {max(peaks, default=0):.0f} MB (budget {args.max_mb} MB); "
          f"{gen_secs:.1f} s; compiled sample {compiled} in {compile_secs:.1f} s; "
          f"total {time.monotonic() - start:.1f} s; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
