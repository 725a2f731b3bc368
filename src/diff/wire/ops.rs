//! Operations paired by method and path (webhooks and callbacks by name
//! and method, their directions swapped), and what each carries: its
//! parameters, body, responses, headers and security requirements.

use super::{shown, verdict, Effect, Site, Walk};
use crate::diff::{Dir, Semver, Wire};
use crate::ir::{Content, Method, Operation, Param, ParamLocation, ParamStyle, Response, Ty};
use std::collections::{BTreeMap, BTreeSet};

/// `/pets/{id}` and `/pets/{petId}` are the same path on the wire.
fn path_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// Operations by path and method; webhooks and callbacks (whose paths
/// are synthetic) by name and method.
type OpKey = (String, Method);

fn by_key(ops: &[Operation]) -> BTreeMap<OpKey, &Operation> {
    ops.iter()
        .map(|op| {
            let key = match &op.hook {
                Some(h) => h.name.clone(),
                None => path_key(&op.path),
            };
            ((key, op.method), op)
        })
        .collect()
}

/// How a report names an operation, or a webhook or callback.
fn label_of(op: &Operation) -> String {
    match &op.hook {
        Some(h) => format!(
            "webhook `{}` ({})",
            h.name.replace('`', "'"),
            op.method.as_str()
        ),
        None => op.code_label(),
    }
}

/// Path parameters are matched by position (their names are not on the
/// wire), the others by location and name.
fn param_keys(op: &Operation) -> BTreeMap<(ParamLocation, String), &Param> {
    let mut path_index = 0;
    op.params
        .iter()
        .map(|p| {
            let name = if p.location == ParamLocation::Path {
                path_index += 1;
                format!("#{path_index}")
            } else if p.location == ParamLocation::Header {
                p.json_name.to_ascii_lowercase()
            } else {
                p.json_name.clone()
            };
            ((p.location, name), p)
        })
        .collect()
}

fn location_name(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

impl Walk<'_> {
    /// The operations, then the webhooks and callbacks: the API sends
    /// their requests and its consumers answer them, so the directions
    /// swap (a webhook's payload travels as a response does, and a
    /// receiver that no longer understands it is a broken client).
    pub(super) fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        self.pair_operations(&old.operations, &new.operations);
        self.hook = true;
        self.pair_operations(&old.webhooks, &new.webhooks);
        self.hook = false;
    }

    /// The direction a request travels in (swapped for a webhook).
    pub(super) fn req(&self) -> Dir {
        if self.hook {
            Dir::Response
        } else {
            Dir::Request
        }
    }

    /// The direction a response travels in (swapped for a webhook).
    pub(super) fn resp(&self) -> Dir {
        if self.hook {
            Dir::Request
        } else {
            Dir::Response
        }
    }

    /// A verdict written for an operation, swapped for a webhook: its
    /// sender is the API's server and its receivers the API's clients.
    fn side(&self, wire: Wire) -> Wire {
        if self.hook {
            Wire {
                breaks_clients: wire.breaks_servers,
                breaks_servers: wire.breaks_clients,
                unchanged: wire.unchanged,
            }
        } else {
            wire
        }
    }

    fn pair_operations(&mut self, old: &[Operation], new: &[Operation]) {
        let (old, new) = (by_key(old), by_key(new));
        let names = self.names();
        for (key, o) in &old {
            match new.get(key) {
                None => {
                    self.push(
                        "operation-removed",
                        format!("operation {} was removed", label_of(o)),
                        None,
                        Some(&o.pointer),
                        None,
                        // Not swapped for a webhook: its receivers, the
                        // API's clients, no longer get what they handle.
                        Wire::CLIENTS,
                        names.method(&o.name, Semver::Major),
                    );
                }
                Some(n) => self.operation(o, n),
            }
            // The types this operation reaches, before the next one, so the
            // report lists an operation's changes together.
            self.drain();
        }
        for (key, n) in &new {
            if !old.contains_key(key) {
                let rust = names.method(&n.name, names.added_method());
                self.push(
                    "operation-added",
                    format!("operation {} was added", label_of(n)),
                    None,
                    None,
                    Some(&n.pointer),
                    Wire::COMPATIBLE,
                    rust,
                );
                if self.settings.server {
                    self.note("the generated server trait gains a method every implementation must provide");
                }
            }
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let label = label_of(n);
        let names = self.names();
        if o.name != n.name {
            self.push(
                "operation-renamed",
                format!(
                    "{label}: its Rust method `{}` is now `{}` (operationId `{}` → `{}`)",
                    o.name, n.name, o.id, n.id
                ),
                None,
                Some(&o.pointer),
                Some(&n.pointer),
                Wire::UNCHANGED,
                names.method(&o.name, Semver::Major),
            );
        }
        if !o.deprecated && n.deprecated {
            self.push(
                "operation-deprecated",
                format!("{label} is now deprecated"),
                None,
                Some(&o.pointer),
                Some(&n.pointer),
                Wire::UNCHANGED,
                names.method(&n.name, Semver::Patch),
            );
        }
        if o.docs.title != n.docs.title || o.docs.description != n.docs.description {
            self.push(
                "description-changed",
                format!("{label}: its summary or description changed"),
                None,
                Some(&o.pointer),
                Some(&n.pointer),
                Wire::UNCHANGED,
                names.method(&n.name, Semver::Patch),
            );
        }
        self.params(o, n);
        self.body(o, n);
        self.responses(o, n);
        self.security(o, n);
    }

    fn params(&mut self, o: &Operation, n: &Operation) {
        let label = label_of(n);
        let names = self.names();
        let (old, new) = (param_keys(o), param_keys(n));
        for (key, p) in &old {
            let what = format!("{} parameter `{}`", location_name(key.0), p.json_name);
            let Some(q) = new.get(key) else {
                self.push(
                    "parameter-removed",
                    format!("{label}: {what} was removed"),
                    Some(self.req()),
                    Some(&p.pointer),
                    Some(&n.pointer),
                    self.side(Wire::CLIENTS),
                    names.method(&n.name, Semver::Major),
                );
                self.note("clients that send it are ignored or rejected");
                continue;
            };
            let (po, pn) = (Some(p.pointer.as_str()), Some(q.pointer.as_str()));
            if p.required != q.required {
                let (rule, effect, how) = if q.required {
                    ("parameter-became-required", Effect::Tighter, "required")
                } else {
                    ("parameter-became-optional", Effect::Looser, "optional")
                };
                self.push(
                    rule,
                    format!("{label}: {what} became {how}"),
                    Some(self.req()),
                    po,
                    pn,
                    verdict(Some(self.req()), effect),
                    names.method(&n.name, Semver::Major),
                );
            }
            if p.default != q.default {
                self.push(
                    "parameter-default-changed",
                    format!(
                        "{label}: the default of {what} changed from {} to {}",
                        shown(&p.default),
                        shown(&q.default)
                    ),
                    Some(self.req()),
                    po,
                    pn,
                    self.side(Wire::CLIENTS),
                    names.method(&n.name, Semver::Patch),
                );
                self.note("a client that omits it now gets a different behaviour");
            }
            if p.style != q.style || p.explode != q.explode {
                self.push(
                    "parameter-style-changed",
                    format!("{label}: the serialisation (style or explode) of {what} changed"),
                    Some(self.req()),
                    po,
                    pn,
                    Wire::BOTH,
                    (Semver::None, None),
                );
            }
            let site = Site::new(&p.pointer, &q.pointer, format!("{label} {what}"))
                .with_item(names.method(&n.name, Semver::Major).1);
            match exploded_items(p, q) {
                Some(items) => {
                    self.push(
                        "type-widened",
                        format!("{label}: {what} now takes several values"),
                        Some(self.req()),
                        po,
                        pn,
                        verdict(Some(self.req()), Effect::Looser),
                        names.method(&n.name, Semver::Major),
                    );
                    self.note("an exploded list of one value is written as the single value was");
                    self.ty(&p.ty, items, Some(self.req()), &site);
                }
                None => self.ty(&p.ty, &q.ty, Some(self.req()), &site),
            }
        }
        for (key, q) in &new {
            if old.contains_key(key) {
                continue;
            }
            let what = format!("{} parameter `{}`", location_name(key.0), q.json_name);
            let (rule, wire, how) = if q.required {
                (
                    "parameter-added-required",
                    self.side(Wire::CLIENTS),
                    "required",
                )
            } else {
                ("parameter-added-optional", Wire::COMPATIBLE, "optional")
            };
            self.push(
                rule,
                format!("{label}: {how} {what} was added"),
                Some(self.req()),
                Some(&o.pointer),
                Some(&q.pointer),
                wire,
                names.method(&n.name, Semver::Major),
            );
        }
    }

    fn body(&mut self, o: &Operation, n: &Operation) {
        let label = label_of(n);
        let names = self.names();
        let method = names.method(&n.name, Semver::Major);
        let dir = Some(self.req());
        match (&o.body, &n.body) {
            (None, None) => {}
            (Some(b), None) => self.push(
                "request-body-removed",
                format!("{label}: the request body was removed"),
                dir,
                Some(&b.pointer),
                Some(&n.pointer),
                self.side(Wire::CLIENTS),
                method,
            ),
            (None, Some(b)) => {
                let (rule, wire) = if b.required {
                    ("request-body-added-required", self.side(Wire::CLIENTS))
                } else {
                    ("request-body-added-optional", Wire::COMPATIBLE)
                };
                self.push(
                    rule,
                    format!("{label}: a request body was added"),
                    dir,
                    Some(&o.pointer),
                    Some(&b.pointer),
                    wire,
                    method,
                );
            }
            (Some(a), Some(b)) => {
                let (po, pn) = (Some(a.pointer.as_str()), Some(b.pointer.as_str()));
                if a.required != b.required {
                    let (rule, effect) = if b.required {
                        ("request-body-became-required", Effect::Tighter)
                    } else {
                        ("request-body-became-optional", Effect::Looser)
                    };
                    self.push(
                        rule,
                        format!(
                            "{label}: the request body became {}",
                            if b.required { "required" } else { "optional" }
                        ),
                        dir,
                        po,
                        pn,
                        verdict(dir, effect),
                        method.clone(),
                    );
                }
                let chosen_changed = a.content.media_type != b.content.media_type;
                let rust = if chosen_changed {
                    method.clone()
                } else {
                    (Semver::None, None)
                };
                self.media_types(
                    &label,
                    "request",
                    &a.offered,
                    &b.offered,
                    (po, pn),
                    dir,
                    rust,
                );
                if still_offered(&a.content, &b.offered, &b.content) {
                    self.chosen_media_note(&a.content, &b.content);
                } else {
                    let site = Site::new(&a.pointer, &b.pointer, format!("{label} request body"))
                        .with_item(method.1.clone());
                    self.ty(&a.content.ty, &b.content.ty, dir, &site);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn media_types(
        &mut self,
        label: &str,
        side: &str,
        old: &[String],
        new: &[String],
        at: (Option<&str>, Option<&str>),
        dir: Option<Dir>,
        rust: (Semver, Option<String>),
    ) {
        for m in old.iter().filter(|m| !new.contains(m)) {
            let rule = if side == "request" {
                "request-media-type-removed"
            } else {
                "response-media-type-removed"
            };
            self.push(
                rule,
                format!("{label}: the {side} media type `{m}` was removed"),
                dir,
                at.0,
                at.1,
                self.side(Wire::CLIENTS),
                rust.clone(),
            );
        }
        for m in new.iter().filter(|m| !old.contains(m)) {
            let rule = if side == "request" {
                "request-media-type-added"
            } else {
                "response-media-type-added"
            };
            self.push(
                rule,
                format!("{label}: the {side} media type `{m}` was added"),
                dir,
                at.0,
                at.1,
                Wire::COMPATIBLE,
                rust.clone(),
            );
        }
    }

    /// The generated code now uses another of the offered media types:
    /// say so on the media type's change just reported.
    fn chosen_media_note(&mut self, a: &Content, b: &Content) {
        let after_added = self
            .out
            .last()
            .is_some_and(|f| f.rule.ends_with("media-type-added"));
        if !after_added {
            return;
        }
        self.note(format!(
            "the generated code now uses `{}` instead of `{}`, which is still offered: \
             the wire is unchanged for parties that use `{}`",
            b.media_type, a.media_type, a.media_type
        ));
    }

    fn responses(&mut self, o: &Operation, n: &Operation) {
        let label = label_of(n);
        let names = self.names();
        let method = names.method(&n.name, Semver::Major);
        fn find<'o>(op: &'o Operation, r: &Response) -> Option<&'o Response> {
            op.responses.iter().find(|x| x.status == r.status)
        }
        let dir = Some(self.resp());
        for r in &o.responses {
            let status = status_text(r);
            let Some(s) = find(n, r) else {
                self.push(
                    "response-status-removed",
                    format!("{label}: the {status} response was removed"),
                    dir,
                    Some(&r.pointer),
                    Some(&n.pointer),
                    self.side(Wire::CLIENTS),
                    method.clone(),
                );
                continue;
            };
            let (po, pn) = (Some(r.pointer.as_str()), Some(s.pointer.as_str()));
            match (&r.content, &s.content) {
                (Some(_), None) => self.push(
                    "response-body-removed",
                    format!("{label}: the {status} response no longer has a body"),
                    dir,
                    po,
                    pn,
                    self.side(Wire::CLIENTS),
                    method.clone(),
                ),
                // Only media types the generator has no body for were
                // offered: one it has is another media type, no new body.
                (None, Some(_)) if !r.offered.is_empty() => {
                    let side = format!("{status} response");
                    self.media_types(
                        &label,
                        &side,
                        &r.offered,
                        &s.offered,
                        (po, pn),
                        dir,
                        method.clone(),
                    );
                }
                (None, Some(_)) => self.push(
                    "response-body-added",
                    format!("{label}: the {status} response now has a body"),
                    dir,
                    po,
                    pn,
                    Wire::COMPATIBLE,
                    method.clone(),
                ),
                (Some(a), Some(b)) => {
                    let rust = if a.media_type != b.media_type {
                        method.clone()
                    } else {
                        (Semver::None, None)
                    };
                    let side = format!("{status} response");
                    self.media_types(&label, &side, &r.offered, &s.offered, (po, pn), dir, rust);
                    if still_offered(a, &s.offered, b) {
                        self.chosen_media_note(a, b);
                    } else {
                        let site = Site::new(
                            &r.pointer,
                            &s.pointer,
                            format!("{label} {status} response body"),
                        )
                        .with_item(method.1.clone());
                        self.ty(&a.ty, &b.ty, dir, &site);
                    }
                }
                (None, None) => {}
            }
            self.headers(&label, &status, r, s, &method);
        }
        for s in &n.responses {
            if find(o, s).is_none() {
                self.push(
                    "response-status-added",
                    format!("{label}: a {} response was added", status_text(s)),
                    dir,
                    Some(&o.pointer),
                    Some(&s.pointer),
                    Wire::COMPATIBLE,
                    method.clone(),
                );
                self.note("clients built on the old spec see it as an unexpected status");
            }
        }
    }

    fn headers(
        &mut self,
        label: &str,
        status: &str,
        r: &Response,
        s: &Response,
        method: &(Semver, Option<String>),
    ) {
        let dir = Some(self.resp());
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        for h in &r.headers {
            let what = format!("{label}: the {status} response header `{}`", h.json_name);
            let Some(g) = s.headers.iter().find(|g| same(&g.json_name, &h.json_name)) else {
                self.push(
                    "response-header-removed",
                    format!("{what} was removed"),
                    dir,
                    Some(&h.pointer),
                    Some(&s.pointer),
                    self.side(Wire::CLIENTS),
                    method.clone(),
                );
                continue;
            };
            if h.required && !g.required {
                self.push(
                    "response-header-became-optional",
                    format!("{what} became optional"),
                    dir,
                    Some(&h.pointer),
                    Some(&g.pointer),
                    self.side(Wire::CLIENTS),
                    (Semver::None, None),
                );
            }
            let site = Site::new(&h.pointer, &g.pointer, what);
            self.ty(&h.ty, &g.ty, dir, &site);
        }
        for g in &s.headers {
            if !r.headers.iter().any(|h| same(&g.json_name, &h.json_name)) {
                let rust = if self.settings.server {
                    method.clone()
                } else {
                    (Semver::Minor, method.1.clone())
                };
                self.push(
                    "response-header-added",
                    format!(
                        "{label}: the {status} response header `{}` was added",
                        g.json_name
                    ),
                    dir,
                    Some(&r.pointer),
                    Some(&g.pointer),
                    Wire::COMPATIBLE,
                    rust,
                );
            }
        }
    }

    /// Each alternative is a set of schemes; a client that used an
    /// alternative which is gone, or that sent nothing where something is
    /// now required, is refused.
    fn security(&mut self, o: &Operation, n: &Operation) {
        let label = label_of(n);
        let set = |op: &Operation| -> BTreeSet<BTreeSet<String>> {
            op.security
                .iter()
                .map(|alt| alt.iter().cloned().collect())
                .collect()
        };
        let (old, new) = (set(o), set(n));
        let optional =
            |s: &BTreeSet<BTreeSet<String>>| s.is_empty() || s.iter().any(|a| a.is_empty());
        let at = (Some(o.pointer.as_str()), Some(n.pointer.as_str()));
        if optional(&old) && !optional(&new) {
            self.push(
                "security-added",
                format!(
                    "{label} now requires authentication ({})",
                    alternatives(&new)
                ),
                None,
                at.0,
                at.1,
                self.side(Wire::CLIENTS),
                (Semver::None, None),
            );
            return;
        }
        if optional(&new) {
            return;
        }
        for alt in old.difference(&new) {
            self.push(
                "security-requirement-removed",
                format!(
                    "{label}: the security requirement {{{}}} is no longer accepted",
                    alt.iter().cloned().collect::<Vec<_>>().join(" + ")
                ),
                None,
                at.0,
                at.1,
                self.side(Wire::CLIENTS),
                (Semver::None, None),
            );
        }
        for alt in new.difference(&old) {
            self.push(
                "security-requirement-added",
                format!(
                    "{label}: the security requirement {{{}}} is now also accepted",
                    alt.iter().cloned().collect::<Vec<_>>().join(" + ")
                ),
                None,
                at.0,
                at.1,
                Wire::COMPATIBLE,
                (Semver::None, None),
            );
        }
    }
}

/// The items of a query parameter that became an exploded form array:
/// `tag=a` is then still one valid value, so the parameter only admits
/// more (`tag=a&tag=b`), and its old type compares with the items.
fn exploded_items<'t>(old: &Param, new: &'t Param) -> Option<&'t Ty> {
    let form =
        |p: &Param| p.location == ParamLocation::Query && p.style == ParamStyle::Form && p.explode;
    match (old.ty.unlimited(), new.ty.unlimited()) {
        (Ty::Array(_), _) => None,
        (_, Ty::Array(items)) if form(old) && form(new) => Some(items),
        _ => None,
    }
}

/// Whether the generated code switched from one offered media type to
/// another while the old one is still offered. Only the chosen media
/// type's schema is lowered, so the two bodies' types are those of
/// different media types: comparing them would report a type change the
/// wire does not have (a party using the old media type is unaffected).
fn still_offered(old: &Content, offered: &[String], new: &Content) -> bool {
    old.media_type != new.media_type && offered.contains(&old.media_type)
}

fn status_text(r: &Response) -> String {
    use crate::ir::Status;
    match r.status {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".to_owned(),
    }
}

fn alternatives(set: &BTreeSet<BTreeSet<String>>) -> String {
    set.iter()
        .map(|a| a.iter().cloned().collect::<Vec<_>>().join(" + "))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameter_names_are_not_part_of_the_key() {
        assert_eq!(path_key("/pets/{id}/toys/{toyId}"), "/pets/{}/toys/{}");
        assert_eq!(path_key("/a{b{c}}d"), "/a{}d");
    }
}
