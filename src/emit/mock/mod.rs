//! The typed mock server (module `mock`): the generated server's router,
//! served on 127.0.0.1 with an `Api` implementation that answers from
//! expectations. Requests pass the server's checks first, so a request the
//! spec does not allow is a recorded contract violation, not a call.
//!
//! `plan.rs` decides the names from what the server emitter handed over;
//! this file spells them. What is the same for every operation
//! (expectations, counts, reports, the running server) is the template
//! `templates/mock_runtime.rs`, inlined as `mock::runtime`.

mod plan;

use super::context::doc_lines;
use super::server::Handed;
use super::support::{items_for, Home, Support};
use super::Ctx;
use plan::{Plan, Served};
use proc_macro2::TokenStream;
use quote::quote;

/// The `mock` module over the operations the server serves.
pub fn emit(ctx: &Ctx, handed: &Handed) -> TokenStream {
    let plan = Plan::new(handed);
    ctx.mark(Support::MockRuntime);
    let runtime = items_for(&ctx.used_support(), Home::MockRuntime);
    let Plan {
        server,
        handler,
        operations,
        served,
    } = &plan;
    let inputs = served.iter().map(input_struct);
    let fields = served.iter().map(|s| {
        let (method, input, response) = (&s.method, &s.input, &s.response);
        quote!(#method: self::runtime::Operation<#input, #response>)
    });
    let new_fields = served.iter().map(|s| {
        let (method, label) = (&s.method, &s.label);
        quote!(#method: self::runtime::Operation::new(#label))
    });
    let problems = served.iter().map(|s| {
        let method = &s.method;
        quote!(problems.extend(self.#method.problems());)
    });
    let accessors = served.iter().map(accessor);
    let answers = served.iter().map(answer);
    // With nothing served, no `Api` method reads the expectations.
    let unused = served.is_empty().then(|| quote!(#[allow(dead_code)]));
    quote! {
        /// A typed mock of the API for tests: the generated server's
        /// router on 127.0.0.1, answering from expectations set per
        /// operation. Requests pass the server's checks first, so a request
        /// the spec does not allow fails [`MockServer::verify`] naming the
        /// field, instead of reaching an expectation.
        #[allow(
            // An `Api` method takes one argument per parameter.
            clippy::too_many_arguments,
            // An operation may be called `new`, `deref`, `to_x` or `into_x`.
            clippy::new_ret_no_self,
            clippy::should_implement_trait,
            clippy::wrong_self_convention,
            // Parameter names come from the spec (`foo` included).
            clippy::disallowed_names
        )]
        pub mod mock {
            // The server's types (responses, credentials) by their names;
            // the module's own names never take one of them.
            #[allow(unused_imports)]
            use super::server::*;
            // The server's argument types may name its runtime.
            #[allow(unused_imports)]
            use super::server::runtime as rt;
            pub use self::runtime::{Expect, Operation, Violation};

            #(#inputs)*

            /// A running mock server. Set expectations with the method
            /// named after each operation, point the client at
            /// [`url`](Self::url), then call [`verify`](Self::verify) (it
            /// also runs when the mock is dropped).
            pub struct #server {
                operations: ::std::sync::Arc<#operations>,
                violations: self::runtime::Violations,
                verify_on_drop: bool,
                running: self::runtime::Running,
            }

            struct #operations {
                #(#fields,)*
            }

            impl #operations {
                fn new() -> Self {
                    #operations { #(#new_fields,)* }
                }

                fn problems(&self) -> ::std::vec::Vec<::std::string::String> {
                    #[allow(unused_mut)]
                    let mut problems = ::std::vec::Vec::new();
                    #(#problems)*
                    problems
                }
            }

            impl #server {
                /// Serves the mock on a free port of 127.0.0.1 (in the
                /// calling tokio runtime) until it is dropped.
                pub async fn start() -> Self {
                    let operations = ::std::sync::Arc::new(#operations::new());
                    let violations = self::runtime::Violations::default();
                    let router = self::runtime::recording(
                        super::server::router(#handler(operations.clone())),
                        violations.clone(),
                    );
                    let running = self::runtime::Running::start(router).await;
                    #server { operations, violations, verify_on_drop: true, running }
                }

                /// The base URL to give the client (`http://127.0.0.1:PORT`).
                pub fn url(&self) -> ::std::string::String {
                    self.running.url()
                }

                /// The problems [`verify`](Self::verify) reports, or `None`.
                pub fn report(&self) -> ::std::option::Option<::std::string::String> {
                    let mut problems = self.operations.problems();
                    problems.extend(
                        self.violations().iter().map(|v| ::std::format!("contract violation: {v}")),
                    );
                    self::runtime::report(problems)
                }

                /// Panics with a report unless every expectation got the
                /// calls it expects, every call matched an expectation and
                /// every request kept to the spec.
                pub fn verify(&self) {
                    if let ::std::option::Option::Some(report) = self.report() {
                        panic!("{report}");
                    }
                }

                /// Whether dropping the mock runs [`verify`](Self::verify)
                /// (on by default; never while already panicking).
                pub fn verify_on_drop(&mut self, verify: bool) {
                    self.verify_on_drop = verify;
                }

                /// The requests the server's checks refused so far.
                pub fn violations(&self) -> ::std::vec::Vec<self::runtime::Violation> {
                    self.violations
                        .lock()
                        .unwrap_or_else(::std::sync::PoisonError::into_inner)
                        .clone()
                }

                /// The refused requests, forgotten (for a test that sends
                /// one on purpose).
                pub fn take_violations(&self) -> ::std::vec::Vec<self::runtime::Violation> {
                    ::std::mem::take(
                        &mut *self.violations.lock().unwrap_or_else(::std::sync::PoisonError::into_inner),
                    )
                }

                #(#accessors)*
            }

            impl ::std::ops::Drop for #server {
                fn drop(&mut self) {
                    if self.verify_on_drop && !::std::thread::panicking() {
                        self.verify();
                    }
                }
            }

            /// The server's `Api`, answering from the expectations.
            #unused
            struct #handler(::std::sync::Arc<#operations>);

            impl super::server::Api for #handler {
                #(#answers)*
            }

            /// Expectations, recorded calls and the running server.
            pub mod runtime {
                #(#runtime)*
            }
        }
    }
}

/// The struct of one operation's typed inputs.
fn input_struct(s: &Served) -> TokenStream {
    let Served {
        input,
        fields,
        code_label,
        ..
    } = s;
    let docs = doc_lines(&[format!(
        "The inputs of a call to {code_label}, as the server read them."
    )]);
    let names = fields.iter().map(|(n, _)| n);
    let tys = fields.iter().map(|(_, t)| t);
    let derive = s.derive_debug.then(|| quote!(#[derive(Debug)]));
    let debug = (!s.derive_debug).then(|| {
        let label = input.to_string();
        quote! {
            impl ::std::fmt::Debug for #input {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label).finish_non_exhaustive()
                }
            }
        }
    });
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub struct #input {
            #(pub #names: #tys,)*
        }
        #debug
    }
}

/// The `MockServer` method of one operation.
fn accessor(s: &Served) -> TokenStream {
    let Served {
        method,
        input,
        response,
        code_label,
        ..
    } = s;
    let docs = doc_lines(&[format!(
        "{code_label}: set expectations (`when`, `respond`, `times`, …) and read the recorded calls."
    )]);
    quote! {
        #docs
        pub fn #method(&self) -> &self::runtime::Operation<#input, #response> {
            &self.operations.#method
        }
    }
}

/// The server's trait method of one operation: record the call, answer
/// from the expectations.
fn answer(s: &Served) -> TokenStream {
    let Served {
        method,
        api_method,
        input,
        response,
        fields,
        ..
    } = s;
    let names: Vec<_> = fields.iter().map(|(n, _)| n).collect();
    let tys = fields.iter().map(|(_, t)| t);
    quote! {
        fn #api_method(&self, #(#names: #tys),*) -> impl ::std::future::Future<Output = #response> + ::std::marker::Send {
            // `shared` is a local no argument takes (the server reserves it).
            let shared = self.0.clone();
            async move {
                match shared.#method.call(#input { #(#names),* }).await {
                    self::runtime::Reply::Typed(response) => response,
                    self::runtime::Reply::Raw(response) => #response::Custom(response),
                }
            }
        }
    }
}
