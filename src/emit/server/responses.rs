//! The response enum of each operation (a variant per documented status,
//! with its body and headers) and the error policy: in which documented
//! shape, and with which status, the extraction layer refuses a request.

use super::plan::{body_type, rt};
use crate::emit::context::{doc_attrs, doc_lines, ident};
use crate::emit::{Ctx, Scope};
use crate::ir::naming::Namespace;
use crate::ir::{ContentKind, Operation, Response, Status, Ty};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

pub fn emit_response(ctx: &Ctx, op: &Operation, name: &Ident) -> TokenStream {
    let mut variants_ns = Namespace::default();
    variants_ns.reserve("Custom");
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for r in &op.responses {
        let hint = r.status.variant_hint();
        let variant = ident(&variants_ns.variant_name(&hint));
        let (decl, arm) = emit_variant(ctx, r, &variant);
        variants.push(decl);
        arms.push(arm);
    }
    let docs = doc_lines(&[format!(
        "The responses of `{}` ({}).",
        op.name.trim_start_matches("r#"),
        op.code_label()
    )]);
    quote! {
        #docs
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// Any other response, sent as it is.
            Custom(::axum::response::Response),
        }

        impl ::axum::response::IntoResponse for #name {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                    Self::Custom(response) => response,
                }
            }
        }
    }
}

fn emit_variant(ctx: &Ctx, r: &Response, variant: &Ident) -> (TokenStream, TokenStream) {
    let rt = rt();
    let docs = doc_lines(
        &r.description
            .trim()
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>(),
    );
    let mut fields = Namespace::default();
    fields.reserve("body");
    fields.reserve("status");
    let has_status = !matches!(r.status, Status::Code(_));
    let code = match r.status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        _ => quote!(status.as_u16()),
    };
    let body_ty = r.content.as_ref().map(|c| body_type(ctx, c));
    let make_response = match &r.content {
        None => quote!(#rt::empty_response(#code)),
        Some(c) => {
            let media = &c.media_type;
            match c.kind {
                ContentKind::Json if media == "application/json" => {
                    quote!(#rt::json(#code, &body))
                }
                ContentKind::Json => quote!(#rt::json_response(#code, #media, &body)),
                ContentKind::Form => quote!(#rt::form_response(#code, body)),
                ContentKind::Text | ContentKind::Binary | ContentKind::Multipart => {
                    quote!(#rt::bytes_response(#code, #media, body))
                }
                ContentKind::EventStream => quote!(#rt::event_stream_response(#code, body)),
            }
        }
    };
    let headers: Vec<(Ident, &crate::ir::Header)> = r
        .headers
        .iter()
        .map(|h| {
            (
                ident(&fields.snake_name(h.name.trim_start_matches("r#"), "header")),
                h,
            )
        })
        .collect();
    let add_headers = headers.iter().map(|(n, h)| {
        let json = &h.json_name;
        if h.required {
            quote!(#rt::add_header(&mut response, #json, #rt::header_text(&#n));)
        } else {
            quote!(#rt::add_header(&mut response, #json, #n.as_ref().and_then(#rt::header_text));)
        }
    });
    let build = if headers.is_empty() {
        make_response
    } else {
        quote! {{
            let mut response = #make_response;
            #(#add_headers)*
            response
        }}
    };
    if !has_status && headers.is_empty() {
        return match body_ty {
            None => (quote!(#docs #variant,), quote!(Self::#variant => #build,)),
            Some(t) => (
                quote!(#docs #variant(#t),),
                quote!(Self::#variant(body) => #build,),
            ),
        };
    }
    let mut decl = Vec::new();
    let mut bind = Vec::new();
    if has_status {
        decl.push(quote!(
            /// The status code to send.
            status: ::axum::http::StatusCode,
        ));
        bind.push(quote!(status));
    }
    if let Some(t) = body_ty {
        decl.push(quote!(body: #t,));
        bind.push(quote!(body));
    }
    for (n, h) in &headers {
        let t = ctx.ty(&h.ty, Scope::Child);
        let t = if h.required {
            t
        } else {
            quote!(::std::option::Option<#t>)
        };
        let hdocs = doc_lines(&[format!("The `{}` header.", h.json_name.replace('`', "'"))]);
        let more = doc_attrs(&h.docs);
        decl.push(quote!(#hdocs #more #n: #t,));
        bind.push(quote!(#n));
    }
    (
        quote!(#docs #variant { #(#decl)* },),
        quote!(Self::#variant { #(#bind),* } => #build,),
    )
}

/// Property names that hold an error's message, and the field it is about,
/// in order of preference.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "error_description",
    "detail",
    "error",
    "msg",
    "title",
    "description",
];
const FIELD_KEYS: &[&str] = &["field", "param", "parameter", "path", "pointer", "property"];

/// Where the documented error body for `status` keeps its message: the
/// response's JSON schema must be an object with a string property named
/// like a message.
fn error_shape(ctx: &Ctx, op: &Operation, status: u16) -> Option<TokenStream> {
    let candidates = [
        (Status::Code(status), status),
        (Status::Range((status / 100) as u8), status / 100),
        (Status::Default, 0),
    ];
    let (response, key) = candidates.iter().find_map(|(s, key)| {
        op.responses
            .iter()
            .find(|r| r.status == *s)
            .map(|r| (r, *key))
    })?;
    let content = response.content.as_ref()?;
    if content.kind != ContentKind::Json {
        return None;
    }
    let fields = &ctx.struct_of(&content.ty)?.fields;
    let is_string = |t: &Ty| match t.unlimited() {
        Ty::String => true,
        Ty::Nullable(i) => *i.unlimited() == Ty::String,
        _ => false,
    };
    let find = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            fields
                .iter()
                .find(|f| f.json_name.eq_ignore_ascii_case(k) && is_string(&f.ty))
                .map(|f| f.json_name.clone())
        })
    };
    let message = find(MESSAGE_KEYS)?;
    let field = find(FIELD_KEYS).map(|f| quote!(.field(#f)));
    let key = Literal::u16_unsuffixed(key);
    Some(quote!(rt::shape(#key, #message) #field))
}

/// The policy for requests no operation takes (an unknown path, a method
/// the path does not serve, a target or head too large): the first
/// documented error body for 404, 405, 414 and 431 (through ranges and
/// `default`) of any operation, in spec order.
pub fn router_policy<'a>(
    ctx: &Ctx,
    ops: impl Iterator<Item = &'a Operation> + Clone,
) -> TokenStream {
    let mut shapes: Vec<String> = Vec::new();
    let mut tokens = Vec::new();
    for status in [404u16, 405, 414, 431] {
        if let Some(shape) = ops.clone().find_map(|op| error_shape(ctx, op, status)) {
            // The same shape (a `4XX` body) is listed once.
            if !shapes.contains(&shape.to_string()) {
                shapes.push(shape.to_string());
                tokens.push(shape);
            }
        }
    }
    quote! {
        const ROUTER_POLICY: rt::ErrorPolicy = rt::policy(422, &[#(#tokens),*]);
    }
}

pub fn error_policy(ctx: &Ctx, op: &Operation) -> TokenStream {
    let documents = |c: u16| op.responses.iter().any(|r| r.status == Status::Code(c));
    let invalid: u16 = if documents(422) || !documents(400) {
        422
    } else {
        400
    };
    // Malformed bodies are always 400 (`rt::policy`): a 422 would claim the
    // body was understood.
    let mut shapes: Vec<String> = Vec::new();
    let mut tokens = Vec::new();
    for status in [400u16, 401, 413, 415, 422] {
        if let Some(shape) = error_shape(ctx, op, status) {
            let text = shape.to_string();
            if !shapes.contains(&text) {
                shapes.push(text);
                tokens.push(shape);
            }
        }
    }
    let invalid = Literal::u16_unsuffixed(invalid);
    quote! {
        const POLICY: rt::ErrorPolicy = rt::policy(#invalid, &[#(#tokens),*]);
    }
}
