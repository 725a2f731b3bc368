//! The generated validation walk: one function per named request type that
//! checks a `serde_json::Value` against the schema before it is converted,
//! so a refusal names the offending field (`custom_attributes[0].value`)
//! and open enums still reject values the spec does not list.

use super::super::context::ident;
use super::Ctx;
use crate::ir::{FloatKind, IntKind, Ty, TypeId, TypeKind};
use crate::settings::DateTimeType;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// The named types whose validators are needed.
#[derive(Default)]
pub struct Checks {
    needed: BTreeSet<TypeId>,
}

impl Checks {
    /// An expression of type `runtime::Checked` that checks the value `v`
    /// against `ty`; `inner` when written inside the `validate` module.
    pub fn check(&mut self, ctx: &Ctx, ty: &Ty, inner: bool) -> TokenStream {
        let rt = if inner {
            quote!(super::runtime)
        } else {
            quote!(self::runtime)
        };
        let ok = quote!(::std::result::Result::Ok(()));
        match ty {
            Ty::Named(id) => {
                if ctx.override_for(*id).is_some() {
                    return ok;
                }
                self.needed.insert(*id);
                let f = ident(&ctx.api.types.get(*id).name);
                if inner {
                    quote!(#f(v))
                } else {
                    quote!(self::validate::#f(v))
                }
            }
            Ty::String | Ty::Binary | Ty::Bytes => quote!(#rt::expect_string(v)),
            Ty::Bool => quote!(#rt::expect_bool(v)),
            Ty::Int(k) => {
                let t = match k {
                    IntKind::I32 => quote!(i32),
                    IntKind::I64 => quote!(i64),
                    IntKind::U32 => quote!(u32),
                    IntKind::U64 => quote!(u64),
                };
                quote!(#rt::expect_type::<#t>(v))
            }
            Ty::Float(k) => {
                let t = match k {
                    FloatKind::F32 => quote!(f32),
                    FloatKind::F64 => quote!(f64),
                };
                quote!(#rt::expect_type::<#t>(v))
            }
            Ty::DateTime | Ty::Date | Ty::Uuid => {
                if matches!(ty, Ty::DateTime | Ty::Date)
                    && ctx.settings.date_time == DateTimeType::String
                {
                    return quote!(#rt::expect_string(v));
                }
                // Fully qualified std/external types: the same from any module.
                let t = ctx.ty(ty, super::Scope::Child);
                quote!(#rt::expect_type::<#t>(v))
            }
            Ty::Any => ok,
            Ty::AnyObject => quote!(#rt::expect_any_object(v)),
            Ty::Array(t) => {
                let item = self.check(ctx, t, inner);
                quote!(#rt::expect_array(v, |v: &::serde_json::Value| #item))
            }
            Ty::Map(t) => {
                let item = self.check(ctx, t, inner);
                quote!(#rt::expect_map(v, |v: &::serde_json::Value| #item))
            }
            Ty::Nullable(t) => {
                let item = self.check(ctx, t, inner);
                quote!(if v.is_null() { #ok } else { #item })
            }
        }
    }

    /// The `validate` module with every needed validator (and those they
    /// call), in type-table order.
    pub fn emit(mut self, ctx: &Ctx) -> TokenStream {
        let mut done = BTreeSet::new();
        let mut items = Vec::new();
        while let Some(id) = self.needed.iter().find(|id| !done.contains(*id)).copied() {
            done.insert(id);
            items.push((id, self.validator(ctx, id)));
        }
        if items.is_empty() {
            return TokenStream::new();
        }
        items.sort_by_key(|(id, _)| id.index());
        let items = items.into_iter().map(|(_, t)| t);
        quote! {
            /// Checks request values against the spec's schemas, naming the
            /// first offending field.
            #[allow(non_snake_case)]
            pub mod validate {
                #(#items)*
            }
        }
    }

    fn validator(&mut self, ctx: &Ctx, id: TypeId) -> TokenStream {
        let def = ctx.api.types.get(id);
        let name = ident(&def.name);
        let type_name = def.name.trim_start_matches("r#");
        let rt = quote!(super::runtime);
        let ok = quote!(::std::result::Result::Ok(()));
        let body = match &def.kind {
            TypeKind::Struct(s) => {
                let mut stmts = Vec::new();
                for f in &s.fields {
                    let json = &f.json_name;
                    let mut check = self.check(ctx, &f.ty, true);
                    if f.nullable {
                        check = quote!(if v.is_null() { #ok } else { #check });
                    }
                    let missing = if f.required && !f.read_only {
                        quote! {
                            return ::std::result::Result::Err(#rt::Violation::new("missing required property").in_field(#json));
                        }
                    } else {
                        TokenStream::new()
                    };
                    let otherwise = (!missing.is_empty()).then(|| quote!(else { #missing }));
                    stmts.push(quote! {
                        if let ::std::option::Option::Some(v) = object.get(#json) {
                            let checked: #rt::Checked = #check;
                            checked.map_err(|e| e.in_field(#json))?;
                        } #otherwise
                    });
                }
                if let Some(extra) = &s.additional {
                    let jsons: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
                    let check = self.check(ctx, extra, true);
                    stmts.push(quote! {
                        for (key, v) in object {
                            if ![#(#jsons),*].contains(&key.as_str()) {
                                let checked: #rt::Checked = #check;
                                checked.map_err(|e| e.in_field(key))?;
                            }
                        }
                    });
                }
                if stmts.is_empty() {
                    quote! {
                        #rt::expect_object(v)?;
                        #ok
                    }
                } else {
                    quote! {
                        let object = #rt::expect_object(v)?;
                        #(#stmts)*
                        #ok
                    }
                }
            }
            TypeKind::Enum(e) => {
                let values = e.variants.iter().map(|v| v.value.as_str());
                quote!(#rt::expect_string_enum(v, &[#(#values),*]))
            }
            TypeKind::IntEnum(e) => {
                let values = e.variants.iter().map(|v| Literal::i64_unsuffixed(v.value));
                quote!(#rt::expect_int_enum(v, &[#(#values),*]))
            }
            TypeKind::Union(u) => {
                let mut reasons = Vec::new();
                let mut stmts = Vec::new();
                for (i, variant) in u.variants.iter().enumerate() {
                    let r = quote::format_ident!("reason_{}", i);
                    let check = self.check(ctx, &variant.ty, true);
                    let label = &variant.name;
                    stmts.push(quote! {
                        let checked: #rt::Checked = #check;
                        let #r = match checked {
                            ::std::result::Result::Ok(()) => return #ok,
                            ::std::result::Result::Err(e) => e,
                        };
                    });
                    reasons.push(quote!((#label, #r)));
                }
                quote! {
                    #(#stmts)*
                    ::std::result::Result::Err(#rt::no_variant(#type_name, &[#(#reasons),*]))
                }
            }
            TypeKind::Alias(t) => self.check(ctx, t, true),
        };
        quote! {
            pub fn #name(v: &::serde_json::Value) -> #rt::Checked {
                #body
            }
        }
    }
}
