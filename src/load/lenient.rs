//! Published specs often break a MUST of OpenAPI in small ways every other
//! tool tolerates: an operation without `responses`, a response without
//! `description`, a parameter with neither `schema` nor `content`, an OAuth
//! flow without `scopes`, a `$ref` whose pointer runs through another
//! `$ref`. Each is filled in here with a sensible default and one located
//! warning (an error under `--deny-warnings`), so generation goes on.
//!
//! Runs after `bundle` (every `$ref` is local) and before `lower`: the
//! document is walked along its structure, following `$ref`s, so a
//! component used by many operations is fixed, and warned about, once.

use super::normalize::{escape, unescape, Version, DEFS};
use crate::diag::Diagnostics;
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// The keys of a path item that hold operations (3.2's `query` included).
pub const OPERATION_KEYS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// The longest chain of `$ref`s followed while fixing (the lowering reports
/// cycles; this only keeps the walk finite).
const MAX_CHAIN: usize = 64;

/// Fill in what the document left out, with a warning for each.
pub fn document(root: &mut Value, version: Version, diags: &mut Diagnostics) {
    rewrite_refs_through_refs(root, diags);
    let mut walk = Walk {
        root,
        version,
        seen: HashSet::new(),
        fixes: Vec::new(),
        diags,
    };
    walk.document();
    let fixes = std::mem::take(&mut walk.fixes);
    for (at, key, value) in fixes {
        if let Some(Value::Object(obj)) = root.pointer_mut(&at) {
            obj.entry(key).or_insert(value);
        }
    }
}

/// One thing to insert: into the object at a pointer, a key and its value.
type Fix = (String, String, Value);

struct Walk<'a, 'd> {
    root: &'a Value,
    version: Version,
    /// Objects already walked (by the pointer they are at), so each is
    /// fixed once and a `$ref` cycle ends.
    seen: HashSet<String>,
    fixes: Vec<Fix>,
    diags: &'d mut Diagnostics,
}

impl<'a> Walk<'a, '_> {
    fn document(&mut self) {
        let root = self.root;
        for section in ["paths", "webhooks"] {
            for (key, item) in entries(root.get(section)) {
                self.path_item(item, &format!("/{section}/{}", escape(key)));
            }
        }
        let components = root.get("components");
        let component = |kind: &str| entries(components.and_then(|c| c.get(kind)));
        for (key, v) in component("pathItems") {
            self.path_item(v, &format!("/components/pathItems/{}", escape(key)));
        }
        for (key, v) in component("parameters") {
            self.parameter(v, &format!("/components/parameters/{}", escape(key)));
        }
        for (key, v) in component("headers") {
            self.header(v, &format!("/components/headers/{}", escape(key)));
        }
        for (key, v) in component("responses") {
            self.response(v, &format!("/components/responses/{}", escape(key)));
        }
        for (key, v) in component("requestBodies") {
            self.request_body(v, &format!("/components/requestBodies/{}", escape(key)));
        }
        for (key, v) in component("securitySchemes") {
            self.security_scheme(v, &format!("/components/securitySchemes/{}", escape(key)));
        }
    }

    /// The object `value` is or `$ref`s, with its pointer; `None` when it
    /// is not an object, or was walked already.
    fn enter(&mut self, value: &'a Value, at: &str) -> Option<(&'a Map<String, Value>, String)> {
        let mut node = value;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_CHAIN {
            match node.get("$ref") {
                Some(Value::String(reference)) => {
                    let target = local_pointer(reference)?;
                    node = find(self.root, &target)?.1;
                    pointer = target;
                }
                // Not a reference the lowering can follow: it says so.
                Some(_) => return None,
                None => break,
            }
        }
        let obj = node.as_object()?;
        self.seen.insert(pointer.clone()).then_some((obj, pointer))
    }

    fn fix(&mut self, at: &str, key: &str, value: Value) {
        self.fixes.push((at.to_owned(), key.to_owned(), value));
    }

    fn path_item(&mut self, value: &'a Value, at: &str) {
        let Some((item, at)) = self.enter(value, at) else {
            return;
        };
        self.parameters(item.get("parameters"), &format!("{at}/parameters"));
        for key in OPERATION_KEYS {
            if let Some(op) = item.get(*key) {
                self.operation(op, &format!("{at}/{key}"));
            }
        }
        for (key, op) in entries(item.get("additionalOperations")) {
            self.operation(op, &format!("{at}/additionalOperations/{}", escape(key)));
        }
    }

    fn parameters(&mut self, list: Option<&'a Value>, at: &str) {
        if let Some(Value::Array(list)) = list {
            for (i, p) in list.iter().enumerate() {
                self.parameter(p, &format!("{at}/{i}"));
            }
        }
    }

    fn operation(&mut self, value: &'a Value, at: &str) {
        let Some(op) = value.as_object() else {
            return;
        };
        self.parameters(op.get("parameters"), &format!("{at}/parameters"));
        if let Some(body) = op.get("requestBody") {
            self.request_body(body, &format!("{at}/requestBody"));
        }
        let no_body = || json!({"description": ""});
        match op.get("responses") {
            None => {
                self.diags.warning(
                    at,
                    "the operation has no `responses`; a `default` response with no body is assumed",
                );
                self.fix(at, "responses", json!({"default": no_body()}));
            }
            Some(Value::Object(responses)) if responses.keys().all(|k| k.starts_with("x-")) => {
                let at = format!("{at}/responses");
                self.diags.warning(
                    &at,
                    "`responses` lists no response; a `default` response with no body is assumed",
                );
                self.fix(&at, "default", no_body());
            }
            Some(responses) => {
                for (code, r) in entries(Some(responses)) {
                    self.response(r, &format!("{at}/responses/{}", escape(code)));
                }
            }
        }
        for (name, callback) in entries(op.get("callbacks")) {
            let Some((expressions, callback_at)) =
                self.enter(callback, &format!("{at}/callbacks/{}", escape(name)))
            else {
                continue;
            };
            for (expression, item) in expressions {
                if !expression.starts_with("x-") {
                    self.path_item(item, &format!("{callback_at}/{}", escape(expression)));
                }
            }
        }
    }

    fn parameter(&mut self, value: &'a Value, at: &str) {
        let Some((p, at)) = self.enter(value, at) else {
            return;
        };
        // Without `in` it is no parameter: the lowering says what is missing.
        if p.contains_key("in") && !p.contains_key("schema") && !p.contains_key("content") {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            self.diags.warning(
                &at,
                format!(
                    "parameter {:?} has neither `schema` nor `content`; it is read as a string",
                    crate::format::one_line(name)
                ),
            );
            self.fix(&at, "schema", json!({"type": "string"}));
        }
        self.content(p.get("content"), &at);
    }

    fn header(&mut self, value: &'a Value, at: &str) {
        let Some((h, at)) = self.enter(value, at) else {
            return;
        };
        if !h.contains_key("schema") && !h.contains_key("content") {
            self.diags.warning(
                &at,
                "the header has neither `schema` nor `content`; it is read as a string",
            );
            self.fix(&at, "schema", json!({"type": "string"}));
        }
    }

    fn response(&mut self, value: &'a Value, at: &str) {
        let Some((r, at)) = self.enter(value, at) else {
            return;
        };
        if !r.contains_key("description") {
            // Optional from 3.2 on; before, a MUST many specs skip.
            let summary = r.get("summary").and_then(Value::as_str).unwrap_or_default();
            if self.version.response_description_required() {
                self.diags.warning(
                    &at,
                    "the response has no `description` (required before OpenAPI 3.2); it is left empty",
                );
            }
            self.fix(&at, "description", json!(summary));
        }
        for (name, h) in entries(r.get("headers")) {
            self.header(h, &format!("{at}/headers/{}", escape(name)));
        }
        self.content(r.get("content"), &at);
    }

    fn request_body(&mut self, value: &'a Value, at: &str) {
        if let Some((body, at)) = self.enter(value, at) {
            self.content(body.get("content"), &at);
        }
    }

    /// The headers of each media type's encodings.
    fn content(&mut self, content: Option<&'a Value>, at: &str) {
        for (media, m) in entries(content) {
            let media_at = format!("{at}/content/{}", escape(media));
            for (field, e) in entries(m.get("encoding")) {
                let e_at = format!("{media_at}/encoding/{}", escape(field));
                for (name, h) in entries(e.get("headers")) {
                    self.header(h, &format!("{e_at}/headers/{}", escape(name)));
                }
            }
        }
    }

    fn security_scheme(&mut self, value: &'a Value, at: &str) {
        let Some((scheme, at)) = self.enter(value, at) else {
            return;
        };
        if scheme.get("type").and_then(Value::as_str) != Some("oauth2") {
            return;
        }
        for (name, flow) in entries(scheme.get("flows")) {
            if flow.is_object() && flow.get("scopes").is_none() {
                let flow_at = format!("{at}/flows/{}", escape(name));
                self.diags.warning(
                    &flow_at,
                    "the OAuth flow has no `scopes`; it is read as having none",
                );
                self.fix(&flow_at, "scopes", json!({}));
            }
        }
    }
}

/// The entries of a map that are not extensions (none when it is no map).
fn entries(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| !k.starts_with("x-"))
}

/// The JSON pointer of a local `$ref` (`#/a/b` → `/a/b`), decoded.
fn local_pointer(reference: &str) -> Option<String> {
    reference
        .strip_prefix('#')
        .map(super::lower::percent_decode)
}

/// The node at `pointer`, with the pointer it is really at: also when the
/// pointer runs through a `$ref` (`/components/schemas/A/properties/b`
/// with `A: {$ref: B}` is `B`'s property `b`), or names `$defs` the
/// normaliser moved.
fn find<'v>(root: &'v Value, pointer: &str) -> Option<(String, &'v Value)> {
    if let Some(v) = root.pointer(pointer) {
        return Some((pointer.to_owned(), v));
    }
    let moved = pointer
        .replace("/$defs/", &format!("/{DEFS}/"))
        .replace("/definitions/", &format!("/{DEFS}/"));
    if let Some(v) = root.pointer(&moved) {
        return Some((moved, v));
    }
    through_refs(root, &moved, 0)
}

/// Walk `pointer` segment by segment, following a `$ref` wherever the next
/// segment is not in the object itself.
fn through_refs<'v>(root: &'v Value, pointer: &str, depth: usize) -> Option<(String, &'v Value)> {
    if depth > MAX_CHAIN || !pointer.starts_with('/') {
        return None;
    }
    let mut node = root;
    let mut at = String::new();
    for segment in pointer[1..].split('/') {
        let key = unescape(segment);
        let next = child(node, &key);
        let (next, next_at) = match next {
            Some(n) => (n, format!("{at}/{segment}")),
            None => {
                // Along the chain of `$ref`s to the first node with the key.
                let mut target = node;
                let mut hops = 0;
                let (target_at, n) = loop {
                    let reference = target.get("$ref").and_then(Value::as_str)?;
                    let (target_at, found) =
                        find_depth(root, &local_pointer(reference)?, depth + 1)?;
                    if let Some(n) = child(found, &key) {
                        break (target_at, n);
                    }
                    hops += 1;
                    if hops > MAX_CHAIN {
                        return None;
                    }
                    target = found;
                };
                (n, format!("{target_at}/{segment}"))
            }
        };
        node = next;
        at = next_at;
    }
    Some((at, node))
}

/// The member `key` of an object, or the item at index `key` of an array.
fn child<'v>(node: &'v Value, key: &str) -> Option<&'v Value> {
    match node {
        Value::Object(obj) => obj.get(key),
        Value::Array(items) => items.get(key.parse::<usize>().ok()?),
        _ => None,
    }
}

fn find_depth<'v>(root: &'v Value, pointer: &str, depth: usize) -> Option<(String, &'v Value)> {
    match root.pointer(pointer) {
        Some(v) => Some((pointer.to_owned(), v)),
        None => through_refs(root, pointer, depth),
    }
}

/// Rewrite each `$ref` whose pointer runs through another `$ref` to the
/// place it reaches, with a warning at the `$ref`.
fn rewrite_refs_through_refs(root: &mut Value, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    collect_refs(root, String::new(), &mut found);
    let mut rewrites = Vec::new();
    for (at, reference) in found {
        let Some(pointer) = local_pointer(&reference) else {
            continue;
        };
        if pointer.is_empty() || find_plain(root, &pointer) {
            continue;
        }
        if let Some((real, _)) = through_refs(root, &pointer, 0) {
            diags.warning(
                &at,
                format!(
                    "$ref {reference:?} runs through another `$ref`, which a JSON pointer does not follow; read as \"#{real}\""
                ),
            );
            rewrites.push((at, format!("#{real}")));
        }
    }
    for (at, real) in rewrites {
        if let Some(Value::Object(obj)) = root.pointer_mut(&at) {
            obj.insert("$ref".into(), Value::String(real));
        }
    }
}

/// Whether `pointer` names a node as it is written (or as the normaliser
/// moved `$defs`).
fn find_plain(root: &Value, pointer: &str) -> bool {
    root.pointer(pointer).is_some()
        || root
            .pointer(
                &pointer
                    .replace("/$defs/", &format!("/{DEFS}/"))
                    .replace("/definitions/", &format!("/{DEFS}/")),
            )
            .is_some()
}

/// Every `$ref` string of the document (not in examples, defaults or
/// extensions, which are data), with the pointer of its object.
fn collect_refs(root: &Value, at: String, out: &mut Vec<(String, String)>) {
    let mut stack = vec![(root, at)];
    while let Some((node, at)) = stack.pop() {
        match node {
            Value::Object(obj) => {
                if let Some(Value::String(r)) = obj.get("$ref") {
                    out.push((at.clone(), r.clone()));
                }
                // Pushed last to first: popped in document order.
                for (k, v) in obj.iter().rev() {
                    let data = matches!(k.as_str(), "example" | "default" | "enum" | "const")
                        || k.starts_with("x-") && k != super::normalize::EXTERNAL && k != DEFS;
                    if !data && (v.is_object() || v.is_array()) {
                        stack.push((v, format!("{at}/{}", escape(k))));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    stack.push((v, format!("{at}/{i}")));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_through_refs_reaches_the_node_and_a_ref_cycle_ends() {
        let root = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"properties": {"list": {"items": [{"type": "string"}]}}},
            "X": {"$ref": "#/components/schemas/Y"},
            "Y": {"$ref": "#/components/schemas/X"},
        }}});
        let (at, node) = find(&root, "/components/schemas/A/properties/list/items/0").unwrap();
        assert_eq!(at, "/components/schemas/C/properties/list/items/0");
        assert_eq!(node, &json!({"type": "string"}));
        assert!(find(&root, "/components/schemas/X/properties").is_none());
        assert!(find(&root, "/components/schemas/A/nothing").is_none());
    }

    #[test]
    fn a_component_used_twice_is_fixed_and_warned_about_once() {
        let mut root = json!({
            "paths": {"/a": {
                "get": {"responses": {"200": {"$ref": "#/components/responses/R"}}},
                "put": {"responses": {"200": {"$ref": "#/components/responses/R"}}},
            }},
            "components": {"responses": {"R": {}}},
        });
        let mut diags = Diagnostics::default();
        document(&mut root, Version::V30, &mut diags);
        let at: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(at, ["/components/responses/R"]);
        assert_eq!(root["components"]["responses"]["R"]["description"], "");
    }
}
