//! What an operation returns, decided by status code: the success type (one
//! body type, or an enum of successes), the enum of documented error
//! responses, and the `match` arms that pick between them.

use crate::emit::context::{doc_lines, ident};
use crate::emit::support::Support;
use crate::emit::{Ctx, Scope};
use crate::ir::naming::Namespace;
use crate::ir::{Content, ContentKind, Operation, Response, Status, Ty};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

pub struct Outcome {
    pub items: TokenStream,
    pub ok_ty: TokenStream,
    pub err_ty: TokenStream,
    pub arms: TokenStream,
}

/// The items an operation's responses add and the `match` arms that
/// pick between them.
struct Pieces {
    items: TokenStream,
    arms: TokenStream,
}

/// With `streamed` (the success body a client reads as it arrives), the
/// success type is the stream and the arms cover only the errors: the
/// caller returns the stream before reading anything whole.
pub fn emit(
    ctx: &Ctx,
    op: &Operation,
    types: &mut Namespace,
    response: &Ident,
    streamed: Option<&Content>,
) -> Outcome {
    let mut successes: Vec<&Response> = op.successes().collect();
    let default = op.responses.iter().find(|r| r.status == Status::Default);
    let mut errors: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success() && r.status != Status::Default)
        .collect();
    // Exact codes before ranges, so `match` tries them first.
    successes.sort_by_key(|r| r.status);
    errors.sort_by_key(|r| r.status);

    let mut out = Pieces {
        items: TokenStream::new(),
        arms: TokenStream::new(),
    };
    let ok_ty = match streamed {
        Some(c) => stream_type(ctx, c),
        None => success_type(ctx, op, &successes, default, types, response, &mut out),
    };
    let err_ty = error_type(ctx, op, &errors, default, types, response, &mut out);
    let Pieces { items, mut arms } = out;

    if default.is_none() {
        arms.extend(quote!(_ => Err(#response.unexpected()),));
    }
    Outcome {
        items,
        ok_ty,
        err_ty,
        arms,
    }
}

/// The success type of an operation (one body, a struct of body and
/// headers, or an enum of successes), with its items and `match` arms.
fn success_type(
    ctx: &Ctx,
    op: &Operation,
    successes: &[&Response],
    default: Option<&Response>,
    types: &mut Namespace,
    response: &Ident,
    out: &mut Pieces,
) -> TokenStream {
    let Pieces { items, arms } = out;
    match successes {
        [] => {
            // Only `default` (or nothing) documented: any 2xx is a success,
            // with the default's body when there is one.
            let content = default.and_then(|r| r.content.as_ref());
            let (ty, value) = body(ctx, content, response);
            arms.extend(quote!(200..=299 => #value,));
            ty
        }
        [one] if one.headers.is_empty() => {
            let (ty, value) = body(ctx, one.content.as_ref(), response);
            let pattern = pattern(one.status);
            arms.extend(quote!(#pattern => #value,));
            ty
        }
        [one] => {
            // Documented headers (`Link`, `Location`, `ETag`, …) come back
            // next to the body.
            let name = ident(&types.type_name(&format!("{} success", op.name)));
            let (defs, values) = parts(ctx, one, false, quote!(pub), response);
            let doc = doc_lines(&[format!(
                "The success response of {}: {}",
                op.code_label(),
                first_line(&one.description)
            )]);
            items.extend(quote! {
                #doc
                #[derive(Debug)]
                pub struct #name {
                    #(#defs),*
                }
            });
            let pattern = pattern(one.status);
            arms.extend(quote!(#pattern => Ok(#name { #(#values),* }),));
            quote!(#name)
        }
        many => {
            let name = ident(&types.type_name(&format!("{} success", op.name)));
            let mut variants = Namespace::default();
            let mut defs = Vec::new();
            for r in many {
                let v = variant(ctx, r, &mut variants, response);
                let def = &v.def;
                defs.push(quote!(#def,));
                let pattern = pattern(r.status);
                let vname = &v.name;
                let value = match &v.build {
                    Build::Json(type_name) => {
                        quote!(#response.body(#type_name).map(#name::#vname))
                    }
                    Build::Value(value) => quote!(Ok(#name::#value)),
                };
                arms.extend(quote!(#pattern => #value,));
            }
            let doc = doc_lines(&[format!(
                "The documented success responses of {}.",
                op.code_label()
            )]);
            items.extend(quote! {
                #doc
                #[derive(Debug)]
                pub enum #name {
                    #(#defs)*
                }
            });
            quote!(#name)
        }
    }
}

/// The type a streamed success body is read as.
pub fn stream_type(ctx: &Ctx, c: &Content) -> TokenStream {
    if c.kind == ContentKind::EventStream {
        let events = ctx.support(Support::ClientEventStream, Scope::Child);
        let item = ctx.ty(&c.ty, Scope::Child);
        quote!(#events<#item>)
    } else {
        ctx.support(Support::ClientStreams, Scope::Child)
    }
}

/// The expression making the stream of `c` from the live response `live`.
pub fn stream_value(ctx: &Ctx, c: &Content, live: &Ident) -> TokenStream {
    if c.kind == ContentKind::EventStream {
        let events = ctx.support(Support::ClientEventStream, Scope::Child);
        let name = type_name(ctx, &c.ty);
        quote!(#events::new(#live, &self.options, #name))
    } else {
        let bytes = ctx.support(Support::ClientStreams, Scope::Child);
        quote!(#bytes::new(#live, &self.options))
    }
}

/// The `match` pattern of every success status.
pub fn success_patterns(op: &Operation) -> TokenStream {
    let patterns = op.successes().map(|r| pattern(r.status));
    quote!(#(#patterns)|*)
}

/// The enum of an operation's documented error responses (`Infallible`
/// when it has none), with its items and `match` arms.
fn error_type(
    ctx: &Ctx,
    op: &Operation,
    errors: &[&Response],
    default: Option<&Response>,
    types: &mut Namespace,
    response: &Ident,
    out: &mut Pieces,
) -> TokenStream {
    let Pieces { items, arms } = out;
    let error_responses: Vec<&Response> = errors.iter().copied().chain(default).collect();
    if error_responses.is_empty() {
        quote!(::std::convert::Infallible)
    } else {
        let name = ident(&types.type_name(&format!("{} error", op.name)));
        let mut variants = Namespace::default();
        let mut defs = Vec::new();
        let mut describe = Vec::new();
        for r in &error_responses {
            let v = variant(ctx, r, &mut variants, response);
            let def = &v.def;
            defs.push(quote!(#def,));
            let pattern = match r.status {
                Status::Default => quote!(_),
                s => pattern(s),
            };
            let vname = &v.name;
            let value = match &v.build {
                Build::Json(type_name) => quote!(#response.api(#name::#vname, #type_name)),
                // A body parse error is wrapped like the value (`GaveUp`
                // when retries ran out on this response).
                Build::Value(value) => {
                    quote!(#response.api_with(|| ::std::result::Result::Ok(#name::#value)))
                }
            };
            arms.extend(quote!(#pattern => #value,));
            let description = first_line(&r.description);
            describe.push(match r.status {
                Status::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(Self::#vname { .. } => (#code, #description),)
                }
                _ => quote!(Self::#vname { status, .. } => (status.as_u16(), #description),),
            });
        }
        let doc = doc_lines(&[format!(
            "The documented error responses of {}.",
            op.code_label()
        )]);
        let impls = ctx.support(Support::ClientApiErrorImpls, Scope::Child);
        items.extend(quote! {
            #doc
            #[derive(Debug)]
            pub enum #name {
                #(#defs)*
            }

            impl #name {
                /// The response's HTTP status code and its documented description.
                pub fn describe(&self) -> (u16, &'static str) {
                    match self {
                        #(#describe)*
                    }
                }
            }

            #impls!(#name);
        });
        quote!(#name)
    }
}

/// The `match` pattern for a status.
fn pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Status::Range(d) => {
            let lo = Literal::u16_unsuffixed(u16::from(d) * 100);
            let hi = Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// A success body's Rust type and the expression (a `Result`) returning it.
fn body(ctx: &Ctx, content: Option<&Content>, response: &Ident) -> (TokenStream, TokenStream) {
    let Some(c) = content else {
        return (quote!(()), quote!(Ok(())));
    };
    match c.kind {
        ContentKind::Json => {
            let ty = ctx.ty(&c.ty, Scope::Child);
            let name = type_name(ctx, &c.ty);
            (ty, quote!(#response.body(#name)))
        }
        // Events beside other success bodies are read whole, as text.
        ContentKind::Text | ContentKind::Form | ContentKind::EventStream => {
            (quote!(::std::string::String), quote!(Ok(#response.text())))
        }
        ContentKind::Binary | ContentKind::Multipart => {
            (quote!(::std::vec::Vec<u8>), quote!(Ok(#response.bytes())))
        }
    }
}

/// A body's Rust type and the expression reading it (with `?`).
fn body_value(ctx: &Ctx, c: &Content, response: &Ident) -> (TokenStream, TokenStream) {
    match c.kind {
        ContentKind::Json => {
            let ty = ctx.ty(&c.ty, Scope::Child);
            let name = type_name(ctx, &c.ty);
            (ty, quote!(#response.json(#name)?))
        }
        ContentKind::Text | ContentKind::Form | ContentKind::EventStream => {
            (quote!(::std::string::String), quote!(#response.text()))
        }
        ContentKind::Binary | ContentKind::Multipart => {
            (quote!(::std::vec::Vec<u8>), quote!(#response.bytes()))
        }
    }
}

/// How a variant is built from the response.
enum Build {
    /// A tuple variant holding the JSON body of this type name: built by
    /// the support helpers (`response.body`, `response.api`).
    Json(String),
    /// The expression building it (without the enum name).
    Value(TokenStream),
}

struct Variant {
    name: Ident,
    /// The variant's definition.
    def: TokenStream,
    build: Build,
}

/// An enum variant for one response: a unit, a tuple holding the body, or a
/// struct with `status` (for ranges and `default`), `body` and the headers.
fn variant(ctx: &Ctx, r: &Response, names: &mut Namespace, response: &Ident) -> Variant {
    let name = ident(&names.variant_name(&r.status.variant_hint()));
    let with_status = !matches!(r.status, Status::Code(_));
    let mut lines = Vec::new();
    lines.push(match r.status {
        Status::Code(c) => format!("{c}: {}", first_line(&r.description)),
        Status::Range(d) => format!("{d}XX: {}", first_line(&r.description)),
        Status::Default => format!("any other status: {}", first_line(&r.description)),
    });
    let docs = doc_lines(&lines);
    if !with_status && r.headers.is_empty() {
        return match &r.content {
            Some(c) => {
                let (body_ty, body_value) = body_value(ctx, c, response);
                let build = match c.kind {
                    ContentKind::Json => Build::Json(type_name(ctx, &c.ty)),
                    _ => Build::Value(quote!(#name(#body_value))),
                };
                Variant {
                    def: quote!(#docs #name(#body_ty)),
                    build,
                    name,
                }
            }
            None => Variant {
                def: quote!(#docs #name),
                build: Build::Value(quote!(#name)),
                name,
            },
        };
    }
    let (defs, values) = parts(ctx, r, with_status, TokenStream::new(), response);
    Variant {
        def: quote!(#docs #name { #(#defs),* }),
        build: Build::Value(quote!(#name { #(#values),* })),
        name,
    }
}

/// The fields of a response with headers (or a status): their definitions
/// (with visibility `vis`) and the expressions filling them from the
/// response.
fn parts(
    ctx: &Ctx,
    r: &Response,
    with_status: bool,
    vis: TokenStream,
    response: &Ident,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Namespace::default();
    let mut defs = Vec::new();
    let mut values = Vec::new();
    if with_status {
        fields.reserve("status");
        defs.push(quote!(#vis status: ::reqwest::StatusCode));
        values.push(quote!(status: #response.status));
    }
    if let Some(c) = &r.content {
        let (body_ty, body_value) = body_value(ctx, c, response);
        fields.reserve("body");
        defs.push(quote!(
            /// The response body.
            #vis body: #body_ty
        ));
        values.push(quote!(body: #body_value));
    }
    for h in &r.headers {
        // The loader named the header (lower-cased: `ETag` is `etag`).
        let field = ident(&fields.snake_name(h.name.trim_start_matches("r#"), "header"));
        let ty = ctx.ty(&h.ty, Scope::Child);
        let json = &h.json_name;
        let mut lines = h.docs.lines();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(
            "From the `{json}` header; `None` when it is missing or does not parse."
        ));
        let docs = doc_lines(&lines);
        defs.push(quote!(#docs #vis #field: ::std::option::Option<#ty>));
        values.push(quote!(#field: #response.header(#json)));
    }
    (defs, values)
}

fn first_line(text: &str) -> String {
    text.trim().lines().next().unwrap_or("").trim().to_owned()
}

/// A readable name of a type, for error messages.
fn type_name(ctx: &Ctx, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => match ctx.override_for(*id) {
            Some(path) => path.to_string().replace(' ', ""),
            None => ctx
                .api
                .types
                .get(*id)
                .name
                .trim_start_matches("r#")
                .to_owned(),
        },
        Ty::String => "String".to_owned(),
        Ty::Binary => "Upload".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Int(_) | Ty::Float(_) | Ty::DateTime | Ty::Date | Ty::Uuid | Ty::Bytes => ctx
            .ty(ty, Scope::Child)
            .to_string()
            .replace(' ', "")
            .trim_start_matches("::")
            .to_owned(),
        Ty::Any => "JSON value".to_owned(),
        Ty::AnyObject => "JSON object".to_owned(),
        Ty::Array(t) => format!("Vec<{}>", type_name(ctx, t)),
        Ty::Map(t) => format!("map of {}", type_name(ctx, t)),
        Ty::Nullable(t) => format!("Option<{}>", type_name(ctx, t)),
        Ty::Limited(t, _) => type_name(ctx, t),
    }
}
