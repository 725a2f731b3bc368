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

/// Everything one client method does, decided once from the operation;
/// the renderers below ([`plain_method`], [`link_paged`]) only spell it.
/// A new parameter location is where [`Plan::params`] puts its statement
/// (and [`send_param`], which writes it); a new send mode is a
/// [`SendMode`] variant and its arm in [`send_and_pick`].
struct Plan<'o> {
    op: &'o Operation,
    /// The method's name.
    name: Ident,
    locals: Locals,
    /// Where the request goes: the API's path, or (a webhook sender) the
    /// URL the caller gives.
    destination: Destination,
    /// The declarations, in order, and what each one is.
    decls: Vec<TokenStream>,
    args: Vec<Arg>,
    /// The docs' bullet line for each argument, in the same order.
    doc_args: Vec<String>,
    /// The argument holding the optional parameters, in a `<Op>Params`
    /// struct, when there are many.
    params_struct: Option<Ident>,
    /// Types at module level: the params struct, success and error enums.
    items: TokenStream,
    /// The statements sending the parameters that are part of the URL
    /// (query), and those sent beside it (header, cookie), in argument
    /// order. A next page's URL holds the first kind, not the second.
    in_url: Vec<TokenStream>,
    outside_url: Vec<TokenStream>,
    /// The statement sending the body (empty without one).
    body: TokenStream,
    /// The statement adding the credentials, when the operation has some.
    auth: Option<TokenStream>,
    send: SendMode<'o>,
    /// The status `match`'s arms (the errors', and the successes' unless
    /// streamed).
    arms: TokenStream,
    ok_ty: TokenStream,
    err_ty: TokenStream,
    /// For a list paged by `Link` headers: the private method that can
    /// start at a page's URL, and its URL argument.
    at_page: Option<(Ident, Ident)>,
}

/// The method's local names, chosen so no parameter is shadowed.
struct Locals {
    names: Namespace,
    request: Ident,
    response: Ident,
    live: Ident,
}

/// Where a method's request goes.
enum Destination {
    /// The operation's path: the statements building it (one per piece),
    /// and `let _ = x;` for declared path parameters it does not use.
    Path {
        build: Vec<TokenStream>,
        unused: Vec<TokenStream>,
    },
    /// A webhook's path is synthetic (what its receiver routes): the
    /// sender delivers to the URL it is given, its first argument.
    Url(Ident),
}

/// How the response is read.
enum SendMode<'o> {
    /// Whole, then matched on its status.
    Buffered,
    /// A success of this content is returned with its body unread; any
    /// other status is read whole, as always.
    Streamed(&'o crate::ir::Content),
}

pub fn emit(
    ctx: &Ctx,
    op: &Operation,
    types: &mut Namespace,
    methods: &mut Namespace,
    authenticated: bool,
    hooks: bool,
) -> Emitted {
    let mut plan = Plan::new(ctx, op, types, methods, authenticated, hooks);
    let docs = method_docs(op, std::mem::take(&mut plan.doc_args));
    let (method, at_page) = match &plan.at_page {
        None => (plain_method(ctx, &plan, &docs), None),
        Some(_) => {
            let (public, private) = link_paged(ctx, &plan, &docs);
            (public, Some(private))
        }
    };
    Emitted {
        method,
        items: plan.items,
        signature: Signature {
            name: plan.name,
            decls: plan.decls,
            args: plan.args,
            params_struct: plan.params_struct,
            ok_ty: plan.ok_ty,
            err_ty: plan.err_ty,
            at_page: plan.at_page.map(|(name, _)| name),
        },
        at_page,
    }
}

impl<'o> Plan<'o> {
    /// Plan the method, in the order names are given out and warnings made.
    fn new(
        ctx: &Ctx,
        op: &'o Operation,
        types: &mut Namespace,
        methods: &mut Namespace,
        authenticated: bool,
        hooks: bool,
    ) -> Self {
        let name = ident(&methods.snake_name(&op.name, "operation"));
        let mut names = Namespace::default();
        for p in &op.params {
            names.reserve(&p.name);
        }
        names.reserve("body");
        // A webhook's sender takes the subscriber's URL first.
        let url = hooks.then(|| ident(&names.snake_name("url", "url")));
        let locals = Locals {
            request: ident(&names.snake_name("request", "request")),
            response: ident(&names.snake_name("response", "response")),
            live: ident(&names.snake_name("live", "live")),
            names,
        };
        let mut plan = Plan {
            op,
            name,
            destination: Destination::Path {
                build: Vec::new(),
                unused: Vec::new(),
            },
            locals,
            decls: Vec::new(),
            args: Vec::new(),
            doc_args: Vec::new(),
            params_struct: None,
            items: TokenStream::new(),
            in_url: Vec::new(),
            outside_url: Vec::new(),
            body: TokenStream::new(),
            auth: None,
            send: match op.streamed_success() {
                Some(c) => SendMode::Streamed(c),
                None => SendMode::Buffered,
            },
            arms: TokenStream::new(),
            ok_ty: TokenStream::new(),
            err_ty: TokenStream::new(),
            at_page: None,
        };
        let ordered = plan.arguments(ctx, types);
        plan.body_argument(ctx);
        plan.destination = match url {
            Some(url) => plan.url_argument(url),
            None => {
                let (build, unused) = path_statements(ctx, op, &plan.locals.request);
                Destination::Path { build, unused }
            }
        };
        plan.params(ctx, &ordered);
        plan.auth = authenticated
            .then(|| auth(op, &plan.locals.request))
            .flatten();
        let streamed = op.streamed_success();
        let outcome = responses::emit(ctx, op, types, &plan.locals.response, streamed);
        plan.items.extend(outcome.items);
        (plan.ok_ty, plan.err_ty, plan.arms) = (outcome.ok_ty, outcome.err_ty, outcome.arms);
        // The method's body, in a private method that can also start at the
        // URL of a page's `Link` (then that URL holds the path and query).
        let link_paged = op
            .paging
            .as_ref()
            .is_some_and(|p| matches!(p.next, crate::ir::paging::Next::Link { .. }));
        plan.at_page = link_paged.then(|| {
            let at = ident(&methods.snake_name(&format!("{}_at", op.name), "at"));
            let url = ident(&plan.locals.names.snake_name("page_url", "page_url"));
            (at, url)
        });
        plan
    }

    /// The parameters' arguments, required ones in path, query, header,
    /// cookie order (the optional ones in a params struct when there are
    /// many); the parameters in that order.
    fn arguments(&mut self, ctx: &Ctx, types: &mut Namespace) -> Vec<&'o Param> {
        let op = self.op;
        let mut ordered: Vec<&Param> = op.params.iter().collect();
        ordered.sort_by_key(|p| p.location);
        let optional: Vec<&Param> = ordered.iter().copied().filter(|p| !p.required).collect();
        let use_struct = optional.len() > MAX_OPTIONAL_ARGS;
        for p in ordered.iter().filter(|p| p.required || !use_struct) {
            let name = ident(&p.name);
            let ty = arg_ty(ctx, &p.ty);
            self.args.push(Arg {
                name: name.clone(),
                shape: shape(&p.ty),
                optional: !p.required,
                param: op.params.iter().position(|q| std::ptr::eq(q, *p)),
            });
            self.decls.push(if p.required {
                quote!(#name: #ty)
            } else {
                quote!(#name: ::std::option::Option<#ty>)
            });
            self.doc_args.push(param_doc(p));
        }
        if use_struct {
            self.params_struct(ctx, types, &optional);
        }
        ordered
    }

    /// The `<Op>Params` struct holding the optional parameters, and its
    /// argument.
    fn params_struct(&mut self, ctx: &Ctx, types: &mut Namespace, optional: &[&Param]) {
        let struct_name = ident(&types.type_name(&format!("{} params", self.op.name)));
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
            self.name.to_string().trim_start_matches("r#")
        );
        self.items.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Default)]
            pub struct #struct_name {
                #(#fields)*
            }
        });
        let local = ident(&self.locals.names.snake_name("params", "params"));
        self.decls.push(quote!(#local: &#struct_name));
        self.args.push(Arg {
            name: local.clone(),
            shape: Shape::Ref,
            optional: false,
            param: None,
        });
        self.doc_args.push(format!(
            "- `{}`: the optional parameters.",
            local.to_string().trim_start_matches("r#")
        ));
        self.params_struct = Some(local);
    }

    /// The body's argument and the statement sending it.
    fn body_argument(&mut self, ctx: &Ctx) {
        let op = self.op;
        let Some((decl, stmt, doc)) = body_argument(ctx, op, &self.locals.request) else {
            return;
        };
        let b = op.body.as_ref().expect("a body argument has a body");
        self.args.push(Arg {
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
        self.decls.push(decl);
        self.body = stmt;
        self.doc_args.push(doc);
    }

    /// A webhook sender's first argument: the URL it delivers to.
    fn url_argument(&mut self, url: Ident) -> Destination {
        self.decls.insert(0, quote!(#url: &str));
        self.args.insert(
            0,
            Arg {
                name: url.clone(),
                shape: Shape::Str,
                optional: false,
                param: None,
            },
        );
        let target = match self.op.hook.as_ref().and_then(|h| h.url.as_deref()) {
            Some(expression) => format!(
                "the callback URL, which the API description gives as {} (a runtime expression to resolve against the request that registered the callback, e.g. with `resolve_callback_url`)",
                inline_code(expression)
            ),
            None => "the subscriber's URL, used as given".to_owned(),
        };
        self.doc_args
            .insert(0, arg_doc(&url.to_string(), &[target]));
        Destination::Url(url)
    }

    /// The statements sending the query, header and cookie parameters. An
    /// absent optional value serializes as `null`, which the support code
    /// does not send. (Optional path parameters cannot exist: the loader
    /// makes them required.)
    fn params(&mut self, ctx: &Ctx, ordered: &[&Param]) {
        let request = &self.locals.request;
        for p in ordered.iter().filter(|p| p.location != ParamLocation::Path) {
            let name = ident(&p.name);
            let value = match &self.params_struct {
                Some(params) if !p.required => quote!(&#params.#name),
                _ if p.required => as_ref(&p.ty, &name, false),
                _ => quote!(&#name),
            };
            let stmt = send_param(ctx, request, p, &value);
            match p.location {
                ParamLocation::Header | ParamLocation::Cookie => self.outside_url.push(stmt),
                ParamLocation::Query | ParamLocation::Path => self.in_url.push(stmt),
            }
        }
    }

    /// Whether the request is changed after it is made, so needs `mut`
    /// (counting the statements building the URL when `with_url`).
    fn mutates(&self, with_url: bool) -> bool {
        let url_changed = match &self.destination {
            Destination::Path { build, .. } => !build.is_empty() || !self.in_url.is_empty(),
            Destination::Url(_) => !self.in_url.is_empty(),
        };
        !self.body.is_empty()
            || self.auth.is_some()
            || !self.outside_url.is_empty()
            || (with_url && url_changed)
    }
}

/// The docs' line for one parameter's argument.
fn param_doc(p: &Param) -> String {
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
    doc
}

/// The statement adding the credentials of the operation's security
/// alternatives, when it has any.
fn auth(op: &Operation, request: &Ident) -> Option<TokenStream> {
    let alternatives: Vec<TokenStream> = op
        .security
        .iter()
        .filter(|alt| !alt.is_empty())
        .map(|alt| quote!(&[#(#alt),*]))
        .collect();
    (!alternatives.is_empty())
        .then(|| quote!(#request.authenticate(&self.credentials, &[#(#alternatives),*])?;))
}

/// The method's docs: the operation's, its label, a line per argument and
/// the body's example; `#[deprecated]` when it is.
fn method_docs(op: &Operation, doc_args: Vec<String>) -> TokenStream {
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
    docs.extend(op.deprecated.then(|| quote!(#[deprecated])));
    docs
}

/// Sending the request and picking the result by status: the same for
/// every kind of method.
fn send_and_pick(ctx: &Ctx, plan: &Plan) -> TokenStream {
    let Locals {
        request,
        response,
        live,
        ..
    } = &plan.locals;
    let (op, arms) = (plan.op, &plan.arms);
    let send = match plan.send {
        SendMode::Streamed(c) => {
            let successes = responses::success_patterns(op);
            let stream = responses::stream_value(ctx, c, live);
            quote! {
                let #live = #request.send_live(&self.http, &self.options).await?;
                let #response = match #live.status.as_u16() {
                    #successes => return Ok(#stream),
                    _ => #live.read(self.options.max_body_bytes).await?,
                };
            }
        }
        SendMode::Buffered => {
            return quote! {
                let #response = #request.send(&self.http, &self.options).await?;
                match #response.status.as_u16() {
                    #arms
                }
            }
        }
    };
    // A streamed success leaves only the errors to match, which may be
    // none.
    let errors_documented = op.responses.iter().any(|r| !r.status.is_success());
    let only_default = !op
        .responses
        .iter()
        .any(|r| !r.status.is_success() && r.status != crate::ir::Status::Default);
    let pick = if !errors_documented {
        quote!(Err(#response.unexpected()))
    } else if only_default {
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
    quote!(#send #pick)
}

/// A method that builds its request, sends it and picks the result; for a
/// webhook's sender, to the URL it is given.
fn plain_method(ctx: &Ctx, plan: &Plan, docs: &TokenStream) -> TokenStream {
    let Plan {
        name,
        decls,
        ok_ty,
        err_ty,
        op,
        ..
    } = plan;
    let request = &plan.locals.request;
    let mutable = plan.mutates(true).then(|| quote!(mut));
    let (method, op_id, op_path) = (format_ident!("{}", op.method.as_str()), &op.id, &op.path);
    let (url_arg, build, unused) = match &plan.destination {
        Destination::Path { build, unused } => (None, &build[..], &unused[..]),
        Destination::Url(url) => (Some(quote!(#url,)), &[][..], &[][..]),
    };
    let (in_url, outside_url, body, auth) =
        (&plan.in_url, &plan.outside_url, &plan.body, &plan.auth);
    let send = send_and_pick(ctx, plan);
    quote! {
        #docs
        pub async fn #name(&self, #(#decls),*) -> Result<#ok_ty, Error<#err_ty>> {
            let #mutable #request = self.request(::reqwest::Method::#method, #url_arg #op_id, #op_path);
            #(#build)*
            #(#unused)*
            #(#in_url)*
            #(#outside_url)*
            #body
            #auth
            #send
        }
    }
}

/// A list paged by `Link` headers: the public method calls a private one
/// that starts at the first page or at a page's URL (whose path and query
/// replace the ones built from the arguments).
fn link_paged(ctx: &Ctx, plan: &Plan, docs: &TokenStream) -> (TokenStream, TokenStream) {
    let Plan {
        name,
        decls,
        ok_ty,
        err_ty,
        op,
        ..
    } = plan;
    let (at, page_url) = plan.at_page.as_ref().expect("a Link-paged plan");
    let names = plan.args.iter().map(|a| &a.name);
    let public = quote! {
        #docs
        pub async fn #name(&self, #(#decls),*) -> Result<#ok_ty, Error<#err_ty>> {
            self.#at(None, #(#names),*).await
        }
    };
    let request = &plan.locals.request;
    let request_ty = ctx.support(Support::ClientRequest, Scope::Child);
    let doc = format!(
        " [`Client::{}`], or the page at `{page_url}` (a `Link` the last page named: its path and query are the URL's; headers, cookies, the body and credentials are sent as always).",
        name.to_string().trim_start_matches("r#"),
    );
    let mutable = plan.mutates(false).then(|| quote!(mut));
    let (method, op_id, op_path) = (format_ident!("{}", op.method.as_str()), &op.id, &op.path);
    let (build, unused): (&[_], &[_]) = match &plan.destination {
        Destination::Path { build, unused } => (build, unused),
        Destination::Url(_) => (&[], &[]),
    };
    let (in_url, outside_url, body, auth) =
        (&plan.in_url, &plan.outside_url, &plan.body, &plan.auth);
    let send = send_and_pick(ctx, plan);
    let private = quote! {
        #[doc = #doc]
        async fn #at(&self, #page_url: ::std::option::Option<&str>, #(#decls),*) -> Result<#ok_ty, Error<#err_ty>> {
            let #mutable #request = match #page_url {
                ::std::option::Option::Some(#page_url) => #request_ty::for_operation(::reqwest::Method::#method, #page_url, #op_id, #op_path),
                ::std::option::Option::None => {
                    let mut #request = self.request(::reqwest::Method::#method, #op_id, #op_path);
                    #(#build)*
                    #(#unused)*
                    #(#in_url)*
                    #request
                }
            };
            #(#outside_url)*
            #body
            #auth
            #send
        }
    };
    (public, private)
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
