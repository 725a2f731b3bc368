//! Which list operations page, and how: the client gets a stream of items
//! (and of whole pages) for each operation found here.
//!
//! Rules, in order: the operation's `x-forge-pagination` extension (or the
//! shapes of `x-speakeasy-pagination` and `x-fern-pagination` that map to
//! ours); a cursor (a string response field such as `next_cursor` paired
//! with a parameter such as `cursor`); a `has_more` flag with a
//! `starting_after` parameter that takes the last item's `id` (Stripe);
//! a page number or an offset parameter with the list in the body. An
//! operation that fits none, or more than one way, gets no stream: a wrong
//! stream is worse than none.

use super::{
    Api, Field, Operation, PagingExtension, PagingHint, PagingKind, ParamLocation, Presence, Ty,
    TypeKind, TypeTable,
};
use heck::ToSnakeCase;

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub rule: Rule,
    /// The field of the success body that holds the items; `None` when the
    /// body is the list itself.
    pub items: Option<FieldRef>,
    /// The items' type.
    pub item: Ty,
    pub next: Next,
}

/// A field the generated code reads: its names and how it is represented
/// (`Required` or `Optional`; paging reads no nullable field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub name: String,
    pub json_name: String,
    pub presence: Presence,
}

impl FieldRef {
    fn of(f: &Field) -> FieldRef {
        FieldRef {
            name: f.name.clone(),
            json_name: f.json_name.clone(),
            presence: f.presence(),
        }
    }
}

/// Which rule found the paging (printed as a note at generation time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Extension,
    Link,
    Cursor,
    HasMore,
    PageNumber,
    Offset,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Extension => "the pagination extension",
            Rule::Link => "a `Link` header with rel=\"next\"",
            Rule::Cursor => "a cursor in the response",
            Rule::HasMore => "has_more and the last item's id",
            Rule::PageNumber => "a page number parameter",
            Rule::Offset => "an offset parameter",
        }
    }
}

/// How the request for the next page differs from the last one. Parameter
/// numbers index `Operation::params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// `param` counts pages from `first`: the next page is one more. A page
    /// with no items, or fewer than the page size (`size`'s value, else the
    /// first page's length), is the last.
    Page {
        param: usize,
        size: Option<usize>,
        first: i64,
    },
    /// `param` counts items: the next offset is this one plus the items of
    /// this page; it stops as a page number does.
    Offset { param: usize, size: Option<usize> },
    /// `param` takes the string in the body's `field`; no cursor (absent,
    /// null, empty or the one just sent) is the end.
    Cursor { param: usize, field: FieldRef },
    /// `param` takes the last item's `id` while the body's `flag` is true.
    AfterLast {
        param: usize,
        id: FieldRef,
        flag: FieldRef,
    },
    /// The next page is the URL of the response's `Link` header with
    /// `rel="next"` (RFC 8288; GitHub), fetched as it is; no such link is
    /// the end. `header` is the header's Rust field name in the success
    /// struct.
    Link { header: String },
}

impl Next {
    /// The parameter that moves from page to page (none for a link: the
    /// server writes the whole next URL).
    pub fn param(&self) -> Option<usize> {
        match self {
            Next::Page { param, .. }
            | Next::Offset { param, .. }
            | Next::Cursor { param, .. }
            | Next::AfterLast { param, .. } => Some(*param),
            Next::Link { .. } => None,
        }
    }
}

const PAGE: &[&str] = &["page", "page_number", "page_num", "page_no", "page_index"];
const OFFSET: &[&str] = &["offset", "skip", "start", "start_at", "start_index"];
const SIZE: &[&str] = &[
    "limit",
    "per_page",
    "page_size",
    "size",
    "max_results",
    "count",
    "top",
];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "next_page_token",
    "next_token",
    "continuation_token",
    "start_cursor",
    "after",
    "marker",
];
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "next_page_token",
    "next_token",
    "continuation_token",
    "next_marker",
    "cursor",
];
/// Names of the field holding the items when the body has several arrays.
const ITEM_FIELDS: &[&str] = &["items", "data", "results", "values", "entries", "records"];

/// Find the paging of every operation; `problems` gets the pointer and the
/// reason for each extension that could not be followed.
pub fn detect_all(api: &mut Api, problems: &mut Vec<(String, String)>) {
    let found: Vec<Option<Paging>> = api
        .operations
        .iter()
        .map(|op| detect(&api.types, op, problems))
        .collect();
    for (op, paging) in api.operations.iter_mut().zip(found) {
        op.paging = paging;
    }
}

fn detect(
    types: &TypeTable,
    op: &Operation,
    problems: &mut Vec<(String, String)>,
) -> Option<Paging> {
    // A binary request body may be a stream, which cannot be sent again
    // for the next page.
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.content.kind == super::ContentKind::Binary)
    {
        if let Some(PagingHint { pointer, .. }) = &op.paging_hint {
            let why = "the pagination extension is not followed (the request body is binary, and may be a stream that cannot be sent again for each page); the operation gets no stream";
            problems.push((pointer.clone(), why.to_owned()));
        }
        return None;
    }
    if let Some(PagingHint { read, pointer }) = &op.paging_hint {
        let paging = match read {
            Ok(Some(spec)) => from_extension(types, op, spec).map(Some),
            Ok(None) => Ok(None),
            Err(why) => Err(why.clone()),
        };
        return paging.unwrap_or_else(|why| {
            problems.push((pointer.clone(), why));
            None
        });
    }
    let body = Body::of(types, op)?;
    // What the server says is the next page beats any guess.
    if let Some(next) = link_header(op) {
        return Some(Paging {
            rule: Rule::Link,
            items: body.items_ref(),
            item: body.item.clone(),
            next,
        });
    }
    let params = Params::of(op);
    let found: Vec<Paging> = [
        cursor(&body, &params),
        has_more(types, &body, &params),
        counted(&body, &params, &params.page, Rule::PageNumber, op),
        counted(&body, &params, &params.offset, Rule::Offset, op),
    ]
    .into_iter()
    .flatten()
    .collect();
    // A cursor beats counting (an API with both pages by the cursor);
    // otherwise exactly one rule must fit.
    match found.as_slice() {
        [one] => Some(one.clone()),
        [first, ..] if matches!(first.rule, Rule::Cursor | Rule::HasMore) => Some(first.clone()),
        _ => None,
    }
}

/// A `Link` header documented on the (one) success response, as a string.
fn link_header(op: &Operation) -> Option<Next> {
    let response = op.successes().next()?;
    let h = response
        .headers
        .iter()
        .find(|h| h.json_name.eq_ignore_ascii_case("link") && is_string(h.ty.unlimited()))?;
    Some(Next::Link {
        header: h.name.clone(),
    })
}

/// The success body of a list operation: one success response with a JSON
/// body that is an array or an object holding one.
struct Body<'a> {
    /// The body's fields when it is an object.
    fields: &'a [Field],
    items: Option<usize>,
    item: &'a Ty,
}

impl<'a> Body<'a> {
    fn of(types: &'a TypeTable, op: &'a Operation) -> Option<Body<'a>> {
        Self::named(types, op, None)
    }

    /// The body with the items in the field named `items` (JSON name), or
    /// found by the rules when `None`.
    fn named(types: &'a TypeTable, op: &'a Operation, items: Option<&str>) -> Option<Body<'a>> {
        let mut successes = op.successes();
        let response = successes.next()?;
        if successes.next().is_some() {
            return None;
        }
        let content = response.content.as_ref()?;
        if content.kind != super::ContentKind::Json {
            return None;
        }
        Self::from_ty(types, resolve(types, &content.ty), items)
    }

    fn from_ty(types: &'a TypeTable, ty: &'a Ty, items: Option<&str>) -> Option<Body<'a>> {
        match ty {
            Ty::Array(item) => Some(Body {
                fields: &[],
                items: None,
                item,
            }),
            Ty::Named(id) => {
                let TypeKind::Struct(s) = &types.get(*id).kind else {
                    return None;
                };
                let lists: Vec<usize> = (0..s.fields.len())
                    .filter(|&i| list_field(types, &s.fields[i]).is_some())
                    .collect();
                let index = match (items, lists.as_slice()) {
                    (Some(name), _) => *lists.iter().find(|&&i| s.fields[i].json_name == name)?,
                    (None, [one]) => *one,
                    (None, _) => *lists.iter().find(|&&i| {
                        ITEM_FIELDS.contains(&snake(&s.fields[i].json_name).as_str())
                    })?,
                };
                Some(Body {
                    fields: &s.fields,
                    items: Some(index),
                    item: list_field(types, &s.fields[index])?,
                })
            }
            _ => None,
        }
    }

    fn items_ref(&self) -> Option<FieldRef> {
        self.items.map(|i| FieldRef::of(&self.fields[i]))
    }

    fn field(&self, names: &[&str], ok: impl Fn(&Ty) -> bool) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| names.contains(&snake(&f.json_name).as_str()) && ok(f.ty.unlimited()))
    }
}

/// The item type of a field the generated code can read as a list
/// (`Vec<T>` or `Option<Vec<T>>`; a nullable list keeps three states, which
/// a page loop has no use for).
fn list_field<'a>(types: &'a TypeTable, f: &'a Field) -> Option<&'a Ty> {
    if !matches!(f.presence(), Presence::Required | Presence::Optional) || f.boxed {
        return None;
    }
    match resolve(types, &f.ty) {
        Ty::Array(item) => Some(item),
        _ => None,
    }
}

/// `ty` without limits and aliases.
fn resolve<'a>(types: &'a TypeTable, mut ty: &'a Ty) -> &'a Ty {
    for _ in 0..32 {
        match ty {
            Ty::Limited(inner, _) => ty = inner,
            Ty::Named(id) => match &types.get(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The query parameters that may move a page, by role.
struct Params {
    page: Vec<usize>,
    offset: Vec<usize>,
    size: Vec<usize>,
    cursor: Vec<usize>,
    starting_after: Vec<usize>,
}

impl Params {
    fn of(op: &Operation) -> Params {
        let pick = |names: &[&str], ok: fn(&Ty) -> bool| -> Vec<usize> {
            (0..op.params.len())
                .filter(|&i| {
                    let p = &op.params[i];
                    p.location == ParamLocation::Query
                        && !p.required
                        && names.contains(&snake(&p.json_name).as_str())
                        && ok(p.ty.unlimited())
                })
                .collect()
        };
        Params {
            page: pick(PAGE, is_int),
            offset: pick(OFFSET, is_int),
            size: pick(SIZE, is_int),
            cursor: pick(CURSOR_PARAMS, is_string),
            starting_after: pick(&["starting_after"], is_string),
        }
    }
}

fn is_int(ty: &Ty) -> bool {
    matches!(ty, Ty::Int(_))
}

fn is_string(ty: &Ty) -> bool {
    matches!(ty, Ty::String)
}

/// A field the generated code reads as an optional string (`String` or
/// `Option<String>`).
fn string_field(f: &Field) -> bool {
    matches!(f.presence(), Presence::Required | Presence::Optional) && is_string(f.ty.unlimited())
}

fn snake(name: &str) -> String {
    name.to_snake_case()
}

fn cursor(body: &Body, params: &Params) -> Option<Paging> {
    let [param] = params.cursor.as_slice() else {
        return None;
    };
    let field = body.field(CURSOR_FIELDS, |_| true)?;
    string_field(&body.fields[field]).then(|| Paging {
        rule: Rule::Cursor,
        items: body.items_ref(),
        item: body.item.clone(),
        next: Next::Cursor {
            param: *param,
            field: FieldRef::of(&body.fields[field]),
        },
    })
}

fn has_more(types: &TypeTable, body: &Body, params: &Params) -> Option<Paging> {
    let [param] = params.starting_after.as_slice() else {
        return None;
    };
    let flag = body.field(&["has_more"], |t| matches!(t, Ty::Bool))?;
    if !matches!(
        body.fields[flag].presence(),
        Presence::Required | Presence::Optional
    ) {
        return None;
    }
    let Ty::Named(item) = resolve(types, body.item) else {
        return None;
    };
    let TypeKind::Struct(s) = &types.get(*item).kind else {
        return None;
    };
    let id = s.fields.iter().position(|f| {
        f.json_name == "id" && f.presence() == Presence::Required && is_string(f.ty.unlimited())
    })?;
    Some(Paging {
        rule: Rule::HasMore,
        items: body.items_ref(),
        item: body.item.clone(),
        next: Next::AfterLast {
            param: *param,
            id: FieldRef::of(&s.fields[id]),
            flag: FieldRef::of(&body.fields[flag]),
        },
    })
}

/// A page number or offset parameter, with at most one page-size
/// parameter beside it.
fn counted(
    body: &Body,
    params: &Params,
    candidates: &[usize],
    rule: Rule,
    op: &Operation,
) -> Option<Paging> {
    let [param] = candidates else {
        return None;
    };
    let size = match params.size.as_slice() {
        [] => None,
        [one] => Some(*one),
        _ => return None,
    };
    let next = match rule {
        Rule::Offset => Next::Offset {
            param: *param,
            size,
        },
        _ => Next::Page {
            param: *param,
            size,
            first: first_page(&op.params[*param]),
        },
    };
    Some(Paging {
        rule,
        items: body.items_ref(),
        item: body.item.clone(),
        next,
    })
}

/// The number of the first page: the parameter's default, else its
/// minimum, else 1 (the common convention; a 0-based API says so with a
/// default or minimum of 0).
fn first_page(p: &super::Param) -> i64 {
    if let Some(n) = p.default.as_deref().and_then(|d| d.parse::<i64>().ok()) {
        return n;
    }
    if let Ty::Limited(_, limits) = &p.ty {
        if let Some(min) = &limits.minimum {
            let n = min.value.0;
            if n.fract() == 0.0 && n.abs() < 1e15 {
                // Whole and small: exact as an integer.
                let n = n as i64;
                return if min.exclusive { n + 1 } else { n };
            }
        }
    }
    1
}

/// The paging an extension declares, or why it does not fit the operation.
fn from_extension(
    types: &TypeTable,
    op: &Operation,
    spec: &PagingExtension,
) -> Result<Paging, String> {
    let body = Body::named(types, op, spec.items.as_deref()).ok_or_else(|| match &spec.items {
        Some(name) => format!("the response has no list field {name:?}"),
        None => "the operation has no single JSON success body holding one list".to_owned(),
    })?;
    let param = |name: &str, ok: fn(&Ty) -> bool| -> Result<usize, String> {
        op.params
            .iter()
            .position(|p| p.json_name == name && p.location == ParamLocation::Query)
            .filter(|&i| !op.params[i].required && ok(op.params[i].ty.unlimited()))
            .ok_or_else(|| format!("no optional query parameter {name:?} of the right type"))
    };
    let size = spec.size.as_deref().map(|s| param(s, is_int)).transpose()?;
    let next = match spec.kind {
        PagingKind::Link => {
            link_header(op).ok_or("the success response documents no `Link` header")?
        }
        PagingKind::Page => {
            let p = param(&spec.param, is_int)?;
            Next::Page {
                param: p,
                size,
                first: first_page(&op.params[p]),
            }
        }
        PagingKind::Offset => Next::Offset {
            param: param(&spec.param, is_int)?,
            size,
        },
        PagingKind::Cursor => {
            let name = spec.next.as_deref().ok_or("a cursor needs `next`")?;
            let field = body
                .fields
                .iter()
                .position(|f| f.json_name == name && string_field(f))
                .ok_or_else(|| format!("the response has no string field {name:?}"))?;
            Next::Cursor {
                param: param(&spec.param, is_string)?,
                field: FieldRef::of(&body.fields[field]),
            }
        }
    };
    Ok(Paging {
        rule: Rule::Extension,
        items: body.items_ref(),
        item: body.item.clone(),
        next,
    })
}
