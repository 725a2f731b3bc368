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

/// The generated file in the order it is written, one part at a time
/// (models, client, server, support), so formatting can start on the
/// models while the client is still being emitted.
pub struct Parts<'a> {
    ctx: Ctx<'a>,
    next: usize,
}

impl<'a> Parts<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Parts {
            ctx: Ctx::new(api, settings),
            next: 0,
        }
    }

    /// The emitters' warnings; complete once every part was taken.
    pub fn take_warnings(&self) -> Diagnostics {
        self.ctx.take_warnings()
    }
}

impl Iterator for Parts<'_> {
    type Item = TokenStream;

    fn next(&mut self) -> Option<TokenStream> {
        let settings = self.ctx.settings;
        loop {
            let part = self.next;
            self.next += 1;
            let tokens = match part {
                0 => {
                    let models = models::emit(&self.ctx);
                    let uses = self.ctx.short_support_uses();
                    quote::quote!(#uses #models)
                }
                1 if settings.client => client::emit(&self.ctx),
                2 if settings.server => server::emit(&self.ctx),
                1 | 2 => continue,
                // Support last: the emitters above decide which items are needed.
                3 => support::emit(&self.ctx),
                _ => return None,
            };
            return Some(tokens);
        }
    }
}
