//! Which serde impls each type gets, for one combination of generated parts.
//!
//! A client serializes what it sends and deserializes what it receives, a
//! server the other way round, so a client-only crate need not carry
//! `Deserialize` for request bodies (nor `Serialize` for responses), which
//! on large specs saves a good part of the compile time. But a derive is only
//! valid when every type inside the type has the same impl: a `Serialize`
//! struct whose field type is `Deserialize`-only does not compile. So the
//! decision is a property of the whole type graph: each direction is
//! propagated from its roots along every field, variant, item, map value and
//! alias target until nothing changes.

use super::{Api, Ty};

/// The serde impls one type needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SerdeImpls {
    pub ser: bool,
    pub de: bool,
}

impl SerdeImpls {
    const BOTH: SerdeImpls = SerdeImpls {
        ser: true,
        de: true,
    };
}

/// The impls of every type (indexed by `TypeId::index`) when the generated
/// file holds the models plus the client and/or the server, and the
/// webhooks' sender and/or receiver.
///
/// Roots: what operations send and receive, in the directions the chosen
/// parts need; and every type no generated part reaches, with both impls
/// (it is a plain model for the user, who may read or write it). With no
/// part but the models every type gets both.
pub fn serde_impls(
    api: &Api,
    client: bool,
    server: bool,
    send: bool,
    receive: bool,
) -> Vec<SerdeImpls> {
    let types = &api.types;
    let operations = (client || server) && !api.operations.is_empty();
    let webhooks = (send || receive) && !api.webhooks.is_empty();
    if !operations && !webhooks {
        return vec![SerdeImpls::BOTH; types.len()];
    }
    let (request, response) = if operations {
        roots(&api.operations)
    } else {
        Default::default()
    };
    // A webhook's sender writes its payload as a client writes a request;
    // its receiver answers as a server does.
    let (delivered, answered) = if webhooks {
        roots(&api.webhooks)
    } else {
        Default::default()
    };
    let used = types.reachable_from(
        request
            .iter()
            .chain(&response)
            .chain(&delivered)
            .chain(&answered),
    );
    let mut ser = Vec::new();
    let mut de = Vec::new();
    // A client writes requests and reads responses; a server the reverse.
    for (roots, writes, reads) in [
        (&request, client, server),
        (&response, server, client),
        (&delivered, send, receive),
        (&answered, receive, send),
    ] {
        if writes {
            ser.extend(roots.iter().cloned());
        }
        if reads {
            de.extend(roots.iter().cloned());
        }
    }
    let unused: Vec<Ty> = types
        .iter()
        .filter(|(id, _)| !used[id.index()])
        .map(|(id, _)| Ty::Named(id))
        .collect();
    let ser = types.reachable_from(ser.iter().chain(&unused));
    let de = types.reachable_from(de.iter().chain(&unused));
    ser.into_iter()
        .zip(de)
        .map(|(ser, de)| SerdeImpls { ser, de })
        .collect()
}

/// What operations send (parameters, bodies) and receive (bodies,
/// headers), over the operations (webhooks included while the passes that
/// treat them alike run).
pub(super) fn operation_roots(api: &Api) -> (Vec<Ty>, Vec<Ty>) {
    roots(&api.operations)
}

/// What these operations send and receive.
fn roots(ops: &[super::Operation]) -> (Vec<Ty>, Vec<Ty>) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    for op in ops {
        request.extend(op.request_tys().cloned());
        response.extend(op.response_tys().cloned());
    }
    (request, response)
}

#[cfg(test)]
mod tests {
    //! The closure, checked edge by edge with a walk of its own on every
    //! spec in `tests/specs`, the flagship and (when fetched) every spec of
    //! the corpus, for each part combination. No compilation: a violation
    //! here is an E0277 in the user's build.

    use super::*;
    use crate::ir::{Ty, TypeId, TypeKind};
    use std::path::{Path, PathBuf};

    /// Client, server, webhook sender, webhook receiver.
    const COMBINATIONS: [(bool, bool, bool, bool); 7] = [
        (false, false, false, false),
        (true, false, false, false),
        (false, true, false, false),
        (true, true, false, false),
        (false, false, true, false),
        (false, false, false, true),
        (true, false, false, true),
    ];

    /// Named types a type's definition mentions, as the emitters spell
    /// them: field, map-value, variant, item and alias-target types.
    fn mentioned(kind: &TypeKind) -> Vec<TypeId> {
        fn walk(ty: &Ty, out: &mut Vec<TypeId>) {
            match ty {
                Ty::Named(id) => out.push(*id),
                Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => walk(t, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        match kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| walk(&f.ty, &mut out));
                s.additional.iter().for_each(|t| walk(t, &mut out));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, &mut out)),
            TypeKind::Alias(t) => walk(t, &mut out),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
        out
    }

    /// Every way the impls of `api` could fail to compile or fall short of
    /// what the parts use, as readable lines.
    fn violations(api: &Api, parts: (bool, bool, bool, bool)) -> Vec<String> {
        let (client, server, send, receive) = parts;
        let impls = serde_impls(api, client, server, send, receive);
        let name = |id: TypeId| api.types.get(id).name.clone();
        let mut out = Vec::new();
        for (id, def) in api.types.iter() {
            let have = impls[id.index()];
            for inner in mentioned(&def.kind) {
                let got = impls[inner.index()];
                if (have.ser && !got.ser) || (have.de && !got.de) {
                    out.push(format!(
                        "{} {have:?} holds {} {got:?}",
                        def.name,
                        name(inner)
                    ));
                }
            }
        }
        // What the parts write and read has the impl they use.
        let (request, response) = operation_roots(api);
        let need = |roots: &[Ty], ser: bool, de: bool, out: &mut Vec<String>| {
            for ty in roots {
                ty.visit_named(&mut |id| {
                    let got = impls[id.index()];
                    if (ser && !got.ser) || (de && !got.de) {
                        out.push(format!("operation type {} {got:?}", name(id)));
                    }
                });
            }
        };
        need(&request, client, server, &mut out);
        need(&response, server, client, &mut out);
        let (delivered, answered) = roots(&api.webhooks);
        need(&delivered, send, receive, &mut out);
        need(&answered, receive, send, &mut out);
        out
    }

    fn check(spec: &Path) -> Vec<String> {
        // Webhooks lowered, so their parts can be checked too.
        let select = crate::ir::select::Selection::from_settings(
            &crate::Settings::default().with_webhooks(crate::settings::Webhooks::Both),
        );
        let loaded = crate::load::load_file(spec, &[], &select)
            .unwrap_or_else(|e| panic!("{} does not load: {e}", spec.display()));
        let mut out = Vec::new();
        for parts in COMBINATIONS {
            for v in violations(&loaded.api, parts).into_iter().take(3) {
                out.push(format!(
                    "{} (client, server, send, receive) = {parts:?}: {v}",
                    spec.display()
                ));
            }
        }
        out
    }

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn closed_over_the_graph_for_test_specs() {
        let mut specs = vec![
            repo().join("spec/contacts.yaml"),
            repo().join("tests/specs/external/main.yaml"),
        ];
        for entry in std::fs::read_dir(repo().join("tests/specs")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(path);
            }
        }
        let failures: Vec<String> = specs.iter().flat_map(|s| check(s)).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The corpus is fetched by `tests/corpus/fetch.sh`; CI fetches it and
    /// sets `FORGE_REQUIRE_CORPUS=1`, so a missing corpus fails there.
    #[test]
    fn closed_over_the_graph_for_the_corpus() {
        let dir = std::env::var_os("FORGE_CORPUS_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/openapi-forge-corpus"))
            })
            .unwrap_or_default()
            .join("specs");
        let manifest = std::fs::read_to_string(repo().join("tests/corpus/specs.tsv")).unwrap();
        let mut failures = Vec::new();
        let (mut listed, mut checked) = (0, 0);
        for line in manifest.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 5 || cols[0] == "name" || cols[4] != "ok" {
                continue;
            }
            listed += 1;
            let ext = cols[2].rsplit('.').next().unwrap_or("json").to_lowercase();
            let ext = if ext == "yml" { "yaml" } else { &ext };
            let spec = dir.join(format!("{}.{ext}", cols[0]));
            if !spec.exists() {
                assert!(
                    std::env::var_os("FORGE_REQUIRE_CORPUS").is_none(),
                    "{} is missing: run tests/corpus/fetch.sh",
                    spec.display()
                );
                eprintln!(
                    "skipped {}: not fetched (tests/corpus/fetch.sh)",
                    spec.display()
                );
                continue;
            }
            failures.extend(check(&spec));
            checked += 1;
        }
        eprintln!(
            "checked {checked} of {listed} corpus specs in {} part combinations",
            COMBINATIONS.len()
        );
        // A manifest this test cannot read must not pass as "nothing to check".
        assert!(
            listed >= 30,
            "read only {listed} specs from tests/corpus/specs.tsv"
        );
        if std::env::var_os("FORGE_REQUIRE_CORPUS").is_some() {
            assert_eq!(checked, listed, "every listed corpus spec is checked");
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
