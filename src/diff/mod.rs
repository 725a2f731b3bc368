//! `openapi-forge diff OLD NEW`: what a change of spec breaks, on the wire
//! and in the Rust API generated from it.
//!
//! Both documents go through the same loader as generation, so the
//! comparison is of two IRs, not of two YAML trees: a `$ref` that moved is
//! no change, and a component renamed with the same shape changes the Rust
//! names only. `wire` walks the operations (`wire::ops`) and every type
//! they reach, once per direction (`wire::types`); `rust` adds what only
//! the names tell (renamed, added and removed types); `render` prints the
//! report.

mod render;
mod rust;
mod wire;

pub use render::Format;

use crate::diag::Diagnostics;
use crate::ir::select::Selection;
use crate::load::{self, Loaded};
use crate::settings::Settings;
use crate::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Which way a value travels: a client sends requests and reads responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dir {
    /// From client to server (parameters and request bodies).
    Request,
    /// From server to client (response bodies and headers).
    Response,
}

/// What a change does to parties built against the old spec. A client
/// keeps working if every request it sends is still valid and every
/// response it can receive is one it knew; a server keeps working if every
/// request it can receive is one it knew and every response it sends is
/// still valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wire {
    /// Existing clients may fail.
    pub breaks_clients: bool,
    /// Existing servers may fail (or no longer conform).
    pub breaks_servers: bool,
    /// Nothing on the wire differs (a Rust name or the docs changed).
    pub unchanged: bool,
}

impl Wire {
    const CLIENTS: Wire = Wire {
        breaks_clients: true,
        breaks_servers: false,
        unchanged: false,
    };
    const SERVERS: Wire = Wire {
        breaks_clients: false,
        breaks_servers: true,
        unchanged: false,
    };
    const BOTH: Wire = Wire {
        breaks_clients: true,
        breaks_servers: true,
        unchanged: false,
    };
    const COMPATIBLE: Wire = Wire {
        breaks_clients: false,
        breaks_servers: false,
        unchanged: false,
    };
    const UNCHANGED: Wire = Wire {
        breaks_clients: false,
        breaks_servers: false,
        unchanged: true,
    };

    /// The stable name used in every output format.
    pub fn label(self) -> &'static str {
        match (self.breaks_clients, self.breaks_servers, self.unchanged) {
            (true, true, _) => "breaks-both",
            (true, false, _) => "breaks-clients",
            (false, true, _) => "breaks-servers",
            (false, false, false) => "compatible",
            (false, false, true) => "unchanged",
        }
    }

    /// Whether existing clients or servers may fail.
    pub fn is_breaking(self) -> bool {
        self.breaks_clients || self.breaks_servers
    }

    /// Both changes together (a type used in requests and in responses).
    fn join(self, other: Wire) -> Wire {
        Wire {
            breaks_clients: self.breaks_clients || other.breaks_clients,
            breaks_servers: self.breaks_servers || other.breaks_servers,
            unchanged: self.unchanged && other.unchanged,
        }
    }
}

/// The semver effect on the generated Rust code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// The generated code is the same.
    None,
    /// Documentation or behaviour only; every user program still compiles.
    Patch,
    /// Additions.
    Minor,
    /// User code may stop compiling.
    Major,
}

impl Semver {
    /// The stable name used in every output format.
    pub fn label(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// Where a changed item is written in one of the two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file, as given (or the `$ref`'d file the item is in).
    pub file: String,
    /// JSON pointer of the item in that file.
    pub pointer: String,
    /// 1-based line and column, when the pointer could be found.
    pub position: Option<(usize, usize)>,
}

/// One change between the two documents, with both verdicts.
#[derive(Debug, Clone)]
pub struct Change {
    /// A stable identifier of the rule that found it (see docs/diff.md).
    pub rule: &'static str,
    /// What changed, in a sentence (holds spec text: escape when printing).
    pub message: String,
    /// The directions the changed item travels in (empty: not a value).
    pub directions: BTreeSet<Dir>,
    /// Where the item is in the old spec (absent: it was added).
    pub old: Option<Place>,
    /// Where the item is in the new spec (absent: it was removed).
    pub new: Option<Place>,
    /// The verdict for the wire.
    pub wire: Wire,
    /// Why the wire verdict is what it is, when that is not obvious.
    pub wire_note: Option<String>,
    /// The verdict for the generated Rust API.
    pub rust: Semver,
    /// The generated Rust item affected (`Pet::name`, `Client::get_pet`).
    pub rust_item: Option<String>,
}

/// Every change, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The old spec's path.
    pub old_file: String,
    /// The new spec's path.
    pub new_file: String,
    /// Every change found.
    pub changes: Vec<Change>,
}

/// What `--fail-on` counts as failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change that breaks clients or servers on the wire.
    Wire,
    /// A major change of the generated Rust API.
    Rust,
    /// Either.
    Both,
}

impl FailOn {
    /// From the `--fail-on` value.
    pub fn parse(text: &str) -> Result<FailOn, String> {
        match text {
            "wire" => Ok(FailOn::Wire),
            "rust" => Ok(FailOn::Rust),
            "both" => Ok(FailOn::Both),
            _ => Err(format!("expected wire, rust or both, found {text:?}")),
        }
    }
}

impl Report {
    /// Whether any change breaks what `fail_on` asks about.
    pub fn breaks(&self, fail_on: FailOn) -> bool {
        self.changes.iter().any(|c| {
            let wire = c.wire.is_breaking();
            let rust = c.rust == Semver::Major;
            match fail_on {
                FailOn::Wire => wire,
                FailOn::Rust => rust,
                FailOn::Both => wire || rust,
            }
        })
    }

    /// The largest Rust effect of all changes.
    pub fn semver(&self) -> Semver {
        self.changes
            .iter()
            .map(|c| c.rust)
            .max()
            .unwrap_or(Semver::None)
    }
}

/// A change before its pointers are located in the files.
#[derive(Debug, Clone)]
struct Found {
    rule: &'static str,
    message: String,
    /// The directions it was found in (merged: see `merge`).
    dir: BTreeSet<Dir>,
    old: Option<String>,
    new: Option<String>,
    wire: Wire,
    wire_note: Option<String>,
    rust: Semver,
    rust_item: Option<String>,
}

/// Load both specs with the same settings as generation and compare them.
/// Either spec failing to load is an error with every diagnostic of both.
pub fn diff_files(old: &Path, new: &Path, settings: &Settings) -> Result<Report, Error> {
    // Webhooks and callbacks are compared on the wire even when no part
    // of them is generated (their Rust effect is then none).
    let mut select = Selection::from_settings(settings);
    select.webhooks = true;
    let load = |p: &Path| load::load_file(p, &settings.allow_refs_outside, &select);
    let (a, b) = (load(old), load(new));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut diagnostics = Vec::new();
            for r in [a, b] {
                if let Err(e) = r {
                    diagnostics.extend(e.diagnostics);
                }
            }
            return Err(Error { diagnostics });
        }
    };
    Ok(diff_loaded(&a, &b, settings))
}

/// Compare two loaded specs.
fn diff_loaded(old: &Loaded, new: &Loaded, settings: &Settings) -> Report {
    let (mut found, renames) = wire::compare(&old.api, &new.api, settings);
    found.extend(rust::types(&old.api, &new.api, &renames));
    let merged = merge(found);
    let old_places = locate(&old.sources, merged.iter().map(|f| f.old.as_deref()));
    let new_places = locate(&new.sources, merged.iter().map(|f| f.new.as_deref()));
    let changes = merged
        .into_iter()
        .zip(old_places.into_iter().zip(new_places))
        .map(|(f, (old, new))| Change {
            rule: f.rule,
            message: f.message,
            directions: f.dir,
            old,
            new,
            wire: f.wire,
            wire_note: f.wire_note,
            rust: f.rust,
            rust_item: f.rust_item,
        })
        .collect();
    let name = |l: &Loaded| l.sources[0].path.display().to_string();
    Report {
        old_file: name(old),
        new_file: name(new),
        changes,
    }
}

/// What makes two found changes the same: rule, message and places.
type ChangeKey = (&'static str, String, Option<String>, Option<String>);

/// A type used in both directions is walked twice and its changes found
/// twice; report each once, with both directions and the joined verdict.
fn merge(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut index: BTreeMap<ChangeKey, usize> = BTreeMap::new();
    for f in found {
        let key = (f.rule, f.message.clone(), f.old.clone(), f.new.clone());
        match index.get(&key) {
            Some(&i) => {
                let m = &mut out[i];
                m.dir.extend(f.dir);
                m.wire = m.wire.join(f.wire);
                m.rust = m.rust.max(f.rust);
                m.wire_note = m.wire_note.take().or(f.wire_note);
            }
            None => {
                index.insert(key, out.len());
                out.push(f);
            }
        }
    }
    out
}

/// File and line:column of each pointer, found the way diagnostics are
/// (pointers into bundled files are turned back into those files').
fn locate<'a>(
    sources: &[load::Source],
    pointers: impl Iterator<Item = Option<&'a str>>,
) -> Vec<Option<Place>> {
    let pointers: Vec<Option<&str>> = pointers.collect();
    let mut diags = Diagnostics::default();
    for p in pointers.iter().flatten() {
        diags.warning(*p, "");
    }
    load::locate_all(&mut diags, sources);
    let mut located = diags.items().iter().map(|d| Place {
        file: d
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default(),
        pointer: d.pointer.clone(),
        position: d.position,
    });
    pointers
        .iter()
        .map(|p| p.and_then(|_| located.next()))
        .collect()
}
