//! Generate what you use: which operations a file holds (by tag and
//! operation id, with `*` globs) and, with `models = reachable`, only the
//! types those operations reach.
//!
//! The loader asks [`Selection::selects`] before lowering an operation, so an
//! operation left out costs nothing and warns about nothing; component
//! schemas are then lowered only when something reaches them, and
//! [`prune`] drops what was declared but never used. Type names are decided
//! when all components are declared, before any of this, so a type has the
//! same name in a selected file as in the full one.

use super::{Api, Ty, TypeId};
use crate::settings::{Models, Settings};
use std::collections::BTreeSet;

/// The selection settings, as the loader uses them.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    include_tags: Vec<String>,
    exclude_tags: Vec<String>,
    include_operations: Vec<String>,
    exclude_operations: Vec<String>,
    /// Keep only reachable types.
    pub reachable: bool,
    /// Lower the spec's webhooks and callbacks (some part of them is
    /// generated).
    pub webhooks: bool,
    /// The schema names `--type-override` replaces: each must name a schema
    /// of the spec, checked before `prune` drops any.
    type_overrides: Vec<String>,
}

impl Selection {
    pub fn from_settings(settings: &Settings) -> Self {
        let reachable = match settings.models {
            Models::Reachable => true,
            Models::All => false,
            Models::Auto => settings.selects_operations(),
        };
        Selection {
            include_tags: settings.include_tags.0.clone(),
            exclude_tags: settings.exclude_tags.0.clone(),
            include_operations: settings.include_operations.0.clone(),
            exclude_operations: settings.exclude_operations.0.clone(),
            reachable,
            webhooks: settings.webhooks.any(),
            type_overrides: settings.type_overrides.keys().cloned().collect(),
        }
    }

    /// Whether the operation with this id and these tags is generated: any
    /// include (tag or id) lets it in, when there are includes at all; any
    /// exclude keeps it out.
    pub fn selects(&self, id: &str, tags: &[String]) -> bool {
        let any = |patterns: &[String], names: &[&str]| {
            names.iter().any(|n| patterns.iter().any(|p| glob(p, n)))
        };
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let included = (self.include_tags.is_empty() && self.include_operations.is_empty())
            || any(&self.include_tags, &tags)
            || any(&self.include_operations, &[id]);
        included && !any(&self.exclude_tags, &tags) && !any(&self.exclude_operations, &[id])
    }

    /// Errors for patterns that match no operation id or tag of the spec
    /// (each with the closest existing names), and for a selection that
    /// leaves no operation at all. `ids` and `tags` are the spec's, all of
    /// them; `selected` how many operations the selection kept.
    pub fn check(&self, ids: &[String], tags: &BTreeSet<String>, selected: usize) -> Vec<String> {
        let mut errors = Vec::new();
        let tags: Vec<String> = tags.iter().cloned().collect();
        let lists: [(&str, &[String], &str, &[String]); 4] = [
            ("include-tags", &self.include_tags, "tag", &tags),
            ("exclude-tags", &self.exclude_tags, "tag", &tags),
            (
                "include-operations",
                &self.include_operations,
                "operation id",
                ids,
            ),
            (
                "exclude-operations",
                &self.exclude_operations,
                "operation id",
                ids,
            ),
        ];
        for (flag, patterns, what, names) in lists {
            for p in patterns {
                if names.iter().any(|n| glob(p, n)) {
                    continue;
                }
                let mut message = if p.contains('*') {
                    format!("{flag}: no {what} matches {p:?}")
                } else {
                    format!("{flag}: the spec has no {what} {p:?}")
                };
                let near = closest(p, names);
                if near.is_empty() {
                    if names.is_empty() {
                        message.push_str(&format!(" (the spec has no {what}s)"));
                    }
                } else {
                    message.push_str(&format!("; did you mean {}?", quote_list(&near)));
                }
                errors.push(message);
            }
        }
        if errors.is_empty() && selected == 0 && !ids.is_empty() {
            errors.push(format!(
                "the selection leaves no operation (of {}): check include-* against exclude-*",
                ids.len()
            ));
        }
        errors
    }

    /// Whether `--type-override` names any schema (only then are the
    /// spec's names gathered to check them).
    pub fn has_type_overrides(&self) -> bool {
        !self.type_overrides.is_empty()
    }

    /// Errors for `--type-override` names that match no schema: `names` are
    /// the spec's component names and generated type names (an override
    /// may use either), all of them. An override that replaces nothing
    /// would leave the user's type unused without a word.
    pub fn check_type_overrides(&self, names: &BTreeSet<String>) -> Vec<String> {
        let missing = self.type_overrides.iter().filter(|o| !names.contains(*o));
        // Suggestions are rare: the list is made only for them.
        let names: Vec<String> = names.iter().cloned().collect();
        missing
            .map(|o| {
                let mut message = format!("type-override: the spec has no schema {o:?}");
                let near = closest(o, &names);
                if !near.is_empty() {
                    message.push_str(&format!("; did you mean {}?", quote_list(&near)));
                } else if let Some(nearest) = nearest(o, &names) {
                    message.push_str(&format!(" (the nearest name is {nearest:?})"));
                } else {
                    message.push_str(" (the spec has no schemas)");
                }
                message
            })
            .collect()
    }

    /// One line for the generated file's header, so the drift check sees a
    /// changed selection; `None` when nothing is selected and all models
    /// are kept (the header then reads as it always did).
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (flag, list) in [
            ("include-tags", &self.include_tags),
            ("exclude-tags", &self.exclude_tags),
            ("include-operations", &self.include_operations),
            ("exclude-operations", &self.exclude_operations),
        ] {
            if !list.is_empty() {
                parts.push(format!("{flag} = {}", list.join(",")));
            }
        }
        if parts.is_empty() && !self.reachable {
            return None;
        }
        let models = if self.reachable { "reachable" } else { "all" };
        parts.push(format!("models = {models}"));
        Some(parts.join("; "))
    }
}

/// `*` matches any run of characters (none included); everything else
/// matches itself, case and all.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Up to three names closest to `wanted`: those that contain it (or it
/// them, ignoring case) first, then by edit distance, within a third of
/// the length, and only the nearest of them.
fn closest(wanted: &str, names: &[String]) -> Vec<String> {
    let lower = wanted.to_lowercase().replace('*', "");
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|n| {
            let n_lower = n.to_lowercase();
            let d = if !lower.is_empty() && (n_lower.contains(&lower) || lower.contains(&n_lower)) {
                0
            } else {
                edit_distance(&lower, &n_lower)
            };
            (d <= lower.chars().count().max(3) / 3).then_some((d, n))
        })
        .collect();
    scored.sort();
    // Only the nearest: a list of farther guesses hides the one meant.
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(3)
        .map(|(_, n)| n.clone())
        .collect()
}

/// The one name nearest `wanted` by edit distance, however far (the first
/// in order of a tie).
fn nearest<'n>(wanted: &str, names: &'n [String]) -> Option<&'n String> {
    let lower = wanted.to_lowercase();
    names
        .iter()
        .min_by_key(|n| edit_distance(&lower, &n.to_lowercase()))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn quote_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    quoted.join(", ")
}

/// Drop every type the operations do not reach, renumbering the rest (in
/// their order, so output order is unchanged) and every reference to them.
pub fn prune(api: &mut Api) {
    let roots = api
        .operations
        .iter()
        .flat_map(|op| op.request_tys().chain(op.response_tys()));
    let keep = api.types.reachable_from(roots);
    let map = api.types.retain(&keep);
    let defs = api.types.iter_mut().flat_map(|(_, def)| def.kind.tys_mut());
    let ops = api.operations.iter_mut().flat_map(|op| op.tys_mut());
    for ty in defs.chain(ops) {
        remap_ty(ty, &map);
    }
}

fn remap_ty(ty: &mut Ty, map: &[Option<TypeId>]) {
    match ty {
        // A kept type only reaches kept types, so the lookup always hits.
        Ty::Named(id) => *id = map[id.index()].unwrap_or(*id),
        Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => remap_ty(t, map),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_names() {
        assert!(glob("repos/*", "repos/get"));
        assert!(glob("*", ""));
        assert!(glob("*get*", "repos/get-content"));
        assert!(glob("a*b*c", "abc"));
        assert!(glob("a*b*c", "a-b-b-c"));
        assert!(!glob("a*b*c", "a-c"));
        assert!(!glob("repos", "repos/get"));
        assert!(!glob("ab*ba", "aba"), "prefix and suffix may not overlap");
        assert!(glob("exact", "exact"));
        assert!(!glob("Exact", "exact"), "case matters");
    }

    fn selection(settings: Settings) -> Selection {
        Selection::from_settings(&settings)
    }

    #[test]
    fn includes_add_up_and_excludes_win() {
        let s = selection(
            Settings::default()
                .with_include_tags(["repos"])
                .with_include_operations(["issues/get"])
                .with_exclude_operations(["repos/delete*"]),
        );
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(s.selects("repos/get", &tags(&["repos"])));
        assert!(s.selects("issues/get", &tags(&["issues"])));
        assert!(!s.selects("issues/list", &tags(&["issues"])));
        assert!(!s.selects("repos/delete-key", &tags(&["repos"])));
        let none = selection(Settings::default().with_exclude_tags(["admin"]));
        assert!(none.selects("x", &[]));
        assert!(!none.selects("x", &tags(&["ops", "admin"])));
        assert!(s.reachable && none.reachable);
        let all = selection(
            Settings::default()
                .with_include_tags(["a"])
                .with_models(Models::All),
        );
        assert!(!all.reachable);
        assert_eq!(Selection::default().describe(), None);
    }

    #[test]
    fn unknown_names_are_errors_with_hints() {
        let s = selection(
            Settings::default()
                .with_include_tags(["repo", "pulls"])
                .with_include_operations(["issues/lst", "zzz*"]),
        );
        let ids: Vec<String> = ["issues/list", "issues/get", "repos/get"]
            .map(String::from)
            .to_vec();
        let tags: BTreeSet<String> = ["repos", "issues"].map(String::from).into();
        let errors = s.check(&ids, &tags, 1);
        assert_eq!(
            errors,
            [
                "include-tags: the spec has no tag \"repo\"; did you mean \"repos\"?",
                "include-tags: the spec has no tag \"pulls\"",
                "include-operations: the spec has no operation id \"issues/lst\"; did you mean \"issues/list\"?",
                "include-operations: no operation id matches \"zzz*\"",
            ]
        );
        let empty = selection(
            Settings::default()
                .with_include_tags(["repos"])
                .with_exclude_operations(["repos/*"]),
        );
        assert_eq!(empty.check(&ids, &tags, 0).len(), 1);
        assert!(empty.check(&ids, &tags, 0)[0].contains("leaves no operation"));
    }

    #[test]
    fn type_overrides_must_name_a_schema() {
        let s = selection(
            Settings::default().with_type_overrides(
                [("Pets", "x::A"), ("Order", "x::B"), ("Zzzzzz", "x::C")]
                    .map(|(k, v)| (k.to_owned(), v.to_owned())),
            ),
        );
        let names: BTreeSet<String> = ["Pet", "Order", "Owner"].map(String::from).into();
        assert_eq!(
            s.check_type_overrides(&names),
            [
                "type-override: the spec has no schema \"Pets\"; did you mean \"Pet\"?",
                "type-override: the spec has no schema \"Zzzzzz\" (the nearest name is \"Order\")",
            ]
        );
        assert_eq!(
            s.check_type_overrides(&BTreeSet::new())[0],
            "type-override: the spec has no schema \"Order\" (the spec has no schemas)"
        );
    }
}
