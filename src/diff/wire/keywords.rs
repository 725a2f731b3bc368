//! The keywords only the server's schema interpreter checks (`not`,
//! `contains`, `propertyNames`, `minProperties`, `const`, …), compared one
//! by one with their direction: a keyword added or a bound raised admits
//! fewer values (it breaks clients of a request, servers of a response).

use super::{verdict, Effect, Site, Walk};
use crate::diff::{Dir, Semver};
use crate::ir::Keywords;
use serde_json::{Map, Value};

/// Count keywords: the keyword, its rule stem and whether it is an upper
/// bound.
const COUNTS: [(&str, &str, bool); 4] = [
    ("minProperties", "min-properties", false),
    ("maxProperties", "max-properties", true),
    ("minContains", "min-contains", false),
    ("maxContains", "max-contains", true),
];

/// Keywords whose presence restricts the values (added: fewer are valid),
/// each with its rule id; a changed value may admit other values.
const RESTRICTING: [(&str, &str); 14] = [
    ("not", "not-changed"),
    ("if", "if-then-else-changed"),
    ("then", "if-then-else-changed"),
    ("else", "if-then-else-changed"),
    ("contains", "contains-changed"),
    ("propertyNames", "property-names-changed"),
    ("dependentRequired", "dependent-required-changed"),
    ("dependencies", "dependent-required-changed"),
    ("dependentSchemas", "dependent-schemas-changed"),
    ("prefixItems", "prefix-items-changed"),
    ("patternProperties", "pattern-properties-changed"),
    ("unevaluatedProperties", "unevaluated-properties-changed"),
    ("unevaluatedItems", "unevaluated-items-changed"),
    ("items", "items-changed"),
];

impl Walk<'_> {
    /// Compare the keywords of two schemas carried in `dir`.
    pub(super) fn keywords(
        &mut self,
        a: Option<&Keywords>,
        b: Option<&Keywords>,
        dir: Option<Dir>,
        at: &Site,
    ) {
        if a == b {
            return;
        }
        let parse = |k: Option<&Keywords>| -> Map<String, Value> {
            k.and_then(|k| serde_json::from_str::<Value>(&k.schema).ok())
                .and_then(|v| match v {
                    Value::Object(map) => Some(map),
                    _ => None,
                })
                .unwrap_or_default()
        };
        let (a, b) = (parse(a), parse(b));
        let mut found: Vec<(&'static str, String, Effect)> = Vec::new();
        for (keyword, stem, upper) in COUNTS {
            let (old, new) = (count(&a, keyword), count(&b, keyword));
            if old == new {
                continue;
            }
            let tighter = match (old, new) {
                (None, _) => true,
                (_, None) => false,
                (Some(x), Some(y)) => (y < x) == upper,
            };
            let (rule, effect) = if tighter {
                (tightened(stem), Effect::Tighter)
            } else {
                (loosened(stem), Effect::Looser)
            };
            let text = format!(
                "{}: {keyword} changed from {} to {}",
                at.label,
                shown_count(old),
                shown_count(new)
            );
            found.push((rule, text, effect));
        }
        let mut reported: Vec<&str> = Vec::new();
        for (keyword, rule) in RESTRICTING {
            let (old, new) = (a.get(keyword), b.get(keyword));
            if old == new || reported.contains(&rule) {
                continue;
            }
            // `items` counts only beside `prefixItems` (otherwise the
            // types compare it).
            if keyword == "items"
                && !a.contains_key("prefixItems")
                && !b.contains_key("prefixItems")
            {
                continue;
            }
            reported.push(rule);
            let (effect, what) = match (old, new) {
                (None, Some(_)) => (Effect::Tighter, "added"),
                (Some(_), None) => (Effect::Looser, "removed"),
                _ => (Effect::Different, "changed"),
            };
            found.push((rule, format!("{}: `{keyword}` {what}", at.label), effect));
        }
        let values = |m: &Map<String, Value>| m.get("enum").and_then(Value::as_array).cloned();
        let (old, new) = (values(&a), values(&b));
        // String enums are types of their own, compared with them.
        let typed = |v: &Option<Vec<Value>>| {
            v.as_ref()
                .is_some_and(|list| list.iter().all(|x| x.is_string() || x.is_null()))
        };
        if old != new && !typed(&old) && !typed(&new) {
            let within = |x: &[Value], y: &[Value]| x.iter().all(|v| y.contains(v));
            let effect = match (&old, &new) {
                (None, Some(_)) => Effect::Tighter,
                (Some(_), None) => Effect::Looser,
                (Some(x), Some(y)) if within(y, x) => Effect::Tighter,
                (Some(x), Some(y)) if within(x, y) => Effect::Looser,
                _ => Effect::Different,
            };
            let shown = |v: &Option<Vec<Value>>| match v {
                None => "none".to_owned(),
                Some(list) if list.len() == 1 => crate::format::one_line(&list[0].to_string()),
                Some(list) => crate::format::one_line(&Value::Array(list.clone()).to_string()),
            };
            let text = format!(
                "{}: const/enum changed from {} to {}",
                at.label,
                shown(&old),
                shown(&new)
            );
            found.push(("const-changed", text, effect));
        }
        for (rule, text, effect) in found {
            self.push(
                rule,
                text,
                dir,
                Some(&at.old),
                Some(&at.new),
                verdict(dir, effect),
                (Semver::None, None),
            );
        }
    }
}

fn count(m: &Map<String, Value>, key: &str) -> Option<u64> {
    m.get(key).and_then(Value::as_u64)
}

fn shown_count(n: Option<u64>) -> String {
    n.map_or("none".to_owned(), |n| n.to_string())
}

fn tightened(stem: &str) -> &'static str {
    match stem {
        "min-properties" => "min-properties-tightened",
        "max-properties" => "max-properties-tightened",
        "min-contains" => "min-contains-tightened",
        _ => "max-contains-tightened",
    }
}

fn loosened(stem: &str) -> &'static str {
    match stem {
        "min-properties" => "min-properties-loosened",
        "max-properties" => "max-properties-loosened",
        "min-contains" => "min-contains-loosened",
        _ => "max-contains-loosened",
    }
}
