//! Stage 1: bytes to a checked, self-contained document and then to our IR.
//!
//! `read` parses JSON or YAML, `swagger2` rewrites a Swagger 2.0 document
//! into OpenAPI 3.0, `oas32` and `normalize` rewrite OpenAPI 3.2 and 3.1
//! constructs into their 3.0 form, `bundle` makes every `$ref` local,
//! `lenient` fills in what a real-world spec left out (with a warning), and
//! `lower` turns the document into [`crate::ir::Api`]. Third-party spec types (openapiv3,
//! serde_yaml) are used here and nowhere else.

mod bundle;
mod lenient;
pub mod locate;
mod lower;
mod normalize;
pub(crate) mod oas32;
mod read;
mod spec_words;
mod swagger2;
mod yaml_value;

pub use swagger2::PointerMap;

use crate::diag::{Diagnostic, Diagnostics, Error, Severity};
use crate::ir::select::Selection;
use crate::ir::Api;
use std::path::{Path, PathBuf};

/// One file read while loading: the spec, or a file it `$ref`s.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// A loaded spec.
#[derive(Debug)]
pub struct Loaded {
    pub api: Api,
    /// Warnings, not yet given a file and line:column: the caller locates
    /// them with its own (one scan of a large spec, not two).
    pub warnings: Diagnostics,
    /// Every file read, with its text: the spec first, then the files it
    /// references.
    pub sources: Vec<Source>,
    /// How long loading took (set by the caller that timed it).
    pub elapsed: std::time::Duration,
    /// For a Swagger 2.0 spec, where each place of the converted document
    /// was written (see [`restore_pointers`]).
    pub pointers: PointerMap,
}

/// Read and load the spec at `path`. `$ref`s may read files in the spec's
/// folder (and below) and in the `allowed` folders (relative to the spec's);
/// `select` says which operations (and types) to keep.
pub fn load_file(path: &Path, allowed: &[PathBuf], select: &Selection) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::plain(
            Some(path.to_path_buf()),
            format!("cannot read the spec: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::plain(
            Some(path.to_path_buf()),
            format!(
                "the spec is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    load_str(&text, path, allowed, select)
}

/// Load a spec from text; `path` names it in messages and anchors relative
/// `$ref`s to other files.
pub fn load_str(
    text: &str,
    path: &Path,
    allowed: &[PathBuf],
    select: &Selection,
) -> Result<Loaded, Error> {
    let mut sources = vec![Source {
        path: path.to_path_buf(),
        text: text.to_owned(),
    }];
    let mut diags = Diagnostics::default();
    let mut root = read::parse(text).map_err(|e| Error {
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            file: Some(path.to_path_buf()),
            pointer: String::new(),
            position: e.position,
            message: e.message,
            rule: "load.read",
        }],
    })?;
    // A Swagger 2.0 document becomes OpenAPI 3.0 first; what the converter
    // reports is already placed in the original.
    let mut converter_diags = Diagnostics::default();
    let converted = if swagger2::is_swagger(&root) {
        match swagger2::convert(&mut root, &mut converter_diags) {
            Some(c) => Some(c),
            None => {
                locate_all(&mut converter_diags, &sources);
                return Err(Error {
                    diagnostics: converter_diags.items().to_vec(),
                });
            }
        }
    } else {
        None
    };
    let (pointers, mut renamed) = converted.map(|c| (c.map, c.renamed)).unwrap_or_default();
    if oas32::is_32(&root) {
        oas32::document(&mut root, &mut diags);
    }
    let version = normalize::document(&mut root, &mut diags);
    // `None`: the document is not OpenAPI 3.0, 3.1 or 3.2 (an error says why).
    let outcome = version.map(|version| {
        renamed.extend(bundle::bundle(&mut root, &mut sources, allowed, &mut diags));
        // Every schema, the referenced files' too, has been read.
        diags.flush_aggregated();
        if !pointers.is_empty() {
            // Files a 2.0 document references are read as they are.
            if let Some(external) = root.get_mut(normalize::EXTERNAL) {
                swagger2::external(external);
            }
        }
        lenient::document(&mut root, version, &mut diags);
        let api = lower::lower(&root, select, &mut diags);
        diags.flush_aggregated();
        // Quote references as the spec wrote them, not as bundled.
        for d in diags.items_mut() {
            for (new, original) in &renamed {
                let quoted = format!("{new:?}");
                if d.message.contains(&quoted) {
                    d.message = d.message.replace(&quoted, &format!("{original:?}"));
                }
            }
        }
        api
    });
    crate::util::drop_in_background(root);
    restore_pointers(&mut diags, &pointers);
    diags.prepend(converter_diags);
    match outcome {
        Some(api) if !diags.has_errors() => Ok(Loaded {
            api,
            warnings: diags,
            sources,
            elapsed: std::time::Duration::ZERO,
            pointers,
        }),
        _ => {
            locate_all(&mut diags, &sources);
            Err(Error {
                diagnostics: diags.items().to_vec(),
            })
        }
    }
}

/// Point each diagnostic about a converted Swagger 2.0 document at the place
/// the user wrote (a no-op for OpenAPI 3 documents).
pub fn restore_pointers(diags: &mut Diagnostics, map: &PointerMap) {
    for d in diags.items_mut() {
        if let Some(original) = map.original(&d.pointer) {
            d.pointer = original;
        }
    }
}

/// Give each diagnostic its file and line:column. Pointers into bundled
/// external files are turned back into pointers into those files.
pub fn locate_all(diags: &mut Diagnostics, sources: &[Source]) {
    let prefix = format!("/{}/", normalize::EXTERNAL);
    // One locator per file, made when a diagnostic first needs it: a diff
    // report locates thousands of places in the same large file.
    let mut locators: Vec<Option<locate::Locator>> = sources.iter().map(|_| None).collect();
    for d in diags.items_mut() {
        let mut file_index = 0;
        let mut pointer = d.pointer.clone();
        if let Some(rest) = d.pointer.strip_prefix(&prefix) {
            let (key, inner) = rest.split_once('/').unwrap_or((rest, ""));
            let key = normalize::unescape(key);
            if let Some(i) = sources
                .iter()
                .position(|s| s.path.file_stem().and_then(|f| f.to_str()) == Some(key.as_str()))
            {
                file_index = i;
                pointer = if inner.is_empty() {
                    String::new()
                } else {
                    format!("/{inner}")
                };
            }
        }
        let source = &sources[file_index];
        d.file = Some(source.path.clone());
        // `$defs`/`definitions` were renamed by the normaliser: name the
        // spelling the source has.
        let defs = format!("/{}/", normalize::DEFS);
        let spellings: Vec<String> = if pointer.contains(&defs) {
            vec![
                pointer.replace(&defs, "/$defs/"),
                pointer.replace(&defs, "/definitions/"),
            ]
        } else {
            vec![pointer]
        };
        let found = spellings.iter().find_map(|p| {
            locators[file_index]
                .get_or_insert_with(|| locate::Locator::new(&source.text))
                .locate(p)
                .map(|pos| (p.clone(), pos))
        });
        match found {
            Some((p, pos)) => {
                d.pointer = p;
                d.position = d.position.or(Some(pos));
            }
            None => d.pointer = spellings[0].clone(),
        }
    }
}
