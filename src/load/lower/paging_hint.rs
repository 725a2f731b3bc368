//! An operation's pagination extension, read into [`ir::PagingHint`]:
//! `x-forge-pagination`, or the shapes of `x-speakeasy-pagination` and
//! `x-fern-pagination` that map to ours. Whether the hint fits the
//! operation (the parameter exists, the body holds the list) is decided
//! later, with the types, by `ir::paging`.

use crate::ir::{self, PagingExtension, PagingKind};
use serde_json::Value;

/// The extensions read, in order of precedence.
pub(super) const PAGING_EXTENSIONS: &[&str] = &[
    "x-forge-pagination",
    "x-speakeasy-pagination",
    "x-fern-pagination",
];

/// The first pagination extension of an operation, read; `op_ptr` is the
/// operation's pointer.
pub(super) fn read<'a>(
    extensions: impl Fn(&str) -> Option<&'a Value>,
    op_ptr: &str,
) -> Option<ir::PagingHint> {
    PAGING_EXTENSIONS.iter().find_map(|key| {
        let value = extensions(key)?;
        Some(ir::PagingHint {
            read: extension(value),
            pointer: format!("{op_ptr}/{key}"),
        })
    })
}

/// `Ok(None)` turns paging off (`false`, or `kind: none`); `Err` says why
/// the extension cannot be read.
fn extension(value: &Value) -> Result<Option<PagingExtension>, String> {
    if value == &Value::Bool(false) || value.get("kind") == Some(&Value::from("none")) {
        return Ok(None);
    }
    if value.get("inputs").is_some() {
        return speakeasy(value).map(Some);
    }
    if value.get("results").is_some() {
        return fern(value).map(Some);
    }
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let kind = text("kind").ok_or("`kind` (page, offset, cursor or none) is missing")?;
    Ok(Some(PagingExtension {
        kind: match kind.as_str() {
            "page" => PagingKind::Page,
            "offset" => PagingKind::Offset,
            "cursor" => PagingKind::Cursor,
            "link" => PagingKind::Link,
            other => {
                return Err(format!(
                    "unknown kind {other:?} (page, offset, cursor or link)"
                ))
            }
        },
        param: text("param").ok_or("`param` (the request parameter that moves) is missing")?,
        size: text("size"),
        items: text("items"),
        next: text("next"),
    }))
}

/// `{type: offsetLimit|cursor, inputs: [{name, in: parameters, type}],
/// outputs: {results: $.field, nextCursor: $.field}}`.
fn speakeasy(value: &Value) -> Result<PagingExtension, String> {
    let inputs = value["inputs"]
        .as_array()
        .ok_or("`inputs` must be a list")?;
    let input = |role: &str| {
        inputs
            .iter()
            .find(|i| i["type"] == role && i["in"] == "parameters")
            .and_then(|i| i["name"].as_str())
            .map(str::to_owned)
    };
    let output = |key: &str| value["outputs"][key].as_str().and_then(top_field);
    let (kind, param) = match value["type"].as_str() {
        Some("cursor") => (PagingKind::Cursor, input("cursor")),
        Some("offsetLimit") => match input("page") {
            Some(page) => (PagingKind::Page, Some(page)),
            None => (PagingKind::Offset, input("offset")),
        },
        other => return Err(format!("pagination type {other:?} is not followed")),
    };
    Ok(PagingExtension {
        kind,
        param: param.ok_or("no input parameter for the page, offset or cursor")?,
        size: input("limit"),
        items: output("results"),
        next: output("nextCursor"),
    })
}

/// `{cursor: $request.x, next_cursor: $response.y, results: $response.z}`
/// or `{offset: $request.page, results: ...}` (a page number, stepped by
/// one).
fn fern(value: &Value) -> Result<PagingExtension, String> {
    let at = |key: &str, prefix: &str| {
        value[key]
            .as_str()
            .and_then(|s| s.strip_prefix(prefix))
            .filter(|s| !s.contains('.'))
            .map(str::to_owned)
    };
    let (kind, param) = match (at("cursor", "$request."), at("offset", "$request.")) {
        (Some(c), None) => (PagingKind::Cursor, c),
        (None, Some(o)) if value.get("step").is_none() => (PagingKind::Page, o),
        _ => {
            return Err("only a top-level cursor, or an offset stepped by one, is followed".into())
        }
    };
    Ok(PagingExtension {
        kind,
        param,
        size: None,
        items: Some(
            at("results", "$response.").ok_or("`results` must name a top-level response field")?,
        ),
        next: at("next_cursor", "$response."),
    })
}

/// `$.data` → `data`; deeper paths are not followed.
fn top_field(path: &str) -> Option<String> {
    let name = path.strip_prefix("$.")?;
    (!name.contains('.') && !name.contains('[')).then(|| name.to_owned())
}
