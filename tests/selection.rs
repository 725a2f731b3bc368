//! Operation selection and model pruning on `tests/specs/selection.yaml`:
//! which operations and types a selected file keeps. (The edge-case crate
//! compiles a selected file; `tests/cli.rs` covers the errors and drift.)

use openapi_forge::settings::Models;
use openapi_forge::Settings;
use std::path::Path;

/// The client methods and top-level types of the generated file, one per
/// line, in file order: what a reviewer wants to see of a selection.
fn summary(settings: Settings) -> String {
    let out = openapi_forge::generate(
        Path::new("tests/specs/selection.yaml"),
        &settings.with_client(true),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = vec![format!(
        "{} operations, {} types",
        out.operations, out.types
    )];
    for line in out.code.lines() {
        let t = line.trim_start();
        let top = !line.starts_with(' ');
        if top && t.starts_with("pub mod forge_support") {
            // The inlined support code: not the API's surface.
            break;
        }
        if top
            && (t.starts_with("pub struct ")
                || t.starts_with("pub enum ")
                || t.starts_with("pub type "))
        {
            lines.push(t.trim_end_matches(['{', ' ']).to_owned());
        } else if let Some(method) = t.strip_prefix("pub async fn ") {
            let name = method.split(['(', '<']).next().unwrap_or_default();
            lines.push(format!("client: {name}"));
        }
    }
    lines.join("\n")
}

/// Snapshots live next to the other reviewed output, in `tests/snapshots/selection`.
macro_rules! assert_summary {
    ($name:literal, $value:expr) => {
        insta::with_settings!({ snapshot_path => "snapshots/selection", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

#[test]
fn a_tag_keeps_its_operations_and_what_they_reach() {
    assert_summary!(
        "pets_without_admin",
        summary(
            Settings::default()
                .with_include_tags(["pets"])
                .with_exclude_tags(["admin"])
        )
    );
}

#[test]
fn excluding_an_operation_keeps_types_others_share() {
    // `deletePet` alone uses `Owner`; `Address` is shared with the stores.
    let s = summary(Settings::default().with_exclude_operations(["deletePet"]));
    assert_summary!("all_but_delete", s);
    assert!(s.contains("pub struct Address") && !s.contains("pub struct Owner"));
    assert!(!s.contains("Unused"), "no operation reaches it");
}

#[test]
fn models_all_keeps_every_component() {
    let s = summary(
        Settings::default()
            .with_include_operations(["health"])
            .with_models(Models::All),
    );
    assert_summary!("health_with_all_models", s);
    for name in ["Owner", "Unused", "Address", "Pet"] {
        assert!(s.contains(&format!("pub struct {name}")), "{name}:\n{s}");
    }
    // But the inline types of operations left out are never made.
    assert!(!s.contains("ListStoresResponseItem") && !s.contains("ListPetsKind"));
}

#[test]
fn names_do_not_depend_on_the_selection() {
    let full = summary(Settings::default());
    let stores = summary(Settings::default().with_include_operations(["list*"]));
    for line in stores.lines().skip(1) {
        assert!(
            full.lines().any(|l| l == line),
            "{line:?} is not in the full file:\n{full}"
        );
    }
}
