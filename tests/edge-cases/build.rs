//! Generates every spec in `tests/specs` into OUT_DIR through the build.rs
//! API, in every part combination a user can ask for, and writes the module
//! list `specs.rs` that `src/lib.rs` includes. Nothing here lists specs by
//! hand: a new file in `tests/specs` is compiled (and linted by the
//! workspace's clippy run) with no other change.

use openapi_forge::settings::{DateTimeType, EnumStyle, ReadOnlyInRequests, Webhooks};
use openapi_forge::Settings;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Module suffix and parts: `name` holds models, client, server, the mock
/// built on the server, and both webhook parts (what the HTTP tests use);
/// the others each compile one
/// narrower combination, whose serde impls differ (a client-only file
/// serializes only what it sends and deserializes only what it receives):
/// the client with the webhooks' sender (both reqwest code), the server
/// with their receiver (both axum code).
const COMBINATIONS: [(&str, bool, bool, Webhooks); 4] = [
    ("", true, true, Webhooks::Both),
    ("_models", false, false, Webhooks::None),
    ("_client", true, false, Webhooks::Send),
    ("_server", false, true, Webhooks::Receive),
];

/// Every std derive, including those forge writes itself.
fn std_derives() -> Vec<String> {
    [
        "Debug",
        "Clone",
        "Copy",
        "Default",
        "PartialEq",
        "Eq",
        "PartialOrd",
        "Ord",
        "Hash",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn main() {
    let specs_dir = Path::new("../specs");
    // A new spec file changes the folder; rerun to pick it up.
    println!("cargo:rerun-if-changed={}", specs_dir.display());
    let mut modules = Vec::new();
    let mut warnings = String::new();
    for (name, spec) in specs(specs_dir) {
        for (suffix, client, server, webhooks) in COMBINATIONS {
            let module = format!("{name}{suffix}");
            let settings = Settings::default()
                .with_client(client)
                .with_server(server)
                .with_mock(suffix.is_empty())
                .with_webhooks(webhooks)
                .with_file_name(Some(format!("{module}.rs")));
            let path = generate(&spec, &settings, &module, &mut warnings);
            modules.push((module, path));
        }
    }
    // Settings that change the models or select operations, each on the
    // spec that shows it.
    let variants = [
        (
            "formats_strings",
            "formats.yaml",
            Settings::default().with_date_time(DateTimeType::String),
        ),
        // Streamed lists (one by `Link`) and one split type, selected:
        // pruning decides which types exist before paging and direction
        // forms are decided.
        (
            "paging_selected",
            "paging.yaml",
            Settings::default()
                .with_client(true)
                .with_include_operations([
                    "listBooksAfter",
                    "listBooksByOffset",
                    "listBooksLinked",
                ]),
        ),
        // Events, a download and an upload, selected: the stream runtime
        // and its re-exports follow what is kept.
        (
            "streams_selected",
            "streams.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_include_operations(["streamChat", "downloadFile", "uploadFile"]),
        ),
        (
            "readwrite_selected",
            "readwrite.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_include_operations(["putTeam"]),
        ),
        (
            "readwrite_reject",
            "readwrite.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_read_only_in_requests(ReadOnlyInRequests::Reject),
        ),
        // A user's extra derive: structs keep `#[derive(Serialize)]` and
        // their `#[serde]` attributes, which such a derive may read.
        (
            "directions_derived",
            "directions.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_extra_derives(vec!["Hash".to_owned()]),
        ),
        // Std derives asked for by name: those forge already writes are
        // not written twice, and those a type cannot carry (`Hash` or `Eq`
        // with a float, `Default` on an enum, `Copy` with text) are left off
        // that type with a warning, so every combination still compiles.
        (
            "defaults_std_derives",
            "defaults.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_extra_derives(std_derives()),
        ),
        (
            "oneof_std_derives",
            "oneof.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_extra_derives(std_derives()),
        ),
        (
            "enums_closed",
            "enums.yaml",
            Settings::default().with_enum_style(EnumStyle::Closed),
        ),
        (
            "statuses_traced",
            "statuses.yaml",
            Settings::default().with_client(true).with_tracing(true),
        ),
        (
            "selection_pets",
            "selection.yaml",
            Settings::default()
                .with_client(true)
                .with_server(true)
                .with_include_tags(["pets"])
                .with_exclude_tags(["admin"]),
        ), // The same selection in the other combinations: pruning decides
        // which types exist, the parts which serde impls each gets.
        (
            "selection_pets_models",
            "selection.yaml",
            Settings::default()
                .with_include_tags(["pets"])
                .with_exclude_tags(["admin"]),
        ),
        (
            "selection_pets_client",
            "selection.yaml",
            Settings::default()
                .with_client(true)
                .with_include_tags(["pets"])
                .with_exclude_tags(["admin"]),
        ),
        (
            "selection_pets_server",
            "selection.yaml",
            Settings::default()
                .with_server(true)
                .with_include_tags(["pets"])
                .with_exclude_tags(["admin"]),
        ),
        // The webhook parts alone (a provider that only sends them, a
        // consumer that only receives them), and the other way round.
        (
            "webhooks_send",
            "webhooks.yaml",
            Settings::default().with_webhooks(Webhooks::Send),
        ),
        (
            "webhooks_receive",
            "webhooks.yaml",
            Settings::default().with_webhooks(Webhooks::Receive),
        ),
        (
            "webhooks_crossed",
            "webhooks.yaml",
            Settings::default()
                .with_client(true)
                .with_webhooks(Webhooks::Receive),
        ),
        (
            "callbacks_send",
            "callbacks.yaml",
            Settings::default().with_webhooks(Webhooks::Send),
        ),
        (
            "callbacks_receive",
            "callbacks.yaml",
            Settings::default()
                .with_server(true)
                .with_webhooks(Webhooks::Both)
                .with_tracing(true),
        ),
    ];
    for (module, spec, settings) in variants {
        let settings = settings.with_file_name(Some(format!("{module}.rs")));
        let path = generate(&specs_dir.join(spec), &settings, module, &mut warnings);
        modules.push((module.to_owned(), path));
    }
    write_module_list(&modules);
    write_out("warnings.txt", &warnings);
}

/// Generate one module into OUT_DIR. Its warnings are expected (the specs
/// show edge cases on purpose), so they are not printed as cargo warnings,
/// which a reader takes for problems: they are collected, one line each,
/// and `tests/warnings.rs` compares them with `expected-warnings.txt`.
/// An error stops the build with every diagnostic, as `build::generate`.
fn generate(spec: &Path, settings: &Settings, module: &str, warnings: &mut String) -> PathBuf {
    println!("cargo:rerun-if-changed={}", spec.display());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    match openapi_forge::build::try_generate(spec, settings, out_dir) {
        Ok(built) => {
            for w in &built.warnings {
                writeln!(warnings, "{module}: {w}").unwrap();
            }
            built.path
        }
        Err(e) => {
            for d in &e.diagnostics {
                println!("cargo:warning={d}");
            }
            std::process::exit(1);
        }
    }
}

/// Every `*.yaml` in the folder (by file stem), and each subfolder's
/// `main.yaml` (a spec split over several files, by folder name); sorted,
/// so the module order is stable. `broken/` holds specs that must fail.
fn specs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/specs is readable") {
        let path = entry.expect("tests/specs entry").path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let main = path.join("main.yaml");
            if stem != "broken" && main.is_file() {
                out.push((stem, main));
            }
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push((stem, path));
        }
    }
    out.sort();
    out
}

fn write_module_list(modules: &[(String, PathBuf)]) {
    let mut text = String::new();
    for (module, path) in modules {
        let path = path.display().to_string();
        writeln!(text, "pub mod {module} {{ include!({path:?}); }}").unwrap();
    }
    write_out("specs.rs", &text);
}

fn write_out(name: &str, text: &str) {
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(name);
    std::fs::write(out, text).expect("OUT_DIR is writable");
}
