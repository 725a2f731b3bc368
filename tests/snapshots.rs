//! Snapshots of the generated code: one per edge-case spec (one construct
//! each) and the flagship spec. A snapshot proves the output is stable; the
//! `edge-cases` and `contacts-api` crates prove it compiles and works.

use openapi_forge::{generate, Settings};
use std::path::Path;

fn snapshot(spec: &str, settings: &Settings) -> String {
    let out = generate(Path::new(spec), settings).unwrap_or_else(|e| panic!("{spec}: {e}"));
    out.code
}

macro_rules! edge_case {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/", stringify!($name), ".yaml");
                insta::assert_snapshot!(stringify!($name), snapshot(spec, &Settings::default()));
            }
        )*
    };
}

edge_case!(
    nullability,
    enums,
    allof,
    oneof,
    maps,
    recursion,
    names,
    formats,
    openapi31,
    repeats
);

#[test]
fn external_refs() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/specs/external/main.yaml"
    );
    insta::assert_snapshot!("external", snapshot(spec, &Settings::default()));
}

#[test]
fn contacts_models() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/contacts.yaml");
    insta::assert_snapshot!("contacts_models", snapshot(spec, &Settings::default()));
}

#[test]
fn contacts_client_and_server() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/contacts.yaml");
    let settings = Settings::default().with_client(true).with_server(true);
    insta::assert_snapshot!("contacts_full", snapshot(spec, &settings));
}
