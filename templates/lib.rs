//! The support code openapi-forge inlines into generated files, compiled and
//! tested here as a crate of its own.
//!
//! Each file in this folder is inlined as it is (less its `#[cfg(test)]`
//! items) into the module the generated code expects it in, and this crate
//! includes each file into the same module: what compiles and passes its
//! tests here is exactly what a generated file holds. Which files a
//! generated file needs, and what each needs in turn, is declared once, in
//! the generator's `src/emit/support.rs`.
//!
//! - `forge_support` (at the top of a generated file): models, enums,
//!   unions and the client's runtime;
//! - `server::runtime` (inside the generated `server` module): the server's
//!   extraction, validation and response helpers.

// Items here are used by generated code, not by this crate: the macros
// and their `use` re-exports are invoked by generated enums and clients.
#![allow(dead_code, unused_macros, unused_imports)]

/// Support items at the top of a generated file.
pub mod forge_support {
    include!("nullable.rs");
    include!("required_nullable.rs");
    include!("enum_error.rs");
    include!("enum_open.rs");
    include!("enum_closed.rs");
    include!("enum_int.rs");
    include!("union.rs");
    include!("base64.rs");
    include!("upload.rs");
    include!("client_error.rs");
    include!("client_error_impls.rs");
    include!("client_request.rs");
    include!("client_multipart.rs");
}

/// The generated `server` module's support.
pub mod server {
    /// Extraction and response helpers used by the generated handlers.
    pub mod runtime {
        include!("server_runtime.rs");
        include!("server_limits.rs");
        include!("server_patterns.rs");
        include!("server_multipart.rs");
    }
}
