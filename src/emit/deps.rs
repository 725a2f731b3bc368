//! The crates generated code depends on, found in what was emitted: the
//! support items each part used (with the features their declarations
//! name) and every crate path the parts' tokens spell (`::chrono::…` in a
//! model, a `--type-override` type's crate). A module file lists them in
//! its header; a generated crate's `Cargo.toml` is written from them.

use super::{Part, PartSet, Run};
#[cfg(test)]
use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeMap;

/// A crate generated code may name, with the version and base features a
/// generated crate asks for (kept in step with `templates/Cargo.toml` by a
/// test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The name paths start with (`percent_encoding`).
    pub root: &'static str,
    /// The package name (`percent-encoding`).
    pub package: &'static str,
    pub version: &'static str,
    /// Whether the crate's default features are kept.
    pub default_features: bool,
    /// Features any use of the crate needs.
    pub features: &'static [&'static str],
}

/// reqwest's TLS backend that generated code asks for by default: rustls
/// (no system OpenSSL to install, the same on every platform) with the
/// platform's certificate verifier.
pub const TLS_FEATURE: &str = "rustls";

/// A generated crate's TLS features: each switches on the reqwest feature
/// of the same name; `rustls` is on by default.
pub const TLS_FEATURES: &[&str] = &[TLS_FEATURE, "native-tls"];

/// Every crate the emitters and templates name.
pub const KNOWN: &[Known] = &[
    Known {
        root: "axum",
        package: "axum",
        version: "0.8",
        default_features: false,
        features: &[],
    },
    Known {
        root: "bytes",
        package: "bytes",
        version: "1",
        default_features: true,
        features: &[],
    },
    Known {
        root: "chrono",
        package: "chrono",
        version: "0.4",
        default_features: false,
        features: &["serde", "std"],
    },
    Known {
        root: "futures_util",
        package: "futures-util",
        version: "0.3",
        default_features: true,
        features: &[],
    },
    Known {
        root: "percent_encoding",
        package: "percent-encoding",
        version: "2",
        default_features: true,
        features: &[],
    },
    Known {
        root: "regex",
        package: "regex",
        version: "1",
        default_features: true,
        features: &[],
    },
    Known {
        root: "reqwest",
        package: "reqwest",
        version: "0.13",
        default_features: false,
        // Without a TLS backend a client cannot call an `https` API: a
        // newcomer's first call failed at run time. A generated crate turns
        // it into a default feature that can be swapped (`TLS_FEATURES`).
        features: &[TLS_FEATURE],
    },
    Known {
        root: "serde",
        package: "serde",
        version: "1",
        default_features: true,
        features: &["derive"],
    },
    Known {
        root: "serde_json",
        package: "serde_json",
        version: "1",
        default_features: true,
        features: &[],
    },
    Known {
        root: "tokio",
        package: "tokio",
        version: "1",
        default_features: true,
        features: &[],
    },
    Known {
        root: "tracing",
        package: "tracing",
        version: "0.1",
        default_features: true,
        features: &[],
    },
    Known {
        root: "uuid",
        package: "uuid",
        version: "1",
        default_features: true,
        features: &["serde"],
    },
];

/// One dependency of generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub package: String,
    /// `None` for a crate only a user option names (a `--type-override` or
    /// `--derive` path): we cannot know its version.
    pub version: Option<&'static str>,
    pub default_features: bool,
    /// Each feature with the parts that need it.
    pub features: BTreeMap<&'static str, PartSet>,
    /// The parts that use the crate.
    pub parts: PartSet,
}

impl Dependency {
    /// Features every part that uses the crate needs (they go on the
    /// dependency line); the others are switched on by a part's feature.
    pub fn common_features(&self) -> Vec<&'static str> {
        self.features
            .iter()
            .filter(|(_, p)| p.models || p.covers(self.parts))
            .map(|(f, _)| *f)
            .collect()
    }

    /// Whether only the client or server needs the crate (in a crate it is
    /// optional, behind those features).
    pub fn optional(&self) -> bool {
        !self.parts.models
    }
}

/// The dependencies of a generated file or crate, by package name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies(pub BTreeMap<String, Dependency>);

impl Dependencies {
    /// What `ctx`'s emitters used: the crates of the support items each
    /// part used, and the crates the parts named themselves.
    pub fn of(ctx: &Run) -> Self {
        let mut deps = Dependencies::default();
        for (item, parts) in ctx.support_parts() {
            for krate in item.declaration().crates {
                for part in parts.iter() {
                    deps.add_root(krate.name, part, krate.features);
                }
            }
        }
        let (known, user, numeric_bounds) = ctx.crates_used();
        for (root, parts) in known {
            for part in parts.iter() {
                deps.add_root(root, part, &[]);
            }
        }
        for (root, parts) in user {
            for part in parts.iter() {
                deps.add_user(&root, part);
            }
        }
        if numeric_bounds {
            // The server compares numbers with bounds as f64; exactly only
            // when serde_json reads floats exactly.
            deps.add_root("serde_json", Part::Server, &["float_roundtrip"]);
        }
        deps
    }

    fn add_root(&mut self, root: &str, part: Part, features: &[&'static str]) {
        let Some(known) = KNOWN.iter().find(|k| k.root == root) else {
            return;
        };
        let dep = self
            .0
            .entry(known.package.to_owned())
            .or_insert_with(|| Dependency {
                package: known.package.to_owned(),
                version: Some(known.version),
                default_features: known.default_features,
                features: BTreeMap::new(),
                parts: PartSet::default(),
            });
        dep.parts.insert(part);
        for &f in known.features.iter().chain(features) {
            dep.features.entry(f).or_default().insert(part);
        }
    }

    fn add_user(&mut self, root: &str, part: Part) {
        let dep = self.0.entry(root.to_owned()).or_insert_with(|| Dependency {
            package: root.to_owned(),
            version: None,
            default_features: true,
            features: BTreeMap::new(),
            parts: PartSet::default(),
        });
        dep.parts.insert(part);
    }

    /// A `[dependencies]` block for a module file: every crate with every
    /// feature any part needs.
    pub fn toml_block(&self) -> String {
        let mut out = String::from("[dependencies]\n");
        for dep in self.0.values() {
            let features: Vec<&str> = dep.features.keys().copied().collect();
            out.push_str(&dependency_line(dep, &features, false));
            out.push('\n');
        }
        out
    }
}

/// `name = { version = "1", features = ["derive"] }`, as short as it can
/// be.
pub fn dependency_line(dep: &Dependency, features: &[&str], optional: bool) -> String {
    let version = dep.version.unwrap_or("*");
    let mut keys = Vec::new();
    if !dep.default_features {
        keys.push("default-features = false".to_owned());
    }
    if !features.is_empty() {
        let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        keys.push(format!("features = [{}]", list.join(", ")));
    }
    if optional {
        keys.push("optional = true".to_owned());
    }
    let value = if keys.is_empty() {
        format!("\"{version}\"")
    } else {
        format!("{{ version = \"{version}\", {} }}", keys.join(", "))
    };
    let pin = if dep.version.is_none() {
        "  # named by a --type-override or --derive: pin a version"
    } else {
        ""
    };
    format!("{} = {value}{pin}", dep.package)
}

/// What a scan of tokens found: the tests check the marks the emitters
/// make against it (scanning costs too much to do on every run).
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Found {
    /// The first segment of every path (`chrono` in `::chrono::Utc`).
    pub roots: Vec<String>,
    /// A `.minimum(…)`, `.maximum(…)` or `.multiple_of(…)` limit call.
    pub numeric_bounds: bool,
}

#[cfg(test)]
impl Found {
    pub fn of(tokens: &TokenStream) -> Self {
        let mut found = Found::default();
        found.scan(tokens.clone());
        found
    }

    /// Walk every token once. Only an identifier followed by `::` is
    /// looked at further (and turned into text only when it starts a path),
    /// so the scan costs little next to emitting.
    fn scan(&mut self, tokens: TokenStream) {
        // `::` is a joint `:` and a `:` (`at: ::x` is a field's colon, then
        // a path).
        fn is_path_colons(list: &[TokenTree], at: usize) -> bool {
            matches!((list.get(at), list.get(at + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == proc_macro2::Spacing::Joint
                        && b.as_char() == ':')
        }
        let list: Vec<TokenTree> = tokens.into_iter().collect();
        let is_char = |at: usize, c: char| matches!(list.get(at), Some(TokenTree::Punct(p)) if p.as_char() == c);
        for (i, t) in list.iter().enumerate() {
            match t {
                TokenTree::Group(g) => self.scan(g.stream()),
                TokenTree::Ident(id) if is_path_colons(&list, i + 1) && id != "as" => {
                    // `a::name::` continues a path; `as ::name::` starts one.
                    let continues = i >= 3
                        && is_char(i - 1, ':')
                        && is_char(i - 2, ':')
                        && matches!(&list[i - 3], TokenTree::Ident(p) if p != "as");
                    if !continues && !self.roots.iter().any(|r| id == r) {
                        self.roots.push(id.to_string());
                    }
                }
                // A call (`.minimum(5f64, false)`), not the runtime's own
                // `self.minimum = …` or `l.minimum`.
                TokenTree::Ident(id)
                    if i > 0
                        && is_char(i - 1, '.')
                        && matches!(list.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
                        && (id == "minimum" || id == "maximum" || id == "multiple_of") =>
                {
                    self.numeric_bounds = true;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::support::Support;
    use quote::quote;

    fn roots(tokens: TokenStream) -> Vec<String> {
        let mut found = Found::default();
        found.scan(tokens);
        found.roots
    }

    #[test]
    fn only_first_segments_are_roots() {
        let found = roots(quote! {
            struct A { at: ::chrono::DateTime<::chrono::Utc>, id: uuid::Uuid }
            impl<'de> ::serde::Deserialize<'de> for <T as ::serde_json::Value>::X {}
            fn f() { self::forge_support::regex::x(); super::tracing::y(); }
        });
        assert_eq!(
            found,
            ["chrono", "uuid", "serde", "serde_json", "self", "super"]
        );
    }

    #[test]
    fn numeric_bounds_are_found() {
        let mut found = Found::default();
        found.scan(quote!(rt::Limits::NONE.min_length(1).maximum(1f64, true)));
        assert!(found.numeric_bounds);
        let mut found = Found::default();
        found.scan(quote!(
            struct S {
                maximum: f64,
            }
        ));
        assert!(!found.numeric_bounds);
    }

    /// The versions a generated crate asks for are the ones the support
    /// crate is compiled and tested with.
    #[test]
    fn versions_match_the_support_crate() {
        let manifest = include_str!("../../templates/Cargo.toml");
        for k in KNOWN {
            let Some(line) = manifest
                .lines()
                .find(|l| l.starts_with(&format!("{} =", k.package)))
            else {
                continue;
            };
            assert!(
                line.contains(&format!("\"{}\"", k.version)),
                "templates/Cargo.toml: {line} but generated crates ask for {}",
                k.version
            );
        }
    }

    #[test]
    fn every_declared_crate_is_known() {
        for &s in Support::ALL {
            for c in s.declaration().crates {
                assert!(
                    KNOWN.iter().any(|k| k.root == c.name),
                    "{s:?} declares {} which deps::KNOWN lacks",
                    c.name
                );
            }
        }
    }
}
