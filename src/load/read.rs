//! Bytes to a JSON value. JSON and YAML are told apart by content; parse
//! errors keep the line and column the parsers report.

use serde_json::{Map, Number, Value};

/// A document that could not be parsed.
#[derive(Debug)]
pub struct ParseError {
    pub message: String,
    pub position: Option<(usize, usize)>,
}

/// Whether the text is JSON: its first meaningful character opens an object
/// or array. (YAML flow style looks the same and is parsed by the JSON
/// parser only if it is valid JSON; otherwise the YAML parser gets a try.)
fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '['])
}

pub fn parse(text: &str) -> Result<Value, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if looks_like_json(text) {
        match serde_json::from_str::<Value>(text) {
            Ok(mut v) => {
                unsign_zeros(&mut v);
                return Ok(v);
            }
            Err(json_err) => {
                // Flow-style YAML is also YAML; only report the JSON error
                // when YAML cannot read it either.
                // serde_json counts a line's first column as 0 when the
                // error is at the line's start; we count from 1.
                return parse_yaml(text).map_err(|_| ParseError {
                    message: format!("invalid JSON: {}", strip_location(&json_err.to_string())),
                    position: Some((json_err.line(), json_err.column().max(1))),
                });
            }
        }
    }
    parse_yaml(text)
}

fn parse_yaml(text: &str) -> Result<Value, ParseError> {
    check_alias_expansion(text)?;
    let mut value = super::yaml_value::from_str(text).map_err(|e| ParseError {
        message: format!("invalid YAML: {}", strip_location(&e.to_string())),
        position: e.location().map(|l| (l.line(), l.column())),
    })?;
    value.apply_merge().map_err(|e| ParseError {
        message: format!("invalid YAML merge key: {e}"),
        position: e.location().map(|l| (l.line(), l.column())),
    })?;
    Ok(yaml_to_json(value))
}

/// How many nodes a YAML document may expand to beyond one per byte of
/// its text. Without aliases a document has fewer nodes than bytes, so only
/// aliases can reach the limit.
const ALIAS_ALLOWANCE: u64 = 1_000_000;

/// Refuses a document whose aliases expand to far more nodes than its text
/// holds (an "alias bomb": 20 KB reached 1.35 GB before the YAML parser's
/// own repetition limit stopped it). The nodes are counted as the parser
/// replays them, building nothing, so memory stays flat whatever the
/// expansion and the document's size (counting while building the value
/// would hold up to the limit's worth of nodes first: GBs for a large
/// document); only a text with both an anchor and an alias is counted.
fn check_alias_expansion(text: &str) -> Result<(), ParseError> {
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let limit = text.len() as u64 + ALIAS_ALLOWANCE;
    let counted = Nodes {
        seen: &std::cell::Cell::new(0),
        limit,
    };
    match serde::de::DeserializeSeed::deserialize(counted, serde_yaml::Deserializer::from_str(text)) {
        // The parser's own limit on replayed aliases may come first.
        Err(e) if [ALIAS_BOMB, "repetition limit exceeded"].iter().any(|m| e.to_string().contains(m)) => Err(ParseError {
            message: format!(
                "invalid YAML: {ALIAS_BOMB} ({limit} nodes from {} bytes of text): refused before expanding",
                text.len()
            ),
            position: e.location().map(|l| (l.line(), l.column())).or_else(|| first_anchor(text)),
        }),
        // Other problems are reported by the real parse, in its words.
        _ => Ok(()),
    }
}

/// Line and column of the first anchor (`&name`), where an alias bomb
/// starts when the parser gives no place.
fn first_anchor(text: &str) -> Option<(usize, usize)> {
    let at = text
        .match_indices('&')
        .find(|(i, _)| text[i + 1..].starts_with(|c: char| c.is_alphanumeric()))?
        .0;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    ))
}

const ALIAS_BOMB: &str = "aliases expand the document to more nodes than allowed";

/// Counts every node of a YAML document, failing past `limit`.
#[derive(Clone, Copy)]
struct Nodes<'a> {
    seen: &'a std::cell::Cell<u64>,
    limit: u64,
}

impl Nodes<'_> {
    fn bump<E: serde::de::Error>(self) -> Result<(), E> {
        self.seen.set(self.seen.get() + 1);
        if self.seen.get() > self.limit {
            return Err(E::custom(ALIAS_BOMB));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Nodes<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Nodes<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.bump()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.bump()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.bump()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.bump()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.bump()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.bump()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.bump()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.bump()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.bump()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged node (`!tag value`): the tag, then its value.
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// serde_json reads the integer `-0` as the float `-0.0`, which no
/// integer keyword (`maxLength: -0`) accepts, while YAML reads it as the
/// integer 0. Negative zero is zero, as an integer, in both formats.
fn unsign_zeros(value: &mut Value) {
    // A stack, not recursion: the walk goes as deep as the document.
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Number(n) if is_negative_zero(n) => *v = Value::Number(0.into()),
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

fn is_negative_zero(n: &Number) -> bool {
    n.is_f64() && n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative())
}

/// Parsers append " at line X column Y"; we print the place ourselves.
/// Both parsers stop at 128 levels of nesting (so a hostile document cannot
/// exhaust the stack); their words for it do not say so.
fn strip_location(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if message.contains("recursion limit exceeded") {
        return format!("{message}: the document nests more than 128 levels deep here");
    }
    message.to_owned()
}

/// YAML allows keys that JSON does not (`200:` is an integer); OpenAPI
/// means them as strings, so every key becomes its text.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                match n.as_f64().and_then(Number::from_f64) {
                    Some(f) if is_negative_zero(&f) => Value::Number(0.into()),
                    Some(f) => Value::Number(f),
                    None => Value::Null,
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                out.insert(key_text(k), yaml_to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => s,
        Y::Null => "null".to_owned(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        other => serde_json::to_string(&yaml_to_json(other)).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = parse("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn json_errors_have_positions() {
        let e = parse("{\n  \"a\": [1,\n").unwrap_err();
        assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.0), Some(3));
    }

    #[test]
    fn yaml_errors_have_positions() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.position.is_some());
    }

    /// Both formats read one document the same way: 128-bit integers as
    /// the nearest f64, negative zero as the integer 0.
    #[test]
    fn json_and_yaml_read_numbers_alike() {
        let yaml = "a: 18446744073709551616\nb: -0\nc: -0.0\nd: [-170141183460469231731687303715884105729]\ne: 0.0\n";
        let json = r#"{"a": 18446744073709551616, "b": -0, "c": -0.0, "d": [-170141183460469231731687303715884105729], "e": 0.0}"#;
        let (from_yaml, from_json) = (parse(yaml).unwrap(), parse(json).unwrap());
        assert_eq!(from_yaml, from_json);
        assert_eq!(from_json["b"].as_u64(), Some(0));
        assert_eq!(from_json["c"].as_u64(), Some(0));
        assert_eq!(from_json["a"].as_f64(), Some(18_446_744_073_709_551_616.0));
    }

    #[test]
    fn alias_bombs_are_refused_before_expanding() {
        // Ten levels of ten aliases each: 10^10 nodes from 300 bytes.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let list = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert!(
            e.message.contains("aliases expand the document"),
            "{}",
            e.message
        );
        assert!(e.position.is_some());
        // Aliases that expand a little are fine.
        let v = parse("a: &a {x: [1, 2]}\nb: *a\nc: *a\n").unwrap();
        assert_eq!(v["c"]["x"][1], 2);
    }

    #[test]
    fn merge_keys_apply() {
        let v = parse("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n").unwrap();
        assert_eq!(v["derived"]["x"], 1);
    }
}
