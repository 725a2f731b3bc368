//! The async HTTP client (module `client`): one `Client` with a method per
//! operation. The request plumbing (parameter styles, percent-encoding,
//! credentials, reading the response) lives in the `client_*` templates; the
//! code generated here only says what each operation sends and expects.

mod operation;
mod paging;
mod responses;

pub use operation::hook_label;

use super::context::{doc_lines, ident};
use super::support::Support;
use super::{Ctx, Scope, Target};
use crate::ir::naming::Namespace;
use crate::ir::{Operation, ParamLocation, SecurityKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names every generated client has; operations and types make way.
/// The prelude names (`Ok`, `Err`, `Result`, ...) are used unqualified in
/// the `client` module, so no generated type may take them.
const CLIENT_TYPES: &[&str] = &[
    "Client",
    "Error",
    "DEFAULT_BASE_URL",
    "ClientOptions",
    "RetryPolicy",
    "Hook",
    "Attempt",
    "Outcome",
    "ByteStream",
    "EventStream",
    "Event",
    "StreamError",
    "BinaryBody",
    "CallbackRequest",
    "resolve_callback_url",
];
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "base_url",
    "http_client",
    "request",
    "options",
    "with_options",
    "with_retry",
    "with_hook",
];

/// The client (`target`: the operations) or the webhooks' sender (the
/// webhooks), a method per operation.
pub fn emit(ctx: &Ctx, target: Target) -> TokenStream {
    let hooks = target.hooks();
    let ops = target.operations(ctx.api);
    let credentials_ty = ctx.support(Support::ClientCredentials, Scope::Child);
    let re_exports = re_exports(ctx, ops);
    // The request runtime records each call in a `CallSpan`: a `tracing`
    // span with `--tracing`, nothing without.
    ctx.mark(if ctx.settings.tracing {
        Support::ClientTrace
    } else {
        Support::ClientNoTrace
    });

    let mut types = Namespace::default();
    CLIENT_TYPES
        .iter()
        .chain(super::context::UNQUALIFIED_PRELUDE)
        .for_each(|n| types.reserve(n));
    let mut methods = Namespace::default();
    CLIENT_METHODS.iter().for_each(|n| methods.reserve(n));

    // Credentials are only held when some operation sends them.
    let authenticated = ops
        .iter()
        .any(|op| op.security.iter().any(|alt| !alt.is_empty()));
    let scheme_methods = scheme_methods(ctx, ops, hooks, authenticated, &mut methods);
    let (items, op_methods) =
        operation_methods(ctx, ops, hooks, authenticated, &mut types, &mut methods);

    let (default_const, default_impl) = match hooks {
        true => (None, Some(sender_default())),
        false => default_items(ctx),
    };
    let client_docs = match hooks {
        true => sender_docs(ctx),
        false => client_docs(ctx),
    };
    let credentials_field = authenticated.then(|| quote!(credentials: #credentials_ty,));
    // Callbacks go to URLs their expressions name: offer the resolver.
    let callback_url = (hooks
        && ops
            .iter()
            .any(|op| op.hook.as_ref().is_some_and(|h| h.url.is_some())))
    .then(|| {
        let resolve = ctx.support(Support::CallbackUrl, Scope::Child);
        let request = ctx.support(Support::CallbackRequest, Scope::Child);
        quote! {
            /// Resolves a callback's URL expression against the request that
            /// registered it.
            pub use #resolve;
            pub use #request;
        }
    });
    let core_methods = core_methods(ctx, authenticated, hooks);
    let base_url_field = (!hooks).then(|| quote!(base_url: ::std::sync::Arc<str>,));

    // With no operations the request helpers have no caller.
    let no_operations = ops.is_empty().then(|| quote!(#![allow(dead_code)]));
    let (module, module_doc) = match hooks {
        true => (
            format_ident!("sender"),
            " Sends the API's webhooks and callbacks to their subscribers, built on `reqwest`.",
        ),
        false => (
            format_ident!("client"),
            " An async client for the API, built on `reqwest`.",
        ),
    };
    quote! {
        #[doc = #module_doc]
        pub mod #module {
            #no_operations
            #![allow(
                // A method takes one argument per parameter of its operation.
                clippy::too_many_arguments,
                // An error enum holds each documented body by value.
                clippy::large_enum_variant,
                // `Error<E>` carries the operation's documented error whole.
                clippy::result_large_err,
                // An operation may be called `new` or `into_x`, and a `2XX` range
                // may follow the exact codes it covers (the exact ones win).
                clippy::wrong_self_convention,
                clippy::match_overlapping_arm,
                // Parameter names come from the spec (`foo` included).
                clippy::disallowed_names
            )]

            #re_exports
            #callback_url

            #default_const

            #client_docs
            #[derive(Debug, Clone)]
            pub struct Client {
                #base_url_field
                http: ::reqwest::Client,
                options: ::std::sync::Arc<ClientOptions>,
                #credentials_field
            }

            impl Client {
                #core_methods

                #(#scheme_methods)*

                #(#op_methods)*
            }

            #default_impl

            #(#items)*
        }
    }
}

/// The methods setting credentials: one per scheme (a sender's, only the
/// schemes some webhook asks for).
fn scheme_methods(
    ctx: &Ctx,
    ops: &[Operation],
    hooks: bool,
    authenticated: bool,
    methods: &mut Namespace,
) -> Vec<TokenStream> {
    let schemes: &[SecurityScheme] = if authenticated {
        &ctx.api.security_schemes
    } else {
        &[]
    };
    // A sender sets only the credentials some webhook asks for (the API's
    // own are for calling it, not for delivering to its consumers).
    let used = |s: &&SecurityScheme| {
        !hooks
            || ops
                .iter()
                .any(|op| op.security.iter().flatten().any(|k| *k == s.key))
    };
    schemes
        .iter()
        .filter(used)
        .map(|s| credential_method(ctx, s, methods))
        .collect()
}

/// Each operation's methods (gated by its tags in a crate), and the types
/// they need.
fn operation_methods(
    ctx: &Ctx,
    ops: &[Operation],
    hooks: bool,
    authenticated: bool,
    types: &mut Namespace,
    methods: &mut Namespace,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut items = Vec::new();
    let mut op_methods = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let emitted = operation::emit(ctx, op, types, methods, authenticated, hooks);
        // In a crate, an operation with tags compiles with its tags' features
        // (a webhook with its module's).
        let gate = match hooks {
            true => None,
            false => ctx.tag_features.as_ref().and_then(|t| t.op_gate(index)),
        };
        items.push(ctx.gated(emitted.items, gate));
        let mut these = vec![emitted.method];
        these.extend(emitted.at_page);
        if let Some(p) = &op.paging {
            these.extend(paging::emit(ctx, op, p, &emitted.signature, methods));
        }
        op_methods.extend(these.into_iter().map(|method| match &gate {
            Some(gate) => quote!(#[cfg(#gate)] #method),
            None => method,
        }));
    }
    (items, op_methods)
}

/// `Error` and the retry, hook and options types, where users of the
/// client look for them.
fn re_exports(ctx: &Ctx, ops: &[Operation]) -> TokenStream {
    let client_error = ctx.support(Support::ClientError, Scope::Child);
    let names = [
        Support::ClientOptions,
        Support::ClientRetryPolicy,
        Support::ClientHook,
        Support::ClientAttempt,
        Support::ClientOutcome,
    ]
    .map(|item| ctx.support(item, Scope::Child));
    // The types of bodies read as they arrive, when an operation has one.
    let streamed: Vec<&crate::ir::Content> =
        ops.iter().filter_map(|op| op.streamed_success()).collect();
    let mut stream_items = Vec::new();
    if !streamed.is_empty() {
        stream_items.extend([Support::ClientStreams, Support::ClientStreamError]);
        if streamed
            .iter()
            .any(|c| c.kind == crate::ir::ContentKind::EventStream)
        {
            stream_items.extend([Support::ClientEventStream, Support::ClientEvent]);
        }
    }
    let binary = ops.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.content.kind == crate::ir::ContentKind::Binary)
    });
    if binary {
        stream_items.push(Support::ClientBinaryBody);
    }
    let streams: Vec<TokenStream> = stream_items
        .into_iter()
        .map(|item| {
            let path = ctx.support(item, Scope::Child);
            quote!(pub use #path;)
        })
        .collect();
    quote! {
        /// Why a call failed: `Error::Api` holds the operation's documented
        /// error responses, the other variants are shared by all operations.
        pub use #client_error as Error;
        #(pub use #names;)*
        #(#streams)*
    }
}

/// `DEFAULT_BASE_URL` and `Client::default`, when the spec's first server
/// has a usable URL.
fn default_items(ctx: &Ctx) -> (Option<TokenStream>, Option<TokenStream>) {
    let default_url = default_base_url(ctx);
    let default_const = default_url.as_ref().map(|url| {
        quote! {
            /// The first server listed in the API description.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let default_impl = default_url.is_some().then(|| {
        quote! {
            impl ::std::default::Default for Client {
                /// A client for [`DEFAULT_BASE_URL`] with a default `reqwest::Client`.
                fn default() -> Self {
                    Self::new(DEFAULT_BASE_URL)
                }
            }
        }
    });
    (default_const, default_impl)
}

/// `Client::default` for a sender (it has no base URL: each webhook is
/// sent to its subscriber's).
fn sender_default() -> TokenStream {
    quote! {
        impl ::std::default::Default for Client {
            /// A sender with a default `reqwest::Client`.
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The sender's docs.
fn sender_docs(ctx: &Ctx) -> TokenStream {
    doc_lines(&[
        format!(
            "Sends the webhooks and callbacks of {}: a method per webhook, each taking the subscriber's URL and the typed payload.",
            ctx.api.title.trim()
        ),
        String::new(),
        "Calls share the client runtime: retries, timeouts, the body limit and hooks (see [`ClientOptions`]). A webhook is sent to the URL exactly as given.".to_owned(),
    ])
}

/// The client's docs: the API's title and the servers it lists.
fn client_docs(ctx: &Ctx) -> TokenStream {
    let api = ctx.api;
    let mut client_docs = vec![format!("A client for {}.", api.title.trim())];
    if !api.servers.is_empty() {
        client_docs.push(String::new());
        client_docs.push("Servers listed in the API description:".to_owned());
        for s in &api.servers {
            let mut line = format!("- `{}`", s.url.replace('`', "'"));
            if let Some(d) = s.description.as_deref().and_then(|d| d.lines().next()) {
                line.push_str(&format!(": {}", d.trim()));
            }
            client_docs.push(line);
        }
    }
    doc_lines(&client_docs)
}

/// The methods every client has: construction, options, the HTTP client
/// and the request every operation starts from.
fn core_methods(ctx: &Ctx, authenticated: bool, hooks: bool) -> TokenStream {
    let request_ty = ctx.support(Support::ClientRequest, Scope::Child);
    let default_http = ctx.support(Support::ClientHttp, Scope::Child);
    let credentials_init =
        authenticated.then(|| quote!(credentials: ::std::default::Default::default(),));
    let (new, base_url, request) = if hooks {
        (
            quote! {
                /// A sender with a default `reqwest::Client`; each method
                /// takes the URL it delivers to.
                pub fn new() -> Self {
                    Client {
                        http: #default_http(),
                        options: ::std::default::Default::default(),
                        #credentials_init
                    }
                }
            },
            None,
            quote! {
                /// A request to a subscriber's `url` for the webhook `id`.
                fn request(&self, method: ::reqwest::Method, url: &str, id: &'static str, path: &'static str) -> #request_ty {
                    #request_ty::for_operation(method, url, id, path)
                }
            },
        )
    } else {
        (
            quote! {
                /// A client for the server at `base_url` (for example
                /// `https://api.example.com/v1`; a trailing `/` is ignored).
                pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                    let mut base_url: ::std::string::String = base_url.into();
                    while base_url.ends_with('/') {
                        base_url.pop();
                    }
                    Client {
                        base_url: base_url.into(),
                        http: #default_http(),
                        options: ::std::default::Default::default(),
                        #credentials_init
                    }
                }
            },
            Some(quote! {
                /// The base URL requests go to.
                pub fn base_url(&self) -> &str {
                    &self.base_url
                }
            }),
            quote! {
                /// A request to the base URL for the operation `id`; each
                /// operation adds its path.
                fn request(&self, method: ::reqwest::Method, id: &'static str, path: &'static str) -> #request_ty {
                    #request_ty::for_operation(method, &self.base_url, id, path)
                }
            },
        )
    };
    quote! {
        #new

        /// How calls are sent: retries, timeouts, the body limit, hooks.
        pub fn options(&self) -> &ClientOptions {
            &self.options
        }

        /// A client whose calls use changed options; the rest (the
        /// connection pool, base URL, credentials) is shared, so this
        /// is cheap enough for one call:
        /// `client.with_options(|o| o.max_body_bytes = 1 << 30).call(..)`.
        pub fn with_options(&self, change: impl ::std::ops::FnOnce(&mut ClientOptions)) -> Self {
            let mut client = self.clone();
            change(::std::sync::Arc::make_mut(&mut client.options));
            client
        }

        /// A client with this retry policy (`RetryPolicy::none()`
        /// turns retries off).
        pub fn with_retry(&self, policy: RetryPolicy) -> Self {
            self.with_options(|o| o.retry = policy)
        }

        /// A client that runs `hook` around every attempt, after the
        /// hooks it already has.
        pub fn with_hook(&self, hook: impl Hook) -> Self {
            self.with_options(|o| o.hooks.push(::std::sync::Arc::new(hook)))
        }

        /// Use this `reqwest::Client` (timeouts, proxies, TLS, default headers).
        /// Give it a redirect policy that stays within one origin (as
        /// the default does) or credentials may follow a redirect to
        /// another host.
        pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
            self.http = http;
            self
        }

        #base_url

        /// The underlying `reqwest::Client`.
        pub fn http_client(&self) -> &::reqwest::Client {
            &self.http
        }

        #request
    }
}

/// The first server's URL, when it is absolute and has no variables.
fn default_base_url(ctx: &Ctx) -> Option<String> {
    let url = ctx.api.servers.first()?.url.trim();
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    (absolute && !url.contains('{') && !url.contains(char::is_whitespace))
        .then(|| url.trim_end_matches('/').to_owned())
}

/// `with_<scheme>(...)`: set the credential for one security scheme.
fn credential_method(ctx: &Ctx, s: &SecurityScheme, methods: &mut Namespace) -> TokenStream {
    let name = ident(&methods.snake_name(
        &format!("with_{}", s.name.trim_start_matches("r#")),
        "with_credential",
    ));
    let key = &s.key;
    let credential = ctx.support(Support::ClientCredential, Scope::Child);
    let mut docs = match &s.kind {
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                _ => "header",
            };
            vec![format!(
                "Set the API key for `{key}`, sent as the `{name}` {place}."
            )]
        }
        SecurityKind::Bearer => vec![format!(
            "Set the bearer token for `{key}`, sent as `Authorization: Bearer <token>`."
        )],
        SecurityKind::Basic => vec![format!(
            "Set the user name and password for `{key}` (HTTP basic authentication)."
        )],
    };
    docs.push(String::new());
    docs.push("Sent only with the operations that require it.".to_owned());
    docs.extend(s.docs.lines());
    let docs = doc_lines(&docs);
    let into_string = quote!(impl ::std::convert::Into<::std::string::String>);
    let (args, value) = match &s.kind {
        SecurityKind::ApiKey { location, name } => {
            let location = format_ident!(
                "{}",
                match location {
                    ParamLocation::Query => "Query",
                    ParamLocation::Cookie => "Cookie",
                    _ => "Header",
                }
            );
            let key_location = ctx.support(Support::ClientKeyLocation, Scope::Child);
            (
                quote!(key: #into_string),
                quote!(#credential::ApiKey {
                    location: #key_location::#location,
                    name: #name,
                    value: key.into(),
                }),
            )
        }
        SecurityKind::Bearer => (
            quote!(token: #into_string),
            quote!(#credential::Bearer(token.into())),
        ),
        SecurityKind::Basic => (
            quote!(username: #into_string, password: #into_string),
            quote!(#credential::Basic {
                username: username.into(),
                password: ::std::option::Option::Some(password.into()),
            }),
        ),
    };
    quote! {
        #docs
        pub fn #name(mut self, #args) -> Self {
            self.credentials.set(#key, #value);
            self
        }
    }
}
