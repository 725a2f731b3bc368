//! The OpenAPI Initiative's OpenAPI 3.2 schema test documents
//! (`tests/specs/oas32-suite/`, see its README): every "pass" document
//! generates (warnings allowed), and every "fail" document is refused or
//! warned about, each diagnostic with a place in the document.

use openapi_forge::{generate, Diagnostic, Settings};
use std::path::{Path, PathBuf};

fn documents(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs/oas32-suite")
        .join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// Models, client, server and both webhook parts: every part reads the
/// document.
fn settings() -> Settings {
    Settings::default()
        .with_client(true)
        .with_server(true)
        .with_webhooks(openapi_forge::settings::Webhooks::Both)
}

/// A diagnostic that says where: a file and a line.
fn located(d: &Diagnostic) -> bool {
    d.file.is_some() && d.position.is_some()
}

/// Pass documents that `$ref` a remote URL (not the document's `$self`):
/// `$ref`s read only local files, so these are refused, with the place.
const REMOTE: &[&str] = &["security-scheme-object-examples.yaml"];

#[test]
fn every_pass_document_generates() {
    let docs = documents("pass");
    assert_eq!(docs.len(), 37, "the suite's pass documents");
    let mut failures = Vec::new();
    for doc in &docs {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        if REMOTE.contains(&name.as_str()) {
            let e = generate(doc, &settings()).expect_err("a remote $ref is refused");
            assert!(
                e.diagnostics
                    .iter()
                    .any(|d| located(d) && d.message.starts_with("remote $ref")),
                "{name}: {e}"
            );
            continue;
        }
        // A panic would end the test here, with the document's name.
        match generate(doc, &settings()) {
            Ok(out) => {
                for w in out.warnings.iter().filter(|w| !located(w)) {
                    failures.push(format!("{name}: an unlocated warning: {w}"));
                }
            }
            Err(e) => failures.push(format!("{name}: refused:\n{e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fail_document_is_refused_or_warned_about_with_a_place() {
    let docs = documents("fail");
    assert_eq!(docs.len(), 29, "the suite's fail documents");
    let mut silent = Vec::new();
    let (mut refused, mut warned) = (0, 0);
    for doc in &docs {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostics = match generate(doc, &settings()) {
            Ok(out) => {
                warned += usize::from(!out.warnings.is_empty());
                out.warnings
            }
            Err(e) => {
                refused += 1;
                e.diagnostics
            }
        };
        if !diagnostics.iter().any(located) {
            silent.push(name);
        }
    }
    eprintln!("fail documents: {refused} refused, {warned} warned about");
    assert!(
        silent.is_empty(),
        "loaded with no located diagnostic: {}",
        silent.join(", ")
    );
}
