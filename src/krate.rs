//! Crate output: the same generated code laid out as a crate a project can
//! depend on. `src/lib.rs` declares `models` (re-exported at the root),
//! `client` and `server` (behind cargo features of those names) and
//! `forge_support`; `Cargo.toml` lists exactly the dependencies the emitted
//! code uses, the client's and server's optional behind their features.

use crate::emit::deps::{dependency_line, Dependencies, Dependency, TLS_FEATURE, TLS_FEATURES};
use crate::emit::tags::{TagFeatures, ALL_TAGS};
use crate::emit::{self, Part};
use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// Package metadata derived from the spec (or given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package name (`contacts-api`); the library is the same with `_`.
    pub name: String,
    /// A semver version cargo accepts (see [`version_from`]).
    pub version: String,
}

/// One generated module of the crate, as its file's tokens.
struct Module {
    name: &'static str,
    body: TokenStream,
}

/// The emitted parts of a crate, split into modules, with the dependencies
/// they use.
pub struct Emitted {
    pub models: TokenStream,
    modules: Vec<Module>,
    pub deps: Dependencies,
    pub warnings: crate::diag::Diagnostics,
    /// The tag features, when the operations have tags.
    pub tags: Option<TagFeatures>,
}

/// Emit the crate's parts: models, then client, server and support code,
/// each module taken out of its `pub mod NAME { … }` so it can be a file.
pub fn emit(api: &Api, settings: &Settings) -> Emitted {
    let mut parts = emit::Parts::for_crate(api, settings);
    let models = parts.next().unwrap_or_default();
    let mut modules = Vec::new();
    for tokens in parts.by_ref() {
        if let Some(module) = split_module(tokens) {
            modules.push(module);
        }
    }
    let deps = parts.dependencies();
    Emitted {
        models,
        modules,
        deps,
        warnings: parts.take_warnings(),
        tags: parts.tag_features().cloned(),
    }
}

impl Emitted {
    /// The modules other than the models, as (file stem, tokens).
    pub fn module_files(&self) -> impl Iterator<Item = (&'static str, &TokenStream)> {
        self.modules.iter().map(|m| (m.name, &m.body))
    }

    /// `src/lib.rs`: the crate's docs from the spec's info, and its modules.
    pub fn lib_rs(&self, api: &Api) -> TokenStream {
        let docs = emit::inner_doc_lines(&crate_doc_lines(api, self.tags.as_ref()));
        // With only some tags on, code that only the others use is unused.
        let subset = self.tags.is_some().then(|| {
            quote!(#![cfg_attr(not(feature = #ALL_TAGS), allow(dead_code, unused_imports, unused_macros))])
        });
        let modules = self.modules.iter().map(|m| {
            let name = format_ident!("{}", m.name);
            let gate = match m.name {
                "client" => quote!(#[cfg(feature = "client")]),
                "server" => quote!(#[cfg(feature = "server")]),
                "mock" => quote!(#[cfg(feature = "mock")]),
                "webhooks" => {
                    quote!(#[cfg(any(feature = "webhooks-send", feature = "webhooks-receive"))])
                }
                _ => TokenStream::new(),
            };
            quote!(#gate pub mod #name;)
        });
        quote! {
            #docs
            #subset
            /// The API's types; each is also at the crate root.
            pub mod models;
            pub use self::models::*;
            #(#modules)*
        }
    }
}

/// `pub mod NAME { … }` as a [`Module`] whose file starts with the outer
/// attributes made inner (`#[doc]` becomes `//!`, so the docs' links still
/// resolve inside the module); `None` for an empty part.
fn split_module(tokens: TokenStream) -> Option<Module> {
    let mut attrs = TokenStream::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(TokenTree::Punct(p)) = iter.peek() {
        if p.as_char() != '#' {
            break;
        }
        let pound = iter.next();
        let group = iter.next();
        attrs.extend(quote!(#pound ! #group));
    }
    let rest: Vec<TokenTree> = iter.collect();
    let [TokenTree::Ident(vis), TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Group(body)] =
        rest.as_slice()
    else {
        return None;
    };
    if vis != "pub" || kw != "mod" || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let name = ["client", "server", "mock", "webhooks", "forge_support"]
        .into_iter()
        .find(|n| name == n)?;
    let inner = body.stream();
    Some(Module {
        name,
        body: quote!(#attrs #inner),
    })
}

/// The `rust-version` of generated crates.
const RUST_VERSION: &str = env!("CARGO_PKG_RUST_VERSION");

/// The crate docs: the spec's title and description, its version, licence
/// and servers, what the features switch on, and a first call.
fn crate_doc_lines(api: &Api, tags: Option<&TagFeatures>) -> Vec<String> {
    let mut lines = vec![api.title.clone(), String::new()];
    if let Some(d) = &api.description {
        lines.extend(d.lines().map(str::to_owned));
        lines.push(String::new());
    }
    if !api.version.is_empty() {
        lines.push(format!("API version: {}", api.version));
        lines.push(String::new());
    }
    lines.extend(about_lines(api));
    if !api.servers.is_empty() {
        lines.push("Servers:".to_owned());
        for s in &api.servers {
            let about = s
                .description
                .as_deref()
                .map(|d| format!(" ({})", d.lines().next().unwrap_or("")))
                .unwrap_or_default();
            lines.push(format!("- `{}`{about}", s.url.replace('`', "'")));
        }
        lines.push(String::new());
    }
    lines.push(
        "Features: `client` (an async client, `client::Client`), `server` \
         (axum server stubs, `server::Api` and `server::router`) and `mock` \
         (a typed mock server for tests, `mock::MockServer`; turns `server` \
         on). The models need none of them."
            .to_owned(),
    );
    if !api.webhooks.is_empty() {
        lines.push(String::new());
        lines.push(WEBHOOK_FEATURES.to_owned());
    }
    if let Some(tags) = tags {
        lines.push(String::new());
        lines.extend(tag_feature_lines(tags));
    }
    lines.extend(example_lines(api));
    lines
}

/// The licence and links, one line each (URLs were checked when loaded).
fn about_lines(api: &Api) -> Vec<String> {
    let about = &api.about;
    let mut lines = Vec::new();
    if let Some(name) = &about.license_name {
        let name = crate::format::one_line(name).replace('`', "'");
        match &about.license_url {
            Some(url) => lines.push(format!("License: {name} (<{url}>)")),
            None => lines.push(format!("License: {name}")),
        }
    }
    if let Some(url) = &about.documentation {
        lines.push(format!("Documentation: <{url}>"));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A first call with the client, for the docs: the first server, and the
/// first operation without parameters, body or paging (a plain call) when
/// there is one. Not compiled as a doctest: it needs the `client` feature
/// and a network.
fn example_lines(api: &Api) -> Vec<String> {
    let server: String = api
        .servers
        .first()
        .map_or("https://api.example.com", |s| s.url.as_str())
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    let mut lines = vec![
        String::new(),
        "With the `client` feature, in async code (not run as a doctest: it calls the API):"
            .to_owned(),
        String::new(),
        "```ignore".to_owned(),
        format!("let client = client::Client::new(\"{server}\");"),
    ];
    let plain = api
        .operations
        .iter()
        .find(|o| o.params.is_empty() && o.body.is_none() && o.paging.is_none());
    match plain {
        Some(op) => lines.push(format!("let response = client.{}().await?;", op.name)),
        None => lines.push("// then one async method per operation".to_owned()),
    }
    lines.push("```".to_owned());
    lines
}

/// What the webhook features do (for a spec with webhooks or callbacks).
const WEBHOOK_FEATURES: &str = "Webhooks and callbacks: `webhooks-send` (a typed sender, \
     `webhooks::sender::Client`, for the API's provider; turns `client` on) and \
     `webhooks-receive` (a typed receiver, `webhooks::receiver::Api` and \
     `webhooks::receiver::router`, for its consumers; turns `server` on).";

/// What the tag features do, and each tag's feature.
fn tag_feature_lines(tags: &TagFeatures) -> Vec<String> {
    let mut lines = vec![format!(
        "Each tag of the API is a feature too. `{ALL_TAGS}` (on by default) \
         compiles every operation; without it, the client has the operations \
         of the tags you enable (and those without a tag) and the models they \
         use. The server serves every operation, so `server` turns \
         `{ALL_TAGS}` on."
    )];
    lines.push(String::new());
    for (tag, feature) in &tags.features {
        lines.push(format!("- `{feature}`: {tag}"));
    }
    lines
}

/// `Cargo.toml`: the package, a feature per part, and exactly the
/// dependencies the code uses.
pub fn cargo_toml(
    header: &str,
    package: &Package,
    api: &Api,
    deps: &Dependencies,
    tags: Option<&TagFeatures>,
) -> String {
    let mut out = String::new();
    out.push_str(header);
    out.push_str("\n[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&package.name)));
    out.push_str(&format!("version = {}\n", toml_string(&package.version)));
    out.push_str("edition = \"2021\"\n");
    // The generator's own minimum Rust; the dependencies it picks need no
    // newer (axum 0.8 asks for 1.78).
    out.push_str(&format!("rust-version = {}\n", toml_string(RUST_VERSION)));
    let title = crate::format::one_line(&api.title);
    out.push_str(&format!(
        "description = {}\n",
        toml_string(&format!("Models, client and server for {}", title.trim()))
    ));
    out.push_str("readme = \"README.md\"\n");
    let about = &api.about;
    if let Some(id) = &about.license_spdx {
        out.push_str(&format!("license = {}\n", toml_string(id)));
    }
    if let Some(url) = &about.homepage {
        out.push_str(&format!("homepage = {}\n", toml_string(url)));
    }
    if let Some(url) = &about.documentation {
        out.push_str(&format!("documentation = {}\n", toml_string(url)));
    }

    out.push_str("\n[features]\n");
    // The client's TLS backend is a feature of the crate, on by default,
    // so a user can pick another (or none) with `default-features = false`.
    let tls = deps.0.get("reqwest").map(|d| d.optional());
    let mut default = Vec::new();
    if tls.is_some() {
        default.push(toml_string(TLS_FEATURE));
    }
    if tags.is_some() {
        default.push(toml_string(ALL_TAGS));
    }
    if !default.is_empty() {
        out.push_str(&format!("default = [{}]\n", default.join(", ")));
    }
    for (part, feature) in [
        (Part::Client, "client"),
        (Part::Server, "server"),
        (Part::Mock, "mock"),
    ] {
        let mut enables = Vec::new();
        if part == Part::Mock {
            // The mock is built on the server.
            enables.push("server".to_owned());
        }
        if part == Part::Server && tags.is_some() {
            // The server serves every operation.
            enables.push(ALL_TAGS.to_owned());
        }
        for dep in deps.0.values() {
            if !dep.parts.iter().any(|p| p == part) {
                continue;
            }
            if dep.optional() {
                enables.push(format!("dep:{}", dep.package));
            }
            let common = dep.common_features();
            for (f, parts) in &dep.features {
                if is_tls(dep, f) {
                    continue;
                }
                if !common.contains(f) && parts.iter().any(|p| p == part) {
                    let q = if dep.optional() { "?" } else { "" };
                    enables.push(format!("{}{q}/{f}", dep.package));
                }
            }
        }
        let list: Vec<String> = enables.iter().map(|e| toml_string(e)).collect();
        out.push_str(&format!("{feature} = [{}]\n", list.join(", ")));
    }
    if let Some(optional) = tls {
        let q = if optional { "?" } else { "" };
        out.push_str("# The client's TLS backend: rustls by default, or native-tls.\n");
        for f in TLS_FEATURES {
            out.push_str(&format!(
                "{f} = [{}]\n",
                toml_string(&format!("reqwest{q}/{f}"))
            ));
        }
    }
    if !api.webhooks.is_empty() {
        // The sender is client code and the receiver server code: each
        // needs that part's dependencies and support code.
        out.push_str("# The webhooks' and callbacks' sender, and their receiver.\n");
        out.push_str("webhooks-send = [\"client\"]\nwebhooks-receive = [\"server\"]\n");
    }
    if let Some(tags) = tags {
        out.push_str(&format!(
            "# Every operation; without it, only those of the tags below that are on.\n{ALL_TAGS} = []\n"
        ));
        for (tag, feature) in &tags.features {
            let tag = crate::format::one_line(tag);
            let children: Vec<String> = tags
                .children
                .get(feature)
                .into_iter()
                .flatten()
                .map(|c| toml_string(c))
                .collect();
            out.push_str(&format!(
                "# tag {}\n{feature} = [{}]\n",
                toml_string(&tag),
                children.join(", ")
            ));
        }
    }

    out.push_str("\n[dependencies]\n");
    for dep in deps.0.values() {
        let mut features = dep.common_features();
        features.retain(|f| !is_tls(dep, f));
        out.push_str(&dependency_line(dep, &features, dep.optional()));
        out.push('\n');
    }
    out
}

/// Whether a dependency's feature is the TLS backend, which a crate
/// switches with features of its own rather than on the dependency line.
fn is_tls(dep: &Dependency, feature: &str) -> bool {
    dep.package == "reqwest" && TLS_FEATURES.contains(&feature)
}

/// A TOML basic string (quoted and escaped).
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The crate's `README.md`: what it is and how to use it.
pub fn readme(
    header: &str,
    package: &Package,
    api: &Api,
    tags: Option<&TagFeatures>,
    dir_hint: &str,
) -> String {
    let lib = package.name.replace('-', "_");
    let title = crate::format::one_line(&api.title);
    let server = api
        .servers
        .first()
        .map_or("https://api.example.com", |s| s.url.as_str());
    let server: String = server
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    let mut ops = String::new();
    for op in api.operations.iter().take(10) {
        ops.push_str(&format!(
            "- `{}`: {}\n",
            op.name,
            op.code_label().replace(['\n', '\r'], " ")
        ));
    }
    if api.operations.len() > 10 {
        ops.push_str(&format!(
            "- … and {} more (see the `client::Client` docs)\n",
            api.operations.len() - 10
        ));
    }
    let tag_section = tags
        .map(|t| {
            let mut text = String::from("\n## Features per tag\n\n");
            for line in tag_feature_lines(t) {
                // Tags are spec text: no line breaks, no HTML.
                let line: String = line
                    .chars()
                    .map(|c| {
                        if c.is_control() || c == '<' || c == '>' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                text.push_str(&line);
                text.push('\n');
            }
            text
        })
        .unwrap_or_default();
    let comment: String = header
        .lines()
        .map(|l| format!("<!-- {} -->\n", l.trim_start_matches("# ")))
        .collect();
    format!(
        "{comment}\n# {name}\n\n\
         Rust models, an async client and axum server stubs for **{title}**\
         {version}, generated by openapi-forge.\n\n\
         ## Use it\n\n\
         ```toml\n\
         [dependencies]\n\
         {name} = {{ path = \"{dir_hint}\", features = [\"client\"] }}  # or \"server\", or both\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         ```\n\n\
         The models (`{lib}::SomeType`) need no feature. With `client`:\n\n\
         ```rust,ignore\n\
         let client = {lib}::client::Client::new(\"{server}\");\n\
         ```\n\n\
         then one async method per operation:\n\n\
         {ops}\n\
         The client calls `https` servers with rustls (the default `rustls`\n\
         feature); for the platform's TLS instead, turn off default features\n\
         and enable `native-tls`.\n\n\
         With `server`, implement `{lib}::server::Api` and serve\n\
         `{lib}::server::router(api)` with axum: requests are validated against\n\
         the spec before your handler runs. Serving needs axum's `http1` and\n\
         `tokio` features in your own dependencies\n\
         (`axum = {{ version = \"0.8\", features = [\"http1\", \"tokio\"] }}`).\n\n\
         With `mock` (for tests), `{lib}::mock::MockServer::start().await` serves\n\
         the server's router on 127.0.0.1 and answers from typed expectations\n\
         per operation; requests the spec does not allow fail its `verify()`.\n{tag_section}",
        name = package.name,
        version = if api.version.is_empty() {
            String::new()
        } else {
            format!(" (API version {})", api.version.replace(['\n', '\r'], " "))
        },
    )
}

/// A package name cargo accepts, from `--name` or the spec's title.
pub fn package_name(given: Option<&str>, title: &str) -> Result<String, String> {
    if let Some(name) = given {
        return match name_problem(name) {
            None => Ok(name.to_owned()),
            Some(problem) => Err(format!("--name {name:?}: {problem}")),
        };
    }
    let mut name = crate::ir::naming::kebab_ascii(title);
    if name.is_empty() {
        name = "api".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    if name_problem(&name).is_some() {
        name.push_str("-api");
    }
    Ok(name)
}

/// Why cargo (or rustc, for the library's name) would refuse `name`.
fn name_problem(name: &str) -> Option<&'static str> {
    const RESERVED: &[&str] = &[
        "std",
        "core",
        "alloc",
        "proc_macro",
        "proc-macro",
        "test",
        "self",
        "super",
        "crate",
        "Self",
        "build",
        "deps",
        "examples",
        "src",
        "target",
    ];
    let keyword = syn::parse_str::<syn::Ident>(&name.replace('-', "_")).is_err();
    if name.is_empty() {
        Some("is empty")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("must start with a letter")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some("may hold only ASCII letters, digits, `-` and `_`")
    } else if keyword || RESERVED.contains(&name) {
        Some("is a Rust keyword or a reserved name")
    } else if name.len() > 64 {
        Some("is longer than 64 characters")
    } else {
        None
    }
}

/// A semver version from `info.version`, which specs write many ways:
///
/// | `info.version` | crate version |
/// |---|---|
/// | `1.2.3`, `2.0.0-beta.1` | as written |
/// | `v1`, `1`, `1.0` | `1.0.0`, `1.0.0`, `1.0.0` |
/// | `2018-10-30` (a date) | `2018.10.30` |
/// | `1.0.0.1`, `2.1 (preview)` | `1.0.0+1`, `2.1.0+preview` |
/// | anything else (`latest`, empty) | `0.0.0+latest`, `0.0.0` |
///
/// Leading zeros are dropped (`2018-01-05` is `2018.1.5`); text after the
/// numbers becomes build metadata (which cargo ignores when comparing).
pub fn version_from(info: &str) -> String {
    let text = info.trim();
    let text = text
        .strip_prefix(['v', 'V'])
        .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(text);
    if is_semver(text) {
        return text.to_owned();
    }
    // Up to three numbers separated by `.` or (a date) `-`.
    let mut numbers: Vec<u64> = Vec::new();
    let mut rest = text;
    while numbers.len() < 3 {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            break;
        }
        let Ok(n) = rest[..digits].parse() else { break };
        numbers.push(n);
        rest = &rest[digits..];
        match rest.strip_prefix(['.', '-']) {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) && numbers.len() < 3 => rest = r,
            _ => break,
        }
    }
    numbers.resize(3, 0);
    let mut version = format!("{}.{}.{}", numbers[0], numbers[1], numbers[2]);
    let meta: Vec<String> = rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if !meta.is_empty() {
        version.push('+');
        version.push_str(&meta.join("."));
    }
    version
}

/// Why [`version_from`] could not keep a number of `info.version`, if it
/// could not: cargo reads `MAJOR.MINOR.PATCH` as `u64`s, so a larger number
/// ends the version's numbers and the crate gets a version the user did
/// not write.
pub fn version_warning(info: &str, version: &str) -> Option<String> {
    let too_big = info
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| !digits.is_empty() && digits.parse::<u64>().is_err());
    let kept = info.trim().trim_start_matches(['v', 'V']) == version;
    (too_big && !kept).then(|| {
        format!(
            "`info.version` {info:?} has a number above {}, which a cargo version cannot hold: the crate's version is `{version}` instead",
            u64::MAX
        )
    })
}

/// `MAJOR.MINOR.PATCH`, with an optional `-pre` and `+build` of
/// alphanumeric, `-` and `.`-separated identifiers, no leading zeros. The
/// three numbers must fit `u64`, as cargo reads them.
fn is_semver(text: &str) -> bool {
    let (core, build) = match text.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (text, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let core_number = |n: &&str| number(n) && n.parse::<u64>().is_ok();
    let idents = |s: &str| {
        s.split('.')
            .all(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(core_number)
        && pre.is_none_or(|p| {
            idents(p)
                && p.split('.')
                    .all(|i| !i.chars().all(|c| c.is_ascii_digit()) || number(i))
        })
        && build.is_none_or(idents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_cargo_accepts() {
        for (info, want) in [
            ("1.2.3", "1.2.3"),
            ("2.0.0-beta", "2.0.0-beta"),
            (
                "2.0.0-beta.1+exp.sha.5114f85",
                "2.0.0-beta.1+exp.sha.5114f85",
            ),
            ("v1", "1.0.0"),
            ("V2.1", "2.1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("2018-10-30", "2018.10.30"),
            ("2018-01-05", "2018.1.5"),
            ("1.0.0.1", "1.0.0+1"),
            ("2.1 (preview)", "2.1.0+preview"),
            ("01.02", "1.2.0"),
            ("latest", "0.0.0+latest"),
            ("", "0.0.0"),
            ("v", "0.0.0+v"),
            ("1.0.0-01", "1.0.0+01"),
            ("2022-11-28.preview", "2022.11.28+preview"),
            ("99999999999999999999999", "0.0.0+99999999999999999999999"),
            ("18446744073709551616.0.0", "0.0.0+18446744073709551616.0.0"),
            ("1.18446744073709551616.0", "1.0.0+18446744073709551616.0"),
            ("18446744073709551615.0.0", "18446744073709551615.0.0"),
            ("1.0.0-18446744073709551616", "1.0.0-18446744073709551616"),
        ] {
            let got = version_from(info);
            assert_eq!(got, want, "{info:?}");
            assert!(is_semver(&got), "{got} is not semver");
        }
    }

    #[test]
    fn a_version_number_above_u64_is_warned() {
        let info = "18446744073709551616.0.0";
        let message = version_warning(info, &version_from(info)).unwrap();
        assert!(
            message.contains("`0.0.0+18446744073709551616.0.0`"),
            "{message}"
        );
        assert_eq!(version_warning("18446744073709551615.0.0", "x"), None);
        assert_eq!(version_warning("2.1 (preview)", "x"), None);
        let pre = "1.0.0-18446744073709551616";
        assert_eq!(version_warning(pre, &version_from(pre)), None);
    }

    #[test]
    fn package_names_cargo_accepts() {
        for (title, want) in [
            ("Contacts API", "contacts-api"),
            ("GitHub v3 REST API", "github-v3-rest-api"),
            ("3D Secure", "api-3d-secure"),
            ("", "api"),
            ("日本語", "api"),
            ("Self", "self-api"),
            ("type", "type-api"),
            ("test", "test-api"),
        ] {
            assert_eq!(package_name(None, title).unwrap(), want, "{title:?}");
        }
        assert_eq!(package_name(Some("my_api"), "x").unwrap(), "my_api");
        for bad in ["", "1api", "my api", "fn", "a/b"] {
            assert!(package_name(Some(bad), "x").is_err(), "{bad:?}");
        }
    }
}
