//! Schema keywords the Rust types do not express but the server can check
//! (`not`, `if`/`then`/`else`, `prefixItems`, `patternProperties`,
//! `unevaluatedProperties`, `const` objects, …). openapiv3 drops them, so
//! they are read from the document itself: a schema that uses one is kept
//! as JSON ([`Keywords`]) for the generated server's schema interpreter,
//! and every schema its `$ref`s reach is gathered into
//! `Api::keyword_schemas`.

use super::Lower;
use crate::ir::Keywords;
use crate::load::normalize::{schema_children, Children};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Keywords only the server's schema interpreter checks: a schema that has
/// one is checked as a whole by it.
pub const INTERPRETED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependencies",
    "dependentSchemas",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "prefixItems",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords left out of the JSON the server keeps: they never change
/// whether a value is valid.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "externalDocs",
    "xml",
    "deprecated",
    "$comment",
    "default",
    "discriminator",
];

/// How many `$ref`s the gathered schemas may hold in all; more is a
/// warning and the rest resolve to nothing (accepting any value).
const MAX_REFERENCES: usize = 10_000;

impl Lower<'_> {
    /// The schema at `pointer` as [`Keywords`] when it (or an inline part
    /// of its `allOf`) uses a keyword the types do not express.
    pub(super) fn keywords(&mut self, pointer: &str) -> Option<Keywords> {
        let schema = self.root.pointer(pointer)?;
        if !needs_interpreter(schema, 0) {
            return None;
        }
        let slim = slim(schema);
        collect_refs(&slim, &mut self.keyword_refs);
        Some(Keywords {
            schema: slim.to_string(),
        })
    }

    /// The raw schema at `pointer` has `key` (`patternProperties`, …).
    pub(super) fn raw_has(&self, pointer: &str, key: &str) -> bool {
        self.root
            .pointer(pointer)
            .and_then(Value::as_object)
            .is_some_and(|o| o.contains_key(key))
    }

    /// Every schema the kept keywords' `$ref`s reach, transitively, each at
    /// its own pointer: the JSON text of `Api::keyword_schemas`.
    pub(super) fn keyword_schemas(&mut self) -> String {
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut todo: Vec<String> = std::mem::take(&mut self.keyword_refs).into_iter().collect();
        let mut found: Vec<(String, Value)> = Vec::new();
        while let Some(reference) = todo.pop() {
            if !done.insert(reference.clone()) {
                continue;
            }
            if done.len() > MAX_REFERENCES {
                self.diags.warning(
                    "",
                    format!(
                        "more than {MAX_REFERENCES} schemas are reached from schemas the server checks by keyword; the rest accept any value"
                    ),
                );
                break;
            }
            let Some(pointer) = reference.strip_prefix('#') else {
                continue;
            };
            let Some(target) = self.root.pointer(pointer) else {
                continue;
            };
            let target = slim(target);
            let mut more = BTreeSet::new();
            collect_refs(&target, &mut more);
            todo.extend(more.into_iter().filter(|r| !done.contains(r)));
            found.push((pointer.to_owned(), target));
        }
        // Outer schemas first, so a nested one (`$defs` inside a component)
        // is placed into its holder rather than replaced by it.
        found.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
        let mut document = Value::Object(Map::new());
        for (pointer, schema) in found {
            place(&mut document, &pointer, schema);
        }
        document.to_string()
    }
}

/// The schema uses a keyword only the interpreter checks: one of
/// [`INTERPRETED`], or an `enum`/`const` the typed enums do not cover.
fn needs_interpreter(schema: &Value, depth: usize) -> bool {
    let Some(obj) = schema.as_object() else {
        return false;
    };
    if INTERPRETED.iter().any(|k| obj.contains_key(*k))
        || untyped_enum(obj)
        || free_form_with_assertions(obj)
    {
        return true;
    }
    // An inline `allOf` part may hold them (a `$ref` with siblings becomes
    // `allOf: [$ref, {siblings}]`).
    depth < 8
        && obj
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|p| needs_interpreter(p, depth + 1)))
}

/// Keywords that constrain one kind of value (`maxLength` strings,
/// `minimum` numbers, …) and apply only to values of that kind.
const TYPE_ASSERTIONS: &[&str] = &[
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "required",
];

/// Keywords that give a schema a Rust shape (or hand it to another
/// schema): a schema with none of them is free-form JSON.
const SHAPING: &[&str] = &[
    "type",
    "$ref",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "enum",
];

/// A schema without a `type` (free-form JSON in Rust) that still asserts
/// something about the values of some type: `{maxLength: 2}` limits
/// strings and lets numbers through, `{format: date}` checks strings.
/// The typed checks have no type to hang these on, so the interpreter
/// checks them, as JSON Schema applies them (to values of their kind).
fn free_form_with_assertions(obj: &Map<String, Value>) -> bool {
    !SHAPING.iter().any(|k| obj.contains_key(*k))
        && TYPE_ASSERTIONS.iter().any(|k| obj.contains_key(*k))
}

/// An `enum` (a `const` becomes one) the typed checks do not check: not
/// all strings, nor all integers of an `integer` schema.
fn untyped_enum(obj: &Map<String, Value>) -> bool {
    let Some(Value::Array(values)) = obj.get("enum") else {
        return false;
    };
    let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let ty = obj.get("type").and_then(Value::as_str);
    let strings = values.iter().all(|v| v.is_string()) && ty != Some("integer");
    let integers = values.iter().all(|v| v.is_i64()) && ty == Some("integer");
    !values.is_empty() && !strings && !integers
}

/// The schema without annotations and extensions, in every subschema.
fn slim(schema: &Value) -> Value {
    let Value::Object(obj) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in obj {
        if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let value = match (schema_children(key), value) {
            (Some(Children::One), v) => slim(v),
            (Some(Children::List), Value::Array(items)) => {
                Value::Array(items.iter().map(slim).collect())
            }
            (Some(Children::Map), Value::Object(map)) => Value::Object(
                map.iter()
                    .map(|(name, v)| (name.clone(), slim(v)))
                    .collect(),
            ),
            (_, v) => v.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Every `$ref` in a slimmed schema.
fn collect_refs(schema: &Value, refs: &mut BTreeSet<String>) {
    let Value::Object(obj) = schema else { return };
    for (key, value) in obj {
        match (key.as_str(), schema_children(key), value) {
            ("$ref", _, Value::String(r)) => {
                refs.insert(r.clone());
            }
            (_, Some(Children::One), v) => collect_refs(v, refs),
            (_, Some(Children::List), Value::Array(items)) => {
                items.iter().for_each(|v| collect_refs(v, refs))
            }
            (_, Some(Children::Map), Value::Object(map)) => {
                map.values().for_each(|v| collect_refs(v, refs))
            }
            _ => {}
        }
    }
}

/// Put `value` at `pointer` in `document`, making the objects on the way.
fn place(document: &mut Value, pointer: &str, value: Value) {
    let mut here = document;
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(crate::load::normalize::unescape)
        .collect();
    let Some((last, path)) = segments.split_last() else {
        *here = value;
        return;
    };
    for segment in path {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        here = here
            .as_object_mut()
            .expect("made an object above")
            .entry(segment.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !here.is_object() {
        *here = Value::Object(Map::new());
    }
    here.as_object_mut()
        .expect("made an object above")
        .insert(last.clone(), value);
}

/// For tests: the pointer escape the document uses.
#[cfg(test)]
fn pointer_of(segments: &[&str]) -> String {
    use crate::load::normalize::escape;
    segments.iter().map(|s| format!("/{}", escape(s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_that_need_the_interpreter() {
        assert!(needs_interpreter(&json!({"not": {}}), 0));
        assert!(needs_interpreter(&json!({"enum": [42]}), 0));
        assert!(needs_interpreter(&json!({"enum": [{"a": 1}]}), 0));
        assert!(needs_interpreter(
            &json!({"allOf": [{"$ref": "#/x"}, {"minProperties": 1}]}),
            0
        ));
        assert!(!needs_interpreter(&json!({"enum": ["a", null]}), 0));
        assert!(!needs_interpreter(
            &json!({"type": "integer", "enum": [1, 2]}),
            0
        ));
        assert!(!needs_interpreter(
            &json!({"type": "string", "minLength": 1}),
            0
        ));
    }

    #[test]
    fn slim_keeps_what_validates_and_property_names_that_look_like_annotations() {
        let s = json!({"description": "d", "x-a": 1, "not": {"title": "t", "type": "string"},
                       "properties": {"description": {"type": "string", "example": "e"}}});
        assert_eq!(
            slim(&s),
            json!({"not": {"type": "string"}, "properties": {"description": {"type": "string"}}})
        );
    }

    #[test]
    fn schemas_are_placed_at_their_pointers() {
        let mut doc = Value::Object(Map::new());
        let a = pointer_of(&["components", "schemas", "a/b"]);
        place(&mut doc, &a, json!({"type": "string"}));
        place(
            &mut doc,
            "/components/schemas/a~1b/x-forge-defs/c",
            json!(true),
        );
        assert_eq!(
            doc.pointer("/components/schemas/a~1b/type"),
            Some(&json!("string"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/a~1b/x-forge-defs/c"),
            Some(&json!(true))
        );
    }
}
