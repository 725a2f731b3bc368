//! axum server stubs (module `server`).

use super::Ctx;
use proc_macro2::TokenStream;

pub fn emit(_ctx: &Ctx) -> TokenStream {
    TokenStream::new()
}
