//! openapi-forge: OpenAPI 3.0/3.1 documents to Rust models, an async client
//! and axum server stubs.
//!
//! The library API is what the command line and build scripts use:
//! [`generate`] and [`generate_str`] turn a spec into code with
//! [`Settings`], [`build`] runs that from a build script, [`config`] reads
//! `openapi-forge.toml`, [`write`] writes only changed files (or checks for
//! drift), and errors are [`Diagnostic`]s with file, `line:column` and JSON
//! pointer.
//!
//! Inside, one pipeline reads top to bottom: `load` (bytes → checked
//! document → IR), `ir` (our own types and operations), `emit` (tokens),
//! `format` (prettyplease and the `@generated` header) and `write`.
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
mod emit;
mod format;
mod ir;
mod load;
pub mod settings;
pub mod write;

pub use diag::{Diagnostic, Error, Severity};
pub use settings::Settings;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Generated code for one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust file.
    pub code: String,
    /// Warnings about constructs that were simplified or skipped.
    pub warnings: Vec<Diagnostic>,
    /// Every file read (the spec and the files it `$ref`s).
    pub files: Vec<PathBuf>,
    /// How many named types the file holds.
    pub types: usize,
    /// How many operations the file holds.
    pub operations: usize,
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

/// Emit and format a loaded spec. The header's fingerprint covers every
/// source text the loader read (the spec and the files it references), as
/// read, so it never disagrees with what was generated.
fn finish(
    loaded: load::Loaded,
    spec: &Path,
    settings: &Settings,
    select: &ir::select::Selection,
) -> Result<Generated, Error> {
    let texts: Vec<&str> = loaded.sources.iter().map(|s| s.text.as_str()).collect();
    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = format::Header {
        spec_name: &spec_name,
        spec_hash: format::fingerprint(texts.iter().copied()),
        selection: select.describe(),
    };
    // Emitting and formatting overlap: each part (models, client, server,
    // support) is formatted on the worker threads while the next is emitted.
    let start = Instant::now();
    let mut parts = emit::Parts::new(&loaded.api, settings);
    let code = format::file_from_parts(parts.by_ref(), &header)
        .map_err(|m| Error::plain(Some(spec.to_path_buf()), m))?;
    let generated = start.elapsed();
    let mut warnings = loaded.warnings;
    // Located like the loader's: in the file the construct comes from (a
    // `$ref`'d file's schema is named in that file, not the main spec).
    let mut emitted = parts.take_warnings();
    load::locate_all(&mut emitted, &loaded.sources);
    warnings.extend(emitted.items().iter().cloned());
    drop(parts);
    if settings.deny_warnings && !warnings.is_empty() {
        // Strict mode: every warning fails the run, reported as an error.
        let diagnostics = warnings
            .into_iter()
            .map(|w| Diagnostic {
                severity: Severity::Error,
                ..w
            })
            .collect();
        return Err(Error { diagnostics });
    }
    let (types, operations) = (loaded.api.types.len(), loaded.api.operations.len());
    load::drop_in_background(loaded.api);
    Ok(Generated {
        code,
        warnings,
        files: loaded.sources.iter().map(|s| s.path.clone()).collect(),
        types,
        operations,
        timings: Timings {
            load: loaded.elapsed,
            emit_and_format: generated,
        },
    })
}
