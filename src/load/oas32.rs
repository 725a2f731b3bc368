//! OpenAPI 3.2 additions, brought into the 3.0 shape the lowering reads (as
//! `normalize` does for 3.1), before anything else sees the document.
//!
//! Handled here: `$ref`s to `components/mediaTypes` (inlined, the schema
//! kept a `$ref` so its type keeps the component's name), example objects'
//! `dataValue`/`serializedValue` (read as `value`, shown in docs), `style:
//! cookie` (a cookie's `name=value`), discriminator `defaultMapping` (kept
//! for the lowering, which then matches the union by shape), and a warning
//! for the deprecated `allowEmptyValue`. What is read elsewhere: response
//! `summary` and optional `description` (`lenient`), tags, security
//! schemes' `deprecated`, `deviceAuthorization` and `oauth2MetadataUrl`
//! (`lower`), `$self` (`bundle`). What is not generated yet draws a located
//! warning: the `query` method, `additionalOperations`, `in: querystring`
//! parameters, `itemEncoding`/`prefixEncoding`, and item streams other than
//! server-sent events.

use super::normalize::escape;
use crate::diag::Diagnostics;
use serde_json::{json, Value};

/// Where the lowering finds a discriminator's `defaultMapping`.
pub const DEFAULT_MAPPING: &str = "x-forge-default-mapping";

/// Whether the document declares OpenAPI 3.2.
pub fn is_32(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.2"))
}

/// Rewrite the 3.2 constructs of a 3.2 document.
pub fn document(root: &mut Value, diags: &mut Diagnostics) {
    let mut edits = Vec::new();
    // Before the media types are inlined: a warning about one is placed
    // where it is written.
    top_level(root, diags);
    walk(root, "", Parent::Other, diags, &mut edits);
    inline_media_type_refs(root, diags);
    let mut removals: Vec<(String, usize)> = Vec::new();
    for edit in edits {
        match edit {
            Edit::RemoveParam { list, index } => removals.push((list, index)),
            Edit::RefParam {
                list,
                index,
                reference,
            } => {
                let target = reference
                    .strip_prefix('#')
                    .map(super::lower::percent_decode)
                    .and_then(|p| root.pointer(&p));
                if target.and_then(|t| t.get("in")).and_then(Value::as_str) == Some("querystring") {
                    removals.push((list, index));
                }
            }
        }
    }
    // Last to first, so the indices recorded stay right.
    removals.sort_by(|(a, i), (b, j)| a.cmp(b).then(j.cmp(i)));
    for (list, index) in removals {
        if let Some(Value::Array(items)) = root.pointer_mut(&list) {
            if index < items.len() {
                items.remove(index);
            }
        }
    }
}

/// What holds the object being walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// A `parameters` list or map.
    Parameters,
    /// A `paths`, `webhooks` or `components/pathItems` map.
    PathItems,
    /// A `content` map.
    Content,
    /// An `examples` map.
    Examples,
    /// A `headers` map.
    Headers,
    /// A `responses` map (whose `default` is a response, not data).
    Responses,
    Other,
}

/// A change that waits until the walk is done.
enum Edit {
    /// Take a parameter out of its list (removed last to first).
    RemoveParam { list: String, index: usize },
    /// A parameter of a list that is a `$ref`: taken out too if it names
    /// a `querystring` parameter (which is warned about where it is).
    RefParam {
        list: String,
        index: usize,
        reference: String,
    },
}

fn walk(
    node: &mut Value,
    pointer: &str,
    parent: Parent,
    diags: &mut Diagnostics,
    edits: &mut Vec<Edit>,
) {
    match node {
        Value::Object(obj) => {
            match parent {
                Parent::Parameters => parameter(obj, pointer, diags, edits),
                Parent::PathItems => path_item(obj, pointer, diags),
                Parent::Content => media_type(obj, pointer, diags),
                Parent::Examples => example(obj, pointer, diags),
                Parent::Headers => header(obj, pointer, diags),
                Parent::Responses | Parent::Other => {}
            }
            if obj.contains_key("example")
                && obj.contains_key("examples")
                && parent != Parent::Other
            {
                diags.warning(
                    format!("{pointer}/example"),
                    "`example` and `examples` exclude each other: `example` is used",
                );
            }
            if let Some(Value::Object(xml)) = obj.get("xml") {
                for old in ["attribute", "wrapped"] {
                    if xml.contains_key("nodeType") && xml.contains_key(old) {
                        diags.warning(
                            format!("{pointer}/xml/{old}"),
                            format!(
                                "`{old}` and `nodeType` exclude each other: `nodeType` is used"
                            ),
                        );
                    }
                }
            }
            if let Some(Value::Object(d)) = obj.get_mut("discriminator") {
                if let Some(default) = d.remove("defaultMapping") {
                    d.insert(DEFAULT_MAPPING.into(), default);
                }
            }
            let keys: Vec<String> = obj.keys().cloned().collect();
            for key in keys {
                if matches!(key.as_str(), "example" | "default" | "enum" | "const")
                    || key.starts_with("x-")
                {
                    continue;
                }
                let child_parent = match key.as_str() {
                    "parameters" => Parent::Parameters,
                    "paths" | "webhooks" | "pathItems" => Parent::PathItems,
                    "content" | "mediaTypes" => Parent::Content,
                    "examples" => Parent::Examples,
                    "headers" => Parent::Headers,
                    "responses" => Parent::Responses,
                    _ => Parent::Other,
                };
                // A map of those holds them as its values.
                let child_ptr = format!("{pointer}/{}", escape(&key));
                let child = obj.get_mut(&key).expect("listed above");
                match child {
                    Value::Object(map) if child_parent != Parent::Other => {
                        for (k, v) in map.iter_mut() {
                            if !k.starts_with("x-") {
                                let at = format!("{child_ptr}/{}", escape(k));
                                walk(v, &at, child_parent, diags, edits);
                            }
                        }
                    }
                    Value::Array(items) => {
                        for (i, v) in items.iter_mut().enumerate() {
                            walk(v, &format!("{child_ptr}/{i}"), child_parent, diags, edits);
                        }
                    }
                    _ => walk(child, &child_ptr, Parent::Other, diags, edits),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{pointer}/{i}"), Parent::Other, diags, edits);
            }
        }
        _ => {}
    }
}

/// The document's own fields: unknown ones, a document with none of
/// `paths`, `components` and `webhooks`, and `servers` of the wrong shape.
fn top_level(root: &Value, diags: &mut Diagnostics) {
    const FIELDS: &[&str] = &[
        "openapi",
        "$self",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ];
    let Some(obj) = root.as_object() else { return };
    for key in obj.keys() {
        if !key.starts_with("x-") && !FIELDS.contains(&key.as_str()) {
            diags.warning(
                format!("/{}", escape(key)),
                format!(
                    "`{}` is not a field of an OpenAPI document: ignored",
                    crate::format::one_line(key)
                ),
            );
        }
    }
    if !["paths", "components", "webhooks"]
        .iter()
        .any(|k| obj.contains_key(*k))
    {
        diags.warning(
            "",
            "the document has none of `paths`, `components` and `webhooks`: there is nothing to generate",
        );
    }
    match obj.get("servers") {
        Some(Value::Array(servers)) => {
            for (i, server) in servers.iter().enumerate() {
                for (name, var) in server
                    .get("variables")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if var
                        .get("enum")
                        .and_then(Value::as_array)
                        .is_some_and(Vec::is_empty)
                    {
                        diags.warning(
                            format!("/servers/{i}/variables/{}/enum", escape(name)),
                            "a server variable's `enum` must list at least one value: ignored",
                        );
                    }
                }
            }
        }
        Some(_) => diags.warning("/servers", "`servers` must be a list: ignored"),
        None => {}
    }
}

fn parameter(
    obj: &mut serde_json::Map<String, Value>,
    pointer: &str,
    diags: &mut Diagnostics,
    edits: &mut Vec<Edit>,
) {
    if let Some(Value::String(reference)) = obj.get("$ref") {
        if let Some((list, index)) = pointer.rsplit_once('/') {
            if let Ok(index) = index.parse() {
                edits.push(Edit::RefParam {
                    list: list.to_owned(),
                    index,
                    reference: reference.clone(),
                });
            }
        }
    }
    match obj.get("in").and_then(Value::as_str) {
        Some("querystring") => {
            diags.warning(
                pointer,
                "`in: querystring` parameters are not generated yet; the parameter is left out",
            );
            if let Some((list, index)) = pointer.rsplit_once('/') {
                if let Ok(index) = index.parse() {
                    edits.push(Edit::RemoveParam {
                        list: list.to_owned(),
                        index,
                    });
                }
            }
        }
        Some("cookie") if obj.get("style").and_then(Value::as_str) == Some("cookie") => {
            // A cookie's `name=value`, as `form` writes one value.
            obj.insert("style".into(), json!("form"));
        }
        _ => {}
    }
    let location = obj.get("in").and_then(Value::as_str).unwrap_or_default();
    let name = obj.get("name").and_then(Value::as_str).unwrap_or_default();
    if location == "path" && name.contains(['{', '}']) {
        diags.warning(
            format!("{pointer}/name"),
            "a path parameter's name cannot hold `{` or `}`: no path template can name it",
        );
    }
    if location == "header" && !is_token(name) {
        diags.warning(
            format!("{pointer}/name"),
            "a header parameter's name must be an HTTP token (no spaces, `=`, `:` or quotes)",
        );
    }
    if matches!(location, "header" | "cookie" | "path") && obj.contains_key("allowReserved") {
        diags.warning(
            format!("{pointer}/allowReserved"),
            format!("`allowReserved` applies to query parameters, not to {location} ones: ignored"),
        );
    }
    if obj.contains_key("allowEmptyValue") {
        diags.warning(
            format!("{pointer}/allowEmptyValue"),
            "`allowEmptyValue` is deprecated in OpenAPI 3.2 and ignored",
        );
    }
}

fn path_item(obj: &mut serde_json::Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    if obj.contains_key("query") {
        diags.warning(
            format!("{pointer}/query"),
            "the QUERY operation is not generated yet",
        );
    }
    if let Some(Value::Object(more)) = obj.get("additionalOperations") {
        for method in more.keys() {
            diags.warning(
                format!("{pointer}/additionalOperations/{}", escape(method)),
                format!(
                    "the {} operation is not generated yet",
                    crate::format::one_line(method)
                ),
            );
        }
    }
}

fn media_type(obj: &mut serde_json::Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    if obj.contains_key("$ref") {
        return;
    }
    for key in ["itemEncoding", "prefixEncoding"] {
        if obj.contains_key(key) {
            diags.warning(
                format!("{pointer}/{key}"),
                format!("`{key}` is not generated yet; ignored"),
            );
        }
    }
    let (holder, media) = pointer.rsplit_once('/').unwrap_or_default();
    let media = super::normalize::unescape(media).to_ascii_lowercase();
    let what = if holder.ends_with("/components/mediaTypes") {
        "this media type".to_owned()
    } else {
        crate::format::one_line(&media)
    };
    if obj.contains_key("itemSchema") && !media.starts_with("text/event-stream") {
        diags.warning(
            format!("{pointer}/itemSchema"),
            format!(
                "items of {what} are not generated as a typed stream yet; the body is read whole"
            ),
        );
    }
}

/// 3.2's `dataValue` (the value as data) or `serializedValue` (as sent) is
/// read as the `value` the docs show.
fn example(obj: &mut serde_json::Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let given: Vec<&str> = ["value", "dataValue", "serializedValue", "externalValue"]
        .into_iter()
        .filter(|k| obj.contains_key(*k))
        .collect();
    // `dataValue` may go with either serialized form; any other pair
    // contradicts itself.
    let contradicts = given.len() > 2 || (given.len() == 2 && given[0] != "dataValue");
    if contradicts {
        diags.warning(
            pointer,
            format!(
                "an example gives {}: at most one value, or `dataValue` with `serializedValue` or `externalValue`; the first is used",
                given.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
            ),
        );
    }
    let data = obj.remove("dataValue");
    let serialized = obj.remove("serializedValue");
    if !obj.contains_key("value") {
        if let Some(value) = data.or(serialized) {
            obj.insert("value".into(), value);
        }
    }
}

/// Each media type that is a `$ref` to `components/mediaTypes` becomes a
/// copy of it, its schemas `$ref`s to the component's.
fn inline_media_type_refs(root: &mut Value, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    let mut stack = vec![(&*root, String::new(), false)];
    while let Some((node, at, in_content)) = stack.pop() {
        match node {
            Value::Object(obj) => {
                if in_content {
                    if let Some(Value::String(r)) = obj.get("$ref") {
                        found.push((at.clone(), r.clone()));
                        continue;
                    }
                }
                for (k, v) in obj.iter().rev() {
                    if k.starts_with("x-") || matches!(k.as_str(), "example" | "default" | "enum") {
                        continue;
                    }
                    let content = k == "content" && v.is_object();
                    if content {
                        for (media, m) in v.as_object().into_iter().flatten().rev() {
                            let m_at = format!("{at}/content/{}", escape(media));
                            stack.push((m, m_at, true));
                        }
                    } else if v.is_object() || v.is_array() {
                        stack.push((v, format!("{at}/{}", escape(k)), false));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    stack.push((v, format!("{at}/{i}"), false));
                }
            }
            _ => {}
        }
    }
    for (at, reference) in found {
        let target = reference
            .strip_prefix('#')
            .map(super::lower::percent_decode)
            .filter(|t| t.starts_with("/components/mediaTypes/"));
        let Some(target) = target else {
            diags.warning(
                &at,
                format!("a media type may only `$ref` one of `components/mediaTypes`; {reference:?} is read as an empty media type"),
            );
            if let Some(slot) = root.pointer_mut(&at) {
                *slot = json!({});
            }
            continue;
        };
        let Some(Value::Object(mut copy)) = root.pointer(&target).cloned() else {
            diags.error(
                &at,
                format!("$ref {reference:?} points to nothing in the document"),
            );
            continue;
        };
        for key in ["schema", "itemSchema"] {
            if copy.contains_key(key) {
                copy.insert(key.into(), json!({"$ref": format!("#{target}/{key}")}));
            }
        }
        if let Some(slot) = root.pointer_mut(&at) {
            *slot = Value::Object(copy);
        }
    }
}

fn header(obj: &serde_json::Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    let name = pointer.rsplit('/').next().unwrap_or_default();
    if !obj.contains_key("$ref") && !is_token(&super::normalize::unescape(name)) {
        diags.warning(
            pointer,
            "a header's name must be an HTTP token (no spaces, `=`, `:` or quotes)",
        );
    }
    if obj.contains_key("allowReserved") {
        diags.warning(
            format!("{pointer}/allowReserved"),
            "`allowReserved` applies to query parameters, not to headers: ignored",
        );
    }
}

/// Whether `name` is an HTTP token (RFC 9110), as a header name must be.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use crate::ir::select::Selection;
    use crate::ir::{SecurityKind, Tag, TypeKind};
    use std::path::Path;

    /// What `tests/specs/oas32.yaml` says beyond 3.0 is in the model.
    #[test]
    fn the_3_2_additions_are_read_into_the_model() {
        let text = include_str!("../../tests/specs/oas32.yaml");
        let loaded =
            crate::load::load_str(text, Path::new("oas32.yaml"), &[], &Selection::default())
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded.warnings.items().is_empty(), "{:?}", loaded.warnings);
        let api = &loaded.api;
        let tag = |name: &str, summary: Option<&str>, parent: Option<&str>, kind: &str| Tag {
            name: name.to_owned(),
            summary: summary.map(str::to_owned),
            description: None,
            parent: parent.map(str::to_owned),
            kind: Some(kind.to_owned()),
        };
        assert_eq!(
            api.tags,
            [
                tag("animals", Some("Animals"), None, "nav"),
                tag("pets", Some("Pets"), Some("animals"), "nav"),
                tag("toys", None, Some("pets"), "badge"),
            ]
        );
        let [key, device] = &api.security_schemes[..] else {
            panic!("two schemes")
        };
        assert!(key.deprecated && matches!(key.kind, SecurityKind::ApiKey { .. }));
        let oauth = device.oauth2.as_ref().expect("OAuth2");
        assert_eq!(
            oauth.metadata_url.as_deref(),
            Some("https://auth.example.com/.well-known/oauth-authorization-server")
        );
        assert_eq!(oauth.flows[0].kind, "deviceAuthorization");
        assert_eq!(
            oauth.flows[0].device_authorization_url.as_deref(),
            Some("https://auth.example.com/device")
        );
        assert_eq!(
            oauth.flows[0].scopes,
            [("pets:read".to_owned(), "Read pets.".to_owned())]
        );
        // Responses: the summary stands in for the missing description.
        let list = &api.operations[0];
        assert_eq!(list.responses[0].description, "The pets.");
        // The media type `$ref`: its schema is a type named after the
        // component.
        let body = list.responses[0].content.as_ref().expect("a body");
        let crate::ir::Ty::Named(id) = &body.ty else {
            panic!("{:?}", body.ty)
        };
        assert_eq!(api.types.get(*id).name, "PetList");
        // `style: cookie` is a cookie's `name=value`.
        assert_eq!(list.params[0].location, crate::ir::ParamLocation::Cookie);
        // `$self`: the absolute `$ref` is the document's own `Toy`.
        let toy = api.types.iter().find(|(_, d)| d.name == "Toy").unwrap().1;
        // `defaultMapping`: matched by shape, since the tag may be missing.
        let TypeKind::Union(u) = &toy.kind else {
            panic!("Toy is a union")
        };
        assert_eq!(u.tag, None);
        // `dataValue` is the example the docs show.
        let replace = &api.operations[2];
        let example = replace.body.as_ref().unwrap().docs.example.as_deref();
        assert_eq!(example, Some(r#"{"kind":"ball","bounces":true}"#));
    }
}
