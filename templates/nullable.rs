/// A field that may be absent, explicitly `null`, or hold a value.
///
/// JSON distinguishes a missing property from one set to `null`; an update
/// uses the difference (absent: leave as is, `null`: clear it). `Option`
/// cannot hold three states, so optional nullable fields use this type.
/// It round-trips exactly: what was absent stays absent, `null` stays `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// The property is not in the JSON object.
    #[default]
    Absent,
    /// The property is present and `null`.
    Null,
    /// The property is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is missing (used to skip it when serializing).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is present and `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value, if there is one; absent and `null` both give `None`.
    pub fn value(&self) -> ::std::option::Option<&T> {
        match self {
            Nullable::Value(v) => ::std::option::Option::Some(v),
            _ => ::std::option::Option::None,
        }
    }

    /// `None` when absent, `Some(None)` when `null`, `Some(Some(v))` for a value.
    pub fn into_option(self) -> ::std::option::Option<::std::option::Option<T>> {
        match self {
            Nullable::Absent => ::std::option::Option::None,
            Nullable::Null => ::std::option::Option::Some(::std::option::Option::None),
            Nullable::Value(v) => ::std::option::Option::Some(::std::option::Option::Some(v)),
        }
    }
}

impl<T> ::std::convert::From<::std::option::Option<T>> for Nullable<T> {
    /// `None` becomes `null` (an explicit clear), `Some(v)` a value.
    fn from(value: ::std::option::Option<T>) -> Self {
        match value {
            ::std::option::Option::Some(v) => Nullable::Value(v),
            ::std::option::Option::None => Nullable::Null,
        }
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => serializer.serialize_some(v),
            // An absent field is skipped by the struct; if it is serialized
            // anyway, `null` is the closest JSON has.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
    /// Called only when the property is present (absent fields take the
    /// `Default`, which is `Absent`).
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        let value: ::std::option::Option<T> = ::serde::Deserialize::deserialize(deserializer)?;
        ::std::result::Result::Ok(match value {
            ::std::option::Option::Some(v) => Nullable::Value(v),
            ::std::option::Option::None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod nullable_tests {
    use super::*;

    /// A struct the way the generator writes an optional nullable property.
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        count: Nullable<i64>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<String>>,
    }

    /// A type without `Default`: `Nullable` must not need one for `#[serde(default)]`.
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    struct Inner {
        id: u32,
    }

    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    struct Outer {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        inner: Nullable<Inner>,
    }

    fn parse(json: &str) -> Patch {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_property_deserializes_to_absent() {
        let p = parse("{}");
        assert_eq!(p.name, Nullable::Absent);
        assert_eq!(p.count, Nullable::Absent);
        assert_eq!(p.tags, Nullable::Absent);
    }

    #[test]
    fn null_property_deserializes_to_null() {
        let p = parse(r#"{"name":null,"count":null,"tags":null}"#);
        assert_eq!(p.name, Nullable::Null);
        assert_eq!(p.count, Nullable::Null);
        assert_eq!(p.tags, Nullable::Null);
    }

    #[test]
    fn present_property_deserializes_to_value() {
        let p = parse(r#"{"name":"Ada","count":0,"tags":[]}"#);
        assert_eq!(p.name, Nullable::Value("Ada".to_owned()));
        assert_eq!(p.count, Nullable::Value(0));
        assert_eq!(p.tags, Nullable::Value(vec![]));
    }

    #[test]
    fn empty_string_is_a_value_not_null() {
        let p = parse(r#"{"name":""}"#);
        assert_eq!(p.name, Nullable::Value(String::new()));
    }

    #[test]
    fn each_state_serializes_as_itself() {
        let p = Patch {
            name: Nullable::Absent,
            count: Nullable::Null,
            tags: Nullable::Value(vec!["a".to_owned(), "b".to_owned()]),
        };
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"count":null,"tags":["a","b"]}"#
        );
    }

    #[test]
    fn all_absent_serializes_to_an_empty_object() {
        let p = Patch {
            name: Nullable::Absent,
            count: Nullable::Absent,
            tags: Nullable::Absent,
        };
        assert_eq!(serde_json::to_string(&p).unwrap(), "{}");
    }

    #[test]
    fn three_states_survive_a_round_trip() {
        for json in [
            "{}",
            r#"{"name":null}"#,
            r#"{"name":"x"}"#,
            r#"{"count":null,"name":"x"}"#,
            r#"{"count":7,"name":null,"tags":["t"]}"#,
            r#"{"count":-1,"name":"","tags":null}"#,
        ] {
            let p: Patch = serde_json::from_str(json).unwrap();
            let back = serde_json::to_value(&p).unwrap();
            let original: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(back, original, "round trip of {json}");
            let again: Patch = serde_json::from_value(back).unwrap();
            assert_eq!(again, p, "second round trip of {json}");
        }
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = serde_json::from_str::<Patch>(r#"{"count":"seven"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: string \"seven\", expected i64"),
            "{err}"
        );
    }

    #[test]
    fn absent_serialized_on_its_own_is_null() {
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Absent).unwrap(),
            "null"
        );
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Null).unwrap(),
            "null"
        );
        assert_eq!(serde_json::to_string(&Nullable::Value(3)).unwrap(), "3");
    }

    #[test]
    fn deserialized_on_its_own_null_is_null_and_value_is_value() {
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("null").unwrap(),
            Nullable::Null
        );
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("5").unwrap(),
            Nullable::Value(5)
        );
    }

    #[test]
    fn nested_object_value_round_trips_without_default_on_the_inner_type() {
        for json in ["{}", r#"{"inner":null}"#, r#"{"inner":{"id":9}}"#] {
            let o: Outer = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&o).unwrap(), json);
        }
        let o: Outer = serde_json::from_str(r#"{"inner":{"id":9}}"#).unwrap();
        assert_eq!(o.inner, Nullable::Value(Inner { id: 9 }));
    }

    #[test]
    fn default_is_absent() {
        assert_eq!(Nullable::<String>::default(), Nullable::Absent);
    }

    #[test]
    fn is_absent_and_is_null() {
        let absent: Nullable<u8> = Nullable::Absent;
        let null: Nullable<u8> = Nullable::Null;
        let value = Nullable::Value(1u8);
        assert!(absent.is_absent());
        assert!(!absent.is_null());
        assert!(!null.is_absent());
        assert!(null.is_null());
        assert!(!value.is_absent());
        assert!(!value.is_null());
    }

    #[test]
    fn as_ref_keeps_the_state() {
        let value = Nullable::Value("s".to_owned());
        assert_eq!(value.as_ref(), Nullable::Value(&"s".to_owned()));
        assert_eq!(Nullable::<String>::Null.as_ref(), Nullable::Null);
        assert_eq!(Nullable::<String>::Absent.as_ref(), Nullable::Absent);
        // The original is still usable.
        assert_eq!(value, Nullable::Value("s".to_owned()));
    }

    #[test]
    fn value_gives_only_a_present_value() {
        assert_eq!(Nullable::Value(4).value(), Some(&4));
        assert_eq!(Nullable::<i32>::Null.value(), None);
        assert_eq!(Nullable::<i32>::Absent.value(), None);
    }

    #[test]
    fn into_option_distinguishes_all_three_states() {
        assert_eq!(Nullable::<i32>::Absent.into_option(), None);
        assert_eq!(Nullable::<i32>::Null.into_option(), Some(None));
        assert_eq!(Nullable::Value(2).into_option(), Some(Some(2)));
    }

    #[test]
    fn from_option_maps_none_to_null() {
        assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        let n: Nullable<&str> = Some("x").into();
        assert_eq!(n, Nullable::Value("x"));
    }

    #[test]
    fn ordering_puts_absent_before_null_before_values() {
        let mut v = vec![
            Nullable::Value(2),
            Nullable::Null,
            Nullable::Value(1),
            Nullable::Absent,
        ];
        v.sort();
        assert_eq!(
            v,
            vec![
                Nullable::Absent,
                Nullable::Null,
                Nullable::Value(1),
                Nullable::Value(2)
            ]
        );
    }
}
