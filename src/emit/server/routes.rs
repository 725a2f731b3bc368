//! From spec paths to axum routes. axum panics on paths it cannot parse and
//! on routes that overlap, so everything is decided here, at generation
//! time: a parameter must fill a whole segment, parameters get positional
//! names (`/a/{x}` and `/a/{y}` become one route `/a/{p0}`), and a second
//! operation for the same route and method is not served.

use crate::ir::{Api, Method, Operation, ParamLocation};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Where an operation is served.
pub struct Route {
    /// The axum path, e.g. `/contacts/{p0}`.
    pub path: String,
    /// For each capture in order, the spec's parameter name (None for a
    /// capture that no declared parameter names).
    pub params: Vec<Option<String>>,
    /// For each capture, the fixed text before and after the parameter in
    /// its segment (`{sid}.json` → `("", ".json")`).
    pub affixes: Vec<(String, String)>,
}

/// A spec path as axum routes it: the path, and each capture's parameter
/// name and surrounding text.
pub struct AxumPath {
    pub path: String,
    pub names: Vec<String>,
    pub affixes: Vec<(String, String)>,
}

pub struct Plan<'a> {
    pub served: Vec<(&'a Operation, Route)>,
    pub skipped: Vec<(&'a Operation, String)>,
}

/// The axum path for a spec path template, or why there is none. A
/// parameter with fixed text around it in its segment (`{sid}.json`) is
/// captured as the whole segment; the text is checked at run time.
pub fn axum_path(template: &str) -> Result<AxumPath, String> {
    let trimmed = template.strip_prefix('/').unwrap_or(template);
    let mut out = AxumPath {
        path: String::new(),
        names: Vec::new(),
        affixes: Vec::new(),
    };
    for segment in trimmed.split('/') {
        out.path.push('/');
        let Some(open) = segment.find('{') else {
            if segment.contains('}') {
                return Err(format!(
                    "the path segment `{segment}` has an unmatched `}}`"
                ));
            }
            out.path.push_str(segment);
            continue;
        };
        let close = segment[open..].find('}').map(|c| open + c);
        let Some(close) = close else {
            return Err(format!(
                "the path segment `{segment}` has an unmatched `{{`"
            ));
        };
        let (prefix, name, suffix) = (
            &segment[..open],
            &segment[open + 1..close],
            &segment[close + 1..],
        );
        if name.is_empty()
            || [prefix, name, suffix]
                .iter()
                .any(|t| t.contains(['{', '}']))
        {
            return Err(format!(
                "the path segment `{segment}` holds more than one parameter, which axum cannot route"
            ));
        }
        out.path.push_str(&format!("{{p{}}}", out.names.len()));
        out.names.push(name.to_owned());
        out.affixes.push((prefix.to_owned(), suffix.to_owned()));
    }
    Ok(out)
}

pub fn plan(api: &Api) -> Plan<'_> {
    let mut served: Vec<(&Operation, Route)> = Vec::new();
    let mut skipped = Vec::new();
    for op in &api.operations {
        let AxumPath {
            path,
            names,
            affixes,
        } = match axum_path(&op.path) {
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
                affixes,
            },
        ));
    }
    Plan { served, skipped }
}

/// The `axum::routing` function (and `MethodRouter` method) for a method.
fn method_fn(m: Method) -> Ident {
    format_ident!("{}", m.as_str().to_ascii_lowercase())
}

/// `router_with_config`: one `.route` per distinct path, every method of
/// that path chained on one `MethodRouter`.
pub fn emit_router(plan: &Plan, handlers: &[Ident]) -> TokenStream {
    let mut paths: Vec<(&str, Vec<(Method, &Ident)>)> = Vec::new();
    for ((op, route), handler) in plan.served.iter().zip(handlers) {
        match paths.iter_mut().find(|(p, _)| *p == route.path) {
            Some((_, methods)) => methods.push((op.method, handler)),
            None => paths.push((&route.path, vec![(op.method, handler)])),
        }
    }
    let routes = paths.iter().map(|(path, methods)| {
        let (first, rest) = methods.split_first().expect("a path has a method");
        let (m, h) = first;
        let m = method_fn(*m);
        let rest = rest.iter().map(|(m, h)| {
            let m = method_fn(*m);
            quote!(.#m(#h::<A>))
        });
        quote!(.route(#path, ::axum::routing::#m(#h::<A>) #(#rest)*))
    });
    quote! {
        /// The router for `api`, with the default [`ServerConfig`].
        pub fn router<A: Api>(api: A) -> ::axum::Router {
            router_with_config(api, self::runtime::ServerConfig::default())
        }

        /// The router for `api`: every served operation, each behind the
        /// extraction layer that checks requests against the spec.
        pub fn router_with_config<A: Api>(api: A, config: self::runtime::ServerConfig) -> ::axum::Router {
            let shared = ::std::sync::Arc::new(Shared { api, config });
            ::axum::Router::<::std::sync::Arc<Shared<A>>>::new()
                .without_v07_checks()
                #(#routes)*
                .with_state(shared)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_axum_routes() {
        let p = axum_path("/contacts/{id}").unwrap();
        assert_eq!(
            (p.path.as_str(), p.names),
            ("/contacts/{p0}", vec!["id".to_owned()])
        );
        assert_eq!(axum_path("/").unwrap().path, "/");
        assert_eq!(axum_path("/a/{x}/b/{y}").unwrap().path, "/a/{p0}/b/{p1}");
        assert_eq!(axum_path("/:colon/*star").unwrap().path, "/:colon/*star");
        let affixed = axum_path("/files/v{n}.json").unwrap();
        assert_eq!(affixed.path, "/files/{p0}");
        assert_eq!(affixed.affixes, vec![("v".to_owned(), ".json".to_owned())]);
        assert!(axum_path("/compare/{base}...{head}").is_err());
        assert!(axum_path("/a/{{x}}").is_err());
        assert!(axum_path("/a/{x").is_err());
    }
}
