//! The extraction layer: the handler that reads and checks an operation's
//! inputs (planned in `plan`) before the trait method runs.

use super::credentials;
use super::multipart::multipart_struct;
use super::plan::{param_shape, rt, typed_multipart, Input, InputSource};
use super::responses::error_policy;
use super::routes::Route;
use super::validate::Checks;
use crate::emit::context::ident;
use crate::emit::support::Support;
use crate::emit::Ctx;
use crate::ir::{ContentKind, Operation, ParamLocation, ParamStyle, SecurityKind};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

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
