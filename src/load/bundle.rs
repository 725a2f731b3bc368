//! Make every `$ref` local. A `$ref` to another file (`common.yaml#/Pet`)
//! loads that file once, stores it under `/x-forge-external/<stem>` in the
//! root document, and points the reference there; the file's own references
//! are rewritten the same way. Afterwards the document is self-contained.

use super::normalize::{self, escape, EXTERNAL};
use super::read;
use super::Source;
use crate::diag::Diagnostics;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Keys whose values map names to schemas or components: a name there is
/// not a keyword, even when it is `example` or starts with `x-`.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    super::normalize::DEFS,
];

/// The largest file a `$ref` may read (GitHub's whole description is 13 MB).
const MAX_REF_BYTES: u64 = 64 * 1024 * 1024;

struct Bundler<'a> {
    sources: &'a mut Vec<Source>,
    /// The spec's `$self` (3.2), when it is an absolute URI.
    self_base: Option<String>,
    /// Canonical folders `$ref`s may read from: the spec's own, then the
    /// allowed ones. A spec is untrusted input: without this, a `$ref`
    /// could read any file on the machine into the generated code.
    roots: Vec<PathBuf>,
    /// Canonical path of each external file → its key under EXTERNAL.
    keys: BTreeMap<PathBuf, String>,
    loaded: Map<String, Value>,
    diags: &'a mut Diagnostics,
    /// Each rewritten reference with the text the spec wrote.
    renamed: Vec<(String, String)>,
}

/// Rewrite the refs of `root` (the spec at `sources[0]`), loading the files
/// they name into `sources`. Returns each rewritten reference with the text
/// the spec wrote, so messages can quote what the user wrote.
pub fn bundle(
    root: &mut Value,
    sources: &mut Vec<Source>,
    allowed: &[PathBuf],
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    if !has_file_refs(&sources[0].text) {
        // Every `$ref` is local: nothing to load or rewrite.
        return Vec::new();
    }
    let base = sources[0]
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let spec_dir = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &base
    };
    let mut roots: Vec<PathBuf> = spec_dir.canonicalize().into_iter().collect();
    for folder in allowed {
        match spec_dir.join(folder).canonicalize() {
            Ok(p) => roots.push(p),
            Err(e) => diags.error(
                "",
                format!(
                    "allow-refs-outside: cannot use the folder {}: {e}",
                    folder.display()
                ),
            ),
        }
    }
    // OpenAPI 3.2's `$self`: the document's own URI, the base its relative
    // `$ref`s resolve against; a `$ref` to an absolute URI below the same
    // folder names a file next to the spec.
    let self_base = root
        .get("$self")
        .and_then(Value::as_str)
        .filter(|s| s.contains("://"))
        .map(|s| s.split('#').next().unwrap_or_default().to_owned());
    let mut b = Bundler {
        sources,
        self_base,
        roots,
        keys: BTreeMap::new(),
        loaded: Map::new(),
        diags,
        renamed: Vec::new(),
    };
    b.rewrite(root, &base, "", "");
    if !b.loaded.is_empty() {
        if let Value::Object(obj) = root {
            obj.insert(EXTERNAL.into(), Value::Object(b.loaded));
        }
    }
    b.renamed
}

/// Whether any `$ref` in the text names something other than a local
/// `#...` fragment (a cheap scan that saves walking a large document).
fn has_file_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(i, _)| {
        let rest = text[i + 4..]
            .trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        !rest.starts_with('#')
    })
}

impl Bundler<'_> {
    /// Rewrite refs in `node`, which sits at `pointer` of the bundled
    /// document; `prefix` is the pointer of the file's root ("" for the spec).
    fn rewrite(&mut self, node: &mut Value, dir: &Path, prefix: &str, pointer: &str) {
        self.rewrite_in(node, dir, prefix, pointer, false);
    }

    /// `rewrite`; `names` says the object's keys are names (of properties
    /// or components), not keywords, so `example` or `x-id` there is a
    /// schema like any other.
    fn rewrite_in(
        &mut self,
        node: &mut Value,
        dir: &Path,
        prefix: &str,
        pointer: &str,
        names: bool,
    ) {
        match node {
            Value::Object(obj) => {
                if let Some(Value::String(r)) = obj.get("$ref") {
                    let r = r.clone();
                    let at = format!("{pointer}/$ref");
                    if let Some(new) = self.reference(&r, dir, prefix, &at) {
                        obj.insert("$ref".into(), Value::String(new));
                    }
                }
                for (k, v) in obj.iter_mut() {
                    // A vendor extension is data: a `$ref` in it (Azure's
                    // `x-ms-examples` name example files) is not ours to
                    // follow. Our own `x-forge-` keys hold spec content.
                    let extension = k.starts_with("x-") && !k.starts_with("x-forge-");
                    let data = k == "example" || k == "examples" || extension;
                    if k == "$ref" || (data && !names) {
                        continue;
                    }
                    let p = format!("{pointer}/{}", escape(k));
                    let holds_names = !names && NAME_MAPS.contains(&k.as_str());
                    self.rewrite_in(v, dir, prefix, &p, holds_names);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.rewrite_in(v, dir, prefix, &format!("{pointer}/{i}"), false);
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, r: &str, dir: &Path, prefix: &str, at: &str) -> Option<String> {
        let (mut file, fragment) = r.split_once('#').unwrap_or((r, ""));
        if let Some(base) = self.self_base.as_deref().filter(|_| file.contains("://")) {
            let folder = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            if file == base {
                // The spec itself, from whichever file names it.
                let new = format!("#{fragment}");
                self.renamed.push((new.clone(), r.to_owned()));
                return Some(new);
            } else if let Some(relative) = file.strip_prefix(folder).filter(|_| !folder.is_empty())
            {
                file = relative;
            }
        }
        if file.is_empty() {
            return (!prefix.is_empty()).then(|| format!("#{prefix}{fragment}"));
        }
        if file.contains("://") {
            self.diags.error(
                at,
                format!("remote $ref {r:?} is not supported; download the file next to the spec"),
            );
            return None;
        }
        let path = dir.join(file);
        let key = self.load(&path, at)?;
        let new = format!("#/{EXTERNAL}/{}{fragment}", escape(&key));
        self.renamed.push((new.clone(), r.to_owned()));
        Some(new)
    }

    fn load(&mut self, path: &Path, at: &str) -> Option<String> {
        let canonical = match path.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                self.diags
                    .error(at, format!("cannot read $ref file {}: {e}", path.display()));
                return None;
            }
        };
        if let Some(key) = self.keys.get(&canonical) {
            return Some(key.clone());
        }
        if let Err(why) = self.may_read(&canonical) {
            self.diags
                .error(at, format!("$ref file {}: {why}", path.display()));
            return None;
        }
        let text = match std::fs::read_to_string(&canonical) {
            Ok(t) => t,
            Err(e) => {
                self.diags
                    .error(at, format!("cannot read $ref file {}: {e}", path.display()));
                return None;
            }
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("external")
            .to_owned();
        let mut key = stem.clone();
        let mut n = 2;
        while self.keys.values().any(|k| *k == key) {
            key = format!("{stem}{n}");
            n += 1;
        }
        self.keys.insert(canonical.clone(), key.clone());
        let mut value = match read::parse(&text) {
            Ok(v) => v,
            Err(e) => {
                let place = e
                    .position
                    .map(|(l, c)| format!(":{l}:{c}"))
                    .unwrap_or_default();
                self.diags.error(
                    at,
                    format!(
                        "cannot parse $ref file {}{place}: {}",
                        path.display(),
                        e.message
                    ),
                );
                return None;
            }
        };
        self.sources.push(Source {
            path: path.to_path_buf(),
            text,
        });
        let prefix = format!("/{EXTERNAL}/{}", escape(&key));
        let dir = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // The file may be a bare schema or a piece of a document: normalise
        // it as a schema when it looks like one, else as document parts.
        normalize_external(&mut value, &prefix, self.diags);
        self.rewrite(&mut value, &dir, &prefix, &prefix);
        self.loaded.insert(key.clone(), value);
        Some(key)
    }
}

impl Bundler<'_> {
    /// Whether a `$ref` may read the file at `canonical` (symlinks and `..`
    /// resolved): it must be in an allowed folder, a regular file (not a
    /// FIFO or a device, which could block or never end) and not huge.
    fn may_read(&self, canonical: &Path) -> Result<(), String> {
        if !self.roots.iter().any(|root| canonical.starts_with(root)) {
            let root = self
                .roots
                .first()
                .map_or(String::new(), |r| r.display().to_string());
            return Err(format!(
                "is outside the spec's folder {root}; a $ref may not leave it unless the setting allow-refs-outside names the folder"
            ));
        }
        let meta = std::fs::metadata(canonical).map_err(|e| format!("cannot read it: {e}"))?;
        if !meta.is_file() {
            return Err("is not a regular file".into());
        }
        if meta.len() > MAX_REF_BYTES {
            return Err(format!(
                "is {} bytes, over the limit of {MAX_REF_BYTES} bytes for a referenced file",
                meta.len()
            ));
        }
        Ok(())
    }
}

fn normalize_external(value: &mut Value, prefix: &str, diags: &mut Diagnostics) {
    const SCHEMA_KEYS: &[&str] = &[
        "type",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "enum",
        "$ref",
        "additionalProperties",
        "nullable",
        "format",
        "const",
        "not",
        "$defs",
        "prefixItems",
        "patternProperties",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
    ];
    let looks_like_schema = |v: &Value| SCHEMA_KEYS.iter().any(|k| v.get(k).is_some());
    let is_document = ["openapi", "components", "paths"]
        .iter()
        .any(|k| value.get(k).is_some());
    let is_schema = looks_like_schema(value);
    if is_document {
        normalize::parts(value, prefix, diags);
    } else if is_schema {
        normalize::schema(value, prefix, diags);
    } else if let Value::Object(map) = value {
        // A file of named schemas, or of other named parts (path items,
        // parameters, responses): only what looks like a schema is read as
        // one, so a path item's `get` is not taken for a schema keyword.
        for (name, item) in map.iter_mut() {
            let at = format!("{prefix}/{}", escape(name));
            if looks_like_schema(item) {
                normalize::schema(item, &at, diags);
            } else {
                normalize::parts(item, &at, diags);
            }
        }
    }
}
