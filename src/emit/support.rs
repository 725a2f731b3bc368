//! Support code from `templates/`: real Rust files, embedded at build time,
//! parsed by syn and emitted into a `forge_support` module when (and only
//! when) generated code uses them.

use super::{Ctx, PartSet};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// An external crate generated code needs, with the features it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crate {
    /// The crate's name as a path root (`percent_encoding`).
    pub name: &'static str,
    pub features: &'static [&'static str],
}

const SERDE: Crate = Crate {
    name: "serde",
    features: &["derive"],
};
const SERDE_JSON: Crate = Crate {
    name: "serde_json",
    features: &[],
};
const REQWEST: Crate = Crate {
    name: "reqwest",
    features: &["json", "query"],
};
const PERCENT_ENCODING: Crate = Crate {
    name: "percent_encoding",
    features: &[],
};
const AXUM: Crate = Crate {
    name: "axum",
    features: &["query", "form"],
};
const AXUM_MULTIPART: Crate = Crate {
    name: "axum",
    features: &["multipart"],
};
const AXUM_SSE: Crate = Crate {
    name: "axum",
    features: &["tokio"],
};
const REGEX: Crate = Crate {
    name: "regex",
    features: &[],
};
const TRACING: Crate = Crate {
    name: "tracing",
    features: &[],
};
const FUTURES_UTIL: Crate = Crate {
    name: "futures_util",
    features: &[],
};
const BYTES: Crate = Crate {
    name: "bytes",
    features: &[],
};
const REQWEST_STREAM: Crate = Crate {
    name: "reqwest",
    features: &["stream"],
};
const TOKIO_FS: Crate = Crate {
    name: "tokio",
    features: &["fs"],
};
const TOKIO_TIME: Crate = Crate {
    name: "tokio",
    features: &["time"],
};
/// The mock server listens, spawns its task and delays answers.
const TOKIO_MOCK: Crate = Crate {
    name: "tokio",
    features: &["net", "rt", "time"],
};
/// `axum::serve`: it exists only with the tokio feature and an HTTP
/// version.
const AXUM_SERVE: Crate = Crate {
    name: "axum",
    features: &["tokio", "http1"],
};

/// Where a support item is inlined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The `forge_support` module at the top of the file.
    Support,
    /// The `runtime` module inside the generated `server` module.
    ServerRuntime,
    /// The `runtime` module inside the generated `mock` module.
    MockRuntime,
}

/// Everything the generator knows about one support item, declared once.
pub struct Declaration {
    /// The item's name in its module (what generated code refers to).
    pub name: &'static str,
    /// The file in `templates/` that defines it, and that file's text.
    pub file: &'static str,
    pub source: &'static str,
    pub home: Home,
    /// Other support items its code refers to.
    pub needs: &'static [Support],
    /// External crates its code refers to (checked against the code and
    /// against `templates/Cargo.toml` by this module's tests).
    pub crates: &'static [Crate],
}

/// Declares the support items: the `Support` enum, `Support::ALL` and the
/// one table of `Declaration`s, so an item is named in exactly one place.
macro_rules! support_items {
    ($(
        $(#[doc = $doc:literal])*
        $item:ident: $name:literal in $file:literal at $home:ident,
            needs [$($need:ident),*], crates [$($krate:ident),*];
    )*) => {
        /// One support item a generated file may need.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Support {
            $( $(#[doc = $doc])* $item, )*
        }

        impl Support {
            /// Every item, in declaration order (for the tests).
            #[cfg_attr(not(test), allow(dead_code))]
            pub const ALL: &'static [Support] = &[$(Support::$item),*];

            /// The item's declaration.
            pub fn declaration(self) -> &'static Declaration {
                match self {
                    $(Support::$item => &Declaration {
                        name: $name,
                        file: $file,
                        source: include_str!(concat!("../../templates/", $file)),
                        home: Home::$home,
                        needs: &[$(Support::$need),*],
                        crates: &[$($krate),*],
                    },)*
                }
            }
        }
    };
}

support_items! {
    Nullable: "Nullable" in "nullable.rs" at Support, needs [], crates [SERDE];
    /// The helpers of the `Deserialize` impls written for structs.
    DeStruct: "deserialize_struct" in "de_struct.rs" at Support, needs [], crates [SERDE];
    /// The helpers of the `Serialize` impls written for structs.
    SerStruct: "serialize_struct" in "ser_struct.rs" at Support, needs [], crates [SERDE];
    InvalidEnumValue: "InvalidEnumValue" in "enum_error.rs" at Support, needs [], crates [];
    NoVariantMatched: "no_variant_matched" in "union.rs" at Support, needs [], crates [SERDE, SERDE_JSON];
    SerializeTagged: "serialize_tagged" in "union.rs" at Support, needs [], crates [SERDE, SERDE_JSON];
    Base64: "Base64" in "base64.rs" at Support, needs [], crates [SERDE];
    Upload: "Upload" in "upload.rs" at Support, needs [], crates [SERDE];
    OpenEnumImpls: "open_enum_impls" in "enum_open.rs" at Support, needs [], crates [SERDE];
    ClosedEnumImpls: "closed_enum_impls" in "enum_closed.rs" at Support,
        needs [InvalidEnumValue], crates [SERDE];
    IntEnumImpls: "int_enum_impls" in "enum_int.rs" at Support,
        needs [InvalidEnumValue], crates [SERDE];
    /// The generated server's extraction and response helpers (it decodes
    /// Basic credentials with `Base64`).
    ServerRuntime: "ServerConfig" in "server_runtime.rs" at ServerRuntime,
        needs [Base64], crates [AXUM, SERDE, SERDE_JSON];
    /// Schema limits and closed objects for the server's checks.
    ServerLimits: "Limits" in "server_limits.rs" at ServerRuntime,
        needs [ServerRuntime], crates [SERDE_JSON];
    /// `pattern` checks for the server.
    ServerPatterns: "pattern" in "server_patterns.rs" at ServerRuntime,
        needs [ServerRuntime, EcmaClasses], crates [REGEX, SERDE_JSON];
    /// The schema interpreter that checks the keywords types do not express
    /// (`not`, `if`/`then`/`else`, `prefixItems`, `patternProperties`, …).
    ServerSchema: "schema" in "server_schema.rs" at ServerRuntime,
        needs [ServerRuntime, ServerLimits, ServerFormats, EcmaClasses], crates [REGEX, SERDE_JSON];
    /// Exact checks of string formats (`email`, `ipv4`, `date-time`, …).
    ServerFormats: "format" in "server_formats.rs" at ServerRuntime,
        needs [ServerRuntime], crates [SERDE_JSON];
    /// ECMA-262 `\d`/`\w` as ASCII classes (the generator checks patterns
    /// with the same function).
    EcmaClasses: "ecma_classes" in "ecma_classes.rs" at ServerRuntime, needs [], crates [];
    /// Reading multipart bodies in the server.
    ServerMultipart: "Form" in "server_multipart.rs" at ServerRuntime,
        needs [ServerRuntime, Upload], crates [AXUM_MULTIPART, SERDE, SERDE_JSON];
    /// Server-sent events in a response.
    ServerEvents: "Events" in "server_events.rs" at ServerRuntime,
        needs [ServerRuntime], crates [AXUM_SSE, FUTURES_UTIL, SERDE, SERDE_JSON];
    /// The mock server's expectations, recorded calls and running server.
    MockRuntime: "Operation" in "mock_runtime.rs" at MockRuntime,
        needs [ServerRuntime], crates [AXUM, AXUM_SERVE, TOKIO_MOCK, FUTURES_UTIL, SERDE_JSON];
    ClientError: "ClientError" in "client_error.rs" at Support, needs [], crates [REQWEST];
    ClientApiErrorImpls: "api_error_impls" in "client_error_impls.rs" at Support,
        needs [ClientError], crates [];
    ClientRequest: "Request" in "client_request.rs" at Support,
        needs [ClientError, ClientOptions], crates [REQWEST, PERCENT_ENCODING, SERDE, SERDE_JSON, TOKIO_TIME];
    /// Retries, timeouts, the body limit and hooks of the client.
    ClientOptions: "ClientOptions" in "client_retry.rs" at Support, needs [], crates [REQWEST];
    ClientRetryPolicy: "RetryPolicy" in "client_retry.rs" at Support, needs [ClientOptions], crates [];
    /// A call's `tracing` span (`--tracing`); the client marks this or
    /// `ClientNoTrace`, which defines the same names at no cost.
    ClientTrace: "CallSpan" in "client_trace.rs" at Support, needs [ClientOptions], crates [REQWEST, TRACING];
    ClientNoTrace: "CallSpan" in "client_no_trace.rs" at Support, needs [ClientOptions], crates [REQWEST];
    ClientHook: "Hook" in "client_retry.rs" at Support, needs [ClientOptions], crates [];
    ClientAttempt: "Attempt" in "client_retry.rs" at Support, needs [ClientOptions], crates [];
    ClientOutcome: "Outcome" in "client_retry.rs" at Support, needs [ClientOptions], crates [];
    /// The multipart body builder.
    ClientMultipart: "Multipart" in "client_multipart.rs" at Support,
        needs [Upload], crates [SERDE, SERDE_JSON];
    /// The default `reqwest::Client`: redirects only within one origin.
    ClientHttp: "default_http_client" in "client_request.rs" at Support,
        needs [ClientRequest], crates [];
    /// The streams of a list operation's pages and items.
    ClientPaging: "pages" in "client_paging.rs" at Support,
        needs [], crates [FUTURES_UTIL, REQWEST];
    ClientPageItems: "page_items" in "client_paging.rs" at Support,
        needs [ClientPaging], crates [];
    ClientLastPage: "last_page" in "client_paging.rs" at Support,
        needs [ClientPaging], crates [];
    ClientNextLink: "next_link" in "client_paging.rs" at Support,
        needs [ClientPaging], crates [REQWEST];
    /// A response body read as it arrives: downloads and server-sent
    /// events.
    ClientStreams: "ByteStream" in "client_stream.rs" at Support,
        needs [ClientRequest], crates [REQWEST, FUTURES_UTIL, BYTES, SERDE, SERDE_JSON, TOKIO_TIME];
    ClientEventStream: "EventStream" in "client_stream.rs" at Support,
        needs [ClientStreams], crates [];
    ClientEvent: "Event" in "client_stream.rs" at Support,
        needs [ClientStreams], crates [];
    ClientStreamError: "StreamError" in "client_stream.rs" at Support,
        needs [ClientStreams], crates [];
    /// A binary request body: bytes, or a stream sent as it is read.
    ClientBinaryBody: "BinaryBody" in "client_body.rs" at Support,
        needs [ClientRequest], crates [REQWEST_STREAM, FUTURES_UTIL, BYTES, TOKIO_FS];
    ClientParamStyle: "ParamStyle" in "client_request.rs" at Support,
        needs [ClientRequest], crates [];
    ClientKeyLocation: "KeyLocation" in "client_request.rs" at Support,
        needs [ClientRequest], crates [];
    ClientCredential: "Credential" in "client_request.rs" at Support,
        needs [ClientRequest], crates [];
    ClientCredentials: "Credentials" in "client_request.rs" at Support,
        needs [ClientRequest], crates [];
    /// Resolving a callback's URL expression (the webhooks' sender).
    CallbackUrl: "resolve_callback_url" in "callback_url.rs" at Support,
        needs [], crates [SERDE_JSON];
    CallbackRequest: "CallbackRequest" in "callback_url.rs" at Support,
        needs [CallbackUrl], crates [];
}

impl Support {
    /// The item's name inside its module.
    pub fn name(self) -> &'static str {
        self.declaration().name
    }

    /// This item and every item it needs, transitively.
    pub fn with_needs(self) -> Vec<Support> {
        let mut out = vec![self];
        let mut next = 0;
        while let Some(&item) = out.get(next) {
            for &need in item.declaration().needs {
                if !out.contains(&need) {
                    out.push(need);
                }
            }
            next += 1;
        }
        out
    }
}

/// The items of `used` that live in `home`, one per template file (several
/// items share a file), parsed.
pub fn items_for(used: &BTreeSet<Support>, home: Home) -> Vec<syn::Item> {
    let mut files: Vec<&Declaration> = Vec::new();
    for item in used {
        let d = item.declaration();
        if d.home == home && !files.iter().any(|f| f.file == d.file) {
            files.push(d);
        }
    }
    files
        .into_iter()
        .flat_map(|d| template_items(d.file, d.source))
        .collect()
}

/// Parse a template into the items a generated file gets: all but its
/// `#[cfg(test)]` ones (the support crate's own tests). Templates are part
/// of this crate and covered by its tests, so a parse failure is a bug in
/// openapi-forge.
pub fn template_items(name: &str, source: &str) -> Vec<syn::Item> {
    match syn::parse_file(source) {
        Ok(file) => file
            .items
            .into_iter()
            .filter(|i| !is_test_only(i))
            .collect(),
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
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "test")
    })
}

pub fn emit(ctx: &Ctx) -> TokenStream {
    let items = if ctx.in_crate() {
        gated_items(ctx)
    } else {
        items_for(&ctx.used_support(), Home::Support)
    };
    if items.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// Support code for the generated types.
        pub mod forge_support {
            #(#items)*
        }
    }
}

/// A crate's support items, each file's items behind the features of the
/// parts that use them: an item only the client uses needs reqwest, which
/// a crate built without `client` does not have.
fn gated_items(ctx: &Ctx) -> Vec<syn::Item> {
    let mut files: Vec<(&Declaration, PartSet)> = Vec::new();
    for (item, parts) in ctx.support_parts() {
        let d = item.declaration();
        if d.home != Home::Support {
            continue;
        }
        match files.iter_mut().find(|(f, _)| f.file == d.file) {
            Some((_, all)) => all.union(parts),
            None => files.push((d, parts)),
        }
    }
    let mut out = Vec::new();
    for (d, parts) in files {
        let gate: Option<syn::Attribute> = parts.cfg().map(|cfg| syn::parse_quote!(#[cfg(#cfg)]));
        for mut item in template_items(d.file, d.source) {
            if let Some(gate) = &gate {
                item_attrs(&mut item).insert(0, gate.clone());
            }
            out.push(item);
        }
    }
    out
}

/// `#[cfg(gate)]` on every item of `tokens` (the items a type or an
/// operation emits). They are generated, so they parse.
pub fn gate_items(tokens: TokenStream, gate: &TokenStream) -> TokenStream {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(e) => panic!("generated items do not parse ({e}): {tokens}"),
    };
    let attr: syn::Attribute = syn::parse_quote!(#[cfg(#gate)]);
    let items = file.items.into_iter().map(|mut item| {
        item_attrs(&mut item).insert(0, attr.clone());
        item
    });
    quote!(#(#items)*)
}

/// The attributes of a template item. Templates hold only these kinds
/// (a test checks it), so every item can be gated.
fn item_attrs(item: &mut syn::Item) -> &mut Vec<syn::Attribute> {
    match item {
        syn::Item::Const(x) => &mut x.attrs,
        syn::Item::Enum(x) => &mut x.attrs,
        syn::Item::Fn(x) => &mut x.attrs,
        syn::Item::Impl(x) => &mut x.attrs,
        syn::Item::Macro(x) => &mut x.attrs,
        syn::Item::Mod(x) => &mut x.attrs,
        syn::Item::Static(x) => &mut x.attrs,
        syn::Item::Struct(x) => &mut x.attrs,
        syn::Item::Trait(x) => &mut x.attrs,
        syn::Item::Type(x) => &mut x.attrs,
        syn::Item::Use(x) => &mut x.attrs,
        other => panic!(
            "templates hold an item that cannot be gated: {}",
            quote!(#other)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_defined_in_its_file() {
        for &s in Support::ALL {
            let d = s.declaration();
            let items = template_items(d.file, d.source);
            let defined = items.iter().any(|i| match i {
                syn::Item::Struct(x) => x.ident == d.name,
                syn::Item::Enum(x) => x.ident == d.name,
                syn::Item::Fn(x) => x.sig.ident == d.name,
                syn::Item::Trait(x) => x.ident == d.name,
                syn::Item::Macro(x) => x.ident.as_ref().is_some_and(|i| i == d.name),
                _ => false,
            });
            assert!(defined, "templates/{} does not define {}", d.file, d.name);
        }
    }

    /// The declarations cannot drift from the code: every external crate a
    /// file names is declared by each item of that file (or an item it
    /// needs), and every other support item it names is a declared need.
    #[test]
    fn declarations_match_what_the_files_use() {
        let crates = [
            "serde",
            "serde_json",
            "reqwest",
            "percent_encoding",
            "axum",
            "regex",
            "tokio",
            "tracing",
            "bytes",
            "futures_util",
        ];
        for &s in Support::ALL {
            let d = s.declaration();
            let closure = s.with_needs();
            let source = strip_tests(d.source);
            for krate in crates {
                if source.contains(&format!("::{krate}::")) {
                    let declared = closure
                        .iter()
                        .any(|n| n.declaration().crates.iter().any(|c| c.name == krate));
                    assert!(
                        declared,
                        "{s:?} ({}) uses {krate} but does not declare it",
                        d.file
                    );
                }
            }
            for &other in Support::ALL {
                let od = other.declaration();
                if od.file == d.file || od.home != Home::Support {
                    continue;
                }
                if source.contains(&format!("forge_support::{}", od.name)) {
                    assert!(
                        closure.contains(&other),
                        "{s:?} ({}) uses {other:?} but does not need it",
                        d.file
                    );
                }
            }
        }
    }

    /// The source text without its test module (tests may use anything).
    fn strip_tests(source: &str) -> String {
        let items = template_items("", source);
        quote!(#(#items)*).to_string().replace(' ', "")
    }

    #[test]
    fn every_template_item_can_be_gated() {
        for &s in Support::ALL {
            let d = s.declaration();
            for mut item in template_items(d.file, d.source) {
                item_attrs(&mut item);
            }
        }
    }

    #[test]
    fn needs_are_followed_transitively() {
        let all = Support::ServerMultipart.with_needs();
        for need in [Support::ServerRuntime, Support::Upload, Support::Base64] {
            assert!(all.contains(&need), "{need:?} missing from {all:?}");
        }
    }

    #[test]
    fn test_items_are_not_inlined() {
        let source = "pub fn kept() {}\n#[cfg(test)]\nmod tests { #[test] fn t() {} }\n#[cfg(test)]\nfn helper() {}\n#[cfg(not(test))]\nfn other() {}";
        let names: Vec<String> = template_items("t.rs", source)
            .iter()
            .map(|i| match i {
                syn::Item::Fn(f) => f.sig.ident.to_string(),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(names, ["kept", "other"]);
    }

    #[test]
    fn the_support_crate_declares_every_crate_and_feature() {
        let manifest = include_str!("../../templates/Cargo.toml");
        for &s in Support::ALL {
            for c in s.declaration().crates {
                // Packages are named with `-` or `_`; paths always use `_`.
                let dep = c.name.replace('_', "-");
                let line = manifest
                    .lines()
                    .find(|l| {
                        l.starts_with(&format!("{dep} ="))
                            || l.starts_with(&format!("{} =", c.name))
                    })
                    .unwrap_or_else(|| panic!("templates/Cargo.toml lacks {dep}"));
                for f in c.features {
                    assert!(
                        line.contains(&format!("\"{f}\"")),
                        "templates/Cargo.toml: {dep} lacks feature {f}"
                    );
                }
            }
        }
    }
}
