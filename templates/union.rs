/// The message for a value that matched no variant of an untagged union:
/// every variant is named with the reason it did not match.
pub fn no_variant_matched(type_name: &str, failures: &[(&str, ::std::string::String)]) -> ::std::string::String {
    let mut message = ::std::format!("data did not match any variant of {type_name}");
    for (variant, error) in failures {
        message.push_str(&::std::format!("; as {variant}: {error}"));
    }
    message
}

/// Serializes a variant of a tagged union: the variant's own JSON with the
/// tag property added when the variant's type does not carry it.
pub fn serialize_tagged<T, S>(value: &T, tag: &str, tag_value: &str, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
where
    T: ::serde::Serialize,
    S: ::serde::Serializer,
{
    let mut json = ::serde_json::to_value(value).map_err(<S::Error as ::serde::ser::Error>::custom)?;
    if let ::serde_json::Value::Object(map) = &mut json {
        map.entry(tag)
            .or_insert_with(|| ::serde_json::Value::String(tag_value.into()));
    }
    ::serde::Serialize::serialize(&json, serializer)
}

#[cfg(test)]
mod union_tests {
    use super::*;

    #[derive(::serde::Serialize)]
    struct Cat {
        name: String,
        lives: u8,
    }

    #[derive(::serde::Serialize)]
    struct Dog {
        kind: String,
        name: String,
    }

    /// A tagged union the way the generator writes one.
    enum Pet {
        Cat(Cat),
        Dog(Dog),
        Id(u32),
    }

    impl ::serde::Serialize for Pet {
        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Pet::Cat(value) => serialize_tagged(value, "kind", "cat", serializer),
                Pet::Dog(value) => serialize_tagged(value, "kind", "dog", serializer),
                Pet::Id(value) => serialize_tagged(value, "kind", "id", serializer),
            }
        }
    }

    /// A value whose serialization fails.
    struct Failing;

    impl ::serde::Serialize for Failing {
        fn serialize<S: ::serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(<S::Error as ::serde::ser::Error>::custom(
                "cannot serialize this",
            ))
        }
    }

    #[test]
    fn no_variant_matched_without_failures() {
        assert_eq!(
            no_variant_matched("Pet", &[]),
            "data did not match any variant of Pet"
        );
    }

    #[test]
    fn no_variant_matched_names_every_variant_with_its_reason() {
        let message = no_variant_matched(
            "Pet",
            &[
                ("Cat", "missing field `lives`".to_owned()),
                (
                    "Dog",
                    "invalid type: integer `1`, expected a string".to_owned(),
                ),
            ],
        );
        assert_eq!(
            message,
            "data did not match any variant of Pet; as Cat: missing field `lives`; \
             as Dog: invalid type: integer `1`, expected a string"
        );
    }

    #[test]
    fn no_variant_matched_keeps_the_order_given() {
        let message = no_variant_matched("U", &[("B", "b".to_owned()), ("A", "a".to_owned())]);
        assert_eq!(
            message,
            "data did not match any variant of U; as B: b; as A: a"
        );
    }

    #[test]
    fn serialize_tagged_adds_the_tag() {
        let pet = Pet::Cat(Cat {
            name: "Tom".to_owned(),
            lives: 9,
        });
        let json = serde_json::to_value(&pet).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "cat", "name": "Tom", "lives": 9})
        );
    }

    #[test]
    fn serialize_tagged_keeps_a_tag_the_variant_carries() {
        let pet = Pet::Dog(Dog {
            kind: "dog".to_owned(),
            name: "Rex".to_owned(),
        });
        assert_eq!(
            serde_json::to_value(&pet).unwrap(),
            serde_json::json!({"kind": "dog", "name": "Rex"})
        );
        // The variant's own value wins over the mapping's.
        let pet = Pet::Dog(Dog {
            kind: "Doggo".to_owned(),
            name: "Rex".to_owned(),
        });
        assert_eq!(serde_json::to_value(&pet).unwrap()["kind"], "Doggo");
    }

    #[test]
    fn serialize_tagged_leaves_non_objects_as_they_are() {
        assert_eq!(serde_json::to_string(&Pet::Id(7)).unwrap(), "7");
    }

    #[test]
    fn serialize_tagged_to_text() {
        let pet = Pet::Cat(Cat {
            name: "Tom".to_owned(),
            lives: 9,
        });
        let text = serde_json::to_string(&pet).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"kind": "cat", "name": "Tom", "lives": 9})
        );
        // The tag is a property, not duplicated.
        assert_eq!(text.matches("\"kind\"").count(), 1);
    }

    #[test]
    fn serialize_tagged_reports_the_variants_error() {
        let mut out = Vec::new();
        let err = serialize_tagged(
            &Failing,
            "kind",
            "x",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "cannot serialize this");
        assert!(out.is_empty());
    }
}
