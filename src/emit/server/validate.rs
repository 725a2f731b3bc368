//! The generated validation walk: one function per named request type that
//! checks a `serde_json::Value` against the schema before it is converted,
//! so a refusal names the offending field (`custom_attributes[0].value`)
//! and open enums still reject values the spec does not list.

use super::super::context::ident;
use super::super::support::Support;
use super::Ctx;
use crate::ir::{Bound, FloatKind, IntKind, Keywords, Limits, Ty, TypeId, TypeKind, Union};
use crate::settings::DateTimeType;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The named types whose validators are needed, and which runtime parts.
#[derive(Default)]
pub struct Checks {
    needed: BTreeSet<TypeId>,
    /// Some check uses the schema interpreter (and `KEYWORD_SCHEMAS`).
    uses_keywords: bool,
}

impl Checks {
    /// An expression for a check of `ty`: a function (or closure) taking
    /// `&serde_json::Value` and returning `runtime::Checked`. `inner` when
    /// written inside the `validate` module.
    pub fn check(&mut self, ctx: &Ctx, ty: &Ty, inner: bool) -> TokenStream {
        let rt = quote!(rt);
        match ty {
            Ty::Named(id) => {
                if ctx.override_for(*id).is_some() {
                    return quote!(#rt::accept_any);
                }
                self.needed.insert(*id);
                let f = ident(&ctx.api.types.get(*id).name);
                if inner {
                    quote!(#f)
                } else {
                    quote!(validate::#f)
                }
            }
            Ty::String | Ty::Binary | Ty::Bytes => quote!(#rt::expect_string),
            Ty::Bool => quote!(#rt::expect_bool),
            Ty::Int(k) => {
                let t = match k {
                    IntKind::I32 => quote!(i32),
                    IntKind::I64 => quote!(i64),
                    IntKind::U32 => quote!(u32),
                    IntKind::U64 => quote!(u64),
                };
                quote!(#rt::expect_type::<#t>)
            }
            Ty::Float(k) => {
                let t = match k {
                    FloatKind::F32 => quote!(f32),
                    FloatKind::F64 => quote!(f64),
                };
                quote!(#rt::expect_type::<#t>)
            }
            Ty::DateTime | Ty::Date | Ty::Uuid => {
                if matches!(ty, Ty::DateTime | Ty::Date)
                    && ctx.settings.date_time == DateTimeType::String
                {
                    // Kept as text, checked as the format says.
                    ctx.mark(Support::ServerFormats);
                    let format = if *ty == Ty::Date { "date" } else { "date-time" };
                    return quote!(#rt::format(#rt::expect_string, #format));
                }
                // Fully qualified std/external types: the same from any module.
                let t = ctx.ty(ty, super::Scope::Child);
                quote!(#rt::expect_type::<#t>)
            }
            Ty::Any => quote!(#rt::accept_any),
            Ty::AnyObject => quote!(#rt::expect_any_object),
            Ty::Array(t) => {
                let item = self.check(ctx, t, inner);
                quote!(#rt::array(#item))
            }
            Ty::Map(t) => {
                let item = self.check(ctx, t, inner);
                quote!(#rt::map(#item))
            }
            Ty::Nullable(t) => {
                let item = self.check(ctx, t, inner);
                quote!(#rt::nullable(#item))
            }
            Ty::Limited(t, limits) => {
                let mut item = self.check(ctx, t, inner);
                if let Some(pattern) = &limits.pattern {
                    ctx.mark(Support::ServerPatterns);
                    item = quote!(#rt::pattern(#item, #pattern));
                }
                if let Some(format) = &limits.format {
                    ctx.mark(Support::ServerFormats);
                    item = quote!(#rt::format(#item, #format));
                }
                let rest = Limits {
                    pattern: None,
                    format: None,
                    keywords: None,
                    ..(**limits).clone()
                };
                if !rest.is_empty() {
                    ctx.mark(Support::ServerLimits);
                    if rest.minimum.is_some()
                        || rest.maximum.is_some()
                        || rest.multiple_of.is_some()
                    {
                        ctx.mark_numeric_bound();
                    }
                    let literal = limits_literal(&rest);
                    item = quote!(#rt::limited(#item, #literal));
                }
                if let Some(keywords) = &limits.keywords {
                    item = self.keywords(ctx, item, keywords, inner);
                }
                item
            }
        }
    }

    /// `rt::schema(item, "<schema JSON>", KEYWORD_SCHEMAS)`: `item`, then
    /// the schema interpreter.
    fn keywords(
        &mut self,
        ctx: &Ctx,
        item: TokenStream,
        keywords: &Keywords,
        inner: bool,
    ) -> TokenStream {
        ctx.mark(Support::ServerSchema);
        self.uses_keywords = true;
        let schema = &keywords.schema;
        let document = if inner {
            quote!(KEYWORD_SCHEMAS)
        } else {
            quote!(validate::KEYWORD_SCHEMAS)
        };
        quote!(rt::schema(#item, #schema, #document))
    }

    /// The `validate` module with every needed validator (and those they
    /// call), in type-table order.
    pub fn emit(&mut self, ctx: &Ctx) -> TokenStream {
        let mut done = BTreeSet::new();
        let mut items = Vec::new();
        while let Some(id) = self.needed.iter().find(|id| !done.contains(*id)).copied() {
            done.insert(id);
            items.push((id, self.validator(ctx, id)));
        }
        if items.is_empty() && !self.uses_keywords {
            return TokenStream::new();
        }
        items.sort_by_key(|(id, _)| id.index());
        // Keyword checks of parameters alone leave the module with just
        // `KEYWORD_SCHEMAS`: no validator, so no use of the runtime.
        let import = (!items.is_empty()).then(|| {
            quote!(
                use super::runtime as rt;
            )
        });
        let items = items.into_iter().map(|(_, t)| t);
        let schemas = self.uses_keywords.then(|| {
            let text = &ctx.api.keyword_schemas;
            quote! {
                /// The schemas the keyword checks' `$ref`s reach, each at
                /// its pointer in the spec.
                pub const KEYWORD_SCHEMAS: &str = #text;
            }
        });
        quote! {
            /// Checks request values against the spec's schemas, naming the
            /// first offending field.
            // One function per model, named as the model is (`ContactUpdate`),
            // so a handler's check reads like the type it checks.
            #[allow(non_snake_case)]
            pub mod validate {
                #import

                #schemas
                #(#items)*
            }
        }
    }

    fn validator(&mut self, ctx: &Ctx, id: TypeId) -> TokenStream {
        let def = ctx.api.types.get(id);
        let name = ident(&def.name);
        let type_name = def.name.trim_start_matches("r#");
        let body = match &def.kind {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter().map(|f| {
                    let json = &f.json_name;
                    let mut check = self.check(ctx, &f.ty, true);
                    if f.nullable {
                        check = quote!(rt::nullable(#check));
                    }
                    let required = f.required && !f.read_only;
                    quote!((#json, #required, &#check))
                });
                let mut fields: Vec<TokenStream> = fields.collect();
                fields.extend(read_only_entries(ctx, s));
                match &s.additional {
                    Some(extra) => {
                        let check = self.check(ctx, extra, true);
                        quote!(rt::object_with(v, &[#(#fields),*], &#check))
                    }
                    None if s.closed => {
                        ctx.mark(Support::ServerLimits);
                        quote!(rt::object_with(v, &[#(#fields),*], &rt::no_other_properties))
                    }
                    None => quote!(rt::object(v, &[#(#fields),*])),
                }
            }
            TypeKind::Enum(e) => {
                let values = e.variants.iter().map(|v| v.value.as_str());
                quote!(rt::expect_string_enum(v, &[#(#values),*]))
            }
            TypeKind::IntEnum(e) => {
                let values = e.variants.iter().map(|v| Literal::i64_unsuffixed(v.value));
                quote!(rt::expect_int_enum(v, &[#(#values),*]))
            }
            TypeKind::Union(Union {
                variants,
                tag: Some(tag),
            }) => {
                // Only the variant the tag names counts (as in the models).
                let variants = variants.iter().map(|variant| {
                    let check = self.check(ctx, &variant.ty, true);
                    let values = &variant.tag_values;
                    quote!((&[#(#values),*], &#check))
                });
                let variants: Vec<TokenStream> = variants.collect();
                quote!(rt::tagged(v, #tag, &[#(#variants),*]))
            }
            TypeKind::Union(u) => {
                let variants = u.variants.iter().map(|variant| {
                    let check = self.check(ctx, &variant.ty, true);
                    let label = &variant.name;
                    quote!((#label, &#check))
                });
                let variants: Vec<TokenStream> = variants.collect();
                quote!(rt::one_of(v, #type_name, &[#(#variants),*]))
            }
            TypeKind::Alias(t) => {
                let check = self.check(ctx, t, true);
                quote!(#check(v))
            }
        };
        let body = match &def.keywords {
            Some(keywords) => {
                let typed = quote!(|v: &::serde_json::Value| -> rt::Checked { #body });
                let check = self.keywords(ctx, typed, keywords, true);
                quote!(#check(v))
            }
            None => body,
        };
        quote! {
            pub fn #name(v: &::serde_json::Value) -> rt::Checked {
                #body
            }
        }
    }
}

/// `rt::Limits::NONE.min_length(2).maximum(1f64, true)…`: the limits the
/// schema sets, one builder call each.
fn limits_literal(limits: &Limits) -> TokenStream {
    let mut calls = TokenStream::new();
    let count = |name: &str, n: Option<u64>, calls: &mut TokenStream| {
        if let Some(n) = n {
            let name = format_ident!("{name}");
            let n = Literal::u64_unsuffixed(n);
            calls.extend(quote!(.#name(#n)));
        }
    };
    let bound = |name: &str, b: Option<Bound>, calls: &mut TokenStream| {
        if let Some(b) = b {
            let name = format_ident!("{name}");
            let value = Literal::f64_suffixed(b.value.0);
            let exclusive = b.exclusive;
            calls.extend(quote!(.#name(#value, #exclusive)));
        }
    };
    count("min_length", limits.min_length, &mut calls);
    count("max_length", limits.max_length, &mut calls);
    bound("minimum", limits.minimum, &mut calls);
    bound("maximum", limits.maximum, &mut calls);
    if let Some(m) = limits.multiple_of {
        let m = Literal::f64_suffixed(m.0);
        calls.extend(quote!(.multiple_of(#m)));
    }
    count("min_items", limits.min_items, &mut calls);
    count("max_items", limits.max_items, &mut calls);
    if limits.unique_items {
        calls.extend(quote!(.unique_items()));
    }
    quote!(rt::Limits::NONE #calls)
}

/// Entries for the read-only properties a request form leaves out: refused
/// with a 422 when the settings say so; otherwise listed as accepted, so
/// that a closed object (`additionalProperties: false`) ignores them as
/// the open ones do instead of calling them unknown.
fn read_only_entries(ctx: &Ctx, s: &crate::ir::Struct) -> Vec<TokenStream> {
    use crate::settings::ReadOnlyInRequests;
    let check = match ctx.settings.read_only_in_requests {
        ReadOnlyInRequests::Reject => quote!(rt::read_only_property),
        ReadOnlyInRequests::Ignore if s.closed => quote!(rt::accept_any),
        ReadOnlyInRequests::Ignore => return Vec::new(),
    };
    s.read_only_dropped
        .iter()
        .map(|json| quote!((#json, false, &#check)))
        .collect()
}
