//! The Rust side: how the generated code names what changed, and the
//! changes only names show (types renamed, added or removed).

use super::{Found, Semver, Wire};
use crate::emit::{spell, Leaf, Speller};
use crate::ir::{Api, Field, FloatKind, IntKind, Presence, Ty, TypeId};
use crate::settings::Settings;
use std::collections::{BTreeMap, BTreeSet};

/// Rust names under the generation settings.
pub(super) struct Names<'a> {
    pub(super) settings: &'a Settings,
}

impl Names<'_> {
    /// The methods an operation generates: on the client and in the
    /// server trait, as the settings ask. Without either, an operation
    /// generates no method, and a change to it is none in Rust.
    pub(super) fn method(&self, name: &str, effect: Semver) -> (Semver, Option<String>) {
        let mut items = Vec::new();
        if self.settings.client {
            items.push(format!("Client::{name}"));
        }
        if self.settings.server {
            items.push(format!("Api::{name}"));
        }
        if items.is_empty() {
            return (Semver::None, None);
        }
        (effect, Some(items.join(", ")))
    }

    /// A new operation adds a client method (minor), but a server trait
    /// method every implementation must now provide (major).
    pub(super) fn added_method(&self) -> Semver {
        if self.settings.server {
            Semver::Major
        } else {
            Semver::Minor
        }
    }

    /// The field's Rust type as the models declare it.
    pub(super) fn field(&self, api: &Api, f: &Field, renames: &BTreeMap<String, String>) -> String {
        let inner = self.ty(api, &f.ty, renames);
        match f.presence() {
            Presence::Required => inner,
            Presence::Optional | Presence::RequiredNullable => format!("Option<{inner}>"),
            Presence::OptionalNullable => format!("Nullable<{inner}>"),
        }
    }

    /// A type expression as Rust text, spelled as the generated code
    /// spells it (`emit::spell`: overrides and `--date-time` included);
    /// named types of the old API are spelled with their new names
    /// (`renames`).
    pub(super) fn ty(&self, api: &Api, t: &Ty, renames: &BTreeMap<String, String>) -> String {
        spell(&Text { api, renames }, api, self.settings, t)
    }
}

/// Types as the short text reports show (`Vec<Pet>`, `DateTime<Utc>`).
struct Text<'a> {
    api: &'a Api,
    renames: &'a BTreeMap<String, String>,
}

impl Speller for Text<'_> {
    type Out = String;

    fn named(&self, id: TypeId, over: Option<&str>) -> String {
        // An override that is no Rust type is ignored, as by the emitters.
        if let Some(path) = over.filter(|p| syn::parse_str::<syn::Type>(p).is_ok()) {
            return path.trim().to_owned();
        }
        let name = &self.api.types.get(id).name;
        self.renames.get(name).unwrap_or(name).clone()
    }

    fn leaf(&self, leaf: Leaf) -> String {
        match leaf {
            Leaf::String => "String",
            Leaf::Bool => "bool",
            Leaf::Int(IntKind::I32) => "i32",
            Leaf::Int(IntKind::I64) => "i64",
            Leaf::Int(IntKind::U32) => "u32",
            Leaf::Int(IntKind::U64) => "u64",
            Leaf::Float(FloatKind::F32) => "f32",
            Leaf::Float(FloatKind::F64) => "f64",
            Leaf::DateTime => "DateTime<Utc>",
            Leaf::Date => "NaiveDate",
            Leaf::Uuid => "Uuid",
            Leaf::Base64 => "Base64",
            Leaf::Upload => "Upload",
            Leaf::Value => "Value",
            Leaf::JsonObject => "Map<String, Value>",
        }
        .to_owned()
    }

    fn vec(&self, item: String) -> String {
        format!("Vec<{item}>")
    }

    fn map(&self, value: String) -> String {
        format!("BTreeMap<String, {value}>")
    }

    fn option(&self, inner: String) -> String {
        format!("Option<{inner}>")
    }
}

/// Types renamed (paired by the walk under another name), removed and
/// added. Their wire effect, if any, is reported where they are used.
pub(super) fn types(old: &Api, new: &Api, renames: &BTreeMap<String, String>) -> Vec<Found> {
    let names = |api: &Api| -> BTreeMap<String, String> {
        api.types
            .iter()
            .map(|(_, d)| (d.name.clone(), d.origin.clone()))
            .collect()
    };
    let (old_names, new_names) = (names(old), names(new));
    // Only a rename whose old name is gone is reported as one; a new name
    // that only replaced a surviving one in some places is a new type.
    let renamed_to: BTreeSet<&String> = renames
        .iter()
        .filter(|(old, _)| !new_names.contains_key(*old))
        .map(|(_, new)| new)
        .collect();
    let mut out = Vec::new();
    let found = |rule, message, old: Option<&String>, new: Option<&String>, rust, item| Found {
        rule,
        message,
        dir: BTreeSet::new(),
        old: old.cloned(),
        new: new.cloned(),
        wire: Wire::UNCHANGED,
        wire_note: None,
        rust,
        rust_item: Some(item),
    };
    for (name, origin) in &old_names {
        if new_names.contains_key(name) {
            continue;
        }
        match renames.get(name) {
            Some(to) => out.push(found(
                "type-renamed",
                format!("the type `{name}` is now named `{to}` (any change of its shape is listed on its own)"),
                Some(origin),
                new_names.get(to),
                Semver::Major,
                format!("{name} → {to}"),
            )),
            None => out.push(found(
                "type-removed",
                format!("the type `{name}` was removed"),
                Some(origin),
                None,
                Semver::Major,
                name.clone(),
            )),
        }
    }
    for (name, origin) in &new_names {
        if old_names.contains_key(name) || renamed_to.contains(name) {
            continue;
        }
        out.push(found(
            "type-added",
            format!("the type `{name}` was added"),
            None,
            Some(origin),
            Semver::Minor,
            name.clone(),
        ));
    }
    out
}
