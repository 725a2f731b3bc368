//! Stage 3: IR to tokens. Each emitter returns a `TokenStream`; the support
//! code they use (from `templates/`) is added once at the end.

mod client;
mod context;
mod models;
mod server;
mod support;

pub use context::{Ctx, Scope};

use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;

/// All generated items for one spec.
pub fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let ctx = Ctx::new(api, settings);
    let models = models::emit(&ctx);
    let client = settings.client.then(|| client::emit(&ctx));
    let server = settings.server.then(|| server::emit(&ctx));
    // Support last: the emitters above decide which items are needed.
    let support = support::emit(&ctx);
    quote! {
        #models
        #client
        #server
        #support
    }
}
