//! axum server stubs (module `server`): a trait with one async method per
//! operation, a response enum per operation, and a router whose extraction
//! layer enforces the spec (credentials, parameters, media type, size and
//! the body's schema) before the trait method runs.

mod credentials;
mod dispatch;
mod extract;
mod multipart;
mod plan;
mod responses;
mod routes;
mod validate;

use super::context::{doc_lines, ident};
use super::support::{items_for, Home, Support};
use super::{Ctx, Scope, Target};
use crate::ir::naming::{upper_camel, Namespace};
use crate::ir::{ContentKind, Operation};
use extract::emit_handler;
use plan::{inputs, typed_multipart, Input, InputSource};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use responses::emit_response;
use validate::Checks;

/// What the server serves, for the mock built on it: each served
/// operation with its response enum and trait arguments, and the type
/// names the server module took. Owned, so it outlives the server's stage.
pub struct Handed {
    pub operations: Vec<HandedOperation>,
    pub types: Namespace,
}

/// One served operation, as the server's trait takes it.
pub struct HandedOperation {
    /// The trait method's name (`ir::Operation::name`).
    pub name: String,
    /// `METHOD /path`, and the same as inline code (`ir::Operation::code_label`).
    pub label: String,
    pub code_label: String,
    /// The response enum, in the `server` module.
    pub response: Ident,
    /// The trait method's arguments, spelled as in the `server` module.
    pub inputs: Vec<HandedInput>,
}

/// One argument of a trait method.
pub struct HandedInput {
    pub name: Ident,
    pub ty: TokenStream,
    /// A body read as a stream (`text/event-stream`), which has no `Debug`.
    pub streamed: bool,
}

/// What the server module (or the webhooks' receiver) is made of, planned
/// over the operations in order: per served operation a response enum, a
/// trait method and a handler.
struct Served {
    responses: TokenStream,
    methods: TokenStream,
    handlers: TokenStream,
    handler_names: Vec<Ident>,
    checks: Checks,
}

/// The server (`target`: the operations) or the webhooks' receiver (the
/// webhooks).
pub fn emit(ctx: &Ctx, target: Target) -> TokenStream {
    emit_handing_over(ctx, target).0
}

/// The server, and what it serves (for the mock).
pub fn emit_handing_over(ctx: &Ctx, target: Target) -> (TokenStream, Handed) {
    let hooks = target.hooks();
    let (mut types, mut fns) = namespaces(hooks);
    let routes = routes::plan(target.operations(ctx.api));
    let skipped = warn_unserved(ctx, &routes);
    let (credentials, credential_types) = credentials::types(ctx, &mut types);
    let mut served = Served {
        responses: TokenStream::new(),
        methods: TokenStream::new(),
        handlers: TokenStream::new(),
        handler_names: Vec::new(),
        checks: Checks::default(),
    };
    let mut handed = Vec::new();
    for (op, route) in &routes.served {
        handed.push(served.operation(ctx, op, route, &credential_types, &mut types, &mut fns));
    }
    let Served {
        responses,
        methods,
        handlers,
        handler_names,
        mut checks,
    } = served;
    let router_policy = responses::router_policy(ctx, routes.served.iter().map(|(op, _)| *op));
    let router = routes::emit_router(&routes, &handler_names, &router_policy);
    let dispatch = hooks.then(|| dispatch::emit(&routes, &handler_names, &router_policy));
    let validators = checks.emit(ctx);
    let (events, runtime) = runtime_module(ctx);
    // With nothing served, the shared state and the runtime have no user.
    let no_operations = routes
        .served
        .is_empty()
        .then(|| quote!(#[allow(dead_code, unused_imports)]));
    let skipped_doc = skipped_doc(&skipped);
    let (module, module_doc, trait_doc) = module_docs(hooks);
    let handed = Handed {
        operations: handed,
        types,
    };
    let tokens = quote! {
        #module_doc
        #[allow(
            // An `Api` method takes one argument per parameter of its
            // operation (GitHub has operations with more than ten).
            clippy::too_many_arguments,
            // A response enum holds each documented body by value, large
            // and small side by side, as the spec defines them.
            clippy::large_enum_variant,
            // A handler's `Result<_, Rejection>` carries the rejection whole.
            clippy::result_large_err,
            // An operation may be called `new`, `to_x` or `into_x`.
            clippy::wrong_self_convention,
            // Parameter names come from the spec (`foo` included).
            clippy::disallowed_names
        )]
        #no_operations
        pub mod #module {
            pub use self::runtime::{Rejection, RejectionKind, ServerConfig};
            #events
            use self::runtime as rt;

            #credentials
            #responses

            #trait_doc
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
            #dispatch
            #handlers
            #validators
            #runtime
        }
    };
    (tokens, handed)
}

impl Served {
    /// One served operation: its response enum, its trait method and the
    /// handler that extracts its inputs (the plan) and calls it.
    fn operation(
        &mut self,
        ctx: &Ctx,
        op: &Operation,
        route: &routes::Route,
        credential_types: &[Ident],
        types: &mut Namespace,
        fns: &mut Namespace,
    ) -> HandedOperation {
        let response = ident(&types.type_name(&format!(
            "{}Response",
            upper_camel(op.name.trim_start_matches("r#"), "Operation")
        )));
        self.responses.extend(emit_response(ctx, op, &response));
        let handler = format_ident!(
            "{}",
            fns.snake_name(
                &format!("handle_{}", op.name.trim_start_matches("r#")),
                "handle"
            )
        );
        let inputs = inputs(ctx, op, credential_types);
        self.methods.extend(emit_method(op, &inputs, &response));
        let handler_tokens = emit_handler(ctx, op, route, &inputs, &handler, &mut self.checks);
        self.handlers.extend(handler_tokens);
        self.handler_names.push(handler);
        let inputs = inputs
            .into_iter()
            .map(|i| HandedInput {
                streamed: matches!(
                    &i.source,
                    InputSource::Body { content, .. } if content.kind == ContentKind::EventStream
                ),
                name: i.name,
                ty: i.ty,
            })
            .collect();
        HandedOperation {
            name: op.name.clone(),
            label: format!("{} {}", op.method.as_str(), op.path),
            code_label: op.code_label(),
            response,
            inputs,
        }
    }
}

/// The trait's lines listing the operations not served, if any.
fn skipped_doc(skipped: &[String]) -> Option<TokenStream> {
    (!skipped.is_empty()).then(|| {
        let mut lines = vec![
            String::new(),
            "Operations not served (see the generator's warnings):".to_owned(),
        ];
        lines.extend(skipped.iter().map(|s| format!("- {s}")));
        doc_lines(&lines)
    })
}

/// The type and function namespaces of the module, with the names it
/// defines itself reserved.
fn namespaces(hooks: bool) -> (Namespace, Namespace) {
    let mut types = Namespace::default();
    let mut fns = Namespace::default();
    for reserved in [
        "Api",
        "Shared",
        "ServerConfig",
        "Rejection",
        "RejectionKind",
        "State",
        "Events",
        "ServerEvent",
    ]
    .iter()
    .chain(super::context::UNQUALIFIED_PRELUDE)
    {
        types.reserve(reserved);
    }
    for reserved in ["router", "router_with_config", "runtime", "validate", "rt"] {
        fns.reserve(reserved);
    }
    if hooks {
        types.reserve("Webhook");
        fns.reserve("single_url_router");
        fns.reserve("single_url_router_with_config");
    }
    (types, fns)
}

/// The re-export of the event types (when a response streams events) and
/// the inlined `runtime` module, with the items the handlers used.
fn runtime_module(ctx: &Ctx) -> (Option<TokenStream>, TokenStream) {
    // Server-sent events are built with these, when a response has them.
    let events = ctx
        .used_support()
        .contains(&Support::ServerEvents)
        .then(|| {
            quote!(
                pub use self::runtime::{Events, ServerEvent};
            )
        });
    ctx.mark(Support::ServerRuntime);
    let items = items_for(&ctx.used_support(), Home::ServerRuntime);
    let runtime = quote! {
        /// Extraction and response helpers used by the generated handlers.
        pub mod runtime {
            #(#items)*
        }
    };
    (events, runtime)
}

/// The module's name and docs, and the trait's docs: the server's, or the
/// webhooks' receiver's.
fn module_docs(hooks: bool) -> (Ident, TokenStream, TokenStream) {
    if hooks {
        (
            format_ident!("receiver"),
            quote! {
                /// Receives the API's webhooks and callbacks as an axum
                /// server: implement [`Api`] (a method per webhook), then
                /// serve [`router`] (a path per webhook, `/{name}`) or
                /// [`single_url_router`] (one URL for all, telling them
                /// apart with a function of yours).
            },
            quote! {
                /// One method per webhook or callback. The router checks
                /// each delivery (parameters, media type, size and the
                /// payload's schema) before calling a method, and answers
                /// refused requests itself, in the spec's error shape.
            },
        )
    } else {
        (
            format_ident!("server"),
            quote! {
                /// The API as an axum server: implement [`Api`], then serve
                /// [`router`] (or [`router_with_config`]).
            },
            quote! {
                /// One method per operation. The router checks credentials,
                /// parameters and the body against the spec before calling a
                /// method, and answers refused requests itself.
            },
        )
    }
}

/// Warn about each operation the router does not serve (and each
/// multipart body it cannot parse); the lines for the trait's docs.
fn warn_unserved(ctx: &Ctx, routes: &routes::Plan) -> Vec<String> {
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
    skipped
}

fn emit_method(op: &Operation, inputs: &[Input], response: &Ident) -> TokenStream {
    let name = ident(&op.name);
    let mut lines = op.docs.lines();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(match &op.hook {
        Some(hook) => super::client::hook_label(op, hook),
        None => op.code_label(),
    });
    if op.deprecated {
        lines.push(String::new());
        lines.push("Deprecated in the API description.".to_owned());
    }
    // Say which arguments were filled in, so a handler can tell why a value
    // it never saw in the request is there.
    let filled: Vec<String> = inputs
        .iter()
        .filter_map(|input| match &input.source {
            InputSource::Param {
                param,
                default: Some(_),
            } => Some(format!(
                "- `{}`: {}",
                input.name,
                super::context::inline_code(param.default.as_deref().unwrap_or_default())
            )),
            _ => None,
        })
        .collect();
    if !filled.is_empty() {
        lines.push(String::new());
        lines.push("The spec's default, when the request leaves the parameter out:".to_owned());
        lines.extend(filled);
    }
    let mut docs = doc_lines(&lines);
    let example = op.body.as_ref().and_then(|b| b.docs.example.as_deref());
    docs.extend(super::context::example_attrs(
        example,
        "Request body example",
        true,
    ));
    let args = inputs.iter().map(|i| {
        let (n, t) = (&i.name, &i.ty);
        quote!(#n: #t)
    });
    quote! {
        #docs
        fn #name(&self, #(#args),*) -> impl ::std::future::Future<Output = #response> + ::std::marker::Send;
    }
}
