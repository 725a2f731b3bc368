//! Model types: one Rust item per entry of the type table.

use super::context::{doc_attrs, ident};
use super::defaults::{default_expr, Fit};
use super::derives;
use super::support::Support;
use super::{Ctx, Scope};
use crate::ir::{
    Field, IntEnum, IntKind, Presence, SerdeImpls, StringEnum, Struct, Ty, TypeDef, TypeId,
    TypeKind, Union,
};
use crate::settings::EnumStyle;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

pub fn emit(ctx: &Ctx) -> TokenStream {
    let mut out = TokenStream::new();
    for (id, def) in ctx.api.types.iter() {
        if ctx.override_for(id).is_some() {
            continue;
        }
        let gate = ctx.tag_features.as_ref().and_then(|t| t.type_gate(id));
        out.extend(ctx.gated(emit_type(ctx, id, def), gate));
    }
    out
}

fn emit_type(ctx: &Ctx, id: TypeId, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let deprecated = def.deprecated.then(|| deprecation_note(&def.docs));
    let dirs = ctx.serde_impls(id);
    let body = match &def.kind {
        TypeKind::Struct(s) => emit_struct(ctx, &name, s, dirs, def),
        TypeKind::Enum(e) => emit_string_enum(ctx, &name, e, def),
        TypeKind::IntEnum(e) => emit_int_enum(ctx, &name, e, def),
        TypeKind::Union(u) => emit_union(ctx, &name, u, dirs, def),
        TypeKind::Alias(ty) => {
            let ty = ctx.ty(ty, Scope::Root);
            quote!(pub type #name = #ty;)
        }
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

/// Deprecated schemas and properties are marked in their docs, not with
/// `#[deprecated]`: the attribute would warn inside the generated serde code
/// (and at every use in other generated types) in every build of the user's
/// crate. Deprecated operations do get `#[deprecated]` on their client
/// method, where only the user's own calls see it.
fn deprecation_note(docs: &crate::ir::Docs) -> TokenStream {
    let gap = (!docs.lines().is_empty()).then(|| quote!(#[doc = ""]));
    quote! {
        #gap
        #[doc = " **Deprecated** in the API description."]
    }
}

fn emit_struct(
    ctx: &Ctx,
    name: &Ident,
    s: &Struct,
    dirs: SerdeImpls,
    def: &TypeDef,
) -> TokenStream {
    let origin = def.origin.as_str();
    // Each field's spec default as a Rust value, where one applies.
    let defaults: Vec<Option<TokenStream>> = s
        .fields
        .iter()
        .map(|f| default_value(ctx, f, origin))
        .collect();
    // A struct's `Serialize` is written (see `emit_serialize`) unless the
    // derive is needed: for the unlisted properties' `#[serde(flatten)]`,
    // or because the user's extra derives may read `#[serde]` attributes
    // (a JSON Schema derive reads renames and skips).
    let derive_ser = dirs.ser && (s.additional.is_some() || derives::any_reads_serde(ctx.settings));
    // `#[serde]` attributes serve the derived `Serialize` only: structs
    // get a written `Deserialize` impl (see `emit_deserialize`).
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| emit_field(ctx, f, derive_ser))
        .collect();
    let additional = s.additional.as_ref().map(|ty| {
        let ty = ctx.ty(ty, Scope::Root);
        let name = ident(&s.additional_name);
        let string = &ctx.prelude.string;
        let flatten = dirs.ser.then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties not listed in the schema.
            #flatten
            pub #name: ::std::collections::BTreeMap<#string, #ty>,
        }
    });
    let all_eq = s.fields.iter().all(|f| ctx.is_eq(&f.ty))
        && s.additional.as_ref().is_none_or(|a| ctx.is_eq(a));
    let eq = all_eq.then(|| quote!(Eq,));
    let all_optional = s.fields.iter().all(|f| f.presence() != Presence::Required);
    // `Default` fills in the spec's defaults when there are any.
    let spec_defaults = defaults.iter().any(Option::is_some);
    let default = (all_optional && !spec_defaults).then(|| quote!(Default,));
    let default_impl = (all_optional && spec_defaults).then(|| {
        let names = s.fields.iter().map(|f| ident(&f.name));
        let values = defaults.iter().map(|d| match d {
            Some(value) => quote!(::std::option::Option::Some(#value)),
            None => quote!(::std::default::Default::default()),
        });
        let extra = s.additional.as_ref().map(|_| {
            let field = ident(&s.additional_name);
            quote!(#field: ::std::default::Default::default(),)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name { #(#names: #values,)* #extra }
                }
            }
        }
    });
    let serde = derive_ser.then(|| {
        ctx.mark_crate("serde");
        quote!(::serde::Serialize,)
    });
    let mut written = vec!["Debug", "Clone", "PartialEq"];
    written.extend(all_eq.then_some("Eq"));
    // A derived or a written `Default`: the user's would be a second one.
    written.extend(all_optional.then_some("Default"));
    let extra = derives::user_derives(ctx, def, &written);
    let serialize = (dirs.ser && !derive_ser).then(|| emit_serialize(ctx, name, s));
    let deserialize = dirs.de.then(|| emit_deserialize(ctx, name, s, &defaults));
    let wide = s.fields.len() > WIDE_STRUCT;
    let partial_eq = (!wide).then(|| quote!(PartialEq,));
    let partial_eq_impl = wide.then(|| emit_partial_eq(name, s));
    quote! {
        #[derive(Debug, Clone, #partial_eq #eq #default #serde #(#extra,)*)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #partial_eq_impl
        #default_impl
        #serialize
        #deserialize
    }
}

/// Fields above which a struct's `PartialEq` is written rather than
/// derived: the derive is one `&&` chain over every field, and rustc
/// recurses once per link, overflowing its stack at some thousands.
const WIDE_STRUCT: usize = 256;

/// `PartialEq` for a wide struct: one early return per field, a flat
/// sequence rustc checks without recursion; same result as the derive.
fn emit_partial_eq(name: &Ident, s: &Struct) -> TokenStream {
    let fields = s
        .fields
        .iter()
        .map(|f| ident(&f.name))
        .chain(s.additional.as_ref().map(|_| ident(&s.additional_name)));
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #(if self.#fields != other.#fields { return false; })*
                true
            }
        }
    }
}

/// A struct's `Serialize` impl: one `serialize_struct!` line per struct, a
/// line per property with its JSON name and when it is left out. It writes
/// exactly what `#[derive(Serialize)]` with `rename` and
/// `skip_serializing_if` would, with a fraction of the branches (the
/// borrow checker's memory on large specs grew with them).
fn emit_serialize(ctx: &Ctx, name: &Ident, s: &Struct) -> TokenStream {
    let serialize_struct = ctx.support(Support::SerStruct, Scope::Root);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let json = &f.json_name;
        // Absent optional properties are left out of the JSON written; a
        // required nullable one is always written (`null` when `None`).
        let skip = match f.presence() {
            Presence::Optional => Some(quote!(if none)),
            Presence::OptionalNullable => Some(quote!(if absent)),
            Presence::Required | Presence::RequiredNullable => None,
        };
        quote!(#field: #json #skip,)
    });
    quote! {
        #serialize_struct!(#name { #(#fields)* });
    }
}

/// The Rust value of an optional property's spec `default`, when the
/// property is optional and not nullable (a nullable one keeps its three
/// states: absent stays absent); see [`default_expr`] for which defaults
/// apply. One that does not fit (its type or its limits) is a warning.
fn default_value(ctx: &Ctx, f: &Field, origin: &str) -> Option<TokenStream> {
    let text = f.default.as_deref()?;
    if f.presence() != Presence::Optional {
        return None;
    }
    match default_expr(ctx, &f.ty, text, Scope::Root) {
        Fit::Applied(default) => Some(default.value),
        Fit::Documented => None,
        Fit::Refused(why) => {
            let pointer = format!(
                "{origin}/properties/{}",
                f.json_name.replace('~', "~0").replace('/', "~1")
            );
            ctx.warn(
                &pointer,
                format!("the default {text} {why}; it is documented, not applied"),
            );
            None
        }
    }
}

/// A struct's `Deserialize` impl: one `deserialize_struct!` line per
/// struct, a line per property saying how its presence is read. It reads
/// exactly what `#[derive(Deserialize)]` with the field attributes would
/// (and fails the same way), in a fraction of the code the derive expands
/// to: on large specs most of the compile time went there.
fn emit_deserialize(
    ctx: &Ctx,
    name: &Ident,
    s: &Struct,
    defaults: &[Option<TokenStream>],
) -> TokenStream {
    let deserialize_struct = ctx.support(Support::DeStruct, Scope::Root);
    let fields = s.fields.iter().zip(defaults).map(|(f, default)| {
        let field = ident(&f.name);
        let json = &f.json_name;
        if let Some(value) = default {
            return quote!(#field: defaulted #json = #value,);
        }
        let presence = quote::format_ident!(
            "{}",
            match f.presence() {
                Presence::Required => "required",
                Presence::RequiredNullable => "present",
                Presence::Optional => "optional",
                Presence::OptionalNullable => "default",
            }
        );
        quote!(#field: #presence #json,)
    });
    let extra = s.additional.as_ref().map(|_| {
        let field = ident(&s.additional_name);
        quote!(..#field)
    });
    quote! {
        #deserialize_struct!(#name { #(#fields)* #extra });
    }
}

fn emit_field(ctx: &Ctx, f: &Field, serialize: bool) -> TokenStream {
    let name = ident(&f.name);
    let mut docs = doc_attrs(&f.docs);
    let has_docs = !f.docs.has_no_text() || f.docs.example.is_some();
    docs.extend(super::context::example_attrs(
        f.default.as_deref(),
        "Default",
        has_docs,
    ));
    let mut inner = ctx.ty(&f.ty, Scope::Root);
    if f.boxed {
        let boxed = &ctx.prelude.boxed;
        inner = quote!(#boxed<#inner>);
    }
    let rename = (serialize && f.name.trim_start_matches("r#") != f.json_name).then(|| {
        let json = &f.json_name;
        quote!(#[serde(rename = #json)])
    });
    let deprecated = f.deprecated.then(|| deprecation_note(&f.docs));
    let option = &ctx.prelude.option;
    let is_none = format!("{}::is_none", ctx.prelude.option_text);
    // Absent optional properties are left out of the JSON written; a
    // required nullable one is always written (`null` when `None`).
    let (ty, attrs) = match f.presence() {
        Presence::Required => (inner, TokenStream::new()),
        Presence::Optional => (
            quote!(#option<#inner>),
            quote!(#[serde(skip_serializing_if = #is_none)]),
        ),
        Presence::RequiredNullable => (quote!(#option<#inner>), TokenStream::new()),
        Presence::OptionalNullable => {
            let nullable = ctx.support(Support::Nullable, Scope::Root);
            let skip = format!("{}::is_absent", nullable.to_string().replace(' ', ""));
            (
                quote!(#nullable<#inner>),
                quote!(#[serde(skip_serializing_if = #skip)]),
            )
        }
    };
    let attrs = if serialize { attrs } else { TokenStream::new() };
    quote! {
        #docs
        #deprecated
        #rename
        #attrs
        pub #name: #ty,
    }
}

fn emit_string_enum(ctx: &Ctx, name: &Ident, e: &StringEnum, def: &TypeDef) -> TokenStream {
    let open = ctx.settings.enum_style == EnumStyle::Open;
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let docs: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            // Name the JSON value only where the variant name does not
            // already say it.
            let mut lines = Vec::new();
            if crate::ir::naming::upper_camel(&v.value, "Value") != v.name {
                lines.push(format!("`{}`", v.value.replace('`', "'")));
            }
            lines.extend(v.docs.lines());
            super::context::doc_lines(&lines)
        })
        .collect();
    let string = &ctx.prelude.string;
    let unknown_variant = open.then(|| {
        quote! {
            /// A value this version of the API description does not list.
            Unknown(#string),
        }
    });
    // The impls (as_str, VALUES, Display, FromStr, serde) come from one
    // support macro; see templates/enum_impls.rs.
    let impls = if open {
        ctx.support(Support::OpenEnumImpls, Scope::Root)
    } else {
        ctx.support(Support::ClosedEnumImpls, Scope::Root)
    };
    let extra = derives::user_derives(ctx, def, &ENUM_DERIVES);
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #(#extra,)*)]
        pub enum #name {
            #(#docs #variants,)*
            #unknown_variant
        }
        #impls!(#name { #(#variants = #values),* });
    }
}

/// What every enum derives (an integer enum `Copy` too).
const ENUM_DERIVES: [&str; 7] = [
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
];

fn emit_int_enum(ctx: &Ctx, name: &Ident, e: &IntEnum, def: &TypeDef) -> TokenStream {
    let repr = match e.repr {
        IntKind::I32 => quote!(i32),
        IntKind::I64 => quote!(i64),
        IntKind::U32 => quote!(u32),
        IntKind::U64 => quote!(u64),
    };
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| int_literal(e.repr, v.value))
        .collect();
    let texts: Vec<String> = e.variants.iter().map(|v| v.value.to_string()).collect();
    let docs: Vec<TokenStream> = e.variants.iter().map(|v| doc_attrs(&v.docs)).collect();
    let expected = format!("one of {}", texts.join(", "));
    let impls = ctx.support(Support::IntEnumImpls, Scope::Root);
    let extra = derives::user_derives(ctx, def, &[&ENUM_DERIVES[..], &["Copy"]].concat());
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #(#extra,)*)]
        pub enum #name {
            #(#docs #variants,)*
        }
        #impls!(#name: #repr, #expected { #(#variants = #values as #texts),* });
    }
}

fn int_literal(repr: IntKind, value: i64) -> Literal {
    match repr {
        IntKind::I32 => Literal::i32_unsuffixed(value as i32),
        IntKind::U32 => Literal::u32_unsuffixed(value as u32),
        IntKind::U64 => Literal::u64_unsuffixed(value as u64),
        IntKind::I64 => Literal::i64_unsuffixed(value),
    }
}

fn emit_union(ctx: &Ctx, name: &Ident, u: &Union, dirs: SerdeImpls, def: &TypeDef) -> TokenStream {
    let variants: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let t = ctx.ty(&v.ty, Scope::Root);
            if v.boxed {
                let boxed = &ctx.prelude.boxed;
                quote!(#boxed<#t>)
            } else {
                t
            }
        })
        .collect();
    let type_name = name.to_string();
    let eq = u
        .variants
        .iter()
        .all(|v| ctx.is_eq(&v.ty))
        .then(|| quote!(Eq,));
    let (ser, de) = match &u.tag {
        Some(tag) => tagged_impls(ctx, name, u, tag, &variants, &types),
        None => untagged_impls(ctx, name, &type_name, u, &variants, &types),
    };
    let ser = dirs.ser.then_some(ser);
    let de = dirs.de.then_some(de);
    let mut written = vec!["Debug", "Clone", "PartialEq"];
    written.extend(eq.is_some().then_some("Eq"));
    let extra = derives::user_derives(ctx, def, &written);
    // Variants hold the spec's shapes as they are; boxing the large ones
    // would change the types users write.
    let holds_struct = u
        .variants
        .iter()
        .any(|v| !v.boxed && is_composite(ctx, &v.ty));
    let allow = holds_struct.then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #[derive(Debug, Clone, PartialEq, #eq #(#extra,)*)]
        #allow
        pub enum #name {
            #(#variants(#types),)*
        }
        #ser
        #de
    }
}

fn untagged_impls(
    ctx: &Ctx,
    name: &Ident,
    type_name: &str,
    u: &Union,
    variants: &[Ident],
    types: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let labels: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    let no_match = ctx.support(Support::NoVariantMatched, Scope::Root);
    let ser = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
    };
    // Try each variant in spec order; if none fits, say why each did not.
    let de = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: ::serde_json::Value = ::serde::Deserialize::deserialize(deserializer)?;
                let mut failures = ::std::vec::Vec::new();
                #(
                    match <#types as ::serde::Deserialize>::deserialize(&value) {
                        ::std::result::Result::Ok(v) => return ::std::result::Result::Ok(Self::#variants(v)),
                        ::std::result::Result::Err(e) => failures.push((#labels, e.to_string())),
                    }
                )*
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#no_match(#type_name, &failures)))
            }
        }
    };
    (ser, de)
}

fn tagged_impls(
    ctx: &Ctx,
    name: &Ident,
    u: &Union,
    tag: &str,
    variants: &[Ident],
    types: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let serialize_tagged = ctx.support(Support::SerializeTagged, Scope::Root);
    let first_values: Vec<&str> = u
        .variants
        .iter()
        .map(|v| v.tag_values.first().map_or("", String::as_str))
        .collect();
    let ser = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => #serialize_tagged(value, #tag, #first_values, serializer),)*
                }
            }
        }
    };
    let arms = u.variants.iter().zip(variants).zip(types).map(|((v, variant), ty)| {
        let values = &v.tag_values;
        let label = format!("{} ({tag} = {:?})", v.name, values.first().map_or("", String::as_str));
        quote! {
            #(#values)|* => <#ty as ::serde::Deserialize>::deserialize(&value)
                .map(Self::#variant)
                .map_err(|e| <D::Error as ::serde::de::Error>::custom(::std::format!("as {}: {}", #label, e))),
        }
    });
    let expected: Vec<&str> = u
        .variants
        .iter()
        .flat_map(|v| v.tag_values.iter().map(String::as_str))
        .collect();
    let de = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: ::serde_json::Value = ::serde::Deserialize::deserialize(deserializer)?;
                let tag = match value.get(#tag) {
                    ::std::option::Option::Some(::serde_json::Value::String(tag)) => tag.clone(),
                    _ => return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::missing_field(#tag)),
                };
                match tag.as_str() {
                    #(#arms)*
                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::unknown_variant(other, &[#(#expected),*])),
                }
            }
        }
    };
    (ser, de)
}

/// A struct or union (through aliases): a value that may be large.
fn is_composite(ctx: &Ctx, ty: &Ty) -> bool {
    match ty.unlimited() {
        Ty::Named(id) => match &ctx.api.types.get(*id).kind {
            TypeKind::Struct(_) | TypeKind::Union(_) => true,
            TypeKind::Alias(t) => is_composite(ctx, t),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => false,
        },
        _ => false,
    }
}
