//! A crate's tag features: one cargo feature per tag, so a downstream crate
//! compiles only the client operations it enables and the models they
//! reach. `all-tags` (a default feature) turns every operation on; the
//! server serves the whole API, so its feature enables `all-tags`.
//!
//! An operation with tags is compiled when `all-tags` or any of its tags'
//! features is on; one without tags always. A model is compiled when an
//! operation that reaches it is (or when no operation reaches it: a
//! component kept with `models = all` stays).

use crate::ir::{Api, TypeId};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Adds the parent tags to `features` (sorted by feature name after) and
/// returns each parent feature's child features. A tag nested in another
/// (3.2 `parent`, or a dotted tree such as Microsoft Graph's `users.user`)
/// has its parent as a feature too, and enabling it enables its children.
fn parent_features(
    api: &Api,
    features: &mut Vec<(String, String)>,
) -> BTreeMap<String, Vec<String>> {
    let op_tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| &op.tags)
        .map(String::as_str)
        .collect();
    let parent_of = |tag: &str| {
        api.tags
            .iter()
            .find(|t| t.name == tag)
            .and_then(|t| t.parent.clone())
            .or_else(|| dotted_parent(tag, &op_tags))
    };
    // A chain longer than every tag there is has come round.
    let bound = api.tags.len() + op_tags.len();
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < features.len() {
        let child = features[i].0.clone();
        // Up from the parent: a `parent` chain that comes back to the
        // child is a cycle, which no cargo feature may have.
        let mut up = parent_of(&child);
        let mut steps = 0;
        while let Some(t) = up.as_deref().filter(|t| *t != child && steps <= bound) {
            up = parent_of(t);
            steps += 1;
        }
        let cyclic = up.as_deref() == Some(child.as_str());
        if let Some(parent) = parent_of(&child).filter(|_| !cyclic) {
            if !parents.contains(&(parent.clone(), features[i].0.clone())) {
                parents.push((parent.clone(), features[i].0.clone()));
            }
            // Each tag once, so a `parent` cycle ends.
            if !features.iter().any(|(t, _)| *t == parent) {
                let name = feature_name(&parent, features);
                features.push((parent, name));
            }
        }
        i += 1;
    }
    features.sort_by(|a, b| a.1.cmp(&b.1));
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (parent, child) in &parents {
        let feature = |tag: &String| {
            features
                .iter()
                .find(|(t, _)| t == tag)
                .map(|(_, f)| f.clone())
        };
        if let (Some(p), Some(c)) = (feature(parent), feature(child)) {
            children.entry(p).or_default().push(c);
        }
    }
    for list in children.values_mut() {
        list.sort();
    }
    children
}

/// The parent of a dotted tag (`users` for `users.user`, `a.b` for
/// `a.b.c`) when at least two tags of the operations share it: a tree, not
/// a version number or a one-off dot.
fn dotted_parent(tag: &str, op_tags: &BTreeSet<&str>) -> Option<String> {
    let (prefix, _) = tag.rsplit_once('.')?;
    if prefix.is_empty() {
        return None;
    }
    let below = |t: &&&str| t.strip_prefix(prefix).is_some_and(|r| r.starts_with('.'));
    (op_tags.iter().filter(below).take(2).count() == 2).then(|| prefix.to_owned())
}

/// The feature that turns every operation on.
pub const ALL_TAGS: &str = "all-tags";

/// Feature names a tag may not take.
const TAKEN: &[&str] = &[
    "default",
    "client",
    "server",
    "webhooks-send",
    "webhooks-receive",
    ALL_TAGS,
];

#[derive(Debug, Clone, Default)]
pub struct TagFeatures {
    /// Each tag and its feature, in feature-name order.
    pub features: Vec<(String, String)>,
    /// The features each parent tag's feature enables (its child tags').
    pub children: BTreeMap<String, Vec<String>>,
    /// The `cfg` predicate of each operation (by index), if gated.
    op_gates: Vec<Option<TokenStream>>,
    /// The `cfg` predicate of each type (by index), if gated.
    type_gates: Vec<Option<TokenStream>>,
}

impl TagFeatures {
    /// The tag features of `api`; `None` when no operation has a tag.
    pub fn of(api: &Api) -> Option<Self> {
        let mut features: Vec<(String, String)> = Vec::new();
        for tag in api.operations.iter().flat_map(|op| &op.tags) {
            if !features.iter().any(|(t, _)| t == tag) {
                let name = feature_name(tag, &features);
                features.push((tag.clone(), name));
            }
        }
        if features.is_empty() {
            return None;
        }
        let children = parent_features(api, &mut features);
        let feature_of = |tag: &String| -> &str {
            features
                .iter()
                .find(|(t, _)| t == tag)
                .map_or("", |(_, f)| f.as_str())
        };
        // For each type: `None` once an untagged operation reaches it, else
        // the features of the operations that do.
        let mut reach: Vec<Option<BTreeSet<&str>>> = vec![Some(BTreeSet::new()); api.types.len()];
        let mut reached = vec![false; api.types.len()];
        let mut op_gates = Vec::new();
        for op in &api.operations {
            let tags: BTreeSet<&str> = op.tags.iter().map(feature_of).collect();
            op_gates.push((!tags.is_empty()).then(|| gate(&tags)));
            let roots = op.request_tys().chain(op.response_tys());
            for (i, hit) in api.types.reachable_from(roots).into_iter().enumerate() {
                if !hit {
                    continue;
                }
                reached[i] = true;
                match (&mut reach[i], tags.is_empty()) {
                    (slot, true) => *slot = None,
                    (Some(set), false) => set.extend(tags.iter().copied()),
                    (None, false) => {}
                }
            }
        }
        // The webhooks are gated by their own features, not by tags: what
        // they use is compiled whatever the tags.
        for op in &api.webhooks {
            let roots = op.request_tys().chain(op.response_tys());
            for (i, hit) in api.types.reachable_from(roots).into_iter().enumerate() {
                if hit {
                    reached[i] = true;
                    reach[i] = None;
                }
            }
        }
        let mut type_gates: Vec<Option<TokenStream>> = reach
            .iter()
            .zip(&reached)
            .map(|(set, hit)| match set {
                Some(set) if *hit => Some(gate(set)),
                _ => None,
            })
            .collect();
        gate_unreached_users(api, &reached, &mut type_gates);
        Some(TagFeatures {
            features,
            children,
            op_gates,
            type_gates,
        })
    }

    /// The `cfg` predicate of the operation at `index`, if it is gated.
    pub fn op_gate(&self, index: usize) -> Option<&TokenStream> {
        self.op_gates.get(index)?.as_ref()
    }

    /// The `cfg` predicate of type `id`, if it is gated.
    pub fn type_gate(&self, id: TypeId) -> Option<&TokenStream> {
        self.type_gates.get(id.index())?.as_ref()
    }
}

/// A type no operation reaches is compiled always, unless it names a gated
/// type (a component kept with `models = all` that holds a type only tagged
/// operations use): then it needs `all-tags`, which turns every gated type
/// on. Spread to a fixpoint, since such a type can be named by another.
fn gate_unreached_users(api: &Api, reached: &[bool], gates: &mut [Option<TokenStream>]) {
    let all_tags = quote!(feature = #ALL_TAGS);
    loop {
        let mut changed = false;
        for (id, def) in api.types.iter() {
            let i = id.index();
            if reached[i] || gates[i].is_some() {
                continue;
            }
            let mut names_gated = false;
            def.kind
                .visit_named(&mut |used| names_gated |= gates[used.index()].is_some());
            if names_gated {
                gates[i] = Some(all_tags.clone());
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// `any(feature = "all-tags", feature = "a", …)`.
fn gate(features: &BTreeSet<&str>) -> TokenStream {
    let names = features.iter();
    quote!(any(feature = #ALL_TAGS, #(feature = #names),*))
}

/// A feature name for `tag`: lower-case ASCII letters, digits and `-`,
/// starting with a letter, unlike any taken name.
fn feature_name(tag: &str, taken: &[(String, String)]) -> String {
    let mut base = crate::ir::naming::kebab_ascii(tag);
    if base.is_empty() {
        base.push_str("tag");
    } else if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base.insert_str(0, "tag-");
    }
    let free = |n: &str| !TAKEN.contains(&n) && !taken.iter().any(|(_, f)| f == n);
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| free(n))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dotted_tag_tree_has_a_parent_feature() {
        let tags: BTreeSet<&str> =
            ["users.user", "users.calendar", "v1.0", "a.b.c", "a.b.d"].into();
        let parent = |t| dotted_parent(t, &tags);
        assert_eq!(parent("users.user").as_deref(), Some("users"));
        assert_eq!(parent("a.b.c").as_deref(), Some("a.b"));
        assert_eq!(parent("a.b").as_deref(), Some("a"));
        // One tag below a prefix is a dot, not a tree.
        assert_eq!(parent("v1.0"), None);
        assert_eq!(parent("users"), None);
        assert_eq!(parent(".hidden"), None);
    }

    #[test]
    fn feature_names_are_valid_and_distinct() {
        let mut taken = Vec::new();
        for (tag, want) in [
            ("repos", "repos"),
            ("Git Data", "git-data"),
            ("git-data", "git-data-2"),
            ("3ds", "tag-3ds"),
            ("client", "client-2"),
            ("", "tag"),
            ("日本", "tag-2"),
        ] {
            let got = feature_name(tag, &taken);
            assert_eq!(got, want, "{tag:?}");
            taken.push((tag.to_owned(), got));
        }
    }
}
