//! A deserialization error of the spec types, told in the spec's words.
//!
//! The errors serde writes name the Rust types they were reading ("expected
//! struct Operation", "no variant of enum ParameterSchemaOrContent found in
//! flattened data"): a user reads an OpenAPI document, not our types, so
//! each such phrase is replaced by what the document should contain there.

use regex::Regex;
use std::sync::OnceLock;

/// `message` with every Rust type or serde variant name replaced.
pub fn in_spec_words(message: &str) -> String {
    static PATTERNS: OnceLock<[Regex; 4]> = OnceLock::new();
    let [untagged, flattened, expected, variant] = PATTERNS.get_or_init(|| {
        [
            Regex::new(r"data did not match any variant of untagged enum (\w+)").unwrap(),
            Regex::new(r"no variant of enum (\w+) found in flattened data").unwrap(),
            Regex::new(
                r"expected (?:struct|tuple struct|unit struct|enum|internally tagged enum|adjacently tagged enum) (\w+)",
            )
            .unwrap(),
            Regex::new(r"unknown variant (`[^`]*`), (expected|there are no)").unwrap(),
        ]
    });
    let text = untagged.replace_all(message, |c: &regex::Captures| {
        match &c[1] {
            "ReferenceOr" => "expected a `$ref` or an object of the right shape",
            "AdditionalProperties" => "`additionalProperties` must be a boolean or a schema",
            "StatusCode" => "expected a status code such as 200 or 4XX",
            _ => "the value has none of the shapes allowed here",
        }
        .to_owned()
    });
    let text = flattened.replace_all(&text, |c: &regex::Captures| match &c[1] {
        "ParameterSchemaOrContent" => "a parameter or header needs a `schema` or a `content`",
        _ => "a required choice of fields is missing",
    });
    let text = expected.replace_all(&text, |c: &regex::Captures| {
        format!("expected {}", object_name(&c[1]))
    });
    let text = variant.replace_all(&text, |c: &regex::Captures| match &c[2] {
        "expected" => format!("unknown value {}, expected", &c[1]),
        _ => format!("unknown value {}, there are no", &c[1]),
    });
    text.into_owned()
}

/// "a Request Body Object" for `RequestBody`: the spec's name of the object
/// a Rust type reads (the openapiv3 types are named after them).
fn object_name(rust: &str) -> String {
    let words = match rust {
        // Types with no object of that name in the spec.
        "SchemaKind" | "Type" | "ReferenceOr" | "AnySchema" => return "a schema".to_owned(),
        "ParameterSchemaOrContent" => return "a `schema` or a `content`".to_owned(),
        "APIKeyLocation" => return "`query`, `header` or `cookie`".to_owned(),
        "OAuth2Flows" => "OAuth Flows".to_owned(),
        "OAuth2Flow" => "OAuth Flow".to_owned(),
        "HTTP" => "Security Scheme".to_owned(),
        other => {
            let mut words = String::new();
            for (i, ch) in other.chars().enumerate() {
                if i > 0 && ch.is_ascii_uppercase() {
                    words.push(' ');
                }
                words.push(ch);
            }
            words
        }
    };
    let article = if words.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words} Object")
}

#[cfg(test)]
mod tests {
    use super::in_spec_words;

    #[test]
    fn rust_names_become_the_spec_s_words() {
        let cases = [
            (
                "invalid type: integer `5`, expected struct Operation",
                "invalid type: integer `5`, expected an Operation Object",
            ),
            (
                "invalid type: integer `5`, expected internally tagged enum Parameter",
                "invalid type: integer `5`, expected a Parameter Object",
            ),
            (
                "invalid type: string \"x\", expected struct RequestBody",
                "invalid type: string \"x\", expected a Request Body Object",
            ),
            (
                "no variant of enum ParameterSchemaOrContent found in flattened data",
                "a parameter or header needs a `schema` or a `content`",
            ),
            (
                "data did not match any variant of untagged enum AdditionalProperties",
                "`additionalProperties` must be a boolean or a schema",
            ),
            (
                "unknown variant `matrix`, expected `form`",
                "unknown value `matrix`, expected `form`",
            ),
            ("missing field `in`", "missing field `in`"),
        ];
        for (serde, ours) in cases {
            assert_eq!(in_spec_words(serde), ours);
        }
    }
}
