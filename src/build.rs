//! The `build.rs` front end: generate into `OUT_DIR`, write only when the
//! bytes change, and tell cargo which files to watch.
//!
//! In `build.rs`:
//! ```no_run
//! let settings = openapi_forge::Settings::default().with_client(true);
//! openapi_forge::build::generate("spec/contacts.yaml", &settings);
//! ```
//! and in `src/lib.rs` (or any module):
//! `include!(concat!(env!("OUT_DIR"), "/contacts.rs"));`

use crate::write::{self, Written};
use crate::{Error, Settings};
use std::path::{Path, PathBuf};

/// What [`try_generate`] did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The generated file in `OUT_DIR`.
    pub path: PathBuf,
    /// Whether the file's bytes changed.
    pub written: Written,
    /// Every file read (the spec and the files it `$ref`s).
    pub inputs: Vec<PathBuf>,
    /// Located warnings about constructs that were simplified or skipped.
    pub warnings: Vec<crate::Diagnostic>,
}

/// Generate code for `spec` into `OUT_DIR` from a build script. On failure
/// prints every diagnostic (file, line:column, JSON pointer, message) and
/// exits the build script with status 1: cargo shows the messages, with no
/// panic backtrace in the way.
pub fn generate(spec: impl AsRef<Path>, settings: &Settings) -> PathBuf {
    let spec = spec.as_ref();
    // Watch the spec even if it fails to load, so fixing it reruns us.
    println!("cargo:rerun-if-changed={}", spec.display());
    match try_generate(spec, settings, out_dir()) {
        Ok(built) => {
            for w in &built.warnings {
                println!("cargo:warning={w}");
            }
            built.path
        }
        Err(e) => {
            eprintln!(
                "openapi-forge could not generate code from {}:",
                spec.display()
            );
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn out_dir() -> PathBuf {
    std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Generate code for `spec` into `dir`, printing `cargo:rerun-if-changed`
/// for every input file; the file name comes from
/// [`Settings::file_name`] or the spec's stem.
pub fn try_generate(spec: &Path, settings: &Settings, dir: PathBuf) -> Result<Built, Error> {
    let out = crate::generate(spec, settings)?;
    for f in &out.files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let name = settings.file_name.clone().unwrap_or_else(|| {
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned());
        format!("{}.rs", stem.unwrap_or_else(|| "api".into()))
    });
    let path = dir.join(name);
    let written = write::write_if_changed(&path, &out.code)
        .map_err(|e| Error::plain(Some(path.clone()), format!("cannot write: {e}")))?;
    Ok(Built {
        path,
        written,
        inputs: out.files,
        warnings: out.warnings,
    })
}
