//! Bring a parsed document into the one shape the lowering reads: OpenAPI 3.0
//! with every `$ref` local. OpenAPI 3.1 and 3.2 (JSON Schema 2020-12)
//! constructs are rewritten to their 3.0 equivalents here (3.2's own
//! additions in `oas32` first), so nothing after the loader needs
//! a second code path.

use crate::diag::Diagnostics;
use serde_json::{json, Map, Value};

/// Where an external file's content is kept inside the bundled document.
pub const EXTERNAL: &str = "x-forge-external";

/// Where a schema's `$defs`/`definitions` are kept (see [`schema`]).
pub const DEFS: &str = "x-forge-defs";

/// Which OpenAPI version the document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
    V32,
}

impl Version {
    /// Whether a response must have a `description` (until 3.2).
    pub fn response_description_required(self) -> bool {
        matches!(self, Version::V30 | Version::V31)
    }
}

/// Check the root and the version, and rewrite 3.1 constructs. Returns None
/// when the document cannot be an OpenAPI 3 document at all.
pub fn document(root: &mut Value, diags: &mut Diagnostics) -> Option<Version> {
    let Some(obj) = root.as_object_mut() else {
        diags.error(
            "",
            format!(
                "the document root must be an object, found {}",
                kind_name(root)
            ),
        );
        return None;
    };
    let version = match obj.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Version::V30,
        Some(Value::String(v)) if v.starts_with("3.1") => Version::V31,
        Some(Value::String(v)) if v.starts_with("3.2") => Version::V32,
        Some(Value::String(v)) => {
            diags.error(
                "/openapi",
                format!("unsupported OpenAPI version {v:?}; expected 3.0.x, 3.1.x or 3.2.x"),
            );
            return None;
        }
        Some(other) => {
            diags.error(
                "/openapi",
                format!(
                    "`openapi` must be a version string, found {}",
                    kind_name(other)
                ),
            );
            return None;
        }
        None => {
            diags.error(
                "",
                "missing `openapi` field: not an OpenAPI 3 document".to_owned(),
            );
            return None;
        }
    };
    obj.insert("openapi".into(), json!("3.0.3"));
    if !obj.contains_key("paths") {
        obj.insert("paths".into(), json!({}));
    }
    // `webhooks` (and the `components/pathItems` they may `$ref`) are
    // kept: the lowering reads them when they are generated.
    obj.remove("jsonSchemaDialect");
    parts(root, "", diags);
    Some(version)
}

pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Keys whose values are data, not spec structure: never rewritten.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Keys of a schema whose values are schemas, and how: one schema, a list,
/// or a map of schemas.
pub(crate) fn schema_children(key: &str) -> Option<Children> {
    match key {
        "items"
        | "additionalProperties"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "propertyNames"
        | "unevaluatedItems"
        | "unevaluatedProperties" => Some(Children::One),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Some(Children::List),
        "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas" => {
            Some(Children::Map)
        }
        _ => None,
    }
}

pub(crate) enum Children {
    One,
    List,
    Map,
}

/// Normalise every schema inside a document or a piece of one.
pub fn parts(node: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    walk(node, pointer, false, diags);
}

fn walk(node: &mut Value, pointer: &str, in_schema_map: bool, diags: &mut Diagnostics) {
    let Value::Object(obj) = node else { return };
    // OpenAPI 3.2's `itemSchema` describes each item of a sequential media
    // type (each event of `text/event-stream`): that is the type generated.
    if !in_schema_map && pointer.contains("/content/") {
        if let Some(items) = obj.remove("itemSchema") {
            obj.insert("schema".into(), items);
        }
    }
    let keys: Vec<String> = obj.keys().cloned().collect();
    for key in keys {
        if is_data_key(&key) {
            continue;
        }
        let child_ptr = format!("{pointer}/{}", escape(&key));
        let child = obj.get_mut(&key).expect("key listed above");
        if key == "schema" || in_schema_map {
            schema(child, &child_ptr, diags);
        } else if key == "schemas" && pointer.ends_with("/components") {
            walk(child, &child_ptr, true, diags);
        } else {
            match child {
                Value::Object(_) => walk(child, &child_ptr, false, diags),
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        walk(item, &format!("{child_ptr}/{i}"), false, diags);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Normalise one schema and, recursively, the schemas inside it.
pub fn schema(node: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    match node {
        Value::Bool(true) => *node = json!({}),
        Value::Bool(false) => *node = json!({"not": {}}),
        _ => {}
    }
    let Value::Object(obj) = node else { return };
    rewrite_keywords(obj, pointer, diags);
    report_ignored_keywords(obj, pointer, diags);
    let keys: Vec<String> = obj.keys().cloned().collect();
    for key in keys {
        let Some(children) = schema_children(&key) else {
            continue;
        };
        let child_ptr = format!("{pointer}/{}", escape(&key));
        let child = obj.get_mut(&key).expect("key listed above");
        match (children, child) {
            // OpenAPI 3.0 allows `additionalProperties: true/false` too, and
            // `false` means a closed object: keep it as it is.
            (Children::One, Value::Bool(_)) if key == "additionalProperties" => {}
            (Children::One, c) => schema(c, &child_ptr, diags),
            (Children::List, Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    schema(item, &format!("{child_ptr}/{i}"), diags);
                }
            }
            (Children::Map, Value::Object(map)) => {
                for (name, item) in map.iter_mut() {
                    schema(item, &format!("{child_ptr}/{}", escape(name)), diags);
                }
            }
            _ => {}
        }
    }
    // Definitions nested in a schema are not OpenAPI 3.0: keep them where
    // `$ref`s can reach them, under a key openapiv3 treats as an extension.
    for key in ["$defs", "definitions"] {
        if let Some(defs) = obj.remove(key) {
            obj.insert(DEFS.into(), defs);
        }
    }
    // Tuple-style `items: [..]` (draft 4) has no 3.0 form: keep the items
    // free-form rather than reject the document.
    if matches!(obj.get("items"), Some(Value::Array(_))) {
        diags.warning(
            format!("{pointer}/items"),
            "tuple `items` lists are not supported; items are free-form JSON",
        );
        obj.insert("items".into(), json!({}));
    }
}

/// Keywords of a (normalised) schema the generator acts on, or that are
/// annotations with nothing to act on: every other keyword draws a warning.
pub(crate) const KNOWN_KEYWORDS: &[&str] = &[
    // Shape the type.
    "type",
    "format",
    "nullable",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "allOf",
    "anyOf",
    "oneOf",
    "discriminator",
    "readOnly",
    "writeOnly",
    "default",
    "$ref",
    // Checked by the generated server.
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    // Docs and annotations.
    "title",
    "description",
    "deprecated",
    "example",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "contentMediaType",
    "contentEncoding",
    // Moved where `$ref`s reach them (below).
    "$defs",
    "definitions",
];

/// Keywords the generated server checks (with its schema interpreter, see
/// `lower::keywords`) but the Rust types do not show, and keywords the
/// generator neither types nor checks: what each means for a user.
pub(crate) fn unsupported_keyword(key: &str) -> Option<&'static str> {
    Some(match key {
        "not" => "`not` is checked by the server but not reflected in the types",
        "if" | "then" | "else" => {
            "`if`/`then`/`else` is checked by the server but not reflected in the types"
        }
        "dependentRequired" | "dependencies" => {
            "dependent requirements are checked by the server but not reflected in the types"
        }
        "dependentSchemas" => {
            "`dependentSchemas` is checked by the server but not reflected in the types: properties only it declares are not in the type"
        }
        "patternProperties" => {
            "`patternProperties` is checked by the server; the properties it matches are kept as free-form JSON in the type's map of other properties"
        }
        "prefixItems" => {
            "`prefixItems` (tuples) is checked by the server; the items are typed as free-form JSON"
        }
        "contains" | "minContains" | "maxContains" => {
            "`contains`/`minContains`/`maxContains` is checked by the server but not reflected in the types"
        }
        "propertyNames" => "`propertyNames` is checked by the server but not reflected in the types",
        "unevaluatedProperties" | "unevaluatedItems" => {
            "`unevaluatedProperties`/`unevaluatedItems` is checked by the server but not reflected in the types"
        }
        "minProperties" | "maxProperties" => {
            "`minProperties`/`maxProperties` is checked by the server but not reflected in the types"
        }
        "$dynamicRef" | "$dynamicAnchor" | "$recursiveRef" | "$recursiveAnchor" => {
            "dynamic references are not resolved: the schema is read without them"
        }
        "$anchor" => "`$anchor` is not resolved: a `$ref` to the anchor finds nothing",
        "$id" => "`$id` is ignored: `$ref`s resolve against the document, not the schema's own URI",
        "contentSchema" => "`contentSchema` is not typed or checked",
        "$vocabulary" => "`$vocabulary` belongs in meta-schemas: ignored",
        _ => return None,
    })
}

/// Every keyword [`unsupported_keyword`] explains (for the keyword table's
/// test).
#[cfg(test)]
const WARNED_KEYWORDS: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependencies",
    "dependentSchemas",
    "patternProperties",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "minProperties",
    "maxProperties",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$anchor",
    "$id",
    "contentSchema",
    "$vocabulary",
];

/// One aggregated warning per keyword the generator does not act on, at the
/// first schema that uses it: nothing in a schema is dropped silently.
fn report_ignored_keywords(obj: &Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    for key in obj.keys() {
        if key.starts_with("x-") || KNOWN_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        if key == "not"
            && obj
                .get("not")
                .is_some_and(|v| v.as_object().is_some_and(Map::is_empty))
        {
            // `false` was rewritten to `{not: {}}` above: say it in the
            // spec's words, at a place the spec has.
            diags.warning_aggregated(
                pointer,
                "a `false` schema (or `not: {}`) is checked by the server (no value is allowed) but not reflected in the types",
            );
            continue;
        }
        let at = format!("{pointer}/{}", escape(key));
        match unsupported_keyword(key) {
            Some(what) => diags.warning_aggregated(at, what),
            None => diags.warning_aggregated(
                at,
                format!(
                    "`{}` is not a schema keyword the generator knows: ignored",
                    crate::format::one_line(key)
                ),
            ),
        }
    }
}

/// The 3.1 → 3.0 keyword rewrites of one schema object.
fn rewrite_keywords(obj: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    // `$ref` with siblings: 3.1 applies both; 3.0 documents use it the same
    // way in practice (`nullable`, `description` next to a `$ref`).
    if obj.contains_key("$ref") && obj.keys().any(|k| k != "$ref" && !k.starts_with("x-")) {
        let reference = obj.remove("$ref").expect("checked above");
        let mut all_of = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(more)) = obj.remove("allOf") {
            all_of.extend(more);
        }
        obj.insert("allOf".into(), Value::Array(all_of));
    }
    if let Some(Value::Array(types)) = obj.get("type").cloned() {
        let mut names: Vec<String> = types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect();
        if names.iter().any(|t| t == "null") {
            obj.insert("nullable".into(), Value::Bool(true));
            names.retain(|t| t != "null");
        }
        obj.remove("type");
        match names.len() {
            0 => {}
            1 => {
                obj.insert("type".into(), Value::String(names.remove(0)));
            }
            _ => {
                let variants: Vec<Value> = names.iter().map(|t| json!({ "type": t })).collect();
                obj.insert("anyOf".into(), Value::Array(variants));
            }
        }
    } else if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(c) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(mut examples)) = obj.remove("examples") {
        if !obj.contains_key("example") && !examples.is_empty() {
            obj.insert("example".into(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = obj.get(exclusive).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if obj.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
        obj.insert("format".into(), json!("byte"));
    } else if obj.contains_key("contentMediaType") && !obj.contains_key("format") {
        obj.insert("format".into(), json!("binary"));
    }
    // `required: true` on a property is a Swagger-ism; 3.0 wants a list.
    if let Some(r) = obj.get("required") {
        if !r.is_array() {
            diags.warning(
                format!("{pointer}/required"),
                format!(
                    "`required` must be a list of property names, found {}; ignored",
                    kind_name(r)
                ),
            );
            obj.remove("required");
        }
    }
    // A non-string `format` or `pattern` cannot mean anything to us.
    for key in ["format", "pattern"] {
        if obj.get(key).is_some_and(|v| !v.is_string()) {
            obj.remove(key);
        }
    }
}

/// Escape a key for use in a JSON pointer.
pub fn escape(key: &str) -> String {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1")
    } else {
        key.to_owned()
    }
}

/// Undo [`escape`].
pub fn unescape(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(mut v: Value) -> (Value, Diagnostics) {
        let mut d = Diagnostics::default();
        document(&mut v, &mut d);
        (v, d)
    }

    #[test]
    fn type_arrays_become_nullable() {
        let (v, _) = norm(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "A": {"type": ["string", "null"], "const": "x"},
                "B": {"type": ["string", "integer"]},
                "C": {"$ref": "#/components/schemas/A", "description": "d"},
                "D": {"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 3}}},
            }}
        }));
        let s = &v["components"]["schemas"];
        assert_eq!(
            s["A"],
            json!({"type": "string", "nullable": true, "enum": ["x"]})
        );
        assert_eq!(
            s["B"]["anyOf"],
            json!([{"type": "string"}, {"type": "integer"}])
        );
        assert_eq!(s["C"]["allOf"], json!([{"$ref": "#/components/schemas/A"}]));
        assert_eq!(s["D"]["properties"]["n"]["minimum"], json!(3));
        assert_eq!(s["D"]["properties"]["n"]["exclusiveMinimum"], json!(true));
        assert_eq!(v["openapi"], "3.0.3");
    }

    #[test]
    fn keywords_not_acted_on_draw_one_located_warning_each() {
        let (_, mut d) = norm(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "A": {"type": "object", "minProperties": 1, "x-mine": 1,
                      "properties": {"a": {"type": "string", "minLenght": 2},
                                     "b": false}},
                "B": {"type": "object", "minProperties": 2, "$defs": {"C": {"not": {"type": "string"}}}},
                "D": {"type": "array", "prefixItems": [{"type": "string"}], "description": "d",
                      "items": {"const": 1}, "examples": [1]},
            }}
        }));
        d.flush_aggregated();
        let seen: Vec<(&str, &str)> = d
            .items()
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "/components/schemas/A/minProperties",
                    "`minProperties`/`maxProperties` is checked by the server but not reflected in the types (in 2 places; this is the first)"
                ),
                (
                    "/components/schemas/A/properties/a/minLenght",
                    "`minLenght` is not a schema keyword the generator knows: ignored"
                ),
                (
                    "/components/schemas/A/properties/b",
                    "a `false` schema (or `not: {}`) is checked by the server (no value is allowed) but not reflected in the types"
                ),
                (
                    "/components/schemas/B/$defs/C/not",
                    "`not` is checked by the server but not reflected in the types"
                ),
                (
                    "/components/schemas/D/prefixItems",
                    "`prefixItems` (tuples) is checked by the server; the items are typed as free-form JSON"
                ),
            ]
        );
        assert!(d
            .items()
            .iter()
            .all(|w| w.severity == crate::diag::Severity::Warning));
    }

    /// `docs/keywords.md` lists exactly the keywords the loader knows: those
    /// it acts on, those it explains in a warning, and those rewritten
    /// before either (`const` is an `enum`, `examples` an `example`).
    #[test]
    fn keyword_table_lists_every_keyword_the_loader_knows() {
        let doc = include_str!("../../docs/keywords.md");
        // The keyword table is the first; the conformance table follows.
        let table = doc.split("\n## ").next().unwrap_or(doc);
        let rows: Vec<Vec<&str>> = table
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
            .collect();
        let listed: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r[0].trim_matches('`')).collect();
        let mut known: std::collections::BTreeSet<&str> = KNOWN_KEYWORDS.iter().copied().collect();
        known.extend(WARNED_KEYWORDS);
        known.extend(["const", "examples"]);
        assert_eq!(listed, known, "docs/keywords.md and the loader disagree");
        for key in WARNED_KEYWORDS {
            assert!(unsupported_keyword(key).is_some(), "{key} has no warning");
        }
        for row in &rows {
            let key = row[0].trim_matches('`');
            let warned = row[6].starts_with("yes");
            assert_eq!(
                warned,
                WARNED_KEYWORDS.contains(&key),
                "{key}: Warned column"
            );
            let interpreted = crate::load::lower::INTERPRETED.contains(&key);
            assert_eq!(row[3] == "interpreter", interpreted, "{key}: Server column");
        }
    }

    #[test]
    fn non_object_root_is_an_error() {
        let (_, d) = norm(json!([1, 2]));
        assert!(d.items()[0].message.contains("must be an object"));
    }

    #[test]
    fn examples_are_left_alone() {
        let (v, _) = norm(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"A": {"type": "object", "example": {"type": ["x", "null"]}}}}
        }));
        assert_eq!(
            v["components"]["schemas"]["A"]["example"]["type"],
            json!(["x", "null"])
        );
    }
}
