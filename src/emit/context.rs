//! What every emitter needs: the API, the settings, how to spell a type from
//! a given module, and which support items were used.

use super::support::Support;
use crate::diag::Diagnostics;
use crate::ir::{serde_impls, Api, Docs, FloatKind, IntKind, SerdeImpls, Ty, TypeId};
use crate::settings::{DateTimeType, Settings};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Where generated code sits: the file's top level (models) or a module
/// inside it (`client`, `server`). Paths are relative, never `crate::`, so
/// the file works wherever it is included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Root,
    Child,
}

impl Scope {
    fn prefix(self) -> TokenStream {
        match self {
            Scope::Root => quote!(self::),
            Scope::Child => quote!(super::),
        }
    }
}

pub struct Ctx<'a> {
    pub api: &'a Api,
    pub settings: &'a Settings,
    /// How to spell the prelude types (see [`Prelude`]).
    pub prelude: Prelude,
    /// The serde impls of each type for the parts being generated, closed
    /// over the type graph (see `ir::serde_impls`).
    serde: Vec<SerdeImpls>,
    used: RefCell<BTreeSet<Support>>,
    warnings: RefCell<Diagnostics>,
}

/// An identifier from a name the naming module made (possibly `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

impl<'a> Ctx<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Ctx {
            api,
            settings,
            prelude: Prelude::for_api(api),
            serde: serde_impls(api, settings.client, settings.server),
            used: RefCell::new(BTreeSet::new()),
            warnings: RefCell::new(Diagnostics::default()),
        }
    }

    /// The serde impls type `id` gets.
    pub fn serde_impls(&self, id: TypeId) -> SerdeImpls {
        self.serde[id.index()]
    }

    /// Record a warning about the spec node at `pointer`: the construct was
    /// simplified or skipped, and generation goes on.
    pub fn warn(&self, pointer: &str, message: impl Into<String>) {
        self.warnings.borrow_mut().warning(pointer, message);
    }

    /// The warnings the emitters recorded.
    pub fn take_warnings(&self) -> Diagnostics {
        self.warnings.take()
    }

    /// The path to a `forge_support` item, marking it (and what it needs)
    /// as used.
    pub fn support(&self, item: Support, scope: Scope) -> TokenStream {
        self.mark(item);
        if scope == Scope::Root && self.prelude.short_support.contains(&item) {
            let name = format_ident!("{}", item.name());
            return quote!(#name);
        }
        let prefix = scope.prefix();
        let name = format_ident!("{}", item.name());
        quote!(#prefix forge_support::#name)
    }

    /// Mark a support item, and every item it needs, as used (the server
    /// runtime's items are referred to through `runtime::`, not a path).
    pub fn mark(&self, item: Support) {
        self.used.borrow_mut().extend(item.with_needs());
    }

    /// `use self::forge_support::{…};` for the support types the models
    /// used by their short name (see [`Prelude`]); call after the models.
    pub fn short_support_uses(&self) -> TokenStream {
        let used = self.used.borrow();
        let names: Vec<Ident> = self
            .prelude
            .short_support
            .iter()
            .filter(|s| used.contains(s))
            .map(|s| format_ident!("{}", s.name()))
            .collect();
        if names.is_empty() {
            return TokenStream::new();
        }
        quote!(use self::forge_support::{#(#names),*};)
    }

    pub fn used_support(&self) -> BTreeSet<Support> {
        self.used.borrow().clone()
    }

    /// The Rust name of a generated type as seen from `scope`, or the
    /// user's override type.
    pub fn type_path(&self, id: TypeId, scope: Scope) -> TokenStream {
        let def = self.api.types.get(id);
        if let Some(path) = self.override_for(id) {
            return path;
        }
        let name = ident(&def.name);
        match scope {
            Scope::Root => quote!(#name),
            Scope::Child => quote!(super::#name),
        }
    }

    /// The generated struct `ty` names (through aliases); `None` for any
    /// other type, or one the user overrides.
    pub fn struct_of(&self, ty: &Ty) -> Option<&crate::ir::Struct> {
        use crate::ir::TypeKind;
        let mut ty = ty;
        loop {
            match ty {
                Ty::Named(id) if self.override_for(*id).is_none() => {
                    match &self.api.types.get(*id).kind {
                        TypeKind::Struct(s) => return Some(s),
                        TypeKind::Alias(t) => ty = t,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// A user-chosen type replacing a generated one (matched by the schema's
    /// component name or by the generated type name).
    pub fn override_for(&self, id: TypeId) -> Option<TokenStream> {
        let def = self.api.types.get(id);
        let component = def.origin.strip_prefix("/components/schemas/");
        let path = self
            .settings
            .type_overrides
            .iter()
            .find(|(k, _)| Some(k.as_str()) == component || **k == def.name)?
            .1;
        syn::parse_str::<syn::Type>(path).ok().map(|t| quote!(#t))
    }

    /// Spell a type expression as seen from `scope`.
    pub fn ty(&self, ty: &Ty, scope: Scope) -> TokenStream {
        match ty {
            Ty::Named(id) => self.type_path(*id, scope),
            Ty::String => self.prelude.string.clone(),
            Ty::Binary => self.support(Support::Upload, scope),
            Ty::Bool => quote!(bool),
            Ty::Int(IntKind::I32) => quote!(i32),
            Ty::Int(IntKind::I64) => quote!(i64),
            Ty::Int(IntKind::U32) => quote!(u32),
            Ty::Int(IntKind::U64) => quote!(u64),
            Ty::Float(FloatKind::F32) => quote!(f32),
            Ty::Float(FloatKind::F64) => quote!(f64),
            Ty::DateTime => match self.settings.date_time {
                DateTimeType::Chrono => quote!(::chrono::DateTime<::chrono::Utc>),
                DateTimeType::String => self.prelude.string.clone(),
            },
            Ty::Date => match self.settings.date_time {
                DateTimeType::Chrono => quote!(::chrono::NaiveDate),
                DateTimeType::String => self.prelude.string.clone(),
            },
            Ty::Uuid => quote!(::uuid::Uuid),
            Ty::Bytes => self.support(Support::Base64, scope),
            Ty::Any => quote!(::serde_json::Value),
            Ty::AnyObject => {
                let string = &self.prelude.string;
                quote!(::serde_json::Map<#string, ::serde_json::Value>)
            }
            Ty::Array(t) => {
                let t = self.ty(t, scope);
                let vec = &self.prelude.vec;
                quote!(#vec<#t>)
            }
            Ty::Map(t) => {
                let t = self.ty(t, scope);
                let string = &self.prelude.string;
                quote!(::std::collections::BTreeMap<#string, #t>)
            }
            Ty::Nullable(t) => {
                let t = self.ty(t, scope);
                let option = &self.prelude.option;
                quote!(#option<#t>)
            }
            Ty::Limited(t, _) => self.ty(t, scope),
        }
    }

    /// Whether values of the type can be compared with `Eq` and hashed
    /// (no floats or JSON values inside).
    pub fn is_eq(&self, ty: &Ty) -> bool {
        let mut seen = BTreeSet::new();
        self.is_eq_inner(ty, &mut seen)
    }

    fn is_eq_inner(&self, ty: &Ty, seen: &mut BTreeSet<TypeId>) -> bool {
        use crate::ir::TypeKind;
        match ty {
            Ty::Float(_) | Ty::Any | Ty::AnyObject => false,
            Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => {
                self.is_eq_inner(t, seen)
            }
            Ty::Named(id) => {
                if self.override_for(*id).is_some() {
                    return false;
                }
                if !seen.insert(*id) {
                    return true;
                }
                match &self.api.types.get(*id).kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().all(|f| self.is_eq_inner(&f.ty, seen))
                            && s.additional
                                .as_ref()
                                .is_none_or(|a| self.is_eq_inner(a, seen))
                    }
                    TypeKind::Union(u) => u.variants.iter().all(|v| self.is_eq_inner(&v.ty, seen)),
                    TypeKind::Alias(t) => self.is_eq_inner(t, seen),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
                }
            }
            _ => true,
        }
    }
}

/// Prelude names the client and server modules write unqualified; no
/// generated type in those modules may take them.
pub const UNQUALIFIED_PRELUDE: &[&str] = &["Ok", "Err", "Some", "None", "Result", "Option"];

/// Spellings of the prelude types the models use everywhere. Short
/// (`Option`, `String`, `Vec`, `Box`) unless the spec defines a type of that
/// name, in which case the full std path; so a schema called `String` never
/// changes what `String` means in generated code, and the common case stays
/// readable.
#[derive(Debug, Clone)]
pub struct Prelude {
    pub option: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub boxed: TokenStream,
    /// `Option` as text, for serde attributes (`"Option::is_none"`).
    pub option_text: String,
    /// Support types model fields use (`Nullable`, `Base64`, `Upload`) that
    /// no spec type shadows: the models name them through a `use` at the
    /// top of the file instead of `self::forge_support::Nullable` each time.
    short_support: BTreeSet<Support>,
}

impl Prelude {
    fn for_api(api: &Api) -> Self {
        let taken: BTreeSet<&str> = api.types.iter().map(|(_, d)| d.name.as_str()).collect();
        let pick = |short: &str, full: TokenStream| -> TokenStream {
            if taken.contains(short) {
                full
            } else {
                let id = format_ident!("{}", short);
                quote!(#id)
            }
        };
        let option = pick("Option", quote!(::std::option::Option));
        let short_support = [Support::Nullable, Support::Base64, Support::Upload]
            .into_iter()
            .filter(|s| !taken.contains(s.name()))
            .collect();
        Prelude {
            short_support,
            option_text: option.to_string().replace(' ', ""),
            option,
            string: pick("String", quote!(::std::string::String)),
            vec: pick("Vec", quote!(::std::vec::Vec)),
            boxed: pick("Box", quote!(::std::boxed::Box)),
        }
    }
}

/// `#[doc]` attributes for spec text. The text stays text: it is quoted as a
/// string literal, and made safe for rustdoc (code fences and indented
/// blocks would otherwise be compiled as doctests).
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    doc_lines(&docs.lines())
}

pub fn doc_lines(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut in_fence = false;
    // Inside a list item: the width of its marker (`- `, `12. `), so the
    // item's continuation lines are indented under its text instead of
    // running on lazily (which rustdoc and clippy read as sloppy markdown).
    let mut item_indent: Option<usize> = None;
    // Inside a block quote: its lazy continuation lines get their `>`.
    let mut in_quote = false;
    for line in lines {
        // Tabs render unpredictably in rustdoc (and clippy warns on them).
        let line = &line.replace('\t', "    ");
        let trimmed = line.trim_start();
        let text = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            item_indent = None;
            let fence = &trimmed[..3];
            let lang = trimmed[3..].trim();
            if in_fence {
                in_fence = false;
                fence.to_owned()
            } else {
                in_fence = true;
                if lang.is_empty() || lang.starts_with("rust") {
                    format!("{fence}text")
                } else {
                    trimmed.to_owned()
                }
            }
        } else if in_fence {
            line.to_owned()
        } else if trimmed.is_empty() {
            item_indent = None;
            in_quote = false;
            String::new()
        } else if let Some(quoted) = trimmed.strip_prefix('>') {
            // The quote's own text loses its indent too (four spaces would
            // make a code block inside the quote).
            in_quote = true;
            format!("> {}", quoted.trim_start())
        } else if in_quote {
            format!("> {trimmed}")
        } else if let Some(width) = list_marker_width(trimmed) {
            item_indent = Some(width);
            // As above: an item's text never starts four spaces in.
            let (marker, text) = trimmed.split_at(width);
            if text.starts_with(' ') {
                format!("{} {}", marker.trim_end(), text.trim_start())
            } else {
                trimmed.to_owned()
            }
        } else {
            // Four spaces of indent would start an (executable) code block,
            // so the spec's own indentation is dropped.
            match item_indent {
                Some(width) => format!("{}{trimmed}", " ".repeat(width)),
                None => trimmed.to_owned(),
            }
        };
        let text = format!(" {}", text.trim_end());
        out.extend(quote!(#[doc = #text]));
    }
    if in_fence {
        out.extend(quote!(#[doc = " ```"]));
    }
    out
}

/// Where the text of a markdown list item starts, if `line` opens one
/// (`- `, `*   `, `1. `, `12) `): the marker and the one to four spaces
/// after it.
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let marker = if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) {
        1
    } else {
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) || !matches!(bytes.get(digits), Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    let spaces = bytes[marker..].iter().take_while(|b| **b == b' ').count();
    match spaces {
        0 => None,
        1..=4 if marker + spaces < bytes.len() => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The doc strings `doc_lines` makes, as rustdoc sees them.
    fn rendered(lines: &[&str]) -> Vec<String> {
        let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        let tokens = doc_lines(&lines);
        let item: syn::ItemStruct = syn::parse2(quote!(#tokens struct S;)).unwrap();
        item.attrs
            .iter()
            .map(|a| match &a.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }),
                    ..
                }) => s.value(),
                _ => panic!("not a doc string"),
            })
            .collect()
    }

    #[test]
    fn list_items_keep_their_continuation_lines_under_them() {
        assert_eq!(
            rendered(&[
                "Events:",
                "- `added`: the parent is",
                "an object.",
                "12. twelfth",
                "    goes on",
                "*   wide marker",
                "  under it",
                "> [!NOTE]",
                ">    quoted",
                "lazily quoted",
                "",
                "-      far",
                "text",
                "",
                "A new paragraph.",
            ]),
            [
                " Events:",
                " - `added`: the parent is",
                "   an object.",
                " 12. twelfth",
                "     goes on",
                " *   wide marker",
                "     under it",
                " > [!NOTE]",
                " > quoted",
                " > lazily quoted",
                " ",
                " - far",
                "   text",
                " ",
                " A new paragraph.",
            ]
        );
    }

    #[test]
    fn indentation_never_makes_a_code_block_and_fences_are_text() {
        assert_eq!(
            rendered(&[
                "    let x = 1;",
                "```",
                "    kept",
                "\tand\tthis",
                "```",
                "-1 is not a list"
            ]),
            [
                " let x = 1;",
                " ```text",
                "     kept",
                "     and    this",
                " ```",
                " -1 is not a list"
            ]
        );
    }
}
