//! Credentials: one type per security scheme, and the handler steps that
//! read them and refuse a request with no complete alternative (401).

use super::plan::{rt, Input, InputSource};
use crate::emit::context::{doc_attrs, ident};
use crate::emit::Ctx;
use crate::ir::naming::{upper_camel, Namespace};
use crate::ir::{Operation, ParamLocation, SecurityKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The credential types (one per scheme, named in `types`) and their
/// names, in the order of the spec's schemes.
pub fn types(ctx: &Ctx, types: &mut Namespace) -> (TokenStream, Vec<Ident>) {
    let mut credentials = TokenStream::new();
    let mut credential_types = Vec::new();
    for scheme in &ctx.api.security_schemes {
        let name = ident(&types.type_name(&upper_camel(&scheme.name, "Credential")));
        let mut docs = doc_attrs(&scheme.docs);
        if !docs.is_empty() {
            docs.extend(quote!(#[doc = ""]));
        }
        let label = name.to_string();
        let item = match &scheme.kind {
            SecurityKind::ApiKey { .. } | SecurityKind::Bearer => {
                let what = if scheme.kind == SecurityKind::Bearer {
                    " The bearer token from `Authorization: Bearer ...`."
                } else {
                    " The API key sent with the request."
                };
                quote! {
                    #docs
                    #[doc = #what]
                    #[derive(Clone, PartialEq, Eq)]
                    pub struct #name(pub ::std::string::String);

                    impl ::std::fmt::Debug for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(::std::concat!(#label, "(..)"))
                        }
                    }
                }
            }
            SecurityKind::Basic => quote! {
                #docs
                #[doc = " User name and password from `Authorization: Basic ...`."]
                #[derive(Clone, PartialEq, Eq)]
                pub struct #name {
                    pub username: ::std::string::String,
                    pub password: ::std::string::String,
                }

                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#label).field("username", &self.username).finish_non_exhaustive()
                    }
                }
            },
        };
        credentials.extend(item);
        credential_types.push(name);
    }

    (credentials, credential_types)
}

/// Read every credential the operation accepts, then require that at least
/// one alternative of its `security` is complete.
pub fn steps(ctx: &Ctx, op: &Operation, inputs: &[Input]) -> TokenStream {
    let rt = rt();
    let mut steps = TokenStream::new();
    let mut present = std::collections::BTreeMap::new();
    let mut labels = Vec::new();
    for input in inputs {
        let InputSource::Credential { scheme, ty, .. } = &input.source else {
            continue;
        };
        let s = &ctx.api.security_schemes[*scheme];
        let name = &input.name;
        let (extract, label) = match &s.kind {
            SecurityKind::ApiKey {
                location,
                name: key,
            } => {
                let (loc, label) = match location {
                    ParamLocation::Query => (quote!(Query), "query"),
                    ParamLocation::Cookie => (quote!(Cookie), "cookie"),
                    ParamLocation::Header => (quote!(Header), "header"),
                    ParamLocation::Path => (quote!(Path), "path"),
                };
                (
                    quote!(input.api_key(#rt::Location::#loc, #key).map(#ty)),
                    format!("{key} {label}"),
                )
            }
            SecurityKind::Bearer => (
                quote!(input.bearer_token().map(#ty)),
                "Authorization: Bearer header".to_owned(),
            ),
            SecurityKind::Basic => (
                quote!(input.basic_credentials().map(|(username, password)| #ty { username, password })),
                "Authorization: Basic header".to_owned(),
            ),
        };
        steps.extend(quote!(let #name = #extract;));
        present.insert(s.key.clone(), name.clone());
        labels.push(label);
    }
    if !present.is_empty() {
        let message = format!("missing or empty credentials: {}", labels.join(" or "));
        // With only required credentials the `let ... else` below says it all.
        let all_required = inputs.iter().all(|i| {
            !matches!(
                i.source,
                InputSource::Credential {
                    required: false,
                    ..
                }
            )
        });
        // Each alternative as the credentials it needs; one that needs none
        // (`security: [{}]`, or only schemes we cannot check) lets every
        // request through, so there is nothing to check.
        let alternatives: Vec<Vec<&Ident>> = op
            .security
            .iter()
            .map(|alt| alt.iter().filter_map(|k| present.get(k)).collect())
            .collect();
        let anonymous = alternatives.iter().any(Vec::is_empty);
        if !all_required && !anonymous {
            let alternatives = alternatives.iter().map(|parts| match parts.as_slice() {
                [one] => quote!(#one.is_some()),
                many => quote!((#(#many.is_some())&&*)),
            });
            steps.extend(quote! {
                if !(#(#alternatives)||*) {
                    return Err(#rt::unauthorized(#message));
                }
            });
        }
        for input in inputs {
            if let InputSource::Credential { required: true, .. } = input.source {
                let name = &input.name;
                steps.extend(quote! {
                    let Some(#name) = #name else {
                        return Err(#rt::unauthorized(#message));
                    };
                });
            }
        }
    }

    steps
}
