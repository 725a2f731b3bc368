//! Stage 3: IR to tokens. Each emitter returns a `TokenStream`; the support
//! code they use (from `templates/`) is added once at the end.

mod context;
mod models;
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
    let support = support::emit(&ctx);
    quote! {
        #models
        #support
    }
}
