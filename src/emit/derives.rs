//! The user's `--derive` list, type by type.
//!
//! A std derive (`Debug`, `Hash`, …) is not a crate, and Rust refuses it
//! twice (E0119) or where a field lacks the trait (E0277). So each model
//! type gets the user's derives minus the std ones the generator already
//! writes on it, and minus the std ones its fields cannot carry (a float
//! has no `Hash`): those are left off that type with a located warning.
//! Any other derive (`schemars::JsonSchema`) is written as given and its
//! crate marked as a dependency.

use super::Ctx;
use crate::ir::{Presence, Struct, Ty, TypeDef, TypeId, TypeKind, Union};
use crate::settings::{DateTimeType, Settings};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeSet, HashMap};

/// A derivable std trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Std {
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
}

const STD: [(&str, Std); 9] = [
    ("Debug", Std::Debug),
    ("Clone", Std::Clone),
    ("Copy", Std::Copy),
    ("Default", Std::Default),
    ("PartialEq", Std::PartialEq),
    ("Eq", Std::Eq),
    ("PartialOrd", Std::PartialOrd),
    ("Ord", Std::Ord),
    ("Hash", Std::Hash),
];

impl Std {
    fn name(self) -> &'static str {
        STD.iter().find(|(_, s)| *s == self).map_or("", |(n, _)| n)
    }
}

/// The std trait a `--derive` path names: a bare std name (`Hash`) or a
/// path into std or core (`std::hash::Hash`).
fn std_derive(path: &str) -> Option<Std> {
    let segments: Vec<&str> = path.trim().trim_start_matches("::").split("::").collect();
    let last = match segments.as_slice() {
        [one] => one,
        [root, .., last] if ["std", "core"].contains(&root.trim()) => last,
        _ => return None,
    };
    STD.iter()
        .find(|(name, _)| *name == last.trim())
        .map(|(_, s)| *s)
}

/// Whether a user derive may read `#[serde]` attributes (a JSON Schema
/// derive reads renames and skips), so structs must derive `Serialize` with
/// them. A std derive reads none.
pub fn any_reads_serde(settings: &Settings) -> bool {
    settings
        .extra_derives
        .iter()
        .any(|d| std_derive(d).is_none())
}

/// The user's derives for `def`, spelled for its `#[derive]`. `written` are
/// the std derives the generator writes on it (a `Default` impl counts).
pub fn user_derives(ctx: &Ctx, def: &TypeDef, written: &[&str]) -> Vec<TokenStream> {
    let wanted = wanted(ctx.settings);
    let mut check = Check::new(ctx, &wanted);
    let mut left_off = Vec::new();
    let mut out = Vec::new();
    for path in &ctx.settings.extra_derives {
        let Ok(spelled) = syn::parse_str::<syn::Path>(path) else {
            continue;
        };
        match std_derive(path) {
            Some(s) if written.contains(&s.name()) => {}
            Some(s) if !check.kind(&def.kind, s) => left_off.push(s.name()),
            Some(_) => out.push(quote!(#spelled)),
            None => {
                ctx.mark_user_path(path);
                out.push(quote!(#spelled));
            }
        }
    }
    if !left_off.is_empty() {
        let list = left_off.join(", ");
        let why = why(&def.kind, &left_off, &wanted);
        ctx.warn(
            &def.origin,
            format!(
                "`--derive {list}` left off `{}`: {why}; the type is generated without it",
                def.name
            ),
        );
    }
    out
}

/// Why the std derives `left_off` cannot apply to a type of this kind.
fn why(kind: &TypeKind, left_off: &[&str], wanted: &BTreeSet<Std>) -> String {
    let list = left_off.join(", ");
    match kind {
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {
            "an enum derives `Default` only with a `#[default]` variant, and one holding text is not `Copy`".to_owned()
        }
        _ if left_off.contains(&"Ord") && !wanted.contains(&Std::PartialOrd) => {
            "`Ord` needs `PartialOrd` in `--derive` too".to_owned()
        }
        _ => format!("not every field or variant of it implements {list} (a float has no `Eq`, `Ord` or `Hash`; text and lists are not `Copy`)"),
    }
}

/// The std derives the user asked for.
fn wanted(settings: &Settings) -> BTreeSet<Std> {
    settings
        .extra_derives
        .iter()
        .filter_map(|d| std_derive(d))
        .collect()
}

/// Which std traits the generated types implement, given the user's list:
/// the generator's own derives, plus the user's where they apply.
struct Check<'c> {
    ctx: &'c Ctx<'c>,
    wanted: &'c BTreeSet<Std>,
    /// Named types being checked: a cycle is assumed to hold (it goes
    /// through a `Box` or a collection), except for `Copy` (a `Box` is not).
    seen: BTreeSet<TypeId>,
    /// Whether an answer below the current type leaned on such an
    /// assumption.
    assumed: bool,
    /// Answers that are certain: every `false` (assuming more cannot make
    /// a type lose a trait), and every `true` that assumed nothing. Without
    /// it a type reached along many paths (four fields of the next type,
    /// fourteen levels deep) was checked once per path: 17 s for 2 KB.
    known: HashMap<(TypeId, Std), bool>,
}

impl<'c> Check<'c> {
    fn new(ctx: &'c Ctx<'c>, wanted: &'c BTreeSet<Std>) -> Self {
        Check {
            ctx,
            wanted,
            seen: BTreeSet::new(),
            assumed: false,
            known: HashMap::new(),
        }
    }

    /// Whether a type of this kind implements `s` once emitted.
    fn kind(&mut self, kind: &TypeKind, s: Std) -> bool {
        match kind {
            TypeKind::Enum(_) => !matches!(s, Std::Copy | Std::Default),
            TypeKind::IntEnum(_) => s != Std::Default,
            TypeKind::Struct(st) => self.structure(st, s),
            TypeKind::Union(u) => self.union(u, s),
            TypeKind::Alias(t) => self.ty(t, s),
        }
    }

    fn structure(&mut self, st: &Struct, s: Std) -> bool {
        let all_optional = st.fields.iter().all(|f| f.presence() != Presence::Required);
        if s == Std::Default && all_optional {
            return true;
        }
        if !self.derivable(s) {
            return false;
        }
        st.fields.iter().all(|f| {
            // `Option` is `Default` whatever it holds; a `Box` is not `Copy`.
            (s == Std::Default && f.presence() != Presence::Required)
                || (!(f.boxed && s == Std::Copy) && self.ty(&f.ty, s))
        }) && st
            .additional
            .as_ref()
            .is_none_or(|a| s != Std::Copy && self.ty(a, s))
    }

    fn union(&mut self, u: &Union, s: Std) -> bool {
        s != Std::Default
            && self.derivable(s)
            && u.variants
                .iter()
                .all(|v| !(v.boxed && s == Std::Copy) && self.ty(&v.ty, s))
    }

    /// Whether a struct or union gets `s` at all, fields aside: the
    /// generator writes Debug, Clone and PartialEq (and Eq where it can);
    /// the rest only when asked, and `Ord` only with `PartialOrd`.
    fn derivable(&self, s: Std) -> bool {
        match s {
            Std::Debug | Std::Clone | Std::PartialEq | Std::Eq => true,
            Std::Ord => self.wanted.contains(&Std::Ord) && self.wanted.contains(&Std::PartialOrd),
            _ => self.wanted.contains(&s),
        }
    }

    fn ty(&mut self, ty: &Ty, s: Std) -> bool {
        let date_is_text = self.ctx.settings.date_time == DateTimeType::String;
        match ty {
            Ty::String => s != Std::Copy,
            Ty::Bool | Ty::Int(_) => true,
            Ty::Float(_) => !matches!(s, Std::Eq | Std::Ord | Std::Hash),
            Ty::DateTime | Ty::Date if date_is_text => s != Std::Copy,
            // chrono's and uuid's types: `Default` is left unclaimed.
            Ty::DateTime | Ty::Date | Ty::Uuid => s != Std::Default,
            Ty::Bytes | Ty::Binary => s != Std::Copy,
            Ty::Any | Ty::AnyObject => {
                matches!(s, Std::Debug | Std::Clone | Std::PartialEq | Std::Default)
            }
            Ty::Array(t) | Ty::Map(t) => s == Std::Default || (s != Std::Copy && self.ty(t, s)),
            Ty::Nullable(t) => s == Std::Default || self.ty(t, s),
            Ty::Limited(t, _) => self.ty(t, s),
            Ty::Named(id) => self.named(*id, s),
        }
    }

    fn named(&mut self, id: TypeId, s: Std) -> bool {
        if self.ctx.override_for(id).is_some() {
            // The user's type: only what every model field needs.
            return matches!(s, Std::Debug | Std::Clone | Std::PartialEq);
        }
        if let Some(&holds) = self.known.get(&(id, s)) {
            return holds;
        }
        if !self.seen.insert(id) {
            self.assumed = true;
            return s != Std::Copy;
        }
        let outer = std::mem::replace(&mut self.assumed, false);
        let holds = self.kind(&self.ctx.api.types.get(id).kind, s);
        self.seen.remove(&id);
        if !holds || !self.assumed {
            self.known.insert((id, s), holds);
        }
        self.assumed |= outer;
        holds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_derives_are_known_by_name_or_std_path() {
        assert_eq!(std_derive("Hash"), Some(Std::Hash));
        assert_eq!(std_derive("::std::hash::Hash"), Some(Std::Hash));
        assert_eq!(std_derive("core::default::Default"), Some(Std::Default));
        assert_eq!(std_derive("schemars::JsonSchema"), None);
        assert_eq!(std_derive("JsonSchema"), None);
        assert_eq!(std_derive("my::Hash"), None);
    }
}
