//! The extraction layer: each operation's inputs (credentials, parameters,
//! body) and the handler that reads and checks them before the trait
//! method runs.

use super::multipart::{multipart_struct, typed_multipart};
use super::responses::error_policy;
use super::routes::Route;
use super::validate::Checks;
use super::{credentials, rt, Ctx, Scope};
use crate::emit::context::ident;
use crate::emit::defaults::{default_expr, Fit};
use crate::emit::support::Support;
use crate::ir::naming::Namespace;
use crate::ir::{
    Content, ContentKind, Operation, Param, ParamLocation, ParamStyle, SecurityKind, Ty, TypeKind,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

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

pub fn emit_handler(
    ctx: &Ctx,
    op: &Operation,
    route: &Route,
    inputs: &[Input],
    handler: &Ident,
    checks: &mut Checks,
) -> TokenStream {
    let rt = rt();
    let policy = error_policy(ctx, op);
    let method = ident(&op.name);
    let mut steps = TokenStream::new();
    let needs_query = inputs.iter().any(|i| match &i.source {
        InputSource::Param { param, .. } => param.location == ParamLocation::Query,
        InputSource::Credential { scheme, .. } => matches!(
            ctx.api.security_schemes[*scheme].kind,
            SecurityKind::ApiKey {
                location: ParamLocation::Query,
                ..
            }
        ),
        InputSource::Body { .. } => false,
    });
    let needs_path = route.params.iter().any(Option::is_some);

    steps.extend(credentials::steps(ctx, op, inputs));

    steps.extend(param_steps(ctx, route, inputs, checks));
    steps.extend(body_steps(ctx, inputs, checks));
    let has_body = inputs
        .iter()
        .any(|i| matches!(i.source, InputSource::Body { .. }));
    let input_mut = has_body.then(|| quote!(mut));
    // An operation that reads nothing still builds the input: that checks
    // the request (no body where none is expected, the path's shape).
    let input = if steps.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let args = inputs.iter().map(|i| &i.name);
    quote! {
        async fn #handler<A: Api>(
            ::axum::extract::State(shared): State<A>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            #policy
            let result: Result<_, #rt::Rejection> = async {
                let #input_mut #input = #rt::Input::new(request, &shared.config, #needs_query, #needs_path).await?;
                #steps
                Ok(shared.api.#method(#(#args),*).await)
            }
            .await;
            #rt::finish(&POLICY, result)
        }
    }
}

/// Each parameter read from its place (path capture, query, header,
/// cookie), split and typed as its style says, and checked.
fn param_steps(ctx: &Ctx, route: &Route, inputs: &[Input], checks: &mut Checks) -> TokenStream {
    let rt = rt();
    let mut steps = TokenStream::new();
    for input in inputs {
        let InputSource::Param { param, default } = &input.source else {
            continue;
        };
        let name = &input.name;
        let json = &param.json_name;
        let (array, kind) = param_shape(ctx, &param.ty);
        let array = array.map(|c| match (param.location, param.style) {
            (ParamLocation::Query, ParamStyle::SpaceDelimited) => ' ',
            (ParamLocation::Query, ParamStyle::PipeDelimited) => '|',
            _ => c,
        });
        let mut spec = match param.location {
            ParamLocation::Path => {
                match route.params.iter().position(|p| p.as_deref() == Some(json)) {
                    Some(i) => {
                        let slot = &route.slots[i];
                        let capture = Literal::usize_unsuffixed(slot.capture);
                        if slot.whole() {
                            quote!(#rt::path(#json, #capture))
                        } else {
                            let segment = &slot.segment;
                            let pieces = &slot.pieces;
                            let position = Literal::usize_unsuffixed(slot.position);
                            quote!(#rt::path(#json, #capture).within(#segment, &[#(#pieces),*], #position))
                        }
                    }
                    None => quote!(#rt::uncaptured(#json)),
                }
            }
            ParamLocation::Query => {
                let mut q = quote!(#rt::query(#json));
                if param.style == ParamStyle::DeepObject {
                    q.extend(quote!(.deep()));
                } else if !param.explode {
                    q.extend(quote!(.explode(false)));
                }
                q
            }
            ParamLocation::Header => quote!(#rt::header(#json)),
            ParamLocation::Cookie => quote!(#rt::cookie(#json)),
        };
        if let Some(c) = array {
            spec.extend(quote!(.list(#c)));
        }
        spec.extend(kind);
        let check = checks.check(ctx, &param.ty, false);
        let required = param.required || param.location == ParamLocation::Path;
        steps.extend(if required {
            quote!(let #name = input.required(#spec, #check)?;)
        } else if let Some(default) = default {
            quote!(let #name = input.optional(#spec, #check)?.#default;)
        } else {
            quote!(let #name = input.optional(#spec, #check)?;)
        });
    }

    steps
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

/// The body read with its media type and size limit, and checked.
fn body_steps(ctx: &Ctx, inputs: &[Input], checks: &mut Checks) -> TokenStream {
    let rt = rt();
    let mut steps = TokenStream::new();
    for input in inputs {
        let InputSource::Body {
            content, required, ..
        } = &input.source
        else {
            continue;
        };
        let name = &input.name;
        let media = &content.media_type;
        let read = match content.kind {
            ContentKind::Json => {
                let check = checks.check(ctx, &content.ty, false);
                quote!(input.json_body(#media, #check).await?)
            }
            ContentKind::Form => quote!(input.form_body(#media).await?),
            // Request bodies are never event streams (the loader reads
            // them as text).
            ContentKind::Text | ContentKind::EventStream => quote!(input.text_body(#media).await?),
            ContentKind::Multipart => match typed_multipart(ctx, content) {
                Some(fields) => {
                    ctx.mark(Support::ServerMultipart);
                    let form = if fields.is_empty() {
                        quote!(_form)
                    } else {
                        quote!(form)
                    };
                    let build = multipart_struct(ctx, content, fields, checks);
                    // Reading a part may fail (`?`), hence the `Result`
                    // inside the `map`.
                    quote! {
                        input
                            .multipart_body(#media)
                            .await?
                            .map(|#form| ::std::result::Result::Ok::<_, #rt::Rejection>(#build))
                            .transpose()?
                    }
                }
                None => quote!(input.bytes_body(#media).await?),
            },
            ContentKind::Binary => quote!(input.bytes_body(#media).await?),
        };
        steps.extend(quote!(let #name = #read;));
        if *required {
            steps.extend(quote!(let #name = #rt::require(#name)?;));
        }
    }
    steps
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
