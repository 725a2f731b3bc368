/// Deserializes a required, nullable property: `null` is allowed, a missing
/// property is an error (serde would otherwise treat a missing `Option` as
/// `None`).
pub fn deserialize_required_nullable<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
}

#[cfg(test)]
mod required_nullable_tests {
    use super::*;

    /// A struct the way the generator writes a required, nullable property.
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    struct Attribute {
        key: String,
        #[serde(deserialize_with = "deserialize_required_nullable")]
        value: Option<i64>,
    }

    #[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]
    struct Nested {
        #[serde(deserialize_with = "deserialize_required_nullable")]
        items: Option<Vec<Attribute>>,
    }

    #[test]
    fn null_is_accepted_as_none() {
        let a: Attribute = serde_json::from_str(r#"{"key":"k","value":null}"#).unwrap();
        assert_eq!(
            a,
            Attribute {
                key: "k".to_owned(),
                value: None
            }
        );
    }

    #[test]
    fn a_value_is_accepted_as_some() {
        let a: Attribute = serde_json::from_str(r#"{"key":"k","value":42}"#).unwrap();
        assert_eq!(a.value, Some(42));
        let zero: Attribute = serde_json::from_str(r#"{"key":"k","value":0}"#).unwrap();
        assert_eq!(zero.value, Some(0));
    }

    #[test]
    fn a_missing_property_is_an_error() {
        let err = serde_json::from_str::<Attribute>(r#"{"key":"k"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `value`"), "{err}");
    }

    #[test]
    fn a_wrong_type_is_an_error() {
        let err = serde_json::from_str::<Attribute>(r#"{"key":"k","value":"x"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: string \"x\", expected i64"),
            "{err}"
        );
    }

    #[test]
    fn works_for_nested_types() {
        let n: Nested =
            serde_json::from_str(r#"{"items":[{"key":"a","value":null},{"key":"b","value":1}]}"#)
                .unwrap();
        assert_eq!(
            n.items,
            Some(vec![
                Attribute {
                    key: "a".to_owned(),
                    value: None
                },
                Attribute {
                    key: "b".to_owned(),
                    value: Some(1)
                },
            ])
        );
        let null: Nested = serde_json::from_str(r#"{"items":null}"#).unwrap();
        assert_eq!(null.items, None);
        let err = serde_json::from_str::<Nested>("{}").unwrap_err();
        assert!(err.to_string().contains("missing field `items`"), "{err}");
    }

    #[test]
    fn null_serializes_back_as_an_explicit_null() {
        let a = Attribute {
            key: "k".to_owned(),
            value: None,
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"key":"k","value":null}"#);
        assert_eq!(serde_json::from_str::<Attribute>(&json).unwrap(), a);
    }

    #[test]
    fn callable_directly_on_a_deserializer() {
        let mut de = serde_json::Deserializer::from_str("null");
        let v: Option<String> = deserialize_required_nullable(&mut de).unwrap();
        assert_eq!(v, None);
        let mut de = serde_json::Deserializer::from_str(r#""s""#);
        let v: Option<String> = deserialize_required_nullable(&mut de).unwrap();
        assert_eq!(v.as_deref(), Some("s"));
    }
}
