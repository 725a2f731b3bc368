//! Types compared once per direction they travel in: fields, enums,
//! unions, aliases, and the limits a schema puts on values.

use super::{shown, verdict, Effect, Site, Walk};
use crate::diff::{Dir, Semver, Wire};
use crate::ir::{Api, Bound, Field, Limits, Struct, Ty, TypeDef, TypeId, TypeKind, Union};
use crate::settings::EnumStyle;
use std::collections::BTreeMap;

impl<'a> Walk<'a> {
    /// Compare two type expressions carried in `dir`.
    pub(super) fn ty(&mut self, o: &Ty, n: &Ty, dir: Option<Dir>, at: &Site) {
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
            (Ty::Named(a), Ty::Named(b)) => self.named(*a, *b, dir, at),
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
        let (rule, effect) = match widening(a, b).or_else(|| self.enumerated(a, b)) {
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

    /// A string that became a string enum admits fewer values, and an
    /// enum that became a plain string more (a common change in real
    /// specs, which is not a change of kind on the wire).
    fn enumerated(&self, a: &Ty, b: &Ty) -> Option<Effect> {
        let is_string_enum = |api: &Api, t: &Ty| match t {
            Ty::Named(id) => matches!(
                api.types.get(Self::resolve(api, *id)).kind,
                TypeKind::Enum(_)
            ),
            _ => false,
        };
        match (a, b) {
            (Ty::String, b) if is_string_enum(self.new, b) => Some(Effect::Tighter),
            (a, Ty::String) if is_string_enum(self.old, a) => Some(Effect::Looser),
            _ => None,
        }
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
    /// what they stand for (once per direction). When the old name still
    /// names a type (a type split in two, such as a request form `PetRequest`
    /// beside `Pet`), no rename covers the change, so it is reported here,
    /// where the use of the type changed.
    pub(super) fn named(&mut self, a: TypeId, b: TypeId, dir: Option<Dir>, at: &Site) {
        let (da, db) = (self.old.types.get(a), self.new.types.get(b));
        if da.name != db.name {
            self.renames
                .entry(da.name.clone())
                .or_insert_with(|| db.name.clone());
            if self.new_names.contains(&da.name) {
                let item = at.item.clone().unwrap_or_else(|| db.name.clone());
                self.push(
                    "type-replaced",
                    format!("{}: the type `{}` is now `{}`", at.label, da.name, db.name),
                    dir,
                    Some(&at.old),
                    Some(&at.new),
                    Wire::UNCHANGED,
                    (Semver::Major, Some(item)),
                );
            }
        }
        let (a, b) = (Self::resolve(self.old, a), Self::resolve(self.new, b));
        if self.seen.insert((a.index(), b.index(), dir)) {
            self.queue.push_back((a, b, dir));
        }
    }

    pub(super) fn def(&mut self, da: &'a TypeDef, db: &'a TypeDef, dir: Option<Dir>) {
        let at = Site::new(&da.origin, &db.origin, format!("`{}`", db.name));
        self.keywords(da.keywords.as_ref(), db.keywords.as_ref(), dir, &at);
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
            (TypeKind::Union(x), TypeKind::Union(y)) => self.union(db, &at, x, y, dir),
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

    /// Variants are paired by what they are on the wire (see
    /// `pair_variants`), so a variant inserted before others does not pair
    /// every later one with its neighbour. A pair whose Rust name changed
    /// (`Variant18` is now `Variant19`) is a Rust change only.
    fn union(&mut self, db: &TypeDef, at: &Site, x: &Union, y: &Union, dir: Option<Dir>) {
        let (pairs, removed, added) = pair_variants(self.old, self.new, x, y);
        let item = |name: &str| Some(format!("{}::{name}", db.name));
        for (v, w) in pairs {
            let (v, w) = (&x.variants[v], &y.variants[w]);
            if v.name != w.name {
                self.push(
                    "union-variant-renamed",
                    format!(
                        "{}: the variant `{}` is now named `{}`",
                        at.label, v.name, w.name
                    ),
                    None,
                    Some(&at.old),
                    Some(&at.new),
                    Wire::UNCHANGED,
                    (Semver::Major, item(&v.name)),
                );
            }
            let site = Site {
                label: format!("{} variant `{}`", at.label, w.name),
                ..at.clone()
            };
            self.ty(&v.ty, &w.ty, dir, &site);
        }
        for v in removed.into_iter().map(|i| &x.variants[i]) {
            self.push(
                "union-variant-removed",
                format!("{}: the variant `{}` was removed", at.label, v.name),
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, Effect::Tighter),
                (Semver::Major, item(&v.name)),
            );
        }
        for w in added.into_iter().map(|i| &y.variants[i]) {
            self.push(
                "union-variant-added",
                format!("{}: the variant `{}` was added", at.label, w.name),
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, Effect::Looser),
                (Semver::Major, item(&w.name)),
            );
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
        // An empty pattern matches every string: it is no pattern.
        let pattern = |l: &Limits| l.pattern.clone().filter(|p| !p.is_empty());
        let (pa, pb) = (pattern(a), pattern(b));
        if pa != pb {
            let effect = match (&pa, &pb) {
                (None, Some(_)) => Effect::Tighter,
                (Some(_), None) => Effect::Looser,
                _ => Effect::Different,
            };
            let text = format!(
                "{}: pattern changed from {} to {}",
                at.label,
                shown(&pa),
                shown(&pb)
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
        if a.format != b.format {
            let effect = match (&a.format, &b.format) {
                (None, Some(_)) => Effect::Tighter,
                (Some(_), None) => Effect::Looser,
                _ => Effect::Different,
            };
            let text = format!(
                "{}: format changed from {} to {}",
                at.label,
                shown(&a.format),
                shown(&b.format)
            );
            flag("format-changed", text, effect, self);
        }
        self.keywords(a.keywords.as_ref(), b.keywords.as_ref(), dir, at);
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
        Ty::Named(id) => {
            let def = api.types.get(*id);
            match def.kind {
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => format!("enum `{}`", def.name),
                _ => format!("`{}`", def.name),
            }
        }
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

/// Paired variants (old index, new index), then the old ones left
/// (removed) and the new ones left (added). First by what a variant is on
/// the wire, when that is unique on both sides (a component it refers to,
/// or the properties an inline object requires and the constants it
/// holds), then by Rust name: names like `Variant3` follow the position.
type Pairing = (Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

fn pair_variants(old: &Api, new: &Api, x: &Union, y: &Union) -> Pairing {
    let keys = |api: &Api, u: &Union| -> Vec<String> {
        u.variants.iter().map(|v| variant_key(api, &v.ty)).collect()
    };
    let (kx, ky) = (keys(old, x), keys(new, y));
    let unique = |keys: &[String], k: &String| keys.iter().filter(|o| *o == k).count() == 1;
    let mut pairs = Vec::new();
    let mut left_x: Vec<usize> = Vec::new();
    let mut taken_y = vec![false; y.variants.len()];
    for (i, k) in kx.iter().enumerate() {
        match ky.iter().position(|o| o == k) {
            Some(j) if unique(&kx, k) && unique(&ky, k) => {
                pairs.push((i, j));
                taken_y[j] = true;
            }
            _ => left_x.push(i),
        }
    }
    let mut removed = Vec::new();
    for i in left_x {
        let by_name = (0..y.variants.len())
            .find(|&j| !taken_y[j] && y.variants[j].name == x.variants[i].name);
        match by_name {
            Some(j) => {
                pairs.push((i, j));
                taken_y[j] = true;
            }
            None => removed.push(i),
        }
    }
    pairs.sort();
    let added = (0..y.variants.len()).filter(|&j| !taken_y[j]).collect();
    (pairs, removed, added)
}

/// What a union variant is on the wire, to pair it across versions.
fn variant_key(api: &Api, ty: &Ty) -> String {
    let Ty::Named(id) = ty.unlimited() else {
        return describe(api, ty);
    };
    let def = api.types.get(Walk::resolve(api, *id));
    if !def.inline {
        return format!("component {}", def.origin);
    }
    let TypeKind::Struct(s) = &def.kind else {
        return describe(api, ty);
    };
    let mut parts: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.json_name.clone())
        .collect();
    for f in &s.fields {
        if let Some(value) = constant(api, &f.ty) {
            parts.push(format!("{}={value}", f.json_name));
        }
    }
    parts.sort();
    format!("object {}", parts.join(","))
}

/// The one value of a single-value string enum (a `type: x` tag).
fn constant(api: &Api, ty: &Ty) -> Option<String> {
    let Ty::Named(id) = ty.unlimited() else {
        return None;
    };
    match &api.types.get(Walk::resolve(api, *id)).kind {
        TypeKind::Enum(e) if e.variants.len() == 1 => Some(e.variants[0].value.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
