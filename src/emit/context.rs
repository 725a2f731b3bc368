//! What every emitter needs: the API, the settings, how to spell a type from
//! a given module, and which support items were used.

use super::deps::KNOWN;
use super::support::Support;
use crate::diag::Diagnostics;
use crate::ir::{serde_impls, Api, Docs, FloatKind, IntKind, SerdeImpls, Ty, TypeId};
use crate::settings::{DateTimeType, Settings};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

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

/// What every emitter of one run shares: the API, the settings, and what
/// the emitters mark as used (support items, crates), which decides the
/// support code and the dependencies after them. Emitters see it through
/// a [`Ctx`], which also says which part is emitting.
pub struct Run<'a> {
    pub api: &'a Api,
    pub settings: &'a Settings,
    /// How to spell the prelude types (see [`Prelude`]).
    pub prelude: Prelude,
    /// The serde impls of each type for the parts being generated, closed
    /// over the type graph (see `ir::serde_impls`).
    serde: Vec<SerdeImpls>,
    /// Each support item used, with the parts that use it (a crate gates
    /// an item behind the features of the parts that need it).
    used: RefCell<BTreeMap<Support, PartSet>>,
    /// The parts that name each crate of `deps::KNOWN` (by index), and
    /// each crate only a user's option names.
    crates: [Cell<PartSet>; KNOWN.len()],
    user_crates: RefCell<BTreeMap<String, PartSet>>,
    /// Whether the server compares numbers with bounds (it then wants
    /// serde_json to read floats exactly).
    numeric_bounds: Cell<bool>,
    /// Whether the output is a crate: the models are then a `models`
    /// module beside `forge_support` (see [`Run::models_in_module`]).
    in_crate: bool,
    /// A crate's tag features (see `emit::tags`), when operations have tags.
    pub tag_features: Option<super::tags::TagFeatures>,
    warnings: RefCell<Diagnostics>,
}

/// What an emitter gets: the run's shared state (through `Deref`) and the
/// part it emits, which is what `mark`, `mark_crate` and `support` record
/// as the user of what they mark.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    run: &'a Run<'a>,
    part: Part,
}

impl<'a> Deref for Ctx<'a> {
    type Target = Run<'a>;

    fn deref(&self) -> &Run<'a> {
        self.run
    }
}

/// Which operations the client and server emitters emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The API's operations: the client calls them, the server serves them.
    Operations,
    /// The API's webhooks and callbacks: the client emitter makes their
    /// sender, the server emitter their receiver.
    Webhooks,
}

impl Target {
    pub fn operations(self, api: &Api) -> &[crate::ir::Operation] {
        match self {
            Target::Operations => &api.operations,
            Target::Webhooks => &api.webhooks,
        }
    }

    /// Whether these are the webhooks.
    pub fn hooks(self) -> bool {
        self == Target::Webhooks
    }
}

/// One part of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Models,
    Client,
    Server,
    /// The mock server, built on the server (which it turns on).
    Mock,
}

/// The parts that use something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartSet {
    pub models: bool,
    pub client: bool,
    pub server: bool,
    pub mock: bool,
}

impl PartSet {
    pub fn union(&mut self, other: PartSet) {
        self.models |= other.models;
        self.client |= other.client;
        self.server |= other.server;
        self.mock |= other.mock;
    }

    /// The `cfg` predicate under which something these parts use is
    /// compiled in a crate: none for the models (always compiled), else the
    /// features of the parts (the mock's only when the server does not use
    /// it: the `mock` feature turns `server` on).
    pub fn cfg(self) -> Option<TokenStream> {
        if self.models {
            return None;
        }
        let mut features = Vec::new();
        if self.client {
            features.push("client");
        }
        if self.server {
            features.push("server");
        } else if self.mock {
            features.push("mock");
        }
        match features.as_slice() {
            [] => None,
            [one] => Some(quote!(feature = #one)),
            _ => Some(quote!(any(#(feature = #features),*))),
        }
    }

    /// Whether this set holds every part of `other`.
    pub fn covers(self, other: PartSet) -> bool {
        (self.models || !other.models)
            && (self.client || !other.client)
            && (self.server || !other.server)
            && (self.mock || !other.mock)
    }

    /// The parts in the set.
    pub fn iter(self) -> impl Iterator<Item = Part> {
        [
            (self.models, Part::Models),
            (self.client, Part::Client),
            (self.server, Part::Server),
            (self.mock, Part::Mock),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, p)| p)
    }

    pub fn insert(&mut self, part: Part) {
        match part {
            Part::Models => self.models = true,
            Part::Client => self.client = true,
            Part::Server => self.server = true,
            Part::Mock => self.mock = true,
        }
    }
}

/// An identifier from a name the naming module made (possibly `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

impl<'a> Run<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Run {
            api,
            settings,
            prelude: Prelude::for_api(api),
            serde: serde_impls(
                api,
                settings.client,
                settings.serves(),
                settings.webhooks.send(),
                settings.webhooks.receive(),
            ),
            used: RefCell::new(BTreeMap::new()),
            crates: Default::default(),
            user_crates: RefCell::new(BTreeMap::new()),
            numeric_bounds: Cell::new(false),
            in_crate: false,
            tag_features: None,
            warnings: RefCell::new(Diagnostics::default()),
        }
    }

    /// The context of an emitter of `part`.
    pub fn ctx(&'a self, part: Part) -> Ctx<'a> {
        Ctx { run: self, part }
    }

    /// Record that the server checks a number against a bound.
    pub fn mark_numeric_bound(&self) {
        self.numeric_bounds.set(true);
    }

    /// The parts naming each known crate, the user's crates, and whether
    /// the server checks numeric bounds.
    pub fn crates_used(
        &self,
    ) -> (
        Vec<(&'static str, PartSet)>,
        BTreeMap<String, PartSet>,
        bool,
    ) {
        let known = KNOWN
            .iter()
            .zip(&self.crates)
            .map(|(k, p)| (k.root, p.get()))
            .filter(|(_, p)| *p != PartSet::default())
            .collect();
        (
            known,
            self.user_crates.borrow().clone(),
            self.numeric_bounds.get(),
        )
    }

    /// Emit models into the `models` module of a crate, whose support
    /// module is a sibling: the models import it, so they (and the support
    /// macros they call, which name `self::forge_support`) read the same
    /// as at the top of a file.
    pub fn models_in_module(&mut self, tags: Option<super::tags::TagFeatures>) {
        self.in_crate = true;
        self.tag_features = tags;
    }

    /// The tokens with `#[cfg(gate)]` on each of their items; as they are
    /// without a gate.
    pub fn gated(&self, tokens: TokenStream, gate: Option<&TokenStream>) -> TokenStream {
        match gate {
            Some(gate) => super::support::gate_items(tokens, gate),
            None => tokens,
        }
    }

    /// Whether the output is a crate (see [`Run::models_in_module`]).
    pub fn in_crate(&self) -> bool {
        self.in_crate
    }

    /// `use self::forge_support::{…};` for the support types the models
    /// used by their short name (see [`Prelude`]); call after the models.
    pub fn short_support_uses(&self) -> TokenStream {
        let used = self.used.borrow();
        let import = (self.in_crate && used.values().any(|p| p.models)).then(|| {
            quote!(
                use super::forge_support;
            )
        });
        let names: Vec<Ident> = self
            .prelude
            .short_support
            .iter()
            .filter(|s| used.contains_key(s))
            .map(|s| format_ident!("{}", s.name()))
            .collect();
        if names.is_empty() {
            return quote!(#import);
        }
        quote!(#import use self::forge_support::{#(#names),*};)
    }

    pub fn used_support(&self) -> BTreeSet<Support> {
        self.used.borrow().keys().copied().collect()
    }

    /// The parts that use each support item.
    pub fn support_parts(&self) -> BTreeMap<Support, PartSet> {
        self.used.borrow().clone()
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
}

impl Ctx<'_> {
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
        let part = self.part;
        let mut used = self.used.borrow_mut();
        for need in item.with_needs() {
            used.entry(need).or_default().insert(part);
        }
    }

    /// Record that the part being emitted names crate `root` (one of
    /// `deps::KNOWN`).
    pub fn mark_crate(&self, root: &str) {
        if let Some(i) = KNOWN.iter().position(|k| k.root == root) {
            let mut parts = self.crates[i].get();
            parts.insert(self.part);
            self.crates[i].set(parts);
        }
    }

    /// Record that the part being emitted names a Rust path from a user's
    /// option (`--type-override`, `--derive`): its crate is a dependency.
    /// Only a path that goes on past its first segment (`my_types::Money`,
    /// `::foo::Bar`) names a crate: a bare name (`Hash`, `u64`) is a
    /// prelude or std name, never a dependency.
    pub fn mark_user_path(&self, path: &str) {
        let absolute = path.trim_start().starts_with("::");
        let path = path.trim().trim_start_matches("::");
        let root = path
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        let has_more = path[root.len()..].trim_start().starts_with("::");
        if root.is_empty()
            || !(absolute || has_more)
            || ["std", "core", "alloc", "crate", "self", "super"].contains(&root)
        {
            return;
        }
        if KNOWN.iter().any(|k| k.root == root) {
            return self.mark_crate(root);
        }
        let part = self.part;
        let mut user = self.user_crates.borrow_mut();
        match user.get_mut(root) {
            Some(parts) => parts.insert(part),
            None => {
                let mut parts = PartSet::default();
                parts.insert(part);
                user.insert(root.to_owned(), parts);
            }
        }
    }

    /// The Rust name of a generated type as seen from `scope`, or the
    /// user's override type.
    pub fn type_path(&self, id: TypeId, scope: Scope) -> TokenStream {
        let def = self.api.types.get(id);
        if let Some(path) = self.override_for(id) {
            // Only where the path is spelled does the part name its crate.
            if let Some((_, text)) = self.override_entry(id) {
                self.mark_user_path(text);
            }
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
        let (_, path) = self.override_entry(id)?;
        syn::parse_str::<syn::Type>(path).ok().map(|t| quote!(#t))
    }

    fn override_entry(&self, id: TypeId) -> Option<(&String, &String)> {
        type_override(self.api, self.settings, id)
    }

    /// Spell a type expression as seen from `scope` (see [`spell`]).
    pub fn ty(&self, ty: &Ty, scope: Scope) -> TokenStream {
        spell(&Tokens { ctx: self, scope }, self.api, self.settings, ty)
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

/// The user's type replacing the generated type `id` (`--type-override`,
/// matched by the schema's component name or by the generated name): the
/// key and the path text.
pub fn type_override<'s>(
    api: &Api,
    settings: &'s Settings,
    id: TypeId,
) -> Option<(&'s String, &'s String)> {
    let def = api.types.get(id);
    let component = def.origin.strip_prefix("/components/schemas/");
    settings
        .type_overrides
        .iter()
        .find(|(k, _)| Some(k.as_str()) == component || **k == def.name)
}

/// A type that is not generated, as [`spell`] decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    Bool,
    Int(IntKind),
    Float(FloatKind),
    String,
    /// `chrono::DateTime<Utc>` and `chrono::NaiveDate` (with
    /// `--date-time chrono`; otherwise both are `String`).
    DateTime,
    Date,
    Uuid,
    /// `forge_support::Base64` (a `byte` string) and `Upload` (a file).
    Base64,
    Upload,
    /// `serde_json::Value` and a JSON object's map.
    Value,
    JsonObject,
}

/// How the pieces of a spelled type are written: as tokens from a module
/// (the emitters, [`Ctx::ty`]) or as the short text `diff` reports.
pub trait Speller {
    type Out;
    /// A generated type, or (`over`) the user's path replacing it.
    fn named(&self, id: TypeId, over: Option<&str>) -> Self::Out;
    fn leaf(&self, leaf: Leaf) -> Self::Out;
    fn vec(&self, item: Self::Out) -> Self::Out;
    /// A map from string keys.
    fn map(&self, value: Self::Out) -> Self::Out;
    fn option(&self, inner: Self::Out) -> Self::Out;
}

/// How an IR type is spelled in Rust: the one decision, honouring the
/// settings (`--date-time`, `--type-override`), which the emitters and
/// `diff` both make through it.
pub fn spell<S: Speller>(s: &S, api: &Api, settings: &Settings, ty: &Ty) -> S::Out {
    let date = |leaf| match settings.date_time {
        DateTimeType::Chrono => leaf,
        DateTimeType::String => Leaf::String,
    };
    let leaf = match ty {
        Ty::Named(id) => {
            let over = type_override(api, settings, *id).map(|(_, path)| path.as_str());
            return s.named(*id, over);
        }
        Ty::Array(t) => return s.vec(spell(s, api, settings, t)),
        Ty::Map(t) => return s.map(spell(s, api, settings, t)),
        Ty::Nullable(t) => return s.option(spell(s, api, settings, t)),
        Ty::Limited(t, _) => return spell(s, api, settings, t),
        Ty::String => Leaf::String,
        Ty::Binary => Leaf::Upload,
        Ty::Bool => Leaf::Bool,
        Ty::Int(kind) => Leaf::Int(*kind),
        Ty::Float(kind) => Leaf::Float(*kind),
        Ty::DateTime => date(Leaf::DateTime),
        Ty::Date => date(Leaf::Date),
        Ty::Uuid => Leaf::Uuid,
        Ty::Bytes => Leaf::Base64,
        Ty::Any => Leaf::Value,
        Ty::AnyObject => Leaf::JsonObject,
    };
    s.leaf(leaf)
}

/// Types as tokens seen from `scope`, marking the crates and support items
/// they name.
struct Tokens<'c, 'a> {
    ctx: &'c Ctx<'a>,
    scope: Scope,
}

impl Speller for Tokens<'_, '_> {
    type Out = TokenStream;

    fn named(&self, id: TypeId, _over: Option<&str>) -> TokenStream {
        // `type_path` spells the override (when it parses as a type).
        self.ctx.type_path(id, self.scope)
    }

    fn leaf(&self, leaf: Leaf) -> TokenStream {
        let ctx = self.ctx;
        match leaf {
            Leaf::String => ctx.prelude.string.clone(),
            Leaf::Upload => ctx.support(Support::Upload, self.scope),
            Leaf::Bool => quote!(bool),
            Leaf::Int(IntKind::I32) => quote!(i32),
            Leaf::Int(IntKind::I64) => quote!(i64),
            Leaf::Int(IntKind::U32) => quote!(u32),
            Leaf::Int(IntKind::U64) => quote!(u64),
            Leaf::Float(FloatKind::F32) => quote!(f32),
            Leaf::Float(FloatKind::F64) => quote!(f64),
            Leaf::DateTime => {
                ctx.mark_crate("chrono");
                quote!(::chrono::DateTime<::chrono::Utc>)
            }
            Leaf::Date => {
                ctx.mark_crate("chrono");
                quote!(::chrono::NaiveDate)
            }
            Leaf::Uuid => {
                ctx.mark_crate("uuid");
                quote!(::uuid::Uuid)
            }
            Leaf::Base64 => ctx.support(Support::Base64, self.scope),
            Leaf::Value => {
                ctx.mark_crate("serde_json");
                quote!(::serde_json::Value)
            }
            Leaf::JsonObject => {
                ctx.mark_crate("serde_json");
                let string = &ctx.prelude.string;
                quote!(::serde_json::Map<#string, ::serde_json::Value>)
            }
        }
    }

    fn vec(&self, item: TokenStream) -> TokenStream {
        let vec = &self.ctx.prelude.vec;
        quote!(#vec<#item>)
    }

    fn map(&self, value: TokenStream) -> TokenStream {
        let string = &self.ctx.prelude.string;
        quote!(::std::collections::BTreeMap<#string, #value>)
    }

    fn option(&self, inner: TokenStream) -> TokenStream {
        let option = &self.ctx.prelude.option;
        quote!(#option<#inner>)
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
    if docs.has_no_text() && docs.example.is_none() {
        return TokenStream::new();
    }
    let mut out = doc_lines(&docs.lines());
    out.extend(example_attrs(
        docs.example.as_deref(),
        "Example",
        !docs.has_no_text(),
    ));
    out
}

/// `text` as Markdown inline code: a backtick run longer than any inside
/// it, padded when the text starts or ends with a backtick.
pub fn inline_code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// The most lines of an example shown in a doc comment (GitHub's responses
/// have examples of hundreds of lines).
const EXAMPLE_LINES: usize = 24;

/// `label: `json`` for a short example, else a `json` block (which rustdoc
/// does not compile) under `label:`, cut at [`EXAMPLE_LINES`]. The text is
/// JSON written by serde_json, so no line of it can open or close a fence
/// (each starts with a space, a bracket, a quote, a digit or a literal);
/// control and bidirectional characters are spelled out as in all spec
/// text.
pub fn example_attrs(example: Option<&str>, label: &str, after_text: bool) -> TokenStream {
    let Some(example) = example else {
        return TokenStream::new();
    };
    // Compact JSON when it is short, else pretty-printed.
    let text = if example.chars().count() <= 80 {
        example.to_owned()
    } else {
        serde_json::from_str::<serde_json::Value>(example)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| example.to_owned())
    };
    let lines: Vec<String> = text.lines().flat_map(clean_line).collect();
    let mut out: Vec<String> = Vec::new();
    if after_text {
        out.push(String::new());
    }
    match lines.as_slice() {
        [one] if one.chars().count() <= 80 => {
            // Inline code: a backtick run longer than any inside it.
            let longest = one.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let ticks = "`".repeat(longest + 1);
            let pad = if one.starts_with('`') || one.ends_with('`') {
                " "
            } else {
                ""
            };
            out.push(format!("{label}: {ticks}{pad}{one}{pad}{ticks}"));
        }
        _ => {
            out.push(format!("{label}:"));
            out.push(String::new());
            out.push("```json".to_owned());
            out.extend(lines.iter().take(EXAMPLE_LINES).cloned());
            if lines.len() > EXAMPLE_LINES {
                out.push(format!("… ({} more lines)", lines.len() - EXAMPLE_LINES));
            }
            out.push("```".to_owned());
        }
    }
    attrs(out.iter().map(|line| format!(" {}", line.trim_end())))
}

/// One `#[doc]` attribute per line (each already with its leading space).
fn attrs(lines: impl IntoIterator<Item = String>) -> TokenStream {
    let mut out = TokenStream::new();
    for line in lines {
        out.extend(quote!(#[doc = #line]));
    }
    out
}

pub fn doc_lines(lines: &[String]) -> TokenStream {
    attrs(safe_doc_text(lines))
}

/// Inner `#![doc]` attributes (a crate's own docs) for spec text, made
/// safe as [`doc_lines`] makes them.
pub fn inner_doc_lines(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for line in safe_doc_text(lines) {
        out.extend(quote!(#![doc = #line]));
    }
    out
}

/// Spec text as the lines of a doc comment, each with its leading space.
fn safe_doc_text(lines: &[String]) -> Vec<String> {
    let clean: Vec<String> = lines.iter().flat_map(|l| clean_line(l)).collect();
    let mut text = markdown_lines(&clean);
    // The safety net: what rustdoc's own parser sees must hold no block it
    // would compile. If the tidying above missed a case (Markdown has many),
    // the whole text becomes one inert text block.
    if may_hold_code(&text) && !is_inert(&text) {
        text = as_text_block(&clean);
    }
    text.into_iter()
        .map(|line| format!(" {}", line.trim_end()))
        .collect()
}

/// One line of spec text as doc-safe lines: a bare CR ends a line (rustc
/// rejects it in doc comments), tabs become spaces (rustdoc renders them
/// unpredictably), and bidirectional controls, which can make text read
/// differently from what it is (and which rustc denies), are spelled out.
fn clean_line(line: &str) -> Vec<String> {
    line.split('\r')
        .map(|part| {
            let mut out = String::with_capacity(part.len());
            for c in part.chars() {
                match c {
                    '\t' => out.push_str("    "),
                    '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                        out.push_str(&format!("[U+{:04X}]", c as u32))
                    }
                    c if c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out
        })
        .collect()
}

/// The lines with their Markdown tidied for rustdoc: no indentation that
/// would start a code block, list and quote continuations marked, and every
/// fenced block's info string made `text` (wherever the fence sits: in a
/// quote, a list item, with backticks or tildes, any length).
fn markdown_lines(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    // The open fence's character and length.
    let mut fence: Option<(char, usize)> = None;
    // Inside a list item: the width of its marker (`- `, `12. `), so the
    // item's continuation lines are indented under its text instead of
    // running on lazily (which rustdoc and clippy read as sloppy markdown).
    let mut item_indent: Option<usize> = None;
    // Inside a block quote: its lazy continuation lines get their `>`.
    let mut in_quote = false;
    for line in lines {
        let trimmed = line.trim_start();
        let (prefix_len, rest) = container_prefix(line);
        if let Some(run) = fence_run(rest) {
            let after = &rest[run.len()..];
            let closes = fence.is_some_and(|(c, n)| {
                run.starts_with(c) && run.chars().count() >= n && after.trim().is_empty()
            });
            if closes {
                fence = None;
                out.push(format!("{}{run}", &line[..prefix_len]));
                continue;
            }
            if fence.is_none() {
                item_indent = None;
                fence = Some((run.chars().next().unwrap_or('`'), run.chars().count()));
                let prefix = line[..prefix_len].trim_start();
                out.push(format!("{prefix}{run}text"));
                continue;
            }
        }
        if fence.is_some() {
            out.push(line.clone());
            continue;
        }
        let text = if trimmed.is_empty() {
            item_indent = None;
            in_quote = false;
            String::new()
        } else if trimmed.starts_with('>') {
            // Every level of the quote, then its text without indent (four
            // spaces would make a code block inside the quote).
            in_quote = true;
            let depth = trimmed
                .chars()
                .take_while(|c| *c == '>' || *c == ' ')
                .filter(|c| *c == '>')
                .count();
            let text = trimmed.trim_start_matches(['>', ' ']);
            format!("{} {text}", vec![">"; depth].join(" "))
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
        out.push(text);
    }
    if let Some((c, n)) = fence {
        out.push(c.to_string().repeat(n));
    }
    out
}

/// The length of a line's container markers (indent, `>` quote markers,
/// list markers) and the text after them.
fn container_prefix(line: &str) -> (usize, &str) {
    let mut rest = line;
    loop {
        let t = rest.trim_start();
        if let Some(q) = t.strip_prefix('>') {
            rest = q;
        } else if let Some(w) = list_marker_width(t) {
            rest = &t[w..];
        } else {
            return (line.len() - t.len(), t);
        }
    }
}

/// The fence a line opens or closes with (three or more backticks or
/// tildes), if it is one.
fn fence_run(text: &str) -> Option<&str> {
    let c = text.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = text.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| &text[..n])
}

/// Markdown has code blocks only when fenced or indented four spaces: doc
/// text with neither (most of it) needs no parse.
fn may_hold_code(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| l.contains("```") || l.contains("~~~") || l.starts_with("    "))
}

/// Whether rustdoc would find nothing to compile in these doc lines: every
/// code block is fenced with the `text` info string (indented blocks and
/// any other info string may be Rust to rustdoc).
fn is_inert(lines: &[String]) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let text = lines.join("\n");
    Parser::new(&text).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            info.split([',', ' ']).next() == Some("text")
        }
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        _ => true,
    })
}

/// The lines as one fenced text block, fenced with more backticks than any
/// run in the text so nothing inside can close it.
fn as_text_block(lines: &[String]) -> Vec<String> {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`').map(str::len))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = vec![format!("{fence}text")];
    out.extend(lines.iter().cloned());
    out.push(fence);
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

    fn example(json: &str) -> Vec<String> {
        let tokens = example_attrs(Some(json), "Example", false).to_string();
        tokens
            .split("# [doc = \"")
            .skip(1)
            .map(|l| l.trim_end().trim_end_matches("\"]").to_owned())
            .collect()
    }

    #[test]
    fn examples_are_inline_when_short_and_cut_when_long() {
        assert_eq!(example("2"), [" Example: `2`"]);
        assert_eq!(example(r#"["a","b"]"#), [r#" Example: `[\"a\",\"b\"]`"#]);
        // A backtick run inside needs a longer one around it.
        assert_eq!(example(r#""a``b""#), [r#" Example: ```\"a``b\"```"#]);
        let long = format!(
            "[{}]",
            (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
        );
        let lines = example(&long);
        assert_eq!(lines[..3], [" Example:", " ", " ```json"]);
        assert_eq!(lines.len(), 3 + EXAMPLE_LINES + 2, "{lines:?}");
        assert_eq!(lines[lines.len() - 2], " … (18 more lines)");
        assert_eq!(lines[lines.len() - 1], " ```");
    }

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

    /// Code blocks in spec text, however Markdown wraps them, reach rustdoc
    /// fenced as `text`: nothing from a spec is ever compiled or run as a
    /// doctest (`tests/specs/hostile_text.yaml` proves it end to end).
    #[test]
    fn spec_code_blocks_are_inert_whatever_wraps_them() {
        let payloads: [&[&str]; 9] = [
            &["> ```", "> boom();", "> ```"],
            &["- ```rust", "  boom();", "  ```"],
            &["1. ```", "   boom();", "   ```"],
            &["~~~", "boom();", "~~~"],
            &["````rust", "boom();", "````"],
            &["```should_panic", "boom();", "```"],
            &["```no_run,edition2021", "boom();", "```"],
            &["> > quoted", ">", "> >     boom();"],
            &["- item", "", "          boom();"],
        ];
        for payload in payloads {
            let lines: Vec<String> = payload.iter().map(|l| (*l).to_owned()).collect();
            let out = markdown_lines(&lines);
            assert!(is_inert(&out), "{payload:?} became {out:?}");
            let shown = rendered(payload);
            assert!(shown.iter().any(|l| l.contains("boom();")), "{shown:?}");
        }
        // An unclosed fence is closed, so it cannot swallow later docs.
        assert_eq!(rendered(&["```", "x"]), [" ```text", " x", " ```"]);
    }

    #[test]
    fn the_safety_net_recognises_runnable_blocks() {
        let lines = |l: &[&str]| l.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!(!is_inert(&lines(&["text", "", "    indented();"])));
        assert!(!is_inert(&lines(&["```", "fenced();", "```"])));
        assert!(!is_inert(&lines(&["```rust,ignore", "x", "```"])));
        assert!(is_inert(&lines(&["```text", "x", "```"])));
        // The fallback fences with more backticks than the text holds.
        let block = as_text_block(&lines(&["a ```` b", "```"]));
        assert_eq!(block.first().map(String::as_str), Some("`````text"));
        assert!(is_inert(&block));
    }

    #[test]
    fn carriage_returns_and_bidi_controls_never_reach_rustc() {
        assert_eq!(
            rendered(&["a\rb", "\u{202e}x\u{2069}", "tab\there", "nul\u{0}"]),
            [" a", " b", " [U+202E]x[U+2069]", " tab    here", " nul"]
        );
    }
}
