//! One operation: its method on `Client` (arguments, request building) and
//! the types it needs (a params struct, its success and error enums).

use super::responses;
use crate::emit::context::{doc_attrs, doc_lines, example_attrs, ident, inline_code};
use crate::emit::support::Support;
use crate::emit::{Ctx, Scope};
use crate::ir::naming::Namespace;
use crate::ir::{ContentKind, Operation, Param, ParamLocation, ParamStyle, PathPart, Presence, Ty};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// More optional parameters than this go into a `<Op>Params` struct.
const MAX_OPTIONAL_ARGS: usize = 3;

pub struct Emitted {
    /// The `Client` method.
    pub method: TokenStream,
    /// Types at module level: params struct, success and error enums.
    pub items: TokenStream,
    /// The method's name, arguments and result types, for the methods
    /// built on it (a list's streams).
    pub signature: Signature,
    /// The private method `Signature::at_page` names.
    pub at_page: Option<TokenStream>,
}

/// What a method built on an operation's method needs to call it.
pub struct Signature {
    pub name: Ident,
    /// The declarations, as the method has them.
    pub decls: Vec<TokenStream>,
    pub args: Vec<Arg>,
    /// The argument holding the optional parameters, when they are in a
    /// `<Op>Params` struct.
    pub params_struct: Option<Ident>,
    pub ok_ty: TokenStream,
    pub err_ty: TokenStream,
    /// For a list paged by `Link` headers: the private method behind this
    /// one, which takes the URL of a page first (`None`: the first page).
    pub at_page: Option<Ident>,
}

/// One argument: its name and how it is passed.
pub struct Arg {
    pub name: Ident,
    pub shape: Shape,
    pub optional: bool,
    /// The parameter it sends (an index into `Operation::params`).
    pub param: Option<usize>,
}

/// How an argument's value is borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A `Copy` value.
    Value,
    /// `&str`.
    Str,
    /// `&[T]`.
    Slice,
    /// `&T`.
    Ref,
}

pub fn shape(ty: &Ty) -> Shape {
    match ty.unlimited() {
        Ty::String => Shape::Str,
        Ty::Array(_) => Shape::Slice,
        _ => match pass(ty) {
            Pass::Value => Shape::Value,
            Pass::Ref => Shape::Ref,
        },
    }
}

/// How an argument is passed.
enum Pass {
    /// `Copy` scalars: by value.
    Value,
    /// Everything else: by reference (`&str`, `&[T]`, `&T`).
    Ref,
}

fn pass(ty: &Ty) -> Pass {
    match ty.unlimited() {
        Ty::Bool | Ty::Int(_) | Ty::Float(_) => Pass::Value,
        _ => Pass::Ref,
    }
}

/// The argument type for a value of `ty` (borrowed where it is not `Copy`).
fn arg_ty(ctx: &Ctx, ty: &Ty) -> TokenStream {
    match ty.unlimited() {
        Ty::String => quote!(&str),
        Ty::Array(item) => {
            let item = ctx.ty(item, Scope::Child);
            quote!(&[#item])
        }
        _ => {
            let t = ctx.ty(ty, Scope::Child);
            match pass(ty) {
                Pass::Value => t,
                Pass::Ref => quote!(&#t),
            }
        }
    }
}

/// An expression giving `&T` for a binding made with `arg_ty` (or a `&T`
/// binding when `borrowed`).
fn as_ref(ty: &Ty, name: &Ident, borrowed: bool) -> TokenStream {
    match (pass(ty), borrowed) {
        (Pass::Value, false) => quote!(&#name),
        _ => quote!(#name),
    }
}

fn style(ctx: &Ctx, style: ParamStyle) -> TokenStream {
    let path = ctx.support(Support::ClientParamStyle, Scope::Child);
    let variant = format_ident!(
        "{}",
        match style {
            ParamStyle::Simple => "Simple",
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
        }
    );
    quote!(#path::#variant)
}

pub fn emit(
    ctx: &Ctx,
    op: &Operation,
    types: &mut Namespace,
    methods: &mut Namespace,
    authenticated: bool,
) -> Emitted {
    let method_name = ident(&methods.snake_name(&op.name, "operation"));

    // Local names must not shadow parameters.
    let mut locals = Namespace::default();
    for p in &op.params {
        locals.reserve(&p.name);
    }
    locals.reserve("body");
    // A webhook's sender takes the subscriber's URL first.
    let url = ctx.hooks().then(|| ident(&locals.snake_name("url", "url")));
    let request = ident(&locals.snake_name("request", "request"));
    let response = ident(&locals.snake_name("response", "response"));
    let live = ident(&locals.snake_name("live", "live"));

    // Required parameters in path, query, header, cookie order.
    let mut ordered: Vec<&Param> = op.params.iter().collect();
    ordered.sort_by_key(|p| p.location);
    let optional: Vec<&Param> = ordered.iter().copied().filter(|p| !p.required).collect();
    let use_struct = optional.len() > MAX_OPTIONAL_ARGS;

    let mut items = TokenStream::new();
    let mut args = Vec::new();
    let mut arg_list = Vec::new();
    let mut doc_args = Vec::new();
    for p in ordered.iter().filter(|p| p.required || !use_struct) {
        let name = ident(&p.name);
        let ty = arg_ty(ctx, &p.ty);
        arg_list.push(Arg {
            name: name.clone(),
            shape: shape(&p.ty),
            optional: !p.required,
            param: op.params.iter().position(|q| std::ptr::eq(q, *p)),
        });
        args.push(if p.required {
            quote!(#name: #ty)
        } else {
            quote!(#name: ::std::option::Option<#ty>)
        });
        let mut lines = p.docs.lines();
        if p.deprecated {
            // Keep the description first: the bullet shows one line.
            lines.insert(0, "**Deprecated** in the API description.".to_owned());
        }
        let mut doc = arg_doc(&p.name, &lines);
        if let Some(default) = p.default.as_deref().filter(|d| d.chars().count() <= 80) {
            // What the API uses when the argument is `None`.
            doc.push_str(&format!(" (default: {})", inline_code(default)));
        }
        doc_args.push(doc);
    }
    let params_local = use_struct.then(|| {
        let struct_name = ident(&types.type_name(&format!("{} params", op.name)));
        let fields = optional.iter().map(|p| {
            let name = ident(&p.name);
            let ty = ctx.ty(&p.ty, Scope::Child);
            let mut docs = doc_attrs(&p.docs);
            let has_docs = !p.docs.has_no_text();
            docs.extend(example_attrs(p.default.as_deref(), "Default", has_docs));
            quote! {
                #docs
                pub #name: ::std::option::Option<#ty>,
            }
        });
        let doc = format!(
            " The optional parameters of [`Client::{}`].",
            method_name.to_string().trim_start_matches("r#")
        );
        items.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Default)]
            pub struct #struct_name {
                #(#fields)*
            }
        });
        let local = ident(&locals.snake_name("params", "params"));
        args.push(quote!(#local: &#struct_name));
        arg_list.push(Arg {
            name: local.clone(),
            shape: Shape::Ref,
            optional: false,
            param: None,
        });
        doc_args.push(format!(
            "- `{}`: the optional parameters.",
            local.to_string().trim_start_matches("r#")
        ));
        local
    });

    let mut body_stmt = TokenStream::new();
    if let Some((arg, stmt, doc)) = body_argument(ctx, op, &request) {
        let b = op.body.as_ref().expect("a body argument has a body");
        arg_list.push(Arg {
            name: format_ident!("body"),
            shape: match b.content.kind {
                ContentKind::Text => Shape::Str,
                // Never a list's argument: paging skips binary bodies.
                ContentKind::Binary => Shape::Ref,
                _ => shape(&b.content.ty),
            },
            optional: !b.required,
            param: None,
        });
        args.push(arg);
        body_stmt = stmt;
        doc_args.push(doc);
    }
    // A webhook's path is synthetic (what its receiver routes): the sender
    // delivers to the URL it is given.
    let (path_stmts, unused) = match &url {
        Some(_) => (Vec::new(), Vec::new()),
        None => path_statements(ctx, op, &request),
    };
    if let Some(url) = &url {
        args.insert(0, quote!(#url: &str));
        arg_list.insert(
            0,
            Arg {
                name: url.clone(),
                shape: Shape::Str,
                optional: false,
                param: None,
            },
        );
        let target = match op.hook.as_ref().and_then(|h| h.url.as_deref()) {
            Some(expression) => format!(
                "the callback URL, which the API description gives as {} (a runtime expression to resolve against the request that registered the callback, e.g. with `resolve_callback_url`)",
                super::super::context::inline_code(expression)
            ),
            None => "the subscriber's URL, used as given".to_owned(),
        };
        doc_args.insert(0, arg_doc(&url.to_string(), &[target]));
    }

    // Query, header and cookie parameters. An absent optional value
    // serializes as `null`, which the support code does not send.
    let mut param_stmts = Vec::new();
    // A next page's URL holds the query; headers and cookies are sent
    // with every page.
    let mut in_url = Vec::new();
    let mut outside_url = Vec::new();
    for p in ordered.iter().filter(|p| p.location != ParamLocation::Path) {
        let name = ident(&p.name);
        let value = if use_struct && !p.required {
            let params = params_local.as_ref();
            quote!(&#params.#name)
        } else if p.required {
            as_ref(&p.ty, &name, false)
        } else {
            quote!(&#name)
        };
        let stmt = send_param(ctx, &request, p, &value);
        if matches!(p.location, ParamLocation::Header | ParamLocation::Cookie) {
            outside_url.push(stmt.clone());
        } else {
            in_url.push(stmt.clone());
        }
        param_stmts.push(stmt);
    }
    // Optional path parameters cannot exist (the loader makes them required).

    let auth = authenticated.then(|| {
        let alternatives: Vec<TokenStream> = op
            .security
            .iter()
            .filter(|alt| !alt.is_empty())
            .map(|alt| quote!(&[#(#alt),*]))
            .collect();
        (!alternatives.is_empty())
            .then(|| quote!(#request.authenticate(&self.credentials, &[#(#alternatives),*])?;))
    });

    let streamed = op.streamed_success();
    let outcome = responses::emit(ctx, op, types, &response, streamed);
    items.extend(outcome.items);
    let ok_ty = outcome.ok_ty;
    let err_ty = outcome.err_ty;
    let arms = outcome.arms;

    let method = format_ident!("{}", op.method.as_str());
    let op_id = &op.id;
    let op_path = &op.path;

    let mut docs = op.docs.lines();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(match &op.hook {
        Some(hook) => hook_label(op, hook),
        None => op.code_label(),
    });
    if !doc_args.is_empty() {
        docs.push(String::new());
        docs.extend(doc_args);
    }
    let mut docs = doc_lines(&docs);
    let example = op.body.as_ref().and_then(|b| b.docs.example.as_deref());
    docs.extend(example_attrs(example, "Request body example", true));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    // A streamed success is returned with its body unread; any other
    // status is read whole, as always.
    let send = match streamed {
        Some(c) => {
            let successes = responses::success_patterns(op);
            let stream = responses::stream_value(ctx, c, &live);
            quote! {
                let #live = #request.send_live(&self.http, &self.options).await?;
                let #response = match #live.status.as_u16() {
                    #successes => return Ok(#stream),
                    _ => #live.read(self.options.max_body_bytes).await?,
                };
            }
        }
        None => quote!(let #response = #request.send(&self.http, &self.options).await?;),
    };
    // A streamed success leaves only the errors to match, which may be
    // none.
    let errors_documented = op.responses.iter().any(|r| !r.status.is_success());
    let only_default = !op
        .responses
        .iter()
        .any(|r| !r.status.is_success() && r.status != crate::ir::Status::Default);
    let pick = if streamed.is_some() && !errors_documented {
        quote!(Err(#response.unexpected()))
    } else if streamed.is_some() && only_default {
        // The successes were returned above; naming them keeps the match
        // from being a single catch-all.
        let successes = responses::success_patterns(op);
        quote! {
            match #response.status.as_u16() {
                #successes => Err(#response.unexpected()),
                #arms
            }
        }
    } else {
        quote! {
            match #response.status.as_u16() {
                #arms
            }
        }
    };
    // A list paged by `Link` headers fetches its next pages from their URLs.
    let link_paged = op
        .paging
        .as_ref()
        .is_some_and(|p| matches!(p.next, crate::ir::paging::Next::Link { .. }));
    // The method's body, in a private method that can also start at the
    // URL of a page's `Link` (then that URL holds the path and query).
    let at_page = link_paged.then(|| {
        let name = ident(&methods.snake_name(&format!("{}_at", op.name), "at"));
        let url = ident(&locals.snake_name("page_url", "page_url"));
        (name, url)
    });
    let signature = Signature {
        name: method_name.clone(),
        decls: args.clone(),
        args: arg_list,
        params_struct: params_local.clone(),
        ok_ty: ok_ty.clone(),
        err_ty: err_ty.clone(),
        at_page: at_page.as_ref().map(|(name, _)| name.clone()),
    };
    let url_arg = url.as_ref().map(|url| quote!(#url,));
    // A webhook with no parameters and no body adds nothing to its request.
    let changed = !body_stmt.is_empty() || auth.as_ref().is_some_and(Option::is_some);
    let (method, at_page_method) = match &at_page {
        None => {
            let mutable =
                (changed || !path_stmts.is_empty() || !param_stmts.is_empty()).then(|| quote!(mut));
            let method = quote! {
                #docs
                #deprecated
                pub async fn #method_name(&self, #(#args),*) -> Result<#ok_ty, Error<#err_ty>> {
                    let #mutable #request = self.request(::reqwest::Method::#method, #url_arg #op_id, #op_path);
                    #(#path_stmts)*
                    #(#unused)*
                    #(#param_stmts)*
                    #body_stmt
                    #auth
                    #send
                    #pick
                }
            };
            (method, None)
        }
        Some((at, page_url)) => {
            let names = signature.args.iter().map(|a| &a.name);
            let public = quote! {
                #docs
                #deprecated
                pub async fn #method_name(&self, #(#args),*) -> Result<#ok_ty, Error<#err_ty>> {
                    self.#at(None, #(#names),*).await
                }
            };
            let request_ty = ctx.support(Support::ClientRequest, Scope::Child);
            let doc = format!(
                " [`Client::{}`], or the page at `{page_url}` (a `Link` the last page named: its path and query are the URL's; headers, cookies, the body and credentials are sent as always).",
                method_name.to_string().trim_start_matches("r#"),
            );
            let mutable = (changed || !outside_url.is_empty()).then(|| quote!(mut));
            let private = quote! {
                #[doc = #doc]
                async fn #at(&self, #page_url: ::std::option::Option<&str>, #(#args),*) -> Result<#ok_ty, Error<#err_ty>> {
                    let #mutable #request = match #page_url {
                        ::std::option::Option::Some(#page_url) => #request_ty::for_operation(::reqwest::Method::#method, #page_url, #op_id, #op_path),
                        ::std::option::Option::None => {
                            let mut #request = self.request(::reqwest::Method::#method, #op_id, #op_path);
                            #(#path_stmts)*
                            #(#unused)*
                            #(#in_url)*
                            #request
                        }
                    };
                    #(#outside_url)*
                    #body_stmt
                    #auth
                    #send
                    #pick
                }
            };
            (public, Some(private))
        }
    };
    Emitted {
        method,
        items,
        signature,
        at_page: at_page_method,
    }
}

/// The body argument, the statement sending it and its line in the docs.
fn body_argument(
    ctx: &Ctx,
    op: &Operation,
    request: &Ident,
) -> Option<(TokenStream, TokenStream, String)> {
    let b = op.body.as_ref()?;
    let c = &b.content;
    let media = &c.media_type;
    let body = format_ident!("body");
    let value = as_ref(&c.ty, &body, false);
    let (ty, send) = match c.kind {
        ContentKind::Json => (arg_ty(ctx, &c.ty), quote!(#request.json(#media, #value)?;)),
        ContentKind::Form => (arg_ty(ctx, &c.ty), quote!(#request.form(#media, #value)?;)),
        ContentKind::Multipart => (
            arg_ty(ctx, &c.ty),
            multipart(ctx, op, &c.ty, request, &value),
        ),
        ContentKind::Text | ContentKind::EventStream => (
            quote!(&str),
            quote!(#request.bytes(#media, body.as_bytes().to_vec())?;),
        ),
        ContentKind::Binary => {
            let binary = ctx.support(Support::ClientBinaryBody, Scope::Child);
            // Required: anything that converts (`&[u8]`, `Vec<u8>`, a
            // stream); optional: the type itself, so `None` needs no type.
            let ty = if b.required {
                quote!(impl ::std::convert::Into<#binary>)
            } else {
                binary
            };
            let value = if b.required {
                quote!(body.into())
            } else {
                quote!(body)
            };
            (ty, quote!(#request.binary(#media, #value)?;))
        }
    };
    let (arg, stmt) = if b.required {
        (quote!(body: #ty), send)
    } else {
        let stmt = quote! {
            if let ::std::option::Option::Some(body) = body {
                #send
            }
        };
        (quote!(body: ::std::option::Option<#ty>), stmt)
    };
    let mut lines = vec![format!("the request body (`{media}`)")];
    lines.extend(b.docs.lines());
    Some((arg, stmt, arg_doc("body", &lines)))
}

/// The statements building the path piece by piece, and `let _ = x;` for
/// declared path parameters the template does not use (each warned about).
fn path_statements(
    ctx: &Ctx,
    op: &Operation,
    request: &Ident,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let parts = op.path_parts();
    let mut path_stmts = Vec::new();
    let mut used = Vec::new();
    for part in parts {
        match part {
            PathPart::Literal(text) => {
                if text.contains('{') {
                    ctx.warn(
                        &op.pointer,
                        format!("the path {} names a parameter that is not declared; it is sent literally", op.path),
                    );
                }
                path_stmts.push(quote!(#request.path(#text);));
            }
            PathPart::Param(i) => {
                used.push(i);
                let p = &op.params[i];
                let name = ident(&p.name);
                let json = &p.json_name;
                let value = as_ref(&p.ty, &name, false);
                path_stmts.push(if p.style == ParamStyle::Simple && !p.explode {
                    quote!(#request.segment(#json, #value)?;)
                } else {
                    let st = style(ctx, p.style);
                    let explode = p.explode;
                    quote!(#request.path_param(#json, #value, #st, #explode)?;)
                });
            }
        }
    }
    // Declared path parameters the template does not use.
    let mut unused = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        if p.location == ParamLocation::Path && !used.contains(&i) {
            ctx.warn(
                &op.pointer,
                format!(
                    "path parameter {:?} does not appear in the path {}; it is not sent",
                    p.json_name, op.path
                ),
            );
            let name = ident(&p.name);
            unused.push(quote!(let _ = #name;));
        }
    }
    (path_stmts, unused)
}

fn send_param(ctx: &Ctx, request: &Ident, p: &Param, value: &TokenStream) -> TokenStream {
    let json = &p.json_name;
    let explode = p.explode;
    match p.location {
        ParamLocation::Query if p.style == ParamStyle::Form && p.explode => {
            quote!(#request.query(#json, #value)?;)
        }
        ParamLocation::Query => {
            let st = style(ctx, p.style);
            quote!(#request.query_param(#json, #value, #st, #explode)?;)
        }
        ParamLocation::Header => quote!(#request.header_param(#json, #value, #explode)?;),
        ParamLocation::Cookie => quote!(#request.cookie_param(#json, #value)?;),
        ParamLocation::Path => TokenStream::new(),
    }
}

/// A bullet line documenting one argument: its name and the first line of
/// its description.
fn arg_doc(name: &str, lines: &[String]) -> String {
    let name = name.trim_start_matches("r#");
    match lines.iter().find(|l| !l.trim().is_empty()) {
        Some(first) => format!("- `{name}`: {}", first.trim()),
        None => format!("- `{name}`"),
    }
}

/// The statements sending a `multipart/form-data` body held in `body`: for a
/// generated struct, one part (or several) per property, binary properties
/// as files; for anything else, every property of its JSON as text
/// (`value` is `body` as a reference).
fn multipart(
    ctx: &Ctx,
    op: &Operation,
    ty: &Ty,
    request: &Ident,
    value: &TokenStream,
) -> TokenStream {
    let form_type = ctx.support(Support::ClientMultipart, Scope::Child);
    let parts = match ctx.struct_of(ty).filter(|s| s.additional.is_none()) {
        Some(s) => s
            .fields
            .iter()
            .map(|f| {
                let name = &f.json_name;
                let field = ident(&f.name);
                if f.ty.is_file() && f.presence() == Presence::OptionalNullable {
                    let nullable = ctx.support(Support::Nullable, Scope::Child);
                    quote! {
                        if let #nullable::Value(file) = &body.#field {
                            form.file(#name, file);
                        }
                    }
                } else if f.ty.is_file() {
                    quote!(form.file(#name, &body.#field);)
                } else {
                    quote!(form.field(#name, &body.#field)?;)
                }
            })
            .collect(),
        None => {
            if !matches!(
                ty.unlimited(),
                Ty::Map(_) | Ty::AnyObject | Ty::Any | Ty::Named(_)
            ) {
                ctx.warn(
                    &op.pointer,
                    "a multipart/form-data body must be an object (its properties are the parts); \
                     this one is not, so calls fail with an invalid-request error before sending",
                );
            }
            quote!(form.fields(#value)?;)
        }
    };
    quote! {
        let mut form = #form_type::new();
        #parts
        #request.multipart(form)?;
    }
}

/// What a webhook's docs say it is: its method and name (its path is
/// synthetic), and a callback's URL expression.
pub fn hook_label(op: &Operation, hook: &crate::ir::Hook) -> String {
    let name = super::super::context::inline_code(&hook.name);
    match &hook.url {
        Some(url) => format!(
            "Callback {name} (`{}`), sent to {}",
            op.method.as_str(),
            super::super::context::inline_code(url)
        ),
        None => format!("Webhook {name} (`{}`)", op.method.as_str()),
    }
}
