//! Snapshots, driven by the files in `tests/specs`: adding a spec there is
//! all it takes to have it snapshotted (and, through `tests/edge-cases`,
//! compiled in every part combination and linted).
//!
//! - Every `tests/specs/*.yaml` (and `tests/specs/<dir>/main.yaml`) is
//!   generated with client, server and both webhook parts, and compared with
//!   `tests/snapshots/specs/<name>.snap.rs` (an insta binary snapshot, so
//!   the file is plain Rust a reviewer can read). The
//!   support code inlined from `templates/` is cut from the snapshot (it is
//!   the same for every spec and tested in its own crate); what stays is
//!   what the spec decides.
//! - Every file in `tests/specs/broken/` is run through the command line,
//!   and its whole output (messages, places, pointers, exit code) is an
//!   insta snapshot in `tests/snapshots/broken/`.
//! - Every file in `tests/specs/warnings/` (a spec that bends one rule) is
//!   generated through the command line with exactly one located warning,
//!   snapshotted in `tests/snapshots/warnings/`, and refused under
//!   `--deny-warnings`.
//!
//! Every snapshot of the project is insta's, with one accept command:
//! `INSTA_UPDATE=always cargo test --workspace` (or `cargo insta review`).
//! A changed `.rs` snapshot also prints a unified diff, which insta does not
//! show for a binary snapshot.
//! The flagship spec has no snapshot: its output is committed in
//! `examples/contacts-api` and checked by the drift check.

use openapi_forge::{generate, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every spec of `tests/specs` by snapshot name, sorted.
fn specs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo().join("tests/specs")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && path.join("main.yaml").is_file() {
            out.push((stem, path.join("main.yaml")));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push((stem, path));
        }
    }
    out.sort();
    out
}

/// The generated file less the blocks inlined from `templates/`: the
/// top-level `forge_support` module and the server's `runtime` module (each
/// with its doc lines), replaced by a one-line note.
fn without_support(code: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut skipping: Option<String> = None;
    for line in code.lines() {
        if let Some(end) = &skipping {
            if line == end {
                skipping = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed == "pub mod forge_support {" || trimmed == "pub mod runtime {" {
            while out
                .last()
                .is_some_and(|l| l.trim_start().starts_with("///"))
            {
                out.pop();
            }
            let indent = &line[..line.len() - trimmed.len()];
            skipping = Some(format!("{indent}}}"));
            out.push(if trimmed.contains("runtime") {
                "    // mod runtime: inlined from templates/ (tested in the forge-support crate)"
            } else {
                "// mod forge_support: inlined from templates/ (tested in the forge-support crate)"
            });
            continue;
        }
        out.push(line);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[test]
fn every_spec_matches_its_snapshot() {
    let settings = Settings::default()
        .with_client(true)
        .with_server(true)
        .with_webhooks(openapi_forge::settings::Webhooks::Both);
    for (name, spec) in specs() {
        let out = generate(&spec, &settings).unwrap_or_else(|e| panic!("{name}: {e}"));
        let actual = without_support(&out.code);
        // insta keeps the code as `<name>.snap.rs` (a binary snapshot, so
        // the file is plain Rust) and shows no diff for one: show ours.
        let file = repo()
            .join("tests/snapshots/specs")
            .join(format!("{name}.snap.rs"));
        let expected = std::fs::read_to_string(&file).unwrap_or_default();
        if actual != expected {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .context_radius(2)
                .header(&format!("{name}.snap.rs"), "new")
                .to_string();
            let shown: String = diff.lines().take(60).collect::<Vec<_>>().join("\n");
            eprintln!("{name}: snapshot differs:\n{shown}\n");
        }
        let relative = spec.strip_prefix(repo()).unwrap().display().to_string();
        insta::with_settings!({
            snapshot_path => "snapshots/specs",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => relative,
        }, {
            insta::assert_binary_snapshot!(&format!("{name}.rs"), actual.into_bytes());
        });
    }
}

/// The snapshot folder holds a snapshot for each spec and nothing else, so
/// a renamed or deleted spec does not leave a stale one behind.
#[test]
fn no_snapshot_without_a_spec() {
    let names: Vec<String> = specs().into_iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(repo().join("tests/snapshots/specs")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        // insta's metadata (`<name>.snap`) and the code (`<name>.snap.rs`).
        let stem = file
            .strip_suffix(".snap.rs")
            .or_else(|| file.strip_suffix(".snap"))
            .unwrap_or(&file);
        assert!(
            names.iter().any(|n| n == stem),
            "{} has no spec in tests/specs",
            path.display()
        );
    }
}

#[test]
fn broken_specs_report_every_problem_located() {
    let mut broken: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/specs/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    broken.sort();
    assert!(!broken.is_empty());
    for spec in broken {
        let dir = tempfile::tempdir().unwrap();
        let out_file = dir.path().join("out.rs");
        let relative = spec.strip_prefix(repo()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
            .args([
                "generate",
                relative.to_str().unwrap(),
                "-o",
                out_file.to_str().unwrap(),
            ])
            .env("NO_COLOR", "1")
            .current_dir(repo())
            .output()
            .expect("runs");
        let report = format!(
            "exit code: {:?}\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({
            snapshot_path => "snapshots/broken",
            prepend_module_to_snapshot => false,
            description => relative.display().to_string(),
        }, {
            insta::assert_snapshot!(name, report);
        });
        assert!(
            !out_file.exists(),
            "{}: nothing is written",
            relative.display()
        );
    }
}

/// Run the command line on `spec` (relative to the repository), writing
/// into a temporary folder: the exit code, the whole output, and whether
/// the file was written.
fn run_cli(spec: &Path, extra: &[&str]) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.rs");
    let out = Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
        .args(["generate", spec.to_str().unwrap(), "-o"])
        .arg(&out_file)
        .args(extra)
        // One line per diagnostic: the form these checks read.
        .arg("--message-format=short")
        .current_dir(repo())
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text, out_file.exists())
}

/// Each spec that bends one rule is generated with one located warning
/// (and a default), and is refused, with that warning as an error, under
/// `--deny-warnings`.
#[test]
fn specs_that_bend_one_rule_generate_with_one_located_warning() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/specs/warnings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let relative = spec.strip_prefix(repo()).unwrap();
        let (code, text, written) = run_cli(relative, &[]);
        let shown = relative.display().to_string();
        assert_eq!(code, Some(0), "{shown}: {text}");
        assert!(written, "{shown}: the code is written");
        let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
        assert_eq!(warnings.len(), 1, "{shown}: one warning: {text}");
        // Located: file, line and column, and a pointer.
        assert!(
            warnings[0].starts_with(&format!("warning: {shown}:"))
                && warnings[0].contains(": at /"),
            "{shown}: {}",
            warnings[0]
        );
        let (denied, denied_text, denied_written) = run_cli(relative, &["--deny-warnings"]);
        assert_eq!(denied, Some(2), "{shown}: {denied_text}");
        assert!(!denied_written, "{shown}: nothing is written when denied");
        let report = format!(
            "exit code: {code:?}\n{}\n--deny-warnings, exit code: {denied:?}\n{denied_text}",
            warnings[0]
        );
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({
            snapshot_path => "snapshots/warnings",
            prepend_module_to_snapshot => false,
            description => shown.clone(),
        }, {
            insta::assert_snapshot!(name, report);
        });
    }
}

#[test]
fn without_support_cuts_only_the_inlined_blocks() {
    let code = "pub struct A;\n/// Extraction.\n/// More.\npub mod forge_support {\n    pub struct B;\n}\npub mod server {\n    pub fn f() {}\n    /// Docs.\n    pub mod runtime {\n        pub struct C;\n    }\n    pub fn g() {}\n}\n";
    let cut = without_support(code);
    assert_eq!(
        cut,
        "pub struct A;\n// mod forge_support: inlined from templates/ (tested in the forge-support crate)\npub mod server {\n    pub fn f() {}\n    // mod runtime: inlined from templates/ (tested in the forge-support crate)\n    pub fn g() {}\n}\n"
    );
}
