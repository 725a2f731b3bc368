//! Stage 3: IR to tokens. Each emitter returns a `TokenStream`; the support
//! code they use (from `templates/`) is added once at the end.

mod client;
mod context;
mod models;
mod server;
mod support;

pub use context::{Ctx, Scope};

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;

/// All generated items for one spec.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    emit_with_warnings(api, settings).0
}

/// All generated items for one spec, with the warnings of the emitters
/// (located by JSON pointer only).
pub fn emit_with_warnings(api: &Api, settings: &Settings) -> (TokenStream, Diagnostics) {
    let ctx = Ctx::new(api, settings);
    let models = models::emit(&ctx);
    let client = settings.client.then(|| client::emit(&ctx));
    let server = settings.server.then(|| server::emit(&ctx));
    // Support last: the emitters above decide which items are needed.
    let support = support::emit(&ctx);
    let tokens = quote! {
        #models
        #client
        #server
        #support
    };
    (tokens, ctx.take_warnings())
}
