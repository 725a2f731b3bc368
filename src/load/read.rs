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
                let mut value = n
                    .as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number);
                unsign_zeros(&mut value);
                value
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
    fn merge_keys_apply() {
        let v = parse("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n").unwrap();
        assert_eq!(v["derived"]["x"], 1);
    }
}
