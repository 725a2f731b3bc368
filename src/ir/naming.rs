//! One place for every name the generator makes: case conversion, invalid
//! characters, leading digits, Rust keywords and collisions.
//!
//! Spec text never becomes code except through these functions, and they only
//! ever return valid Rust identifiers.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeSet, HashMap};

/// Words that cannot be used as plain identifiers (strict and reserved
/// keywords of every edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Replace everything but ASCII letters and digits with word breaks, so heck
/// sees the word boundaries (`x-rate-limit`, `a.b`, `$ref`, `ñandú`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '+' {
            out.push_str(" plus ");
        } else if c == '-' && out.is_empty() {
            out.push_str("minus ");
        } else {
            out.push(' ');
        }
    }
    out
}

/// UpperCamelCase name for a type or variant; never empty, never a keyword,
/// never starting with a digit.
/// Lower-case ASCII words joined by `-` (`Git Data` → `git-data`): the
/// shape of a cargo package or feature name. Other characters separate
/// words; the result may be empty or start with a digit.
pub fn kebab_ascii(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

pub fn upper_camel(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, fallback);
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// snake_case name for a field, argument or function. Keywords become raw
/// identifiers (`r#type`), except those that cannot be raw (`self_`).
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if is_keyword(&name) {
        name.insert_str(0, "r#");
    }
    name
}

/// Names already given out in one scope; a taken name gets a number.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// For each numbered stem, the number to try next: every smaller one
    /// is taken (names are never given back), so 20,000 values that all
    /// become `AB` cost one probe each, not one per earlier `AB` (that
    /// was quadratic: 27 s for 20,000).
    next: HashMap<String, u64>,
}

impl Namespace {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Make `candidate` unique by appending 2, 3, ….
    pub fn unique(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        self.numbered(&candidate, "")
    }

    /// The first `{stem}{sep}{n}` not taken, n from 2, taken now.
    fn numbered(&mut self, stem: &str, sep: &str) -> String {
        let key = format!("{stem}\u{0}{sep}");
        let n = self.next.entry(key).or_insert(2);
        loop {
            let name = format!("{stem}{sep}{n}");
            *n += 1;
            if self.taken.insert(name.clone()) {
                return name;
            }
        }
    }

    pub fn type_name(&mut self, hint: &str) -> String {
        self.unique(upper_camel(hint, "Type"))
    }

    pub fn variant_name(&mut self, hint: &str) -> String {
        self.unique(upper_camel(hint, "Value"))
    }

    /// A unique snake_case name; numbers are joined with `_` (`id_2`).
    pub fn snake_name(&mut self, hint: &str, fallback: &str) -> String {
        let base = snake(hint, fallback);
        if self.taken.insert(base.clone()) {
            return base;
        }
        // `self_` numbers as `self_2`, not `self__2` (not snake case).
        let stem = base.trim_start_matches("r#").trim_end_matches('_');
        let stem = if stem.is_empty() { fallback } else { stem };
        self.numbered(stem, "_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_skip_names_taken_any_way() {
        let mut ns = Namespace::default();
        ns.reserve("Ab2");
        assert_eq!(ns.unique("Ab".into()), "Ab");
        assert_eq!(ns.unique("Ab".into()), "Ab3");
        assert_eq!(ns.unique("Ab4".into()), "Ab4");
        assert_eq!(ns.unique("Ab".into()), "Ab5");
        assert_eq!(ns.unique("Ab2".into()), "Ab22");
        assert_eq!(ns.snake_name("self", "x"), "self_");
        assert_eq!(ns.snake_name("self", "x"), "self_2");
        assert_eq!(ns.snake_name("self_", "x"), "self_3");
        assert_eq!(ns.snake_name("a_b", "x"), "a_b");
        assert_eq!(ns.snake_name("a-b", "x"), "a_b_2");
    }

    #[test]
    fn types_are_valid_identifiers() {
        assert_eq!(upper_camel("contact_update", "Type"), "ContactUpdate");
        assert_eq!(upper_camel("2fa-config", "Type"), "Type2faConfig");
        assert_eq!(upper_camel("self", "Type"), "Self_");
        assert_eq!(upper_camel("", "Type"), "Type");
        assert_eq!(upper_camel("$%&", "Value"), "Value");
        assert_eq!(upper_camel("ñandú", "Type"), "And");
        assert_eq!(upper_camel("+1", "Value"), "Plus1");
        assert_eq!(upper_camel("-1", "Value"), "Minus1");
    }

    #[test]
    fn fields_escape_keywords() {
        assert_eq!(snake("type", "field"), "r#type");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(snake("Self", "field"), "self_");
        assert_eq!(snake("crate", "field"), "crate_");
        assert_eq!(snake("firstName", "field"), "first_name");
        assert_eq!(snake("X-Api-Key", "field"), "x_api_key");
        assert_eq!(snake("1st", "field"), "_1st");
        assert_eq!(snake("@@", "field"), "field");
        assert_eq!(snake("_", "field"), "field");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut ns = Namespace::default();
        assert_eq!(ns.type_name("foo_bar"), "FooBar");
        assert_eq!(ns.type_name("FooBar"), "FooBar2");
        assert_eq!(ns.type_name("foo-bar"), "FooBar3");
        let mut fields = Namespace::default();
        assert_eq!(fields.snake_name("type", "f"), "r#type");
        assert_eq!(fields.snake_name("Type", "f"), "type_2");
        assert_eq!(fields.snake_name("fooBar", "f"), "foo_bar");
        assert_eq!(fields.snake_name("foo_bar", "f"), "foo_bar_2");
        assert_eq!(fields.snake_name("self", "f"), "self_");
        assert_eq!(fields.snake_name("Self", "f"), "self_2");
    }
}
