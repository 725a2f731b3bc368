//! Multipart bodies the server reads into their generated struct: file
//! parts for binary properties, checked text parts for the others.

use super::plan::{param_shape, rt};
use super::validate::Checks;
use crate::emit::context::ident;
use crate::emit::support::Support;
use crate::emit::{Ctx, Scope};
use crate::ir::{Content, Field, Presence, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The expression building a multipart body's struct from `form`: file
/// parts for binary properties, checked text parts for the others.
pub fn multipart_struct(
    ctx: &Ctx,
    content: &Content,
    fields: &[Field],
    checks: &mut Checks,
) -> TokenStream {
    let rt = rt();
    let path = ctx.ty(&content.ty, Scope::Child);
    let nullable = || ctx.support(Support::Nullable, Scope::Child);
    let values = fields.iter().map(|f| {
        let field = ident(&f.name);
        let name = &f.json_name;
        let presence = f.presence();
        let value = if f.ty.is_file() {
            let list = matches!(f.ty.unlimited(), Ty::Array(_));
            match (list, presence) {
                (true, Presence::Required) => quote!(form.files(#name)),
                (true, Presence::OptionalNullable) => {
                    let n = nullable();
                    quote!({ let files = form.files(#name); if files.is_empty() { #n::Absent } else { #n::Value(files) } })
                }
                (true, _) => quote!({ let files = form.files(#name); (!files.is_empty()).then_some(files) }),
                (false, Presence::Required) => quote!(form.required_file(#name)?),
                (false, Presence::OptionalNullable) => {
                    let n = nullable();
                    quote!(form.file(#name).map_or(#n::Absent, #n::Value))
                }
                (false, _) => quote!(form.file(#name)),
            }
        } else {
            let list = matches!(f.ty.unlimited(), Ty::Array(_));
            let item = match f.ty.unlimited() {
                Ty::Array(item) => item.as_ref(),
                other => other,
            };
            // Text parts become JSON the way parameter text does.
            let kind = if param_shape(ctx, item).1.is_empty() {
                quote!(#rt::PartKind::Text)
            } else {
                quote!(#rt::PartKind::Json)
            };
            let check = checks.check(ctx, &f.ty, false);
            match presence {
                Presence::Required | Presence::RequiredNullable => {
                    quote!(form.required(#name, #kind, #list, #check)?)
                }
                Presence::Optional => quote!(form.optional(#name, #kind, #list, #check)?),
                Presence::OptionalNullable => {
                    let n = nullable();
                    quote!(form.optional(#name, #kind, #list, #check)?.map_or(#n::Absent, #n::Value))
                }
            }
        };
        quote!(#field: #value)
    });
    quote!(#path { #(#values),* })
}
