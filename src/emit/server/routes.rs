//! From spec paths to axum routes. axum panics on paths it cannot parse and
//! on routes that overlap, so everything is decided here, at generation
//! time: each segment with parameters is one capture with a positional name
//! (`/a/{x}` and `/a/{y}` become one route `/a/{p0}`; `{sid}.json` and
//! `{base}...{head}` are captured whole and split at run time), and a second
//! operation for the same route and method is not served.

use crate::ir::{Method, Operation, ParamLocation, PathTemplate};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Where an operation is served.
pub struct Route {
    /// The axum path, e.g. `/contacts/{p0}`.
    pub path: String,
    /// For each parameter in the path, in order, the spec's parameter name
    /// (None for one that no declared parameter names).
    pub params: Vec<Option<String>>,
    /// Where each of those parameters sits (same order as `params`).
    pub slots: Vec<Slot>,
}

/// A path parameter's place: its axum capture and, when it shares the
/// segment with fixed text or other parameters (`{sid}.json`,
/// `{base}...{head}`), how the segment splits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Index of the axum capture (one per segment with parameters).
    pub capture: usize,
    /// The segment as the spec writes it, e.g. `{base}...{head}`.
    pub segment: String,
    /// The fixed text around and between the segment's parameters: one more
    /// piece than parameters (`["", "...", ""]`).
    pub pieces: Vec<String>,
    /// Which of the segment's parameters this is.
    pub position: usize,
}

impl Slot {
    /// The parameter fills its segment alone.
    pub fn whole(&self) -> bool {
        self.pieces.iter().all(String::is_empty) && self.pieces.len() == 2
    }
}

/// A spec path as axum routes it: the path, and each parameter's name and
/// slot.
pub struct AxumPath {
    pub path: String,
    pub names: Vec<String>,
    pub slots: Vec<Slot>,
}

pub struct Plan<'a> {
    pub served: Vec<(&'a Operation, Route)>,
    pub skipped: Vec<(&'a Operation, String)>,
}

/// The axum path for a parsed path template, or why there is none. A
/// segment with fixed text or several parameters (`{sid}.json`,
/// `{base}...{head}`) is captured whole; the text is checked and the
/// segment split at run time, each parameter ending at the first occurrence
/// of the text after it.
pub fn axum_path(template: &PathTemplate) -> Result<AxumPath, String> {
    let mut out = AxumPath {
        path: String::new(),
        names: Vec::new(),
        slots: Vec::new(),
    };
    let mut captures = 0;
    for segment in &template.segments {
        out.path.push('/');
        if segment.is_fixed() {
            out.path.push_str(&segment.text);
            continue;
        }
        let pieces = &segment.pieces;
        if pieces[1..pieces.len() - 1].iter().any(String::is_empty) {
            return Err(format!(
                "the path segment `{}` has two parameters with no text between them, so it cannot be split",
                segment.text
            ));
        }
        for (position, name) in segment.names.iter().enumerate() {
            out.names.push(name.clone());
            out.slots.push(Slot {
                capture: captures,
                segment: segment.text.clone(),
                pieces: pieces.clone(),
                position,
            });
        }
        out.path.push_str(&format!("{{p{captures}}}"));
        captures += 1;
    }
    Ok(out)
}

pub fn plan(operations: &[Operation]) -> Plan<'_> {
    let mut served: Vec<(&Operation, Route)> = Vec::new();
    let mut skipped = Vec::new();
    for op in operations {
        let AxumPath { path, names, slots } = match op
            .template
            .as_ref()
            .map_err(Clone::clone)
            .and_then(axum_path)
        {
            Ok(p) => p,
            Err(why) => {
                skipped.push((op, why));
                continue;
            }
        };
        if let Some((other, _)) = served
            .iter()
            .find(|(o, r)| r.path == path && o.method == op.method)
        {
            skipped.push((
                op,
                format!(
                    "`{} {}` already serves this route (axum treats the two paths as the same)",
                    other.method.as_str(),
                    other.path
                ),
            ));
            continue;
        }
        let params = names
            .into_iter()
            .map(|n| {
                op.params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && p.json_name == n)
                    .then_some(n)
            })
            .collect();
        served.push((
            op,
            Route {
                path,
                params,
                slots,
            },
        ));
    }
    Plan { served, skipped }
}

/// The `axum::routing` function (and `MethodRouter` method) for a method.
fn method_fn(m: Method) -> Ident {
    format_ident!("{}", m.as_str().to_ascii_lowercase())
}

/// Routes chained in one expression at most. prettyplease (and rustc)
/// walk a method chain recursively, so one `.route` per path on a single
/// receiver overflows the stack for Microsoft Graph's 5,000 paths; longer
/// lists continue in `let router = router…;` statements of this many.
const ROUTES_PER_CHAIN: usize = 64;

/// `router_with_config`: one `.route` per distinct path, every method of
/// that path chained on one `MethodRouter`.
/// `router_policy` defines `ROUTER_POLICY`, the error shape of requests no
/// operation takes.
pub fn emit_router(plan: &Plan, handlers: &[Ident], router_policy: &TokenStream) -> TokenStream {
    // Grouped by path in first-seen order (a map: a linear scan per
    // operation was quadratic in the number of paths).
    let mut paths: indexmap::IndexMap<&str, Vec<(Method, &Ident)>> = indexmap::IndexMap::new();
    for ((op, route), handler) in plan.served.iter().zip(handlers) {
        paths
            .entry(route.path.as_str())
            .or_default()
            .push((op.method, handler));
    }
    let routes: Vec<TokenStream> = paths
        .iter()
        .map(|(path, methods)| {
            let (first, rest) = methods.split_first().expect("a path has a method");
            let (m, h) = first;
            let m = method_fn(*m);
            let rest = rest.iter().map(|(m, h)| {
                let m = method_fn(*m);
                quote!(.#m(#h::<A>))
            });
            quote!(.route(#path, ::axum::routing::#m(#h::<A>) #(#rest)*))
        })
        .collect();
    let mut chunks = routes.chunks(ROUTES_PER_CHAIN);
    let first = chunks.next().unwrap_or_default();
    let mut router = quote! {
        ::axum::Router::<::std::sync::Arc<Shared<A>>>::new()
            .without_v07_checks()
            #(#first)*
    };
    // One chain for the usual spec; statements only where there are more.
    let more: Vec<_> = chunks
        .map(|chunk| quote!(let router = router #(#chunk)*;))
        .collect();
    let mut prelude = TokenStream::new();
    if !more.is_empty() {
        prelude = quote!(let router = #router; #(#more)*);
        router = quote!(router);
    }
    quote! {
        /// The router for `api`, with the default [`ServerConfig`].
        pub fn router<A: Api>(api: A) -> ::axum::Router {
            router_with_config(api, self::runtime::ServerConfig::default())
        }

        /// The router for `api`: every served operation, each behind the
        /// extraction layer that checks requests against the spec.
        pub fn router_with_config<A: Api>(api: A, config: self::runtime::ServerConfig) -> ::axum::Router {
            #router_policy
            let head_limits = config.clone();
            let shared = ::std::sync::Arc::new(Shared { api, config });
            #prelude
            #router
                // Requests no operation takes are answered in the spec's
                // error shape too, not with an empty body.
                .fallback(|| async { rt::not_found(&ROUTER_POLICY) })
                .method_not_allowed_fallback(|| async { rt::method_not_allowed(&ROUTER_POLICY) })
                // A target or head over the config's limits is a 414 or 431
                // in the spec's shape (hyper's own limit is far larger and
                // would answer with an empty body).
                .layer(::axum::middleware::map_request(move |request: ::axum::extract::Request| {
                    let limits = head_limits.clone();
                    async move { rt::check_head(&ROUTER_POLICY, &limits, request) }
                }))
                // Bodies are read under `config.max_body_bytes`; axum's own
                // 2 MiB default must not cut form and multipart bodies again.
                .layer(::axum::extract::DefaultBodyLimit::disable())
                .with_state(shared)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axum(template: &str) -> Result<AxumPath, String> {
        axum_path(&PathTemplate::parse(template)?)
    }

    #[test]
    fn paths_become_axum_routes() {
        let p = axum("/contacts/{id}").unwrap();
        assert_eq!(
            (p.path.as_str(), p.names),
            ("/contacts/{p0}", vec!["id".to_owned()])
        );
        assert_eq!(axum("/").unwrap().path, "/");
        assert_eq!(axum("/a/{x}/b/{y}").unwrap().path, "/a/{p0}/b/{p1}");
        assert_eq!(axum("/:colon/*star").unwrap().path, "/:colon/*star");
        let affixed = axum("/files/v{n}.json").unwrap();
        assert_eq!(affixed.path, "/files/{p0}");
        assert_eq!(affixed.slots[0].pieces, ["v", ".json"]);
        assert!(!affixed.slots[0].whole());
        assert!(axum("/a/{x}").unwrap().slots[0].whole());
        let two = axum("/r/{owner}/compare/{base}...{head}").unwrap();
        assert_eq!(two.path, "/r/{p0}/compare/{p1}");
        assert_eq!(two.names, ["owner", "base", "head"]);
        let positions: Vec<(usize, usize)> =
            two.slots.iter().map(|s| (s.capture, s.position)).collect();
        assert_eq!(positions, [(0, 0), (1, 0), (1, 1)]);
        assert_eq!(two.slots[2].pieces, ["", "...", ""]);
        assert!(axum("/a/{x}{y}").is_err());
        assert!(axum("/a/{{x}}").is_err());
        assert!(axum("/a/{x").is_err());
        assert!(axum("/a/x}").is_err());
        assert!(axum("/a/{}").is_err());
    }
}
