//! A webhook receiver's single-URL entry point: many providers (GitHub
//! among them) deliver every webhook to one URL and tell them apart by a
//! header or a body property, so besides a route per webhook the receiver
//! offers `single_url_router`, which asks a function of the user's which
//! webhook a delivery is and hands it to that webhook's handler (with all
//! its checks).

use super::super::context::ident;
use super::routes::Plan;
use crate::ir::naming::{upper_camel, Namespace};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The `Webhook` enum and the single-URL routers.
pub fn emit(plan: &Plan, handlers: &[Ident], router_policy: &TokenStream) -> TokenStream {
    let mut variants = Namespace::default();
    let mut names = Vec::new();
    let mut docs = Vec::new();
    let mut idents = Vec::new();
    let mut paths = Vec::new();
    let mut arms = Vec::new();
    for ((op, route), handler) in plan.served.iter().zip(handlers) {
        let variant =
            ident(&variants.type_name(&upper_camel(op.name.trim_start_matches("r#"), "Webhook")));
        let name = op.hook.as_ref().map_or(op.id.as_str(), |h| h.name.as_str());
        let method = format_ident!("{}", op.method.as_str());
        let doc = format!(
            " {} (`{}`).",
            super::super::context::inline_code(name),
            op.method.as_str()
        );
        let path = &route.path;
        docs.push(quote!(#[doc = #doc]));
        names.push(quote!(Webhook::#variant => #name));
        paths.push(quote!(Webhook::#variant => #path));
        arms.push(quote! {
            path if path == #path && method == ::axum::http::Method::#method => {
                #handler::<A>(::axum::extract::State(shared), request).await
            }
        });
        idents.push(variant);
    }
    let routers = single_url_routers(router_policy, &arms);
    quote! {
        /// The webhooks and callbacks this receiver takes, to tell a
        /// delivery apart with [`single_url_router`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Webhook {
            #(#docs #idents,)*
        }

        impl Webhook {
            /// Every webhook, in the order of the API description.
            pub const ALL: &'static [Webhook] = &[#(Webhook::#idents),*];

            /// The name the API description gives it: its key in
            /// `webhooks`, or `OPERATION_ID.CALLBACK` for a callback.
            pub fn name(self) -> &'static str {
                match self {
                    #(#names,)*
                }
            }

            /// The webhook with this name (see [`Webhook::name`]).
            pub fn from_name(name: &str) -> ::std::option::Option<Webhook> {
                Self::ALL.iter().copied().find(|w| w.name() == name)
            }

            /// The path [`router`] serves it at.
            pub fn path(self) -> &'static str {
                match self {
                    #(#paths,)*
                }
            }
        }

        #routers
    }
}

/// `single_url_router` and `single_url_router_with_config`: `arms` hand a
/// delivery to its webhook's handler by path and method.
fn single_url_routers(router_policy: &TokenStream, arms: &[TokenStream]) -> TokenStream {
    quote! {
        /// One URL for every webhook, with the default [`ServerConfig`]:
        /// `pick` tells from a delivery's headers and body which webhook
        /// it is (`None`: none, answered with a 404).
        ///
        /// GitHub, for one, sends the event in the `X-GitHub-Event` header
        /// and the action in the body's `action`; its webhooks are named
        /// `EVENT-ACTION` with `_` written `-` (`pull_request` and
        /// `auto_merge_disabled` are `pull-request-auto-merge-disabled`):
        ///
        /// ```ignore
        /// single_url_router(api, |headers, body| {
        ///     let event = headers.get("x-github-event")?.to_str().ok()?.replace('_', "-");
        ///     let action = serde_json::from_slice::<serde_json::Value>(body)
        ///         .ok()
        ///         .and_then(|v| v.get("action")?.as_str().map(str::to_owned));
        ///     action
        ///         .and_then(|a| Webhook::from_name(&format!("{event}-{a}").replace('_', "-")))
        ///         .or_else(|| Webhook::from_name(&event))
        /// })
        /// ```
        pub fn single_url_router<A: Api>(
            api: A,
            pick: impl Fn(&::axum::http::HeaderMap, &[u8]) -> ::std::option::Option<Webhook> + ::std::marker::Send + ::std::marker::Sync + 'static,
        ) -> ::axum::Router {
            single_url_router_with_config(api, self::runtime::ServerConfig::default(), pick)
        }

        /// [`single_url_router`] with a [`ServerConfig`]. Every path is
        /// taken; each delivery then gets the checks of the webhook `pick`
        /// names, as under [`router`].
        pub fn single_url_router_with_config<A: Api>(
            api: A,
            config: self::runtime::ServerConfig,
            pick: impl Fn(&::axum::http::HeaderMap, &[u8]) -> ::std::option::Option<Webhook> + ::std::marker::Send + ::std::marker::Sync + 'static,
        ) -> ::axum::Router {
            #router_policy
            let head_limits = config.clone();
            let shared = ::std::sync::Arc::new(Shared { api, config });
            let pick = ::std::sync::Arc::new(pick);
            let dispatch = move |::axum::extract::State(shared): State<A>, request: ::axum::extract::Request| {
                let pick = pick.clone();
                async move {
                    let (parts, body) = request.into_parts();
                    let limit = shared.config.max_body_bytes;
                    let ::std::result::Result::Ok(bytes) = ::axum::body::to_bytes(body, limit).await else {
                        return ROUTER_POLICY.respond(rt::Rejection::new(
                            rt::RejectionKind::TooLarge,
                            ::std::format!("the body is larger than {limit} bytes"),
                        ));
                    };
                    let ::std::option::Option::Some(webhook) = pick(&parts.headers, &bytes) else {
                        return ROUTER_POLICY.respond(rt::Rejection::new(
                            rt::RejectionKind::NotFound,
                            "the request is no webhook this receiver takes",
                        ));
                    };
                    let request = ::axum::extract::Request::from_parts(parts, ::axum::body::Body::from(bytes));
                    // A webhook's methods share its path: the request's
                    // method picks among them, as under `router`.
                    let method = request.method().clone();
                    match webhook.path() {
                        #(#arms)*
                        _ => rt::method_not_allowed(&ROUTER_POLICY),
                    }
                }
            };
            ::axum::Router::<::std::sync::Arc<Shared<A>>>::new()
                .without_v07_checks()
                .fallback(dispatch)
                .layer(::axum::middleware::map_request(move |request: ::axum::extract::Request| {
                    let limits = head_limits.clone();
                    async move { rt::check_head(&ROUTER_POLICY, &limits, request) }
                }))
                .layer(::axum::extract::DefaultBodyLimit::disable())
                .with_state(shared)
        }
    }
}
