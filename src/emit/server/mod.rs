//! axum server stubs (module `server`): a trait with one async method per
//! operation, a response enum per operation, and a router whose extraction
//! layer enforces the spec (credentials, parameters, media type, size and
//! the body's schema) before the trait method runs.

mod routes;
mod validate;

use super::context::{doc_attrs, doc_lines, ident};
use super::support::{items_for, Home, Support};
use super::{Ctx, Scope};
use crate::ir::naming::{upper_camel, Namespace};
use crate::ir::{
    Content, ContentKind, Operation, Param, ParamLocation, ParamStyle, Presence, Response,
    SecurityKind, Status, Ty, TypeKind,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use routes::Route;
use validate::Checks;

/// Tokens for the runtime module, seen from the `server` module.
fn rt() -> TokenStream {
    quote!(rt)
}

pub fn emit(ctx: &Ctx) -> TokenStream {
    let api = ctx.api;
    let mut types = Namespace::default();
    let mut fns = Namespace::default();
    for reserved in [
        "Api",
        "Shared",
        "ServerConfig",
        "Rejection",
        "RejectionKind",
        "State",
    ]
    .iter()
    .chain(super::context::UNQUALIFIED_PRELUDE)
    {
        types.reserve(reserved);
    }
    for reserved in ["router", "router_with_config", "runtime", "validate", "rt"] {
        fns.reserve(reserved);
    }

    let routes = routes::plan(api);
    let skipped: Vec<String> = routes
        .skipped
        .iter()
        .map(|(op, why)| format!("`{} {}`: {why}", op.method.as_str(), op.path))
        .collect();
    for (op, why) in &routes.skipped {
        ctx.warn(
            &op.pointer,
            format!("server: operation `{}` is not served: {why}", op.id),
        );
    }
    for (op, _) in &routes.served {
        if op.body.as_ref().is_some_and(|b| {
            b.content.kind == ContentKind::Multipart && typed_multipart(ctx, &b.content).is_none()
        }) {
            ctx.warn(
                &op.pointer,
                format!(
                    "server: the multipart body of `{}` is not an object of known properties; it reaches the handler unparsed (axum::body::Bytes)",
                    op.id
                ),
            );
        }
    }

    // Credentials, one type per scheme.
    let mut credentials = TokenStream::new();
    let mut credential_types = Vec::new();
    for scheme in &api.security_schemes {
        let name = ident(&types.type_name(&upper_camel(&scheme.name, "Credential")));
        let mut docs = doc_attrs(&scheme.docs);
        if !docs.is_empty() {
            docs.extend(quote!(#[doc = ""]));
        }
        let label = name.to_string();
        let item = match &scheme.kind {
            SecurityKind::ApiKey { .. } | SecurityKind::Bearer => {
                let what = if scheme.kind == SecurityKind::Bearer {
                    " The bearer token from `Authorization: Bearer ...`."
                } else {
                    " The API key sent with the request."
                };
                quote! {
                    #docs
                    #[doc = #what]
                    #[derive(Clone, PartialEq, Eq)]
                    pub struct #name(pub ::std::string::String);

                    impl ::std::fmt::Debug for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(::std::concat!(#label, "(..)"))
                        }
                    }
                }
            }
            SecurityKind::Basic => quote! {
                #docs
                #[doc = " User name and password from `Authorization: Basic ...`."]
                #[derive(Clone, PartialEq, Eq)]
                pub struct #name {
                    pub username: ::std::string::String,
                    pub password: ::std::string::String,
                }

                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#label).field("username", &self.username).finish_non_exhaustive()
                    }
                }
            },
        };
        credentials.extend(item);
        credential_types.push(name);
    }

    let mut checks = Checks::default();
    let mut responses = TokenStream::new();
    let mut methods = TokenStream::new();
    let mut handlers = TokenStream::new();
    let mut handler_names = Vec::new();
    for (op, route) in &routes.served {
        let response = ident(&types.type_name(&format!(
            "{}Response",
            upper_camel(op.name.trim_start_matches("r#"), "Operation")
        )));
        responses.extend(emit_response(ctx, op, &response));
        let handler = format_ident!(
            "{}",
            fns.snake_name(
                &format!("handle_{}", op.name.trim_start_matches("r#")),
                "handle"
            )
        );
        let inputs = inputs(ctx, op, &credential_types);
        methods.extend(emit_method(op, &inputs, &response));
        handlers.extend(emit_handler(ctx, op, route, &inputs, &handler, &mut checks));
        handler_names.push(handler);
    }

    let router = routes::emit_router(&routes, &handler_names);
    let validators = checks.emit(ctx);
    let runtime = {
        ctx.mark(Support::ServerRuntime);
        let items = items_for(&ctx.used_support(), Home::ServerRuntime);
        quote! {
            /// Extraction and response helpers used by the generated handlers.
            pub mod runtime {
                #(#items)*
            }
        }
    };
    // With nothing served, the shared state and the runtime have no user.
    let no_operations = routes
        .served
        .is_empty()
        .then(|| quote!(#[allow(dead_code, unused_imports)]));
    let skipped_doc = (!skipped.is_empty()).then(|| {
        let mut lines = vec![
            String::new(),
            "Operations not served (see the generator's warnings):".to_owned(),
        ];
        lines.extend(skipped.iter().map(|s| format!("- {s}")));
        doc_lines(&lines)
    });
    quote! {
        /// The API as an axum server: implement [`Api`], then serve
        /// [`router`] (or [`router_with_config`]).
        #[allow(
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::wrong_self_convention,
            clippy::manual_map,
            clippy::disallowed_names,
            clippy::nonminimal_bool,
            clippy::needless_return,
            clippy::overly_complex_bool_expr,
            unused_variables,
            unused_mut
        )]
        #no_operations
        pub mod server {
            pub use self::runtime::{Rejection, RejectionKind, ServerConfig};
            use self::runtime as rt;

            #credentials
            #responses

            /// One method per operation. The router checks credentials,
            /// parameters and the body against the spec before calling a
            /// method, and answers refused requests itself.
            #skipped_doc
            pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
                #methods
            }

            struct Shared<A> {
                api: A,
                config: self::runtime::ServerConfig,
            }

            type State<A> = ::axum::extract::State<::std::sync::Arc<Shared<A>>>;

            #router
            #handlers
            #validators
            #runtime
        }
    }
}

/// One argument of a trait method.
struct Input<'a> {
    name: Ident,
    ty: TokenStream,
    source: InputSource<'a>,
}

enum InputSource<'a> {
    Credential {
        scheme: usize,
        required: bool,
        /// The credential type.
        ty: Ident,
    },
    Param {
        param: &'a Param,
    },
    Body {
        content: &'a Content,
        required: bool,
    },
}

fn inputs<'a>(ctx: &Ctx, op: &'a Operation, credential_types: &[Ident]) -> Vec<Input<'a>> {
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
        let ty = if required {
            inner.clone()
        } else {
            quote!(::std::option::Option<#inner>)
        };
        out.push(Input {
            name: ident(&names.snake_name(p.name.trim_start_matches("r#"), "param")),
            ty,
            source: InputSource::Param { param: p },
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

fn body_type(ctx: &Ctx, content: &Content) -> TokenStream {
    match content.kind {
        ContentKind::Json | ContentKind::Form => ctx.ty(&content.ty, Scope::Child),
        ContentKind::Multipart if typed_multipart(ctx, content).is_some() => {
            ctx.ty(&content.ty, Scope::Child)
        }
        ContentKind::Text => quote!(::std::string::String),
        // Any other multipart body reaches the handler as it came (see the
        // warning).
        ContentKind::Binary | ContentKind::Multipart => quote!(::axum::body::Bytes),
    }
}

/// The properties of a multipart body the server reads into its struct:
/// a generated struct with no map of extra properties and no boxed field.
fn typed_multipart<'c>(ctx: &'c Ctx, content: &Content) -> Option<&'c [crate::ir::Field]> {
    if content.kind != ContentKind::Multipart {
        return None;
    }
    ctx.struct_of(&content.ty)
        .filter(|s| s.additional.is_none() && s.fields.iter().all(|f| !f.boxed))
        .map(|s| s.fields.as_slice())
}

/// The expression building a multipart body's struct from `form`: file
/// parts for binary properties, checked text parts for the others.
fn multipart_struct(
    ctx: &Ctx,
    content: &Content,
    fields: &[crate::ir::Field],
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

fn emit_method(op: &Operation, inputs: &[Input], response: &Ident) -> TokenStream {
    let name = ident(&op.name);
    let mut lines = op.docs.lines();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "`{} {}`",
        op.method.as_str(),
        op.path.replace('`', "'")
    ));
    if op.deprecated {
        lines.push(String::new());
        lines.push("Deprecated in the API description.".to_owned());
    }
    let docs = doc_lines(&lines);
    let args = inputs.iter().map(|i| {
        let (n, t) = (&i.name, &i.ty);
        quote!(#n: #t)
    });
    quote! {
        #docs
        fn #name(&self, #(#args),*) -> impl ::std::future::Future<Output = #response> + ::std::marker::Send;
    }
}

/// The reason phrase of a status code, as a variant name.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return None,
    })
}

fn emit_response(ctx: &Ctx, op: &Operation, name: &Ident) -> TokenStream {
    let mut variants_ns = Namespace::default();
    variants_ns.reserve("Custom");
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for r in &op.responses {
        let hint = match r.status {
            Status::Code(c) => reason(c)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("Status{c}")),
            Status::Range(d) => format!("Status{d}xx"),
            Status::Default => "Default".to_owned(),
        };
        let variant = ident(&variants_ns.variant_name(&hint));
        let (decl, arm) = emit_variant(ctx, r, &variant);
        variants.push(decl);
        arms.push(arm);
    }
    let docs = doc_lines(&[format!(
        "The responses of `{}` (`{} {}`).",
        op.name.trim_start_matches("r#"),
        op.method.as_str(),
        op.path.replace('`', "'")
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

fn error_policy(ctx: &Ctx, op: &Operation) -> TokenStream {
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

fn emit_handler(
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

    // Credentials: every scheme of the operation, then "at least one
    // alternative is complete".
    let mut present = std::collections::BTreeMap::new();
    let mut labels = Vec::new();
    for input in inputs {
        let InputSource::Credential { scheme, ty, .. } = &input.source else {
            continue;
        };
        let s = &ctx.api.security_schemes[*scheme];
        let name = &input.name;
        let (extract, label) = match &s.kind {
            SecurityKind::ApiKey {
                location,
                name: key,
            } => {
                let loc = match location {
                    ParamLocation::Query => "query",
                    ParamLocation::Cookie => "cookie",
                    _ => "header",
                };
                (
                    quote!(input.api_key(#loc, #key).map(#ty)),
                    format!("{key} {loc}"),
                )
            }
            SecurityKind::Bearer => (
                quote!(input.bearer_token().map(#ty)),
                "Authorization: Bearer header".to_owned(),
            ),
            SecurityKind::Basic => (
                quote!(input.basic_credentials().map(|(username, password)| #ty { username, password })),
                "Authorization: Basic header".to_owned(),
            ),
        };
        steps.extend(quote!(let #name = #extract;));
        present.insert(s.key.clone(), name.clone());
        labels.push(label);
    }
    if !present.is_empty() {
        let message = format!("missing or empty credentials: {}", labels.join(" or "));
        // With only required credentials the `let ... else` below says it all.
        let all_required = inputs.iter().all(|i| {
            !matches!(
                i.source,
                InputSource::Credential {
                    required: false,
                    ..
                }
            )
        });
        if !all_required {
            let alternatives = op.security.iter().map(|alt| {
                let parts: Vec<TokenStream> = alt
                    .iter()
                    .filter_map(|k| present.get(k))
                    .map(|n| quote!(#n.is_some()))
                    .collect();
                match parts.len() {
                    0 => quote!(true),
                    1 => quote!(#(#parts)*),
                    _ => quote!((#(#parts)&&*)),
                }
            });
            steps.extend(quote! {
                if !(#(#alternatives)||*) {
                    return Err(#rt::unauthorized(#message));
                }
            });
        }
        for input in inputs {
            if let InputSource::Credential { required: true, .. } = input.source {
                let name = &input.name;
                steps.extend(quote! {
                    let Some(#name) = #name else {
                        return Err(#rt::unauthorized(#message));
                    };
                });
            }
        }
    }

    for input in inputs {
        let InputSource::Param { param, .. } = &input.source else {
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
        } else {
            quote!(let #name = input.optional(#spec, #check)?;)
        });
    }

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
            ContentKind::Text => quote!(input.text_body(#media).await?),
            ContentKind::Multipart => match typed_multipart(ctx, content) {
                Some(fields) => {
                    ctx.mark(Support::ServerMultipart);
                    let build = multipart_struct(ctx, content, fields, checks);
                    quote! {
                        match input.multipart_body(#media).await? {
                            ::std::option::Option::Some(form) => ::std::option::Option::Some(#build),
                            ::std::option::Option::None => ::std::option::Option::None,
                        }
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
    let has_body = inputs
        .iter()
        .any(|i| matches!(i.source, InputSource::Body { .. }));
    let input_mut = has_body.then(|| quote!(mut));
    let args = inputs.iter().map(|i| &i.name);
    quote! {
        async fn #handler<A: Api>(
            ::axum::extract::State(shared): State<A>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            #policy
            let result: Result<_, #rt::Rejection> = async {
                let #input_mut input = #rt::Input::new(request, &shared.config, #needs_query, #needs_path).await?;
                #steps
                Ok(shared.api.#method(#(#args),*).await)
            }
            .await;
            #rt::finish(&POLICY, result)
        }
    }
}

/// How a parameter's text is read: as an array (with its delimiter) or a
/// single value, and how each value becomes JSON.
fn param_shape(ctx: &Ctx, ty: &Ty) -> (Option<char>, TokenStream) {
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
