//! The walk: operations paired by method and path, then everything they
//! carry, each type compared once per direction it travels in.

use super::rust::Names;
use super::{Dir, Found, Semver, Wire};
use crate::ir::{
    Api, Bound, Field, Limits, Method, Operation, Param, ParamLocation, Response, Struct, Ty,
    TypeDef, TypeId, TypeKind,
};
use crate::settings::{EnumStyle, Settings};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// How a change moves the set of valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// Fewer values are valid than before.
    Tighter,
    /// More values are valid than before.
    Looser,
    /// Different values: some old ones are gone and some new ones valid.
    Different,
}

/// The wire verdict of an effect in a direction. A client must still send
/// valid requests and understand every response; a server must still
/// understand every request and send valid responses. `None`: a type no
/// operation carries, which changes nothing on the wire.
fn verdict(dir: Option<Dir>, effect: Effect) -> Wire {
    match (dir, effect) {
        (None, _) => Wire::UNCHANGED,
        (Some(_), Effect::Different) => Wire::BOTH,
        (Some(Dir::Request), Effect::Tighter) => Wire::CLIENTS,
        (Some(Dir::Request), Effect::Looser) => Wire::SERVERS,
        (Some(Dir::Response), Effect::Tighter) => Wire::SERVERS,
        (Some(Dir::Response), Effect::Looser) => Wire::CLIENTS,
    }
}

/// Where a compared item is written in each spec, and how to name it.
#[derive(Debug, Clone)]
struct Site {
    old: String,
    new: String,
    label: String,
    /// The Rust item a type change there changes (a field, a method).
    item: Option<String>,
}

impl Site {
    fn new(old: &str, new: &str, label: impl Into<String>) -> Site {
        Site {
            old: old.to_owned(),
            new: new.to_owned(),
            label: label.into(),
            item: None,
        }
    }

    fn with_item(mut self, item: Option<String>) -> Site {
        self.item = item;
        self
    }
}

pub(super) struct Walk<'a> {
    old: &'a Api,
    new: &'a Api,
    settings: &'a Settings,
    /// Type pairs already compared, per direction (`None`: unused types).
    seen: BTreeSet<(usize, usize, Option<Dir>)>,
    /// Type pairs waiting to be compared. A queue, not recursion, so a
    /// long chain of types cannot exhaust the stack (as in the lowering).
    queue: VecDeque<(TypeId, TypeId, Option<Dir>)>,
    /// Old type name to the new name of the type it was paired with.
    pub(super) renames: BTreeMap<String, String>,
    pub(super) out: Vec<Found>,
}

/// Compare everything the two APIs hold. Returns the changes and the
/// renamed types (old Rust name to new).
pub(super) fn compare(
    old: &Api,
    new: &Api,
    settings: &Settings,
) -> (Vec<Found>, BTreeMap<String, String>) {
    let mut w = Walk {
        old,
        new,
        settings,
        seen: BTreeSet::new(),
        queue: VecDeque::new(),
        renames: BTreeMap::new(),
        out: Vec::new(),
    };
    w.operations();
    w.unused_types();
    (w.out, w.renames)
}

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

fn by_key(api: &Api) -> BTreeMap<(String, Method), &Operation> {
    api.operations
        .iter()
        .map(|op| ((path_key(&op.path), op.method), op))
        .collect()
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

impl<'a> Walk<'a> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &'static str,
        message: String,
        dir: Option<Dir>,
        old: Option<&str>,
        new: Option<&str>,
        wire: Wire,
        rust: (Semver, Option<String>),
    ) {
        self.out.push(Found {
            rule,
            message,
            dir: dir.into_iter().collect(),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            wire,
            wire_note: None,
            rust: rust.0,
            rust_item: rust.1,
        });
    }

    /// Attach a note to the change just pushed.
    fn note(&mut self, note: impl Into<String>) {
        if let Some(last) = self.out.last_mut() {
            last.wire_note = Some(note.into());
        }
    }

    fn names(&self) -> Names<'a> {
        Names {
            settings: self.settings,
        }
    }

    fn operations(&mut self) {
        let (old, new) = (by_key(self.old), by_key(self.new));
        let names = self.names();
        for (key, o) in &old {
            match new.get(key) {
                None => {
                    self.push(
                        "operation-removed",
                        format!("operation {} was removed", o.code_label()),
                        None,
                        Some(&o.pointer),
                        None,
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
                    format!("operation {} was added", n.code_label()),
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
        let label = n.code_label();
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
        let label = n.code_label();
        let names = self.names();
        let (old, new) = (param_keys(o), param_keys(n));
        for (key, p) in &old {
            let what = format!("{} parameter `{}`", location_name(key.0), p.json_name);
            let Some(q) = new.get(key) else {
                self.push(
                    "parameter-removed",
                    format!("{label}: {what} was removed"),
                    Some(Dir::Request),
                    Some(&p.pointer),
                    Some(&n.pointer),
                    Wire::CLIENTS,
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
                    Some(Dir::Request),
                    po,
                    pn,
                    verdict(Some(Dir::Request), effect),
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
                    Some(Dir::Request),
                    po,
                    pn,
                    Wire::CLIENTS,
                    names.method(&n.name, Semver::Patch),
                );
                self.note("a client that omits it now gets a different behaviour");
            }
            if p.style != q.style || p.explode != q.explode {
                self.push(
                    "parameter-style-changed",
                    format!("{label}: the serialisation (style or explode) of {what} changed"),
                    Some(Dir::Request),
                    po,
                    pn,
                    Wire::BOTH,
                    (Semver::None, None),
                );
            }
            let site = Site::new(&p.pointer, &q.pointer, format!("{label} {what}"))
                .with_item(names.method(&n.name, Semver::Major).1);
            self.ty(&p.ty, &q.ty, Some(Dir::Request), &site);
        }
        for (key, q) in &new {
            if old.contains_key(key) {
                continue;
            }
            let what = format!("{} parameter `{}`", location_name(key.0), q.json_name);
            let (rule, wire, how) = if q.required {
                ("parameter-added-required", Wire::CLIENTS, "required")
            } else {
                ("parameter-added-optional", Wire::COMPATIBLE, "optional")
            };
            self.push(
                rule,
                format!("{label}: {how} {what} was added"),
                Some(Dir::Request),
                Some(&o.pointer),
                Some(&q.pointer),
                wire,
                names.method(&n.name, Semver::Major),
            );
        }
    }

    fn body(&mut self, o: &Operation, n: &Operation) {
        let label = n.code_label();
        let names = self.names();
        let method = names.method(&n.name, Semver::Major);
        let dir = Some(Dir::Request);
        match (&o.body, &n.body) {
            (None, None) => {}
            (Some(b), None) => self.push(
                "request-body-removed",
                format!("{label}: the request body was removed"),
                dir,
                Some(&b.pointer),
                Some(&n.pointer),
                Wire::CLIENTS,
                method,
            ),
            (None, Some(b)) => {
                let (rule, wire) = if b.required {
                    ("request-body-added-required", Wire::CLIENTS)
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
                let site = Site::new(&a.pointer, &b.pointer, format!("{label} request body"))
                    .with_item(method.1.clone());
                self.ty(&a.content.ty, &b.content.ty, dir, &site);
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
            let rule = match dir {
                Some(Dir::Request) => "request-media-type-removed",
                _ => "response-media-type-removed",
            };
            self.push(
                rule,
                format!("{label}: the {side} media type `{m}` was removed"),
                dir,
                at.0,
                at.1,
                Wire::CLIENTS,
                rust.clone(),
            );
        }
        for m in new.iter().filter(|m| !old.contains(m)) {
            let rule = match dir {
                Some(Dir::Request) => "request-media-type-added",
                _ => "response-media-type-added",
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

    fn responses(&mut self, o: &Operation, n: &Operation) {
        let label = n.code_label();
        let names = self.names();
        let method = names.method(&n.name, Semver::Major);
        fn find<'o>(op: &'o Operation, r: &Response) -> Option<&'o Response> {
            op.responses.iter().find(|x| x.status == r.status)
        }
        let dir = Some(Dir::Response);
        for r in &o.responses {
            let status = status_text(r);
            let Some(s) = find(n, r) else {
                self.push(
                    "response-status-removed",
                    format!("{label}: the {status} response was removed"),
                    dir,
                    Some(&r.pointer),
                    Some(&n.pointer),
                    Wire::CLIENTS,
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
                    Wire::CLIENTS,
                    method.clone(),
                ),
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
                    let site = Site::new(
                        &r.pointer,
                        &s.pointer,
                        format!("{label} {status} response body"),
                    )
                    .with_item(method.1.clone());
                    self.ty(&a.ty, &b.ty, dir, &site);
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
        let dir = Some(Dir::Response);
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
                    Wire::CLIENTS,
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
                    Wire::CLIENTS,
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
        let label = n.code_label();
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
                Wire::CLIENTS,
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
                Wire::CLIENTS,
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

    /// Component types no operation reaches (kept with `--models all`) are
    /// compared by name: their changes are Rust changes only.
    fn unused_types(&mut self) {
        let paired: BTreeSet<(usize, usize)> = self.seen.iter().map(|(a, b, _)| (*a, *b)).collect();
        let paired_old: BTreeSet<usize> = paired.iter().map(|p| p.0).collect();
        let new_by_name: BTreeMap<&str, TypeId> = self
            .new
            .types
            .iter()
            .map(|(id, d)| (d.name.as_str(), id))
            .collect();
        let pairs: Vec<(TypeId, TypeId)> = self
            .old
            .types
            .iter()
            .filter(|(id, _)| !paired_old.contains(&id.index()))
            .filter_map(|(id, d)| Some((id, *new_by_name.get(d.name.as_str())?)))
            .collect();
        for (a, b) in pairs {
            self.named(a, b, None);
            self.drain();
        }
    }

    fn drain(&mut self) {
        while let Some((a, b, dir)) = self.queue.pop_front() {
            let (old, new) = (self.old, self.new);
            self.def(old.types.get(a), new.types.get(b), dir);
        }
    }

    /// Compare two type expressions carried in `dir`.
    fn ty(&mut self, o: &Ty, n: &Ty, dir: Option<Dir>, at: &Site) {
        self.limits(limits_of(o), limits_of(n), dir, at);
        let (o, n) = (o.unlimited(), n.unlimited());
        match (o, n) {
            (Ty::Nullable(a), Ty::Nullable(b)) => self.ty(a, b, dir, at),
            (Ty::Nullable(a), b) => {
                self.nullable(true, false, dir, at, None);
                self.ty(a, b, dir, at);
            }
            (a, Ty::Nullable(b)) => {
                self.nullable(false, true, dir, at, None);
                self.ty(a, b, dir, at);
            }
            (Ty::Named(a), Ty::Named(b)) => self.named(*a, *b, dir),
            (Ty::Array(a), Ty::Array(b)) => {
                let items = Site {
                    label: format!("{} items", at.label),
                    ..at.clone()
                };
                self.ty(a, b, dir, &items);
            }
            (Ty::Map(a), Ty::Map(b)) => {
                let values = Site {
                    label: format!("{} values", at.label),
                    ..at.clone()
                };
                self.ty(a, b, dir, &values);
            }
            (a, b) if a == b => {}
            (a, b) => self.type_changed(a, b, dir, at),
        }
    }

    fn type_changed(&mut self, a: &Ty, b: &Ty, dir: Option<Dir>, at: &Site) {
        let names = self.names();
        let (ra, rb) = (
            names.ty(self.old, a, &self.renames),
            names.ty(self.new, b, &BTreeMap::new()),
        );
        let (rule, effect) = match widening(a, b) {
            Some(Effect::Looser) => ("type-widened", Effect::Looser),
            Some(Effect::Tighter) => ("type-narrowed", Effect::Tighter),
            _ => ("type-changed", Effect::Different),
        };
        let rust = if ra == rb {
            Semver::None
        } else {
            Semver::Major
        };
        self.push(
            rule,
            format!(
                "{}: the type changed from {} to {}",
                at.label,
                describe(self.old, a),
                describe(self.new, b)
            ),
            dir,
            Some(&at.old),
            Some(&at.new),
            verdict(dir, effect),
            (
                rust,
                (rust == Semver::Major).then(|| match &at.item {
                    Some(item) => format!("{item}: `{ra}` → `{rb}`"),
                    None => format!("`{ra}` → `{rb}`"),
                }),
            ),
        );
    }

    fn nullable(
        &mut self,
        was: bool,
        is: bool,
        dir: Option<Dir>,
        at: &Site,
        rust: Option<(Semver, Option<String>)>,
    ) {
        let (rule, effect, how) = if is && !was {
            ("nullable-added", Effect::Looser, "may now be null")
        } else {
            ("nullable-removed", Effect::Tighter, "may no longer be null")
        };
        self.push(
            rule,
            format!("{} {how}", at.label),
            dir,
            Some(&at.old),
            Some(&at.new),
            verdict(dir, effect),
            rust.unwrap_or((Semver::Major, None)),
        );
    }

    /// An inline type merged into an identical earlier one is an alias of
    /// it; compare what it stands for.
    fn resolve(api: &Api, mut id: TypeId) -> TypeId {
        for _ in 0..8 {
            match &api.types.get(id).kind {
                TypeKind::Alias(Ty::Named(target)) if api.types.get(id).inline => id = *target,
                _ => break,
            }
        }
        id
    }

    /// Pair two named types: note a rename, and queue the comparison of
    /// what they stand for (once per direction).
    fn named(&mut self, a: TypeId, b: TypeId, dir: Option<Dir>) {
        let (da, db) = (self.old.types.get(a), self.new.types.get(b));
        if da.name != db.name {
            self.renames
                .entry(da.name.clone())
                .or_insert_with(|| db.name.clone());
        }
        let (a, b) = (Self::resolve(self.old, a), Self::resolve(self.new, b));
        if self.seen.insert((a.index(), b.index(), dir)) {
            self.queue.push_back((a, b, dir));
        }
    }

    fn def(&mut self, da: &'a TypeDef, db: &'a TypeDef, dir: Option<Dir>) {
        let at = Site::new(&da.origin, &db.origin, format!("`{}`", db.name));
        match (&da.kind, &db.kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => self.fields(da, db, x, y, dir),
            (TypeKind::Enum(x), TypeKind::Enum(y)) => {
                let values = |e: &crate::ir::StringEnum| -> Vec<(String, String)> {
                    e.variants
                        .iter()
                        .map(|v| (v.value.clone(), v.name.clone()))
                        .collect()
                };
                let open = self.settings.enum_style == EnumStyle::Open;
                self.enum_values(db, &at, values(x), values(y), dir, open);
            }
            (TypeKind::IntEnum(x), TypeKind::IntEnum(y)) => {
                let values = |e: &crate::ir::IntEnum| -> Vec<(String, String)> {
                    e.variants
                        .iter()
                        .map(|v| (v.value.to_string(), v.name.clone()))
                        .collect()
                };
                if x.repr != y.repr {
                    self.type_changed(&Ty::Int(x.repr), &Ty::Int(y.repr), dir, &at);
                }
                self.enum_values(db, &at, values(x), values(y), dir, false);
            }
            (TypeKind::Union(x), TypeKind::Union(y)) => {
                for v in &x.variants {
                    match y.variants.iter().find(|w| w.name == v.name) {
                        Some(w) => {
                            let site = Site {
                                label: format!("{} variant `{}`", at.label, v.name),
                                ..at.clone()
                            };
                            self.ty(&v.ty, &w.ty, dir, &site);
                        }
                        None => self.push(
                            "union-variant-removed",
                            format!("{}: the variant `{}` was removed", at.label, v.name),
                            dir,
                            Some(&at.old),
                            Some(&at.new),
                            verdict(dir, Effect::Tighter),
                            (Semver::Major, Some(format!("{}::{}", db.name, v.name))),
                        ),
                    }
                }
                for w in &y.variants {
                    if !x.variants.iter().any(|v| v.name == w.name) {
                        self.push(
                            "union-variant-added",
                            format!("{}: the variant `{}` was added", at.label, w.name),
                            dir,
                            Some(&at.old),
                            Some(&at.new),
                            verdict(dir, Effect::Looser),
                            (Semver::Major, Some(format!("{}::{}", db.name, w.name))),
                        );
                    }
                }
            }
            (TypeKind::Alias(x), TypeKind::Alias(y)) => self.ty(x, y, dir, &at),
            _ => {
                let kind = |d: &TypeDef| match d.kind {
                    TypeKind::Struct(_) => "an object",
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => "an enum",
                    TypeKind::Union(_) => "a oneOf/anyOf",
                    TypeKind::Alias(_) => "a plain value",
                };
                self.push(
                    "type-changed",
                    format!(
                        "{}: the schema changed from {} to {}",
                        at.label,
                        kind(da),
                        kind(db)
                    ),
                    dir,
                    Some(&at.old),
                    Some(&at.new),
                    verdict(dir, Effect::Different),
                    (Semver::Major, Some(db.name.clone())),
                );
            }
        }
    }

    fn enum_values(
        &mut self,
        db: &TypeDef,
        at: &Site,
        old: Vec<(String, String)>,
        new: Vec<(String, String)>,
        dir: Option<Dir>,
        open: bool,
    ) {
        let item = |v: &str| Some(format!("{}::{v}", db.name));
        for (value, name) in old.iter().filter(|v| !new.iter().any(|w| w.0 == v.0)) {
            self.push(
                "enum-value-removed",
                format!("{}: the value `{value}` was removed", at.label),
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, Effect::Tighter),
                (Semver::Major, item(name)),
            );
        }
        for (value, name) in new.iter().filter(|v| !old.iter().any(|w| w.0 == v.0)) {
            let mut wire = verdict(dir, Effect::Looser);
            let note = match dir {
                Some(Dir::Response) if open => {
                    wire = Wire::COMPATIBLE;
                    "breaks clients that treat enums as closed; clients generated with open enums (the default) keep the value in `Unknown`"
                }
                Some(Dir::Response) => "enums are closed (`--enum-style closed` or an integer enum): clients fail to read the new value",
                _ => "",
            };
            self.push(
                "enum-value-added",
                format!("{}: the value `{value}` was added", at.label),
                dir,
                Some(&at.old),
                Some(&at.new),
                wire,
                (Semver::Major, item(name)),
            );
            if !note.is_empty() {
                self.note(note);
            }
        }
    }

    fn fields(&mut self, da: &TypeDef, db: &TypeDef, x: &Struct, y: &Struct, dir: Option<Dir>) {
        for f in &x.fields {
            let item = format!("{}::{}", db.name, f.name);
            let Some(g) = y.fields.iter().find(|g| g.json_name == f.json_name) else {
                let (wire, note) = match dir {
                    Some(Dir::Request) if x.closed || y.closed => (
                        Wire::CLIENTS,
                        "the object is closed (additionalProperties: false): clients that send it are rejected",
                    ),
                    Some(Dir::Request) => (Wire::COMPATIBLE, "the server now ignores it"),
                    Some(Dir::Response) => (Wire::CLIENTS, "clients that read it get nothing"),
                    None => (Wire::UNCHANGED, ""),
                };
                self.push(
                    "field-removed",
                    format!("`{}`: the property `{}` was removed", db.name, f.json_name),
                    dir,
                    Some(&f.pointer.0),
                    Some(&db.origin),
                    wire,
                    (Semver::Major, Some(item)),
                );
                if !note.is_empty() {
                    self.note(note);
                }
                continue;
            };
            self.field(db, f, g, dir, item);
        }
        for g in &y.fields {
            if x.fields.iter().any(|f| f.json_name == g.json_name) {
                continue;
            }
            let item = Some(format!("{}::{}", db.name, g.name));
            let (rule, wire, rust) = if g.required {
                let wire = match dir {
                    Some(Dir::Request) => Wire::CLIENTS,
                    Some(Dir::Response) => Wire::SERVERS,
                    None => Wire::UNCHANGED,
                };
                ("field-added-required", wire, Semver::Major)
            } else {
                let wire = if dir.is_some() {
                    Wire::COMPATIBLE
                } else {
                    Wire::UNCHANGED
                };
                ("field-added-optional", wire, Semver::Minor)
            };
            self.push(
                rule,
                format!(
                    "`{}`: the {} property `{}` was added",
                    db.name,
                    if g.required { "required" } else { "optional" },
                    g.json_name
                ),
                dir,
                Some(&da.origin),
                Some(&g.pointer.0),
                wire,
                (rust, item),
            );
        }
    }

    fn field(&mut self, db: &TypeDef, f: &Field, g: &Field, dir: Option<Dir>, item: String) {
        let at = Site::new(
            &f.pointer.0,
            &g.pointer.0,
            format!("`{}.{}`", db.name, g.json_name),
        )
        .with_item(Some(item.clone()));
        // The types first: pairing the named types they hold notes their
        // renames, which the Rust types below are compared under.
        self.ty(&f.ty, &g.ty, dir, &at);
        let names = self.names();
        // The Rust type of the field (its presence wrapper included), the
        // old one named as the new types are, so a rename is not counted
        // again here.
        let rust_old = names.field(self.old, f, &self.renames);
        let rust_new = names.field(self.new, g, &BTreeMap::new());
        let rust_changed = (rust_old != rust_new).then(|| {
            (
                Semver::Major,
                Some(format!("{item}: `{rust_old}` → `{rust_new}`")),
            )
        });
        let presence = rust_changed
            .clone()
            .unwrap_or((Semver::None, Some(item.clone())));
        if f.required != g.required {
            let (rule, effect) = if g.required {
                ("field-became-required", Effect::Tighter)
            } else {
                ("field-became-optional", Effect::Looser)
            };
            self.push(
                rule,
                format!(
                    "{} became {}",
                    at.label,
                    if g.required { "required" } else { "optional" }
                ),
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, effect),
                presence.clone(),
            );
        }
        if f.nullable != g.nullable {
            self.nullable(f.nullable, g.nullable, dir, &at, Some(presence));
        }
        if f.default != g.default {
            let wire = if dir.is_some() {
                Wire::CLIENTS
            } else {
                Wire::UNCHANGED
            };
            self.push(
                "default-changed",
                format!(
                    "{}: the default changed from {} to {}",
                    at.label,
                    shown(&f.default),
                    shown(&g.default)
                ),
                dir,
                Some(&at.old),
                Some(&at.new),
                wire,
                (Semver::Patch, Some(item.clone())),
            );
            self.note("a party that omits it now means a different value");
        }
        if f.docs.title != g.docs.title || f.docs.description != g.docs.description {
            self.push(
                "description-changed",
                format!("{}: its description changed", at.label),
                None,
                Some(&at.old),
                Some(&at.new),
                Wire::UNCHANGED,
                (Semver::Patch, Some(item.clone())),
            );
        }
    }

    fn limits(&mut self, a: Option<&Limits>, b: Option<&Limits>, dir: Option<Dir>, at: &Site) {
        let none = Limits::default();
        let (a, b) = (a.unwrap_or(&none), b.unwrap_or(&none));
        if a == b {
            return;
        }
        let count = |v: Option<u64>| {
            v.map(|n| Bound {
                value: crate::ir::Number(n as f64),
                exclusive: false,
            })
        };
        // Beside each rule of `BOUNDS`, the old and new values.
        let values = [
            (count(a.max_length), count(b.max_length)),
            (count(a.min_length), count(b.min_length)),
            (a.maximum, b.maximum),
            (a.minimum, b.minimum),
            (count(a.max_items), count(b.max_items)),
            (count(a.min_items), count(b.min_items)),
        ];
        let checks = BOUNDS.iter().zip(values);
        for (&(keyword, tight, loose, upper), (old, new)) in checks {
            let Some(effect) = bound_effect(old, new, upper) else {
                continue;
            };
            let rule = if effect == Effect::Tighter {
                tight
            } else {
                loose
            };
            self.push(
                rule,
                format!(
                    "{}: {keyword} changed from {} to {}",
                    at.label,
                    bound_text(old),
                    bound_text(new)
                ),
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, effect),
                (Semver::None, None),
            );
        }
        let flag = |rule: &'static str, text: String, effect: Effect, w: &mut Self| {
            w.push(
                rule,
                text,
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, effect),
                (Semver::None, None),
            );
        };
        if a.pattern != b.pattern {
            let effect = match (&a.pattern, &b.pattern) {
                (None, Some(_)) => Effect::Tighter,
                (Some(_), None) => Effect::Looser,
                _ => Effect::Different,
            };
            let text = format!(
                "{}: pattern changed from {} to {}",
                at.label,
                shown(&a.pattern),
                shown(&b.pattern)
            );
            flag("pattern-changed", text, effect, self);
        }
        if a.multiple_of != b.multiple_of {
            let text = format!(
                "{}: multipleOf changed from {} to {}",
                at.label,
                a.multiple_of.map_or("none".into(), |n| n.0.to_string()),
                b.multiple_of.map_or("none".into(), |n| n.0.to_string())
            );
            flag("multiple-of-changed", text, Effect::Different, self);
        }
        if a.unique_items != b.unique_items {
            let effect = if b.unique_items {
                Effect::Tighter
            } else {
                Effect::Looser
            };
            let text = format!("{}: uniqueItems became {}", at.label, b.unique_items);
            flag("unique-items-changed", text, effect, self);
        }
    }
}

/// The bounds a schema keyword sets: the keyword, its rule when the
/// bound admits fewer values and when it admits more, and whether it is an
/// upper bound.
const BOUNDS: [(&str, &str, &str, bool); 6] = [
    (
        "maxLength",
        "max-length-tightened",
        "max-length-loosened",
        true,
    ),
    (
        "minLength",
        "min-length-tightened",
        "min-length-loosened",
        false,
    ),
    ("maximum", "maximum-tightened", "maximum-loosened", true),
    ("minimum", "minimum-tightened", "minimum-loosened", false),
    (
        "maxItems",
        "max-items-tightened",
        "max-items-loosened",
        true,
    ),
    (
        "minItems",
        "min-items-tightened",
        "min-items-loosened",
        false,
    ),
];

fn limits_of(t: &Ty) -> Option<&Limits> {
    match t {
        Ty::Limited(_, l) => Some(l),
        _ => None,
    }
}

/// Whether a bound change admits fewer values (`upper`: a maximum).
fn bound_effect(old: Option<Bound>, new: Option<Bound>, upper: bool) -> Option<Effect> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(Effect::Tighter),
        (Some(_), None) => Some(Effect::Looser),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) => {
            let tighter = if a.value == b.value {
                b.exclusive
            } else {
                (b.value.0 < a.value.0) == upper
            };
            Some(if tighter {
                Effect::Tighter
            } else {
                Effect::Looser
            })
        }
    }
}

fn bound_text(b: Option<Bound>) -> String {
    match b {
        None => "none".to_owned(),
        Some(b) if b.exclusive => format!("{} (exclusive)", b.value.0),
        Some(b) => b.value.0.to_string(),
    }
}

/// Numbers that fit in more values (`int32` → `int64` → `number`).
fn widening(a: &Ty, b: &Ty) -> Option<Effect> {
    use crate::ir::{FloatKind, IntKind};
    let rank = |t: &Ty| match t {
        Ty::Int(IntKind::I32) => Some(1),
        Ty::Int(IntKind::I64) => Some(2),
        Ty::Float(FloatKind::F32) => Some(3),
        Ty::Float(FloatKind::F64) => Some(4),
        _ => None,
    };
    let (ra, rb) = (rank(a)?, rank(b)?);
    Some(if rb > ra {
        Effect::Looser
    } else {
        Effect::Tighter
    })
}

/// A type for a sentence: the schema's words, not Rust's.
fn describe(api: &Api, t: &Ty) -> String {
    use crate::ir::{FloatKind, IntKind};
    match t.unlimited() {
        Ty::Named(id) => format!("`{}`", api.types.get(*id).name),
        Ty::String => "string".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int(IntKind::I32) => "integer (int32)".into(),
        Ty::Int(IntKind::I64) => "integer (int64)".into(),
        Ty::Int(IntKind::U32) => "integer (uint32)".into(),
        Ty::Int(IntKind::U64) => "integer (uint64)".into(),
        Ty::Float(FloatKind::F32) => "number (float)".into(),
        Ty::Float(FloatKind::F64) => "number".into(),
        Ty::DateTime => "string (date-time)".into(),
        Ty::Date => "string (date)".into(),
        Ty::Uuid => "string (uuid)".into(),
        Ty::Bytes => "string (byte)".into(),
        Ty::Binary => "binary".into(),
        Ty::Any => "any value".into(),
        Ty::AnyObject => "any object".into(),
        Ty::Array(i) => format!("array of {}", describe(api, i)),
        Ty::Map(v) => format!("map of {}", describe(api, v)),
        Ty::Nullable(i) => format!("{} or null", describe(api, i)),
        Ty::Limited(i, _) => describe(api, i),
    }
}

fn shown(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "none".to_owned(),
    }
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

    #[test]
    fn verdicts_follow_who_must_accept_what() {
        assert_eq!(verdict(Some(Dir::Request), Effect::Tighter), Wire::CLIENTS);
        assert_eq!(verdict(Some(Dir::Response), Effect::Looser), Wire::CLIENTS);
        assert_eq!(verdict(Some(Dir::Request), Effect::Looser), Wire::SERVERS);
        assert_eq!(verdict(None, Effect::Different), Wire::UNCHANGED);
    }

    #[test]
    fn bounds() {
        let b = |v: f64, exclusive| {
            Some(Bound {
                value: crate::ir::Number(v),
                exclusive,
            })
        };
        assert_eq!(
            bound_effect(b(10.0, false), b(5.0, false), true),
            Some(Effect::Tighter)
        );
        assert_eq!(
            bound_effect(b(10.0, false), b(5.0, false), false),
            Some(Effect::Looser)
        );
        assert_eq!(
            bound_effect(b(1.0, false), b(1.0, true), false),
            Some(Effect::Tighter)
        );
        assert_eq!(
            bound_effect(None, b(1.0, false), true),
            Some(Effect::Tighter)
        );
        assert_eq!(bound_effect(b(1.0, false), b(1.0, false), true), None);
    }
}
