//! openapi-forge: OpenAPI 3.0, 3.1 and 3.2, Swagger 2.0 documents to Rust
//! models, an async client and axum server stubs.
//!
//! The library API is what the command line and build scripts use:
//! [`generate`] and [`generate_str`] turn a spec into code with
//! [`Settings`], [`build`] runs that from a build script, [`config`] reads
//! `openapi-forge.toml`, [`write`](mod@write) writes only changed files (or checks for
//! drift), [`diff`] reports what a spec change breaks on the wire and in
//! the generated Rust API, and errors are [`Diagnostic`]s with file,
//! `line:column` and JSON pointer.
//!
//! Inside, one pipeline reads top to bottom: `load` (bytes → checked
//! document → IR), `ir` (our own types and operations), `emit` (tokens),
//! `format` (prettyplease and the `@generated` header) and `write`; `diff`
//! takes two IRs from `load` instead and compares them.
//!
//! ```no_run
//! let settings = openapi_forge::Settings::default().with_client(true);
//! let out = openapi_forge::generate(std::path::Path::new("spec/contacts.yaml"), &settings)?;
//! std::fs::write("contacts.rs", out.code)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod build;
pub mod config;
mod diag;
pub mod diff;
mod emit;
mod format;
mod ir;
mod krate;
mod load;
pub mod settings;
mod util;
pub mod write;

pub use diag::{Diagnostic, Error, Severity, RULES as DIAGNOSTIC_RULES};
pub use settings::Settings;

use proc_macro2::TokenStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Generated code for one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust file.
    pub code: String,
    /// The `[dependencies]` block the code needs (also in its header), as
    /// `openapi-forge deps` prints it.
    pub dependencies: String,
    /// Warnings about constructs that were simplified or skipped.
    pub warnings: Vec<Diagnostic>,
    /// What the generator decided that a reader may want to know (which
    /// list operations got streams, and by which rule); not warnings.
    pub notes: Vec<String>,
    /// Every file read (the spec and the files it `$ref`s).
    pub files: Vec<PathBuf>,
    /// How many named types the file holds.
    pub types: usize,
    /// How many operations the file holds.
    pub operations: usize,
    /// How many webhook and callback operations the file holds.
    pub webhooks: usize,
    /// Where the time went (for the benchmark and `FORGE_TIMINGS=1`).
    pub timings: Timings,
}

/// Wall-clock time of each pipeline stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Read, parse, normalise, bundle and lower to the IR.
    pub load: Duration,
    /// Build the token streams, and parse and pretty-print them (the two
    /// overlap: formatting runs on worker threads while emitting goes on).
    pub emit_and_format: Duration,
}

/// Read the spec at `spec` and generate code for it.
pub fn generate(spec: &Path, settings: &Settings) -> Result<Generated, Error> {
    let start = Instant::now();
    let select = ir::select::Selection::from_settings(settings);
    let mut loaded = load::load_file(spec, &settings.allow_refs_outside, &select)?;
    loaded.elapsed = start.elapsed();
    finish(loaded, spec, settings, &select)
}

/// Generate code from spec text; `name` stands for its path in messages and
/// anchors relative `$ref`s.
pub fn generate_str(text: &str, name: &Path, settings: &Settings) -> Result<Generated, Error> {
    let start = Instant::now();
    let select = ir::select::Selection::from_settings(settings);
    let mut loaded = load::load_str(text, name, &settings.allow_refs_outside, &select)?;
    loaded.elapsed = start.elapsed();
    finish(loaded, name, settings, &select)
}

/// A generated crate: every file the generator owns, by path relative to
/// the crate's folder.
#[derive(Debug, Clone)]
pub struct GeneratedCrate {
    /// The package name (from `name`, else the spec's title).
    pub name: String,
    /// The package version (from `info.version`, made semver).
    pub version: String,
    /// `Cargo.toml`, `README.md` and the `src/` files, in that order.
    pub files: Vec<(PathBuf, String)>,
    /// Warnings about constructs that were simplified or skipped.
    pub warnings: Vec<Diagnostic>,
    /// As [`Generated::notes`].
    pub notes: Vec<String>,
    /// How many named types the crate holds.
    pub types: usize,
    /// How many operations the crate holds.
    pub operations: usize,
}

/// Read the spec at `spec` and generate a crate for it: models, a client
/// and a server (the last two behind cargo features `client` and
/// `server`, whatever `settings` says about them), and a `Cargo.toml` with
/// exactly the dependencies that code uses. `name` is the package name
/// (default: from the spec's title); `dir_hint` is how the README's usage
/// snippet names the crate's folder.
pub fn generate_crate(
    spec: &Path,
    settings: &Settings,
    name: Option<&str>,
    dir_hint: &str,
) -> Result<GeneratedCrate, Error> {
    // Every part, each behind its feature.
    let settings = settings
        .clone()
        .with_client(true)
        .with_server(true)
        .with_mock(true)
        .with_webhooks(settings::Webhooks::Both);
    let select = ir::select::Selection::from_settings(&settings);
    let loaded = load::load_file(spec, &settings.allow_refs_outside, &select)?;
    let fail = |m: String| Error::plain(Some(spec.to_path_buf()), m);
    let package = krate::Package {
        name: krate::package_name(name, &loaded.api.title).map_err(fail)?,
        version: krate::version_from(&loaded.api.version),
    };
    let header = header_for(&loaded.sources, spec, &select);
    let emitted = krate::emit(&loaded.api, &settings);
    let mut emitted_warnings = emitted.warnings.clone();
    if let Some(message) = krate::version_warning(&loaded.api.version, &package.version) {
        emitted_warnings.warning("/info/version", message);
    }
    let warnings = all_warnings(&loaded, emitted_warnings, &settings)?;
    let rust = |tokens: TokenStream| -> Result<String, Error> {
        let body = format::body_from_parts(std::iter::once(tokens)).map_err(fail)?;
        Ok(format::with_header(&header, "", &body))
    };
    let toml_header = format::header_lines(&header, "#");
    let mut files = vec![
        (
            PathBuf::from("Cargo.toml"),
            krate::cargo_toml(
                &toml_header,
                &package,
                &loaded.api,
                &emitted.deps,
                emitted.tags.as_ref(),
            ),
        ),
        (
            PathBuf::from("README.md"),
            krate::readme(
                &toml_header,
                &package,
                &loaded.api,
                emitted.tags.as_ref(),
                dir_hint,
            ),
        ),
        (
            PathBuf::from("src/lib.rs"),
            rust(emitted.lib_rs(&loaded.api))?,
        ),
        (
            PathBuf::from("src/models.rs"),
            rust(emitted.models.clone())?,
        ),
    ];
    for (stem, tokens) in emitted.module_files() {
        files.push((
            PathBuf::from(format!("src/{stem}.rs")),
            rust(tokens.clone())?,
        ));
    }
    Ok(GeneratedCrate {
        name: package.name,
        version: package.version,
        files,
        warnings,
        notes: notes(&loaded.api, &settings),
        types: loaded.api.types.len(),
        operations: loaded.api.operations.len(),
    })
}

/// The header of every file generated from a loaded spec. Its fingerprint
/// covers every source text the loader read (the spec and the files it
/// references), as read, so it never disagrees with what was generated.
fn header_for(
    sources: &[load::Source],
    spec: &Path,
    select: &ir::select::Selection,
) -> format::Header {
    let texts = sources.iter().map(|s| s.text.as_str());
    format::Header {
        spec_name: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        spec_hash: format::fingerprint(texts),
        selection: select.describe(),
    }
}

/// The loader's and the emitters' warnings together, the emitters' located
/// like the loader's: in the file the construct comes from (a `$ref`'d
/// file's schema is named in that file, not the main spec). In strict mode
/// every warning fails the run, reported as an error.
fn all_warnings(
    loaded: &load::Loaded,
    mut emitted: diag::Diagnostics,
    settings: &Settings,
) -> Result<Vec<Diagnostic>, Error> {
    load::restore_pointers(&mut emitted, &loaded.pointers);
    emitted.prepend(loaded.warnings.clone());
    load::locate_all(&mut emitted, &loaded.sources);
    let warnings = emitted.items().to_vec();
    if settings.deny_warnings && !warnings.is_empty() {
        let diagnostics = warnings
            .into_iter()
            .map(|w| Diagnostic {
                severity: Severity::Error,
                ..w
            })
            .collect();
        return Err(Error { diagnostics });
    }
    Ok(warnings)
}

/// The generator's notes: webhooks left out, then the client's streams.
pub fn notes(api: &ir::Api, settings: &Settings) -> Vec<String> {
    let mut notes = Vec::new();
    if api.skipped_webhooks > 0 {
        notes.push(format!(
            "the spec has {} webhook and callback operation(s), not generated: `--webhooks receive` generates a receiver (for the API's consumers), `send` a sender (for its provider), `both` the two",
            api.skipped_webhooks
        ));
    }
    if settings.client {
        notes.extend(paging_notes(api));
    }
    notes
}

/// A line per list operation the client streams: which, and by which rule.
pub fn paging_notes(api: &ir::Api) -> Vec<String> {
    api.operations
        .iter()
        .filter_map(|op| {
            let paging = op.paging.as_ref()?;
            Some(format!(
                "{} ({}) streams its items by {}",
                op.code_label().trim_matches('`'),
                op.name,
                paging.rule.describe()
            ))
        })
        .collect()
}

/// Emit and format a loaded spec.
fn finish(
    loaded: load::Loaded,
    spec: &Path,
    settings: &Settings,
    select: &ir::select::Selection,
) -> Result<Generated, Error> {
    // Emitting and formatting overlap: each part (models, client, server,
    // support) is formatted on the worker threads while the next is emitted.
    let start = Instant::now();
    let mut parts = emit::Parts::new(&loaded.api, settings);
    let sources = &loaded.sources;
    let (header, body) = std::thread::scope(|scope| {
        // The fingerprint reads every byte of the spec: not on the thread
        // that emits, which is the one the run waits for.
        let header = scope.spawn(move || header_for(sources, spec, select));
        let body = format::body_from_parts(parts.by_ref());
        // A panic there is a bug: it goes on as the caller's.
        let header = header
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (header, body)
    });
    let body = body.map_err(|m| Error::plain(Some(spec.to_path_buf()), m))?;
    let dependencies = parts.dependencies().toml_block();
    let code = format::with_header(&header, &dependencies, &body);
    let generated = start.elapsed();
    let warnings = all_warnings(&loaded, parts.take_warnings(), settings)?;
    drop(parts);
    let (types, operations) = (loaded.api.types.len(), loaded.api.operations.len());
    // Counted only where some part of them was generated.
    let webhooks = if settings.webhooks.any() {
        loaded.api.webhooks.len()
    } else {
        0
    };
    let files = loaded.sources.iter().map(|s| s.path.clone()).collect();
    let notes = notes(&loaded.api, settings);
    util::drop_in_background(loaded.api);
    Ok(Generated {
        code,
        dependencies,
        warnings,
        notes,
        files,
        types,
        operations,
        webhooks,
        timings: Timings {
            load: loaded.elapsed,
            emit_and_format: generated,
        },
    })
}
