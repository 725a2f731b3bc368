//! Support code from `templates/`: real Rust files, embedded at build time,
//! parsed by syn and emitted into a `forge_support` module when (and only
//! when) generated code uses them.

use super::Ctx;
use proc_macro2::TokenStream;
use quote::quote;

/// One support item a generated file may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Support {
    Nullable,
    RequiredNullable,
    InvalidEnumValue,
    NoVariantMatched,
    SerializeTagged,
    Base64,
    Upload,
    OpenEnumImpls,
    ClosedEnumImpls,
    IntEnumImpls,
    /// The generated server's extraction and response helpers; emitted
    /// inside the `server` module (not `forge_support`).
    ServerRuntime,
    /// Schema limits and closed objects for the server's checks; emitted
    /// next to the runtime when the spec has any.
    ServerLimits,
    /// `pattern` checks for the server (they need the `regex` crate).
    ServerPatterns,
    /// Reading multipart bodies in the server (axum's `multipart` feature).
    ServerMultipart,
    ClientError,
    ClientApiErrorImpls,
    ClientRequest,
    /// The multipart body builder (needs `Upload`).
    ClientMultipart,
    ClientParamStyle,
    ClientKeyLocation,
    ClientCredential,
    ClientCredentials,
}

impl Support {
    /// The item's name inside `forge_support`.
    pub fn name(self) -> &'static str {
        match self {
            Support::Nullable => "Nullable",
            Support::RequiredNullable => "deserialize_required_nullable",
            Support::InvalidEnumValue => "InvalidEnumValue",
            Support::NoVariantMatched => "no_variant_matched",
            Support::SerializeTagged => "serialize_tagged",
            Support::Base64 => "Base64",
            Support::Upload => "Upload",
            Support::OpenEnumImpls => "open_enum_impls",
            Support::ClosedEnumImpls => "closed_enum_impls",
            Support::IntEnumImpls => "int_enum_impls",
            Support::ServerRuntime => "ServerConfig",
            Support::ServerLimits => "Limits",
            Support::ServerPatterns => "pattern",
            Support::ServerMultipart => "Form",
            Support::ClientError => "ClientError",
            Support::ClientApiErrorImpls => "api_error_impls",
            Support::ClientRequest => "Request",
            Support::ClientMultipart => "Multipart",
            Support::ClientParamStyle => "ParamStyle",
            Support::ClientKeyLocation => "KeyLocation",
            Support::ClientCredential => "Credential",
            Support::ClientCredentials => "Credentials",
        }
    }

    /// The template file that defines it.
    pub(super) fn template(self) -> (&'static str, &'static str) {
        match self {
            Support::Nullable => ("nullable.rs", include_str!("../../templates/nullable.rs")),
            Support::RequiredNullable => (
                "required_nullable.rs",
                include_str!("../../templates/required_nullable.rs"),
            ),
            Support::InvalidEnumValue => (
                "enum_error.rs",
                include_str!("../../templates/enum_error.rs"),
            ),
            Support::NoVariantMatched | Support::SerializeTagged => {
                ("union.rs", include_str!("../../templates/union.rs"))
            }
            Support::Base64 => ("base64.rs", include_str!("../../templates/base64.rs")),
            Support::Upload => ("upload.rs", include_str!("../../templates/upload.rs")),
            Support::ClientMultipart => (
                "client_multipart.rs",
                include_str!("../../templates/client_multipart.rs"),
            ),
            Support::OpenEnumImpls => {
                ("enum_open.rs", include_str!("../../templates/enum_open.rs"))
            }
            Support::ClosedEnumImpls => (
                "enum_closed.rs",
                include_str!("../../templates/enum_closed.rs"),
            ),
            Support::IntEnumImpls => ("enum_int.rs", include_str!("../../templates/enum_int.rs")),
            Support::ServerRuntime => (
                "server_runtime.rs",
                include_str!("../../templates/server_runtime.rs"),
            ),
            Support::ServerLimits => (
                "server_limits.rs",
                include_str!("../../templates/server_limits.rs"),
            ),
            Support::ServerPatterns => (
                "server_patterns.rs",
                include_str!("../../templates/server_patterns.rs"),
            ),
            Support::ServerMultipart => (
                "server_multipart.rs",
                include_str!("../../templates/server_multipart.rs"),
            ),
            Support::ClientError => (
                "client_error.rs",
                include_str!("../../templates/client_error.rs"),
            ),
            Support::ClientApiErrorImpls => (
                "client_error_impls.rs",
                include_str!("../../templates/client_error_impls.rs"),
            ),
            Support::ClientRequest
            | Support::ClientParamStyle
            | Support::ClientKeyLocation
            | Support::ClientCredential
            | Support::ClientCredentials => (
                "client_request.rs",
                include_str!("../../templates/client_request.rs"),
            ),
        }
    }
}

/// Parse a template into the items a generated file gets: all but its
/// `#[cfg(test)]` ones (the support crate's own tests). Templates are part
/// of this crate and covered by its tests, so a parse failure is a bug in
/// openapi-forge.
pub fn template_items(name: &str, source: &str) -> Vec<syn::Item> {
    match syn::parse_file(source) {
        Ok(file) => file.items.into_iter().filter(|i| !is_test_only(i)).collect(),
        Err(e) => panic!("templates/{name} does not parse: {e}"),
    }
}

/// `#[cfg(test)]` on an item (a test module or a helper for tests).
fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Struct(s) => &s.attrs,
        syn::Item::Enum(e) => &e.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(m) => &m.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|arg| arg == "test")
    })
}

pub fn emit(ctx: &Ctx) -> TokenStream {
    let used = ctx.used_support();
    if used.is_empty() {
        return TokenStream::new();
    }
    let mut files: Vec<(&str, &str)> = Vec::new();
    for item in used {
        let t = item.template();
        if !files.contains(&t) {
            files.push(t);
        }
    }
    let items = files
        .into_iter()
        .flat_map(|(name, source)| template_items(name, source));
    quote! {
        /// Support code for the generated types.
        pub mod forge_support {
            #(#items)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for s in [
            Support::Nullable,
            Support::RequiredNullable,
            Support::InvalidEnumValue,
            Support::NoVariantMatched,
            Support::SerializeTagged,
            Support::Base64,
            Support::Upload,
            Support::OpenEnumImpls,
            Support::ClosedEnumImpls,
            Support::IntEnumImpls,
            Support::ServerRuntime,
            Support::ServerLimits,
            Support::ServerPatterns,
            Support::ServerMultipart,
            Support::ClientError,
            Support::ClientApiErrorImpls,
            Support::ClientRequest,
            Support::ClientMultipart,
            Support::ClientParamStyle,
            Support::ClientKeyLocation,
            Support::ClientCredential,
            Support::ClientCredentials,
        ] {
            let (name, source) = s.template();
            let items = template_items(name, source);
            let defined = items.iter().any(|i| match i {
                syn::Item::Struct(x) => x.ident == s.name(),
                syn::Item::Enum(x) => x.ident == s.name(),
                syn::Item::Fn(x) => x.sig.ident == s.name(),
                syn::Item::Macro(x) => x.ident.as_ref().is_some_and(|i| i == s.name()),
                _ => false,
            });
            assert!(defined, "templates/{name} does not define {}", s.name());
        }
    }
}
