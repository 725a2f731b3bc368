//! The extract plan: what each operation's handler reads (credentials,
//! parameters, body), as the trait method's arguments, and the shapes the
//! server's files share (how a body is typed, how a parameter's text is
//! read). The handler (`extract`), the credential steps, the multipart
//! reader and the responses all build on this module; it builds on none of
//! them.

use crate::emit::context::ident;
use crate::emit::defaults::{default_expr, Fit};
use crate::emit::support::Support;
use crate::emit::{Ctx, Scope};
use crate::ir::naming::Namespace;
use crate::ir::{Content, ContentKind, Field, Operation, Param, ParamLocation, Ty, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Tokens for the runtime module, seen from the `server` module.
pub fn rt() -> TokenStream {
    quote!(rt)
}

/// One argument of a trait method.
pub struct Input<'a> {
    pub name: Ident,
    pub ty: TokenStream,
    pub source: InputSource<'a>,
}

pub enum InputSource<'a> {
    Credential {
        scheme: usize,
        required: bool,
        /// The credential type.
        ty: Ident,
    },
    Param {
        param: &'a Param,
        /// How an absent optional parameter becomes its spec default (an
        /// `unwrap_or…` call).
        default: Option<TokenStream>,
    },
    Body {
        content: &'a Content,
        required: bool,
    },
}

/// The plan of one handler: the trait method's arguments, in order, and
/// where each comes from.
pub fn inputs<'a>(ctx: &Ctx, op: &'a Operation, credential_types: &[Ident]) -> Vec<Input<'a>> {
    let mut names = Namespace::default();
    // Locals of the generated handler.
    for local in ["self_", "input", "shared", "request", "result"] {
        names.reserve(local);
    }
    let mut out = Vec::new();
    let alternatives = &op.security;
    for (i, scheme) in ctx.api.security_schemes.iter().enumerate() {
        if !alternatives.iter().any(|a| a.contains(&scheme.key)) {
            continue;
        }
        let required = alternatives.iter().all(|a| a.contains(&scheme.key));
        let t = &credential_types[i];
        let ty = if required {
            quote!(#t)
        } else {
            quote!(::std::option::Option<#t>)
        };
        out.push(Input {
            name: ident(&names.snake_name(&scheme.name, "credential")),
            ty,
            source: InputSource::Credential {
                scheme: i,
                required,
                ty: t.clone(),
            },
        });
    }
    for p in &op.params {
        let inner = ctx.ty(&p.ty, Scope::Child);
        let required = p.required || p.location == ParamLocation::Path;
        // A parameter with a default the server applies is never absent.
        let default = param_default(ctx, p);
        let ty = if required || default.is_some() {
            inner.clone()
        } else {
            quote!(::std::option::Option<#inner>)
        };
        out.push(Input {
            name: ident(&names.snake_name(p.name.trim_start_matches("r#"), "param")),
            ty,
            source: InputSource::Param { param: p, default },
        });
    }
    if let Some(body) = &op.body {
        let inner = body_type(ctx, &body.content);
        let ty = if body.required {
            inner.clone()
        } else {
            quote!(::std::option::Option<#inner>)
        };
        out.push(Input {
            name: ident(&names.snake_name("body", "body")),
            ty,
            source: InputSource::Body {
                content: &body.content,
                required: body.required,
            },
        });
    }
    out
}

pub fn body_type(ctx: &Ctx, content: &Content) -> TokenStream {
    match content.kind {
        ContentKind::Json | ContentKind::Form => ctx.ty(&content.ty, Scope::Child),
        ContentKind::Multipart if typed_multipart(ctx, content).is_some() => {
            ctx.ty(&content.ty, Scope::Child)
        }
        ContentKind::Text => quote!(::std::string::String),
        ContentKind::EventStream => {
            ctx.mark(Support::ServerEvents);
            let rt = rt();
            let item = ctx.ty(&content.ty, Scope::Child);
            quote!(#rt::Events<#item>)
        }
        // Any other multipart body reaches the handler as it came (see the
        // warning).
        ContentKind::Binary | ContentKind::Multipart => quote!(::axum::body::Bytes),
    }
}

/// How the server fills in an optional parameter that is absent (the
/// `unwrap_or…` call after reading it):
/// its schema's `default`, when that is a boolean, number, string or enum
/// value of its type (the rule models follow for properties). A default
/// that does not fit is a warning (it stays documented on the client).
fn param_default(ctx: &Ctx, param: &Param) -> Option<TokenStream> {
    let text = param.default.as_deref()?;
    if param.required || param.location == ParamLocation::Path {
        return None;
    }
    match default_expr(ctx, &param.ty, text, Scope::Child) {
        // A constant is taken as it is; a string is built only when the
        // parameter is absent.
        Fit::Applied(default) if default.allocates => {
            let value = default.value;
            Some(quote!(unwrap_or_else(|| #value)))
        }
        Fit::Applied(default) => {
            let value = default.value;
            Some(quote!(unwrap_or(#value)))
        }
        Fit::Documented => None,
        Fit::Refused(why) => {
            ctx.warn(
                &format!("{}/schema/default", param.pointer),
                format!(
                    "the default {text} of parameter {:?} {why}; the server does not apply it",
                    param.json_name
                ),
            );
            None
        }
    }
}

/// The properties of a multipart body the server reads into its struct:
/// a generated struct with no map of extra properties and no boxed field.
pub fn typed_multipart<'c>(ctx: &'c Ctx, content: &Content) -> Option<&'c [Field]> {
    if content.kind != ContentKind::Multipart {
        return None;
    }
    ctx.struct_of(&content.ty)
        .filter(|s| s.additional.is_none() && s.fields.iter().all(|f| !f.boxed))
        .map(|s| s.fields.as_slice())
}

/// How a parameter's text is read: as an array (with its delimiter) or a
/// single value, and how each value becomes JSON.
pub fn param_shape(ctx: &Ctx, ty: &Ty) -> (Option<char>, TokenStream) {
    fn resolve<'t>(ctx: &'t Ctx, mut ty: &'t Ty) -> &'t Ty {
        loop {
            match ty {
                Ty::Nullable(t) | Ty::Limited(t, _) => ty = t,
                Ty::Named(id) if ctx.override_for(*id).is_none() => {
                    match &ctx.api.types.get(*id).kind {
                        TypeKind::Alias(t) => ty = t,
                        _ => return ty,
                    }
                }
                _ => return ty,
            }
        }
    }
    let ty = resolve(ctx, ty);
    match ty {
        Ty::Array(item) => (Some(','), scalar_kind(ctx, resolve(ctx, item))),
        _ => (None, scalar_kind(ctx, ty)),
    }
}

/// The `rt::Param` modifier saying how each value becomes JSON (none: text).
fn scalar_kind(ctx: &Ctx, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Int(_) | Ty::Float(_) => quote!(.number()),
        Ty::Bool => quote!(.boolean()),
        Ty::Named(id) if ctx.override_for(*id).is_none() => match &ctx.api.types.get(*id).kind {
            TypeKind::IntEnum(_) => quote!(.number()),
            TypeKind::Enum(_) => TokenStream::new(),
            _ => quote!(.json()),
        },
        Ty::Named(_) | Ty::Any | Ty::AnyObject | Ty::Map(_) | Ty::Array(_) => quote!(.json()),
        _ => TokenStream::new(),
    }
}
