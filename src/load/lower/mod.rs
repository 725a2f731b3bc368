//! From the normalised document to our IR. This, with the rest of `load`, is
//! the only code that knows the openapiv3 types.
//!
//! Named schemas are declared before anything is lowered (so components keep
//! their own names) and lowered from a work queue, so a `$ref` never recurses
//! into another schema: deep reference chains cannot exhaust the stack.

mod keywords;
#[cfg(test)]
pub(crate) use keywords::INTERPRETED;
mod operation;
mod paging_hint;
mod schema;
mod view;

use super::normalize::{escape, unescape, DEFS};
use crate::diag::{Diagnostics, Severity};
use crate::ir::naming::Namespace;
use crate::ir::select::{self, Selection};
use crate::ir::{self, Api, Docs, Ty, TypeId, TypeTable};
use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::mpsc;

/// Names that generated code defines next to the model types.
pub const RESERVED_TYPE_NAMES: &[&str] = &[];

pub struct Lower<'a> {
    root: &'a Value,
    diags: &'a mut Diagnostics,
    types: TypeTable,
    /// Types made for schemas reached by `$ref`, by target pointer.
    by_pointer: HashMap<String, TypeId>,
    queue: VecDeque<(TypeId, String)>,
    schemas: HashMap<String, Option<Rc<openapiv3::Schema>>>,
    select: &'a Selection,
    /// Components declared but not yet queued for lowering (with
    /// `models = reachable`, a component is lowered only once reached).
    waiting: HashMap<TypeId, String>,
    /// Pointers of the allOf schemas being merged, innermost last.
    merging: Vec<String>,
    /// Component schemas being deserialized on another thread.
    ahead: Option<Ahead>,
    /// Where each pointer's chain of pure aliases ends (see `alias_end`).
    aliases: HashMap<String, Option<bool>>,
    /// The `$ref`s of the schemas kept for the server's keyword checks.
    keyword_refs: std::collections::BTreeSet<String>,
}

/// A schema as used in one place: its type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ty: Ty,
    pub nullable: bool,
}

pub fn lower(root: &Value, select: &Selection, diags: &mut Diagnostics) -> Api {
    std::thread::scope(|scope| {
        let ahead = Ahead::start(scope, root, select);
        lower_with(root, select, diags, ahead)
    })
}

fn lower_with(
    root: &Value,
    select: &Selection,
    diags: &mut Diagnostics,
    ahead: Option<Ahead>,
) -> Api {
    let mut l = Lower {
        root,
        diags,
        types: TypeTable::new(RESERVED_TYPE_NAMES),
        by_pointer: HashMap::new(),
        queue: VecDeque::new(),
        schemas: HashMap::new(),
        select,
        waiting: HashMap::new(),
        merging: Vec::new(),
        ahead,
        aliases: HashMap::new(),
        keyword_refs: std::collections::BTreeSet::new(),
    };
    l.declare_components();
    let info = root.get("info");
    let text = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let servers = root
        .get("servers")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    Some(ir::Server {
                        url: s.get("url")?.as_str()?.to_owned(),
                        description: s
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let security_schemes = l.security_schemes();
    let (operations, webhooks, skipped_webhooks) = l.operations(&security_schemes);
    l.drain();
    // Stops the other thread at its next schema.
    l.ahead = None;
    let keyword_schemas = l.keyword_schemas();
    let mut api = Api {
        title: text("title").unwrap_or_else(|| "API".to_owned()),
        // A version written as a number (`version: 1.0`) is read as text.
        version: info
            .and_then(|i| i.get("version"))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default(),
        description: text("description"),
        servers,
        types: l.types,
        operations,
        webhooks,
        skipped_webhooks,
        security_schemes,
        keyword_schemas,
        about: about(root),
        tags: tags(root),
    };
    // The names an override may use are gathered only when there are
    // overrides: before `prune`, which drops types an override may still
    // name, and after `finish`, whose passes add types (`PetRequest`).
    let overridden = select.has_type_overrides();
    let mut names = std::collections::BTreeSet::new();
    if overridden {
        names = type_names(&api);
    }
    if select.reachable {
        api.with_webhooks_as_operations(select::prune);
    }
    ir::finish(&mut api, diags);
    if overridden {
        names.extend(type_names(&api));
        let at = if root.pointer("/components/schemas").is_some() {
            "/components/schemas"
        } else {
            ""
        };
        for message in select.check_type_overrides(&names) {
            diags.error(at, message);
        }
    }
    api
}

/// The document's `tags` (with 3.2's `summary`, `parent` and `kind`).
fn tags(root: &Value) -> Vec<ir::Tag> {
    let text = |t: &Value, key: &str| t.get(key).and_then(Value::as_str).map(str::to_owned);
    root.get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some(ir::Tag {
                name: text(t, "name")?,
                summary: text(t, "summary"),
                description: text(t, "description"),
                parent: text(t, "parent"),
                kind: text(t, "kind"),
            })
        })
        .collect()
}

/// Every name a `--type-override` may use: component names and generated
/// type names.
fn type_names(api: &Api) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    for (_, def) in api.types.iter() {
        if let Some(component) = def.origin.strip_prefix("/components/schemas/") {
            names.insert(component.to_owned());
        }
        names.insert(def.name.clone());
    }
    names
}

impl<'a> Lower<'a> {
    /// Deserialize the node at `pointer` as `T`, recording an error with the
    /// exact place on failure.
    fn parse<T: DeserializeOwned>(&mut self, value: &Value, pointer: &str) -> Option<T> {
        self.parse_as(value, pointer, Severity::Error)
    }

    /// Like [`Self::parse`], with the severity of a failure chosen by the
    /// caller (an invalid schema is a warning: its type becomes free-form
    /// JSON and the rest of the spec is still generated).
    fn parse_as<T: DeserializeOwned>(
        &mut self,
        value: &Value,
        pointer: &str,
        severity: Severity,
    ) -> Option<T> {
        // Fast path: plain deserialization. Only a failure pays for
        // serde_path_to_error, to find the place.
        if let Ok(v) = T::deserialize(value) {
            return Some(v);
        }
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut at = pointer.to_owned();
                for seg in e.path().iter() {
                    use serde_path_to_error::Segment;
                    match seg {
                        Segment::Map { key } => {
                            at.push('/');
                            at.push_str(&escape(key));
                        }
                        Segment::Seq { index } => at.push_str(&format!("/{index}")),
                        Segment::Enum { .. } | Segment::Unknown => {}
                    }
                }
                let message = super::spec_words::in_spec_words(&e.into_inner().to_string());
                match severity {
                    Severity::Error => self.diags.error(at, message),
                    Severity::Warning => self.diags.warning(
                        at,
                        format!("invalid schema ({message}); generated as free-form JSON"),
                    ),
                }
                None
            }
        }
    }

    /// The node a local `$ref` names, with its pointer.
    fn target(&mut self, reference: &str, at: &str) -> Option<(String, &'a Value)> {
        let Some(pointer) = reference.strip_prefix('#') else {
            self.diags
                .error(at, format!("$ref {reference:?} could not be resolved"));
            return None;
        };
        let pointer = percent_decode(pointer);
        let found = self
            .root
            .pointer(&pointer)
            .map(|v| (pointer.clone(), v))
            .or_else(|| {
                // `$defs` and `definitions` were moved by the normaliser.
                let moved = pointer
                    .replace("/$defs/", &format!("/{DEFS}/"))
                    .replace("/definitions/", &format!("/{DEFS}/"));
                self.root.pointer(&moved).map(|v| (moved, v))
            });
        match found {
            Some(found) => Some(found),
            None => {
                self.diags.error(
                    at,
                    format!("$ref {reference:?} points to nothing in the document"),
                );
                None
            }
        }
    }

    /// Follow a chain of `$ref`s (of any object kind) to a real object.
    fn deref<T: DeserializeOwned>(
        &mut self,
        item: ReferenceOr<T>,
        at: &str,
    ) -> Option<(T, String)> {
        let reference = match item {
            ReferenceOr::Item(t) => return Some((t, at.to_owned())),
            ReferenceOr::Reference { reference } => reference,
        };
        let (value, pointer) = self.resolve(&reference, at)?;
        self.parse::<T>(value, &pointer).map(|t| (t, pointer))
    }

    /// The node a chain of `$ref`s starting at `reference` ends at, with
    /// its pointer; a missing target or a cycle is an error at `at`.
    fn resolve(&mut self, reference: &str, at: &str) -> Option<(&'a Value, String)> {
        let mut reference = reference.to_owned();
        let mut seen = Vec::new();
        loop {
            let (pointer, value) = self.target(&reference, at)?;
            if seen.contains(&pointer) {
                self.diags
                    .error(at, format!("$ref cycle: {} → {pointer}", seen.join(" → ")));
                return None;
            }
            seen.push(pointer.clone());
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => reference = next.to_owned(),
                None => return Some((value, pointer)),
            }
        }
    }

    /// A node, after following its `$ref`s (if it is one), with its pointer.
    fn follow(&mut self, value: &'a Value, at: &str) -> Option<(&'a Value, String)> {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.resolve(reference, at),
            None => Some((value, at.to_owned())),
        }
    }

    fn schema_at(&mut self, pointer: &str) -> Option<Rc<openapiv3::Schema>> {
        if let Some(s) = self.schemas.get(pointer) {
            return s.clone();
        }
        let ready = self.ahead.as_mut().and_then(|a| a.take(pointer));
        let parsed = match (ready, self.root.pointer(pointer)) {
            (Some(schema), _) => Some(Rc::new(schema)),
            // Also when the other thread failed: this finds the place.
            (None, Some(v)) => self
                .parse_as::<openapiv3::Schema>(v, pointer, Severity::Warning)
                .map(Rc::new),
            (None, None) => None,
        };
        self.schemas.insert(pointer.to_owned(), parsed.clone());
        parsed
    }

    fn declare_components(&mut self) {
        let Some(Value::Object(schemas)) = self.root.pointer("/components/schemas") else {
            return;
        };
        for name in schemas.keys() {
            let pointer = format!("/components/schemas/{}", escape(name));
            // Every component is declared (so it keeps its own name whatever
            // the selection); with `models = reachable` it waits until a
            // selected operation reaches it.
            let id = self.types.declare(name, &pointer);
            self.by_pointer.insert(pointer.clone(), id);
            if self.select.reachable {
                self.waiting.insert(id, pointer);
            } else {
                self.queue.push_back((id, pointer));
            }
        }
    }

    /// The type for a `$ref`'d schema, declared on first sight.
    fn named(&mut self, reference: &str, at: &str) -> Option<Lowered> {
        let (pointer, _) = self.target(reference, at)?;
        let nullable = self.alias_end(&pointer, at)?;
        let id = match self.by_pointer.get(&pointer) {
            Some(id) => {
                if let Some(waiting) = self.waiting.remove(id) {
                    self.queue.push_back((*id, waiting));
                }
                *id
            }
            None => {
                let id = self.types.declare(&name_from_pointer(&pointer), &pointer);
                self.by_pointer.insert(pointer.clone(), id);
                self.queue.push_back((id, pointer));
                id
            }
        };
        Some(Lowered {
            ty: Ty::Named(id),
            nullable,
        })
    }

    /// Follows pure aliases (`A: {$ref: B}`) from `pointer` to find cycles
    /// early: whether any schema on the way is `nullable`, or None when the
    /// chain is broken or a cycle (reported once, for the first use). Each
    /// pointer's answer is kept, so a chain of n aliases costs O(n) in all
    /// rather than O(n) per use.
    fn alias_end(&mut self, pointer: &str, at: &str) -> Option<bool> {
        let mut chain: Vec<(String, bool)> = Vec::new();
        let mut on_chain = std::collections::HashSet::new();
        let mut cur = pointer.to_owned();
        let end = loop {
            if let Some(end) = self.aliases.get(&cur) {
                break *end;
            }
            let node = self.root.pointer(&cur);
            let nullable = node
                .and_then(|v| v.get("nullable"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            on_chain.insert(cur.clone());
            chain.push((cur.clone(), nullable));
            let Some(next) = node.and_then(|v| v.get("$ref")).and_then(Value::as_str) else {
                break Some(false);
            };
            let Some((p, _)) = self.target(next, &format!("{cur}/$ref")) else {
                break None;
            };
            if on_chain.contains(&p) {
                let mut seen: Vec<&str> = chain.iter().map(|(p, _)| p.as_str()).collect();
                seen.push(&p);
                self.diags
                    .error(at, format!("$ref cycle: {}", seen.join(" → ")));
                break None;
            }
            cur = p;
        };
        let mut answer = end;
        for (p, nullable) in chain.into_iter().rev() {
            answer = answer.map(|after| after || nullable);
            self.aliases.insert(p, answer);
        }
        answer
    }

    fn drain(&mut self) {
        while let Some((id, pointer)) = self.queue.pop_front() {
            let Some(schema) = self.schema_at(&pointer) else {
                continue;
            };
            let name = self.types.get(id).name.clone();
            self.define(id, &schema, &pointer, &name);
        }
    }
}

/// Component schemas deserialized on another thread while the operations
/// are lowered, in the order the work queue asks for them: deserializing
/// openapiv3's schema type is a large share of loading a big spec, and the
/// other cores are idle until emitting starts.
struct Ahead {
    done: mpsc::Receiver<(String, Option<openapiv3::Schema>)>,
    /// Received and not yet asked for.
    ready: HashMap<String, Option<openapiv3::Schema>>,
}

impl Ahead {
    /// Below this many components a thread costs more than it saves.
    const MIN_COMPONENTS: usize = 64;

    /// `None` when the spec is small, or when a selection decides which
    /// components are lowered (most of them may never be).
    fn start<'s>(
        scope: &'s std::thread::Scope<'s, '_>,
        root: &'s Value,
        select: &Selection,
    ) -> Option<Ahead> {
        let Some(Value::Object(schemas)) = root.pointer("/components/schemas") else {
            return None;
        };
        if select.reachable || schemas.len() < Self::MIN_COMPONENTS {
            return None;
        }
        let (send, done) = mpsc::channel();
        let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
            for (name, value) in schemas {
                let schema = openapiv3::Schema::deserialize(value).ok();
                let pointer = format!("/components/schemas/{}", escape(name));
                if send.send((pointer, schema)).is_err() {
                    break;
                }
            }
        });
        spawned.ok().map(|_| Ahead {
            done,
            ready: HashMap::new(),
        })
    }

    /// The schema at `pointer`, if the other thread has deserialized it
    /// (`None` also when it failed: the caller then reports where).
    fn take(&mut self, pointer: &str) -> Option<openapiv3::Schema> {
        self.ready.extend(self.done.try_iter());
        self.ready.remove(pointer).flatten()
    }
}

/// Decode `%XX` escapes: a `$ref` fragment is a URI fragment.
pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A readable type name for a schema reached by pointer: the last segment
/// that is a name rather than a keyword.
fn name_from_pointer(pointer: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "schema",
        "items",
        "properties",
        "content",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "$defs",
        "definitions",
        "components",
        "schemas",
    ];
    pointer
        .rsplit('/')
        .map(unescape)
        .find(|s| {
            !s.is_empty()
                && !KEYWORDS.contains(&s.as_str())
                && !s.contains('/')
                && !s.chars().all(|c| c.is_ascii_digit())
        })
        .unwrap_or_else(|| "Schema".to_owned())
}

pub fn docs(title: Option<&String>, description: Option<&String>) -> Docs {
    Docs {
        title: title.filter(|t| !t.trim().is_empty()).cloned(),
        description: description.filter(|t| !t.trim().is_empty()).cloned(),
        example: None,
    }
}

/// A schema's docs: title, description and example.
pub fn schema_docs(d: &openapiv3::SchemaData) -> Docs {
    Docs {
        example: d.example.as_ref().and_then(example_text),
        ..docs(d.title.as_ref(), d.description.as_ref())
    }
}

/// An example as compact JSON text (`None` for `null`, which says nothing).
pub fn example_text(value: &Value) -> Option<String> {
    if value.is_null() {
        return None;
    }
    serde_json::to_string(value).ok()
}

/// A new namespace for fields or arguments, with some names kept out.
pub fn namespace(reserved: &[&str]) -> Namespace {
    let mut ns = Namespace::default();
    for r in reserved {
        ns.reserve(r);
    }
    ns
}

#[cfg(test)]
mod tests {
    use crate::ir::select::Selection;
    use std::path::Path;

    /// A spec with enough components that they are deserialized on another
    /// thread, one of them invalid and several referring to each other.
    fn spec(components: usize) -> String {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/T0'}\ncomponents:\n  schemas:\n",
        );
        for i in 0..components {
            spec.push_str(&format!(
                "    T{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/T{}'}}\n        n{i}: {{type: string}}\n",
                (i + 1) % components
            ));
        }
        spec.push_str("    Broken:\n      type: object\n      properties: 5\n");
        spec
    }

    fn load(components: usize) -> crate::load::Loaded {
        crate::load::load_str(
            &spec(components),
            Path::new("many.yaml"),
            &[],
            &Selection::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The thread starts only for a spec with enough components and no
    /// reachable-models selection, and hands over each component.
    #[test]
    fn schemas_are_deserialized_ahead_only_when_it_pays() {
        let min = super::Ahead::MIN_COMPONENTS;
        let root = |n| crate::load::read::parse(&spec(n)).unwrap();
        let (few, many) = (root(min - 2), root(min + 10));
        let reachable =
            Selection::from_settings(&crate::Settings::default().with_include_operations(["getA"]));
        assert!(reachable.reachable);
        std::thread::scope(|scope| {
            assert!(super::Ahead::start(scope, &few, &Selection::default()).is_none());
            assert!(super::Ahead::start(scope, &many, &reachable).is_none());
            let mut ahead = super::Ahead::start(scope, &many, &Selection::default())
                .expect("the thread starts");
            // Taken as soon as the other thread has it; the broken one never is.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            let last = format!("/components/schemas/T{}", min + 9);
            let schema = loop {
                if let Some(s) = ahead.take(&last) {
                    break s;
                }
                assert!(std::time::Instant::now() < deadline, "{last} never arrived");
                std::thread::sleep(std::time::Duration::from_millis(1));
            };
            assert!(matches!(schema.schema_kind, openapiv3::SchemaKind::Type(_)));
            assert!(
                ahead.take(&last).is_none(),
                "each schema is handed over once"
            );
            assert!(ahead.take("/components/schemas/Broken").is_none());
        });
    }

    /// What the lowering sees does not depend on which thread deserialized
    /// a schema: the same types, and the invalid one reported once, at its
    /// place, as on the lowering thread.
    #[test]
    fn schemas_deserialized_ahead_lower_as_on_one_thread() {
        let few = load(super::Ahead::MIN_COMPONENTS - 2);
        let many = load(super::Ahead::MIN_COMPONENTS + 10);
        for loaded in [&few, &many] {
            let warnings: Vec<&str> = loaded
                .warnings
                .items()
                .iter()
                .map(|d| d.pointer.as_str())
                .collect();
            assert_eq!(
                warnings,
                ["/components/schemas/Broken"],
                "{:?}",
                loaded.warnings
            );
            let t1 = loaded
                .api
                .types
                .iter()
                .find(|(_, d)| d.name == "T1")
                .unwrap()
                .1;
            let crate::ir::TypeKind::Struct(s) = &t1.kind else {
                panic!("T1 is a struct")
            };
            let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(names, ["next", "n1"]);
        }
        // One type per component, and the broken one.
        assert_eq!(few.api.types.len(), super::Ahead::MIN_COMPONENTS - 1);
        assert_eq!(many.api.types.len(), super::Ahead::MIN_COMPONENTS + 11);
    }
}

/// The licence and links of `info` and the root's `externalDocs`. Spec
/// text: a URL is kept only when it is one (http or https, no spaces or
/// control characters), a licence only when cargo would accept it.
fn about(root: &Value) -> ir::About {
    let at = |path: &[&str]| {
        let mut v = root;
        for key in path {
            v = v.get(key)?;
        }
        v.as_str().map(str::to_owned)
    };
    let url = |path: &[&str]| at(path).filter(|u| is_web_url(u));
    let name = at(&["info", "license", "name"]);
    let spdx = at(&["info", "license", "identifier"])
        .or_else(|| name.as_deref().and_then(spdx_for_name))
        .filter(|id| is_spdx_expression(id));
    ir::About {
        license_spdx: spdx,
        license_name: name,
        license_url: url(&["info", "license", "url"]),
        homepage: url(&["info", "contact", "url"]),
        documentation: url(&["externalDocs", "url"]),
    }
}

fn is_web_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() <= 2048
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// The SPDX id of a licence name as specs commonly write it
/// (`Apache 2.0`, `MIT`); None when it is not one we can be sure of.
fn spdx_for_name(name: &str) -> Option<String> {
    let key: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let id = match key.as_str() {
        "mit" | "mitlicense" => "MIT",
        "apache2.0" | "apache2" | "apachelicense2.0" | "apachelicenseversion2.0" => "Apache-2.0",
        "bsd3clause" => "BSD-3-Clause",
        "bsd2clause" => "BSD-2-Clause",
        "isc" => "ISC",
        "mpl2.0" => "MPL-2.0",
        "unlicense" => "Unlicense",
        "cc01.0" => "CC0-1.0",
        _ => return None,
    };
    Some(id.to_owned())
}

/// An SPDX licence expression as cargo checks it: ids (letters, digits,
/// `.`, `-`, `+`) joined by `OR`, `AND` or `WITH`, with parentheses.
fn is_spdx_expression(text: &str) -> bool {
    let words: Vec<&str> = text
        .split([' ', '(', ')'])
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && text.len() <= 200
        && words.iter().enumerate().all(|(i, w)| {
            let operator = matches!(*w, "OR" | "AND" | "WITH");
            operator == (i % 2 == 1)
                && (operator
                    || w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')))
        })
        && words.len() % 2 == 1
}

#[cfg(test)]
mod about_tests {
    use super::*;

    #[test]
    fn licences_cargo_accepts_and_urls_that_are_urls() {
        let root = serde_json::json!({
            "info": {"license": {"name": "Apache 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0.html"},
                     "contact": {"url": "javascript:alert(1)"}},
            "externalDocs": {"url": "https://docs.example.com/api"}
        });
        let a = about(&root);
        assert_eq!(a.license_spdx.as_deref(), Some("Apache-2.0"));
        assert_eq!(a.homepage, None);
        assert_eq!(
            a.documentation.as_deref(),
            Some("https://docs.example.com/api")
        );
        assert!(is_spdx_expression("MIT OR Apache-2.0"));
        assert!(is_spdx_expression("(MIT OR Apache-2.0) AND BSD-3-Clause"));
        assert!(!is_spdx_expression("Proprietary license, see terms"));
        assert!(!is_spdx_expression("MIT OR"));
        let custom = serde_json::json!({"info": {"license": {"name": "Internal use only"}}});
        assert_eq!(about(&custom).license_spdx, None);
        let id = serde_json::json!({"info": {"license": {"name": "x", "identifier": "MPL-2.0"}}});
        assert_eq!(about(&id).license_spdx.as_deref(), Some("MPL-2.0"));
    }
}
