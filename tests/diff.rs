//! `diff`: one small spec pair per rule in `tests/specs/diff/<rule>/`, each
//! with its expected text report next to it (`report.snap`), plus the JSON
//! and Markdown forms of one pair and the escaping of hostile spec text.

use openapi_forge::diff::{diff_files, Format, Report};
use openapi_forge::Settings;
use std::path::{Path, PathBuf};

const PAIRS: &str = "tests/specs/diff";

/// Generation settings of the snapshots: models and the client, the most
/// common setup (a server adds a trait whose new methods are major).
fn settings() -> Settings {
    Settings::default().with_client(true)
}

fn report(rule: &str, settings: &Settings) -> Report {
    let dir = Path::new(PAIRS).join(rule);
    diff_files(&dir.join("old.yaml"), &dir.join("new.yaml"), settings)
        .unwrap_or_else(|e| panic!("{rule}: {e}"))
}

fn rules() -> Vec<String> {
    let mut rules: Vec<String> = std::fs::read_dir(PAIRS)
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.path()
                .join("old.yaml")
                .exists()
                .then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    rules.sort();
    rules
}

fn snapshot(rule: &str, name: &str, text: String) {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(PathBuf::from("specs/diff").join(rule));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn every_pair_matches_its_report() {
    let rules = rules();
    assert!(rules.len() >= 30, "only {} pairs", rules.len());
    for rule in &rules {
        snapshot(
            rule,
            "report",
            report(rule, &settings()).render(Format::Text),
        );
    }
}

/// The pair's directory name says which rule it shows: the report holds
/// that rule (or nothing, for the pairs that show what is no change).
#[test]
fn every_pair_shows_its_rule() {
    let unchanged = ["path-parameter-renamed", "ref-moved"];
    for rule in rules() {
        let r = report(&rule, &settings());
        if rule == "hostile-text" {
            continue;
        }
        if unchanged.contains(&rule.as_str()) {
            assert!(r.changes.is_empty(), "{rule}: {:?}", r.changes);
            continue;
        }
        let found: Vec<&str> = r.changes.iter().map(|c| c.rule).collect();
        let expected = expected_rule(&rule);
        assert!(
            found.contains(&expected),
            "{rule}: expected {expected} in {found:?}"
        );
    }
}

/// The rule a pair's name stands for (pair names also say the direction
/// or the detail they show).
fn expected_rule(pair: &str) -> &'static str {
    const RULES: &[(&str, &str)] = &[
        ("component-renamed", "type-renamed"),
        ("field-removed", "field-removed"),
        ("field-became-optional", "field-became-optional"),
        ("nullable-added", "nullable-added"),
        ("nullable-removed", "nullable-removed"),
        ("type-widened", "type-widened"),
        ("type-narrowed", "type-narrowed"),
        ("type-changed", "type-changed"),
        ("enum-value-added", "enum-value-added"),
        ("max-length-decreased", "max-length-tightened"),
        ("max-length-increased", "max-length-loosened"),
        ("min-length-increased", "min-length-tightened"),
        ("maximum-decreased", "maximum-tightened"),
        ("max-items-decreased", "max-items-tightened"),
        ("minimum-increased", "minimum-tightened"),
        ("min-length-decreased", "min-length-loosened"),
        ("maximum-increased", "maximum-loosened"),
        ("minimum-decreased", "minimum-loosened"),
        ("min-items-removed", "min-items-loosened"),
        ("max-items-increased", "max-items-loosened"),
        ("min-items-added", "min-items-tightened"),
        ("field-added-required", "field-added-required"),
        ("external-file-field-removed", "field-removed"),
        ("string-became-enum", "type-narrowed"),
        ("union-variant-inserted", "union-variant-added"),
        ("read-only-field-added", "type-replaced"),
        (
            "security-requirement-removed",
            "security-requirement-removed",
        ),
        ("contains-added", "contains-changed"),
        ("property-names-added", "property-names-changed"),
        ("min-properties-increased", "min-properties-tightened"),
        ("not-added", "not-changed"),
        ("const-changed", "const-changed"),
        ("response-media-type-added", "response-media-type-added"),
        ("request-media-type-added", "request-media-type-added"),
        ("pattern-", "pattern-changed"),
        ("query-parameter-widened", "type-widened"),
        ("webhook-payload-field-removed", "field-removed"),
        ("callback-payload-field-removed", "field-removed"),
        ("webhook-removed", "operation-removed"),
    ];
    for (prefix, rule) in RULES {
        if pair.starts_with(prefix) {
            return rule;
        }
    }
    Box::leak(pair.to_owned().into_boxed_str())
}

/// Verdicts that were once wrong, each with the pair that shows it: the
/// wire verdict of the pair's rule, and that nothing else breaks.
#[test]
fn corrected_verdicts() {
    let cases = [
        // Another media type beside the old one: the generated code picks
        // the new one, the wire is unchanged for the old one.
        ("response-media-type-added-beside-chosen", "compatible"),
        ("request-media-type-added-beside-chosen", "compatible"),
        // Generalisations break servers (of a request) only.
        ("pattern-removed-request", "breaks-servers"),
        ("pattern-emptied-request", "breaks-servers"),
        ("query-parameter-widened-to-array", "breaks-servers"),
        // Formatted strings keep their pattern and length limits.
        ("pattern-added-date-time-request", "breaks-clients"),
        ("max-length-decreased-uuid-response", "breaks-servers"),
        // A webhook's payload is read by the API's consumers.
        ("webhook-payload-field-removed", "breaks-clients"),
        ("callback-payload-field-removed", "breaks-clients"),
        // A webhook no longer sent: its receivers no longer get it.
        ("webhook-removed", "breaks-clients"),
    ];
    for (pair, verdict) in cases {
        let r = report(pair, &settings());
        let rule = expected_rule(pair);
        let found: Vec<(&str, &str)> = r.changes.iter().map(|c| (c.rule, c.wire.label())).collect();
        assert!(
            found.contains(&(rule, verdict)),
            "{pair}: expected {rule} {verdict} in {found:?}"
        );
        let worst = r
            .changes
            .iter()
            .map(|c| c.wire)
            .fold((false, false), |(c, s), w| {
                (c || w.breaks_clients, s || w.breaks_servers)
            });
        let expected = (verdict.contains("clients"), verdict.contains("servers"));
        assert_eq!(worst, expected, "{pair}: {found:?}");
    }
}

/// A webhook's Rust effect is on the `webhooks` module, and only when
/// webhooks are generated.
#[test]
fn webhook_changes_name_the_webhooks_module() {
    let none = report("webhook-payload-field-removed", &settings());
    assert!(none.changes.iter().all(|c| c.rust_item.is_none()));
    let both = Settings::default()
        .with_client(true)
        .with_webhooks(openapi_forge::settings::Webhooks::Both);
    let r = report("webhook-payload-field-removed", &both);
    let items: Vec<_> = r
        .changes
        .iter()
        .filter_map(|c| c.rust_item.clone())
        .collect();
    assert!(!items.is_empty(), "{:?}", r.changes);
}

#[test]
fn json_report() {
    let r = report("field-became-optional-response", &settings());
    snapshot(
        "field-became-optional-response",
        "report-json",
        r.render(Format::Json),
    );
}

#[test]
fn markdown_report() {
    let r = report("security-requirement-removed", &settings());
    snapshot(
        "security-requirement-removed",
        "report-markdown",
        r.render(Format::Markdown),
    );
}

/// With the server generated, a new operation is a new method of the
/// server trait: every implementation must add it.
#[test]
fn server_settings_change_the_rust_verdict() {
    let client = report("operation-added", &settings());
    assert_eq!(client.changes[0].rust.label(), "minor");
    let server = report("operation-added", &settings().with_server(true));
    assert_eq!(server.changes[0].rust.label(), "major");
    assert!(server.changes[0].rust_item.as_deref() == Some("Client::delete_pet, Api::delete_pet"));
}

/// Rust types are spelled as the generated code spells them, overrides
/// included: a component the user overrides with `String`, inlined as a
/// string in the new spec, changes the wire but not the Rust field.
#[test]
fn type_overrides_decide_the_rust_verdict() {
    let overriding = |path: &str| {
        let overrides = [("Phone".to_owned(), path.to_owned())];
        settings().with_type_overrides(std::collections::BTreeMap::from(overrides))
    };
    let generated = report("type-changed-overridden", &settings());
    assert_eq!(generated.changes[0].rule, "type-changed");
    assert_eq!(generated.changes[0].rust.label(), "major");
    assert_eq!(
        generated.changes[0].rust_item.as_deref(),
        Some("Contact::phone: `Phone` → `String`")
    );
    let same = report("type-changed-overridden", &overriding("String"));
    assert_eq!(same.changes[0].rule, "type-changed");
    assert_eq!(same.changes[0].rust.label(), "none");
    assert_eq!(same.changes[0].rust_item, None);
    let other = report("type-changed-overridden", &overriding("my_types::Phone"));
    assert_eq!(other.changes[0].rust.label(), "major");
    assert_eq!(
        other.changes[0].rust_item.as_deref(),
        Some("Contact::phone: `my_types::Phone` → `String`")
    );
}

/// With closed enums, a new response value breaks our own clients too.
#[test]
fn closed_enums_make_a_new_response_value_breaking() {
    let open = report("enum-value-added-response", &settings());
    assert_eq!(open.changes[0].wire.label(), "compatible");
    assert!(open.changes[0]
        .wire_note
        .as_deref()
        .unwrap()
        .contains("closed"));
    let closed = report(
        "enum-value-added-response",
        &settings().with_enum_style(openapi_forge::settings::EnumStyle::Closed),
    );
    assert_eq!(closed.changes[0].wire.label(), "breaks-clients");
}

/// Spec text reaches the report only with control and bidirectional
/// characters spelled out, in every format that a person reads.
#[test]
fn hostile_text_is_spelled_out() {
    let r = report("hostile-text", &settings());
    for format in [Format::Text, Format::Markdown] {
        let out = r.render(format);
        assert!(!out.contains('\u{202e}'), "{out}");
        assert!(out.contains("[U+202E]"), "{out}");
    }
    assert!(!r.render(Format::Markdown).contains("<script"));
}

/// A chain of thousands of types, each holding the next, is compared
/// without recursion (a test thread has a small stack).
#[test]
fn deep_type_chains_do_not_exhaust_the_stack() {
    const DEPTH: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, last: &str| {
        let mut schemas = serde_json::Map::new();
        for i in 0..DEPTH {
            schemas.insert(
                format!("A{i}"),
                serde_json::json!({"type": "object", "properties": {
                    "next": {"$ref": format!("#/components/schemas/A{}", i + 1)}}}),
            );
        }
        schemas.insert(
            format!("A{DEPTH}"),
            serde_json::json!({"type": "object", "properties": {"v": {"type": last}}}),
        );
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "deep", "version": "1"},
            "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A0"}}}}}}}},
            "components": {"schemas": schemas},
        });
        let path = dir.path().join(name);
        std::fs::write(&path, spec.to_string()).unwrap();
        path
    };
    let (old, new) = (write("old.json", "string"), write("new.json", "integer"));
    let r = diff_files(&old, &new, &settings()).unwrap();
    let rules: Vec<&str> = r.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["type-changed"]);
}
