//! The support code openapi-forge inlines into generated files, compiled and
//! tested here as a crate of its own.
//!
//! Each file in this folder is inlined as it is (less its `#[cfg(test)]`
//! items) into the module the generated code expects it in, and this crate
//! includes each file into the same module: what compiles and passes its
//! tests here is exactly what a generated file holds. Which files a
//! generated file needs, and what each needs in turn, is declared once, in
//! the generator's `src/emit/support.rs`.
//!
//! - `forge_support` (at the top of a generated file): models, enums,
//!   unions and the client's runtime;
//! - `server::runtime` (inside the generated `server` module): the server's
//!   extraction, validation and response helpers;
//! - `mock::runtime` (inside the generated `mock` module): expectations,
//!   recorded calls and the running mock server.

// Items here are used by generated code, not by this crate: the macros
// and their `use` re-exports are invoked by generated enums and clients.
#![allow(dead_code, unused_macros, unused_imports)]

/// Support items at the top of a generated file.
pub mod forge_support {
    include!("nullable.rs");
    include!("de_struct.rs");
    include!("ser_struct.rs");
    include!("enum_error.rs");
    include!("enum_open.rs");
    include!("enum_closed.rs");
    include!("enum_int.rs");
    include!("union.rs");
    include!("base64.rs");
    include!("upload.rs");
    include!("client_error.rs");
    include!("client_error_impls.rs");
    include!("client_request.rs");
    include!("client_retry.rs");
    include!("client_no_trace.rs");
    include!("client_multipart.rs");
    include!("client_paging.rs");
    include!("client_stream.rs");
    include!("client_body.rs");
    include!("callback_url.rs");
}

/// `client_trace.rs`, which a client generated with `--tracing` has in
/// `forge_support` instead of `client_no_trace.rs`: compiled here beside
/// it (the two define the same names).
pub mod traced {
    use super::forge_support::{Operation, Outcome};
    include!("client_trace.rs");
}

/// The generated `server` module's support.
pub mod server {
    /// Extraction and response helpers used by the generated handlers.
    pub mod runtime {
        include!("server_runtime.rs");
        include!("server_limits.rs");
        include!("server_patterns.rs");
        include!("server_schema.rs");
        include!("server_formats.rs");
        include!("ecma_classes.rs");
        include!("server_multipart.rs");
        include!("server_events.rs");
    }
}

/// The generated `mock` module's support (it names the server's
/// `Rejection`, as `super::super::server::runtime::Rejection`).
pub mod mock {
    /// Expectations, recorded calls and the running server of a mock.
    pub mod runtime {
        include!("mock_runtime.rs");
    }
}

// Test enums and an error enum, placed where generated code puts them: the
// enum macros are invoked at the top of the file (next to `forge_support`),
// `api_error_impls!` inside the child module `client`.

#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TestOpenColor {
    Red,
    Green,
    LightBlue,
    Empty,
    /// A value this version of the API description does not list.
    Unknown(String),
}
#[cfg(test)]
self::forge_support::open_enum_impls!(
    TestOpenColor { Red = "red", Green = "green", LightBlue = "light blue", Empty = "" }
);

#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TestClosedSize {
    Small,
    Large,
    ExtraLarge,
}
#[cfg(test)]
self::forge_support::closed_enum_impls!(
    TestClosedSize { Small = "small", Large = "LARGE", ExtraLarge = "x-large" }
);

#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TestClosedSingle {
    Only,
}
#[cfg(test)]
self::forge_support::closed_enum_impls!(TestClosedSingle { Only = "only" });

#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TestPriority {
    Minus1,
    Value0,
    Value5,
}
#[cfg(test)]
self::forge_support::int_enum_impls!(
    TestPriority : i32, "one of -1, 0, 5" {
        Minus1 = -1 as "-1", Value0 = 0 as "0", Value5 = 5 as "5"
    }
);

#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TestBig {
    Value1,
    Value4294967296,
}
#[cfg(test)]
self::forge_support::int_enum_impls!(
    TestBig : u64, "one of 1, 4294967296" {
        Value1 = 1 as "1", Value4294967296 = 4294967296 as "4294967296"
    }
);

#[cfg(test)]
mod enum_tests {
    use super::*;
    use std::str::FromStr;

    // --- open string enums --------------------------------------------------

    #[test]
    fn open_values_list_every_value_in_order() {
        assert_eq!(TestOpenColor::VALUES, &["red", "green", "light blue", ""]);
    }

    #[test]
    fn open_as_str_and_display() {
        assert_eq!(TestOpenColor::Red.as_str(), "red");
        assert_eq!(TestOpenColor::LightBlue.as_str(), "light blue");
        assert_eq!(TestOpenColor::Empty.as_str(), "");
        assert_eq!(TestOpenColor::Unknown("mauve".to_owned()).as_str(), "mauve");
        assert_eq!(TestOpenColor::Green.to_string(), "green");
        assert_eq!(
            TestOpenColor::Unknown("teal".to_owned()).to_string(),
            "teal"
        );
        assert_eq!(format!("[{}]", TestOpenColor::LightBlue), "[light blue]");
    }

    #[test]
    fn open_from_str_known_values() {
        assert_eq!(TestOpenColor::from_str("red"), Ok(TestOpenColor::Red));
        assert_eq!(
            "light blue".parse::<TestOpenColor>(),
            Ok(TestOpenColor::LightBlue)
        );
        assert_eq!("".parse::<TestOpenColor>(), Ok(TestOpenColor::Empty));
    }

    #[test]
    fn open_from_str_keeps_unknown_values_exactly() {
        assert_eq!(
            "Red".parse::<TestOpenColor>(),
            Ok(TestOpenColor::Unknown("Red".to_owned()))
        );
        assert_eq!(
            " red".parse::<TestOpenColor>(),
            Ok(TestOpenColor::Unknown(" red".to_owned()))
        );
        assert_eq!(
            "ünïcode".parse::<TestOpenColor>(),
            Ok(TestOpenColor::Unknown("ünïcode".to_owned()))
        );
    }

    #[test]
    fn open_is_known() {
        assert!(TestOpenColor::Red.is_known());
        assert!(TestOpenColor::Empty.is_known());
        assert!(!TestOpenColor::Unknown("purple".to_owned()).is_known());
    }

    #[test]
    fn open_serde_known_and_unknown() {
        assert_eq!(
            serde_json::to_string(&TestOpenColor::LightBlue).unwrap(),
            r#""light blue""#
        );
        assert_eq!(
            serde_json::to_string(&TestOpenColor::Unknown("x".to_owned())).unwrap(),
            r#""x""#
        );
        assert_eq!(
            serde_json::from_str::<TestOpenColor>(r#""green""#).unwrap(),
            TestOpenColor::Green
        );
        assert_eq!(
            serde_json::from_str::<TestOpenColor>(r#""""#).unwrap(),
            TestOpenColor::Empty
        );
        assert_eq!(
            serde_json::from_str::<TestOpenColor>(r#""GREEN""#).unwrap(),
            TestOpenColor::Unknown("GREEN".to_owned())
        );
    }

    #[test]
    fn open_serde_round_trips_a_list_with_unknown_values() {
        let json = r#"["red","new-color","light blue",""]"#;
        let colors: Vec<TestOpenColor> = serde_json::from_str(json).unwrap();
        assert_eq!(
            colors,
            vec![
                TestOpenColor::Red,
                TestOpenColor::Unknown("new-color".to_owned()),
                TestOpenColor::LightBlue,
                TestOpenColor::Empty,
            ]
        );
        assert_eq!(serde_json::to_string(&colors).unwrap(), json);
    }

    #[test]
    fn open_rejects_non_strings() {
        let err = serde_json::from_str::<TestOpenColor>("1").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: integer `1`, expected a string"),
            "{err}"
        );
        assert!(serde_json::from_str::<TestOpenColor>("null").is_err());
    }

    // --- closed string enums ------------------------------------------------

    #[test]
    fn closed_values_as_str_and_display() {
        assert_eq!(TestClosedSize::VALUES, &["small", "LARGE", "x-large"]);
        assert_eq!(TestClosedSize::Large.as_str(), "LARGE");
        assert_eq!(TestClosedSize::ExtraLarge.to_string(), "x-large");
        assert_eq!(TestClosedSingle::VALUES, &["only"]);
        assert_eq!(TestClosedSingle::Only.as_str(), "only");
    }

    #[test]
    fn closed_from_str_accepts_listed_values() {
        assert_eq!("small".parse::<TestClosedSize>(), Ok(TestClosedSize::Small));
        assert_eq!("LARGE".parse::<TestClosedSize>(), Ok(TestClosedSize::Large));
        assert_eq!(
            "x-large".parse::<TestClosedSize>(),
            Ok(TestClosedSize::ExtraLarge)
        );
    }

    #[test]
    fn closed_from_str_error_lists_allowed_values() {
        let err = "large".parse::<TestClosedSize>().unwrap_err();
        assert_eq!(err.type_name, "TestClosedSize");
        assert_eq!(err.value, r#""large""#);
        assert_eq!(err.expected, TestClosedSize::VALUES);
        assert_eq!(
            err.to_string(),
            r#"invalid value "large" for TestClosedSize, expected one of small, LARGE, x-large"#
        );
    }

    #[test]
    fn closed_from_str_error_quotes_empty_and_special_values() {
        let err = "".parse::<TestClosedSize>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid value "" for TestClosedSize, expected one of small, LARGE, x-large"#
        );
        let err = "a\"b\n".parse::<TestClosedSingle>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid value "a\"b\n" for TestClosedSingle, expected one of only"#
        );
    }

    #[test]
    fn closed_serde_round_trip() {
        for v in [
            TestClosedSize::Small,
            TestClosedSize::Large,
            TestClosedSize::ExtraLarge,
        ] {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
            assert_eq!(serde_json::from_str::<TestClosedSize>(&json).unwrap(), v);
        }
    }

    #[test]
    fn closed_serde_rejects_unlisted_values_naming_the_allowed_ones() {
        let err = serde_json::from_str::<TestClosedSize>(r#""medium""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown variant `medium`, expected one of `small`, `LARGE`, `x-large`"),
            "{err}"
        );
        let err = serde_json::from_str::<TestClosedSingle>(r#""other""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown variant `other`, expected `only`"),
            "{err}"
        );
        let err = serde_json::from_str::<TestClosedSize>("true").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: boolean `true`, expected a string"),
            "{err}"
        );
    }

    // --- integer enums ------------------------------------------------------

    #[test]
    fn int_values_and_value() {
        assert_eq!(TestPriority::VALUES, &["-1", "0", "5"]);
        assert_eq!(TestPriority::Minus1.value(), -1i32);
        assert_eq!(TestPriority::Value0.value(), 0);
        assert_eq!(TestPriority::Value5.value(), 5);
        assert_eq!(TestBig::Value4294967296.value(), 4_294_967_296u64);
    }

    #[test]
    fn int_display_is_the_number() {
        assert_eq!(TestPriority::Minus1.to_string(), "-1");
        assert_eq!(TestPriority::Value5.to_string(), "5");
        assert_eq!(TestBig::Value4294967296.to_string(), "4294967296");
    }

    #[test]
    fn int_try_from_accepts_listed_values() {
        assert_eq!(TestPriority::try_from(-1), Ok(TestPriority::Minus1));
        assert_eq!(TestPriority::try_from(0), Ok(TestPriority::Value0));
        assert_eq!(TestPriority::try_from(5i64), Ok(TestPriority::Value5));
        assert_eq!(
            TestBig::try_from(4_294_967_296),
            Ok(TestBig::Value4294967296)
        );
    }

    #[test]
    fn int_try_from_error_lists_allowed_values() {
        let err = TestPriority::try_from(7).unwrap_err();
        assert_eq!(err.type_name, "TestPriority");
        assert_eq!(err.value, "7");
        assert_eq!(err.expected, &["-1", "0", "5"]);
        assert_eq!(
            err.to_string(),
            "invalid value 7 for TestPriority, expected one of -1, 0, 5"
        );
        let err = TestPriority::try_from(i64::MIN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value -9223372036854775808 for TestPriority, expected one of -1, 0, 5"
        );
        // A value that would wrap to a listed one as i32 is still rejected.
        let err = TestBig::try_from(4_294_967_296 + 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value 4294967297 for TestBig, expected one of 1, 4294967296"
        );
        assert!(TestPriority::try_from((1i64 << 32) + 5).is_err());
    }

    #[test]
    fn int_serde_round_trip_as_json_numbers() {
        for v in [
            TestPriority::Minus1,
            TestPriority::Value0,
            TestPriority::Value5,
        ] {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, v.value().to_string());
            assert_eq!(serde_json::from_str::<TestPriority>(&json).unwrap(), v);
        }
        assert_eq!(
            serde_json::to_string(&TestBig::Value4294967296).unwrap(),
            "4294967296"
        );
        assert_eq!(
            serde_json::from_str::<Vec<TestPriority>>("[5,-1]").unwrap(),
            vec![TestPriority::Value5, TestPriority::Minus1]
        );
    }

    #[test]
    fn int_serde_rejects_unlisted_numbers_naming_the_allowed_ones() {
        let err = serde_json::from_str::<TestPriority>("3").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid value: integer `3`, expected one of -1, 0, 5"),
            "{err}"
        );
        let err = serde_json::from_str::<TestPriority>("-2").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid value: integer `-2`, expected one of -1, 0, 5"),
            "{err}"
        );
    }

    #[test]
    fn int_serde_rejects_strings_and_fractions() {
        let err = serde_json::from_str::<TestPriority>(r#""5""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: string \"5\", expected i64"),
            "{err}"
        );
        let err = serde_json::from_str::<TestPriority>("5.5").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: floating point `5.5`, expected i64"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod client {
    //! An operation's documented errors, the way the generated client's
    //! `client` module declares them.

    #[derive(Debug)]
    pub enum TestGetThingError {
        NotFound(String),
        Teapot,
        Custom {
            code: u16,
        },
        Default {
            status: ::reqwest::StatusCode,
            body: String,
        },
    }

    impl TestGetThingError {
        pub fn describe(&self) -> (u16, &'static str) {
            match self {
                Self::NotFound { .. } => (404, "thing not found"),
                Self::Teapot { .. } => (418, ""),
                Self::Custom { code } => (*code, ""),
                Self::Default { status, .. } => (status.as_u16(), "unexpected error"),
            }
        }
    }

    super::forge_support::api_error_impls!(TestGetThingError);

    #[cfg(test)]
    mod tests {
        use super::super::forge_support::ClientError;
        use super::TestGetThingError;

        #[test]
        fn status_comes_from_describe() {
            assert_eq!(TestGetThingError::NotFound("x".to_owned()).status(), 404);
            assert_eq!(TestGetThingError::Teapot.status(), 418);
            assert_eq!(TestGetThingError::Custom { code: 599 }.status(), 599);
            let default = TestGetThingError::Default {
                status: ::reqwest::StatusCode::SERVICE_UNAVAILABLE,
                body: String::new(),
            };
            assert_eq!(default.status(), 503);
        }

        #[test]
        fn display_has_code_reason_and_description() {
            assert_eq!(
                TestGetThingError::NotFound("x".to_owned()).to_string(),
                "404 Not Found: thing not found"
            );
            let default = TestGetThingError::Default {
                status: ::reqwest::StatusCode::BAD_GATEWAY,
                body: "upstream".to_owned(),
            };
            assert_eq!(default.to_string(), "502 Bad Gateway: unexpected error");
        }

        #[test]
        fn display_without_description_has_no_colon() {
            assert_eq!(TestGetThingError::Teapot.to_string(), "418 I'm a teapot");
        }

        #[test]
        fn display_of_a_code_without_reason_phrase() {
            assert_eq!(TestGetThingError::Custom { code: 599 }.to_string(), "599");
        }

        #[test]
        fn wrapped_in_client_error() {
            let e: ClientError<TestGetThingError> =
                ClientError::Api(TestGetThingError::NotFound("x".to_owned()));
            assert_eq!(e.to_string(), "404 Not Found: thing not found");
            assert_eq!(e.status(), None);
            assert_eq!(e.api().map(TestGetThingError::status), Some(404));
            assert!(std::error::Error::source(&e).is_none());
        }
    }
}

// Structs with the `Deserialize` impl the generator writes, placed where
// generated code puts them (the macro names `self::forge_support`).

#[cfg(test)]
/// A struct with a field of each presence and a map of the properties
/// it does not list, with the impl the generator writes for it.
#[derive(Debug, PartialEq, Default)]
struct Patch {
    id: String,
    boxed: ::std::boxed::Box<i64>,
    maybe: ::std::option::Option<i64>,
    note: ::std::option::Option<String>,
    tag: ::std::option::Option<String>,
    label: forge_support::Nullable<String>,
    extra: ::std::collections::BTreeMap<String, ::serde_json::Value>,
}

#[cfg(test)]
forge_support::deserialize_struct!(Patch {
    id: required "id",
    boxed: required "boxed",
    // A required property whose type is an `Option`.
    maybe: required "maybe",
    note: present "note",
    tag: optional "tag",
    label: default "label",
    ..extra
});

#[cfg(test)]
/// Without the map of unlisted properties: those are skipped.
#[derive(Debug, PartialEq)]
struct Small {
    id: String,
}

#[cfg(test)]
forge_support::deserialize_struct!(Small { id: required "id", });

#[cfg(test)]
/// No listed property at all, and one whose names would shadow the
/// macro's own locals if hygiene did not keep them apart.
#[derive(Debug, PartialEq, Default)]
struct Nothing {}

#[cfg(test)]
forge_support::deserialize_struct!(Nothing {});

#[cfg(test)]
#[derive(Debug, PartialEq)]
struct Shadows {
    map: i64,
    key: i64,
    unlisted: i64,
    deserializer: i64,
    r#type: i64,
}

#[cfg(test)]
forge_support::deserialize_struct!(Shadows {
    map: required "map",
    key: required "key",
    unlisted: required "unlisted",
    deserializer: required "deserializer",
    r#type: required "type",
});

#[cfg(test)]
/// Optional properties with the spec's defaults.
#[derive(Debug, PartialEq)]
struct Page {
    limit: ::std::option::Option<i64>,
    order: ::std::option::Option<String>,
}

#[cfg(test)]
forge_support::deserialize_struct!(Page {
    limit: defaulted "limit" = 20,
    order: defaulted "order" = String::from("a, b"),
});

#[cfg(test)]
mod de_struct_tests {
    use super::forge_support::Nullable;
    use super::{Nothing, Page, Patch, Shadows, Small};

    #[test]
    fn an_absent_defaulted_property_reads_as_its_default() {
        let page: Page = parse("{}").unwrap();
        assert_eq!(
            page,
            Page {
                limit: Some(20),
                order: Some("a, b".into())
            }
        );
        let page: Page = parse(r#"{"limit": 5, "order": null}"#).unwrap();
        assert_eq!(
            page,
            Page {
                limit: Some(5),
                order: None
            }
        );
        assert!(parse::<Page>(r#"{"limit": 1, "limit": 2}"#)
            .unwrap_err()
            .contains("duplicate field `limit`"));
    }

    /// Form bodies (`application/x-www-form-urlencoded`) reach a struct
    /// through axum's `Form`, whose deserializer hands over text values.
    #[tokio::test]
    async fn form_bodies_read_through_axum() {
        use ::axum::extract::FromRequest;
        let request = ::axum::http::Request::builder()
            .method("POST")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(::axum::body::Body::from("other=1&id=a%20b"))
            .unwrap();
        let ::axum::Form(small) = ::axum::Form::<Small>::from_request(request, &())
            .await
            .unwrap();
        assert_eq!(small.id, "a b");
    }

    fn parse<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, String> {
        ::serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn every_presence_reads_as_the_derive_did() {
        let p: Patch = parse(r#"{"id":"a","boxed":1,"note":null,"label":null,"x":[1]}"#).unwrap();
        assert_eq!(p.id, "a");
        assert_eq!(*p.boxed, 1);
        assert_eq!(p.maybe, None, "a missing Option reads as None");
        assert_eq!(p.note, None);
        assert_eq!(p.tag, None);
        assert_eq!(p.label, Nullable::Null);
        assert_eq!(p.extra["x"], ::serde_json::json!([1]));
        let p: Patch =
            parse(r#"{"id":"a","boxed":2,"maybe":3,"note":"n","tag":"t","label":"l"}"#).unwrap();
        assert_eq!(
            (p.maybe, p.note.as_deref(), p.tag.as_deref()),
            (Some(3), Some("n"), Some("t"))
        );
        assert_eq!(p.label, Nullable::Value("l".to_owned()));
        assert!(p.extra.is_empty());
        let p: Patch = parse(r#"{"id":"a","boxed":2,"note":"n","tag":null}"#).unwrap();
        assert_eq!((p.tag, p.label), (None, Nullable::Absent));
    }

    #[test]
    fn errors_name_the_property() {
        let missing = parse::<Patch>(r#"{"boxed":1,"note":null}"#).unwrap_err();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let missing = parse::<Patch>(r#"{"id":"a","boxed":1}"#).unwrap_err();
        assert!(
            missing.starts_with("missing field `note`"),
            "required and nullable: {missing}"
        );
        let twice = parse::<Patch>(r#"{"id":"a","id":"b","boxed":1,"note":null}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `id`"), "{twice}");
        let wrong = parse::<Patch>(r#"{"id":5,"boxed":1,"note":null}"#).unwrap_err();
        assert!(
            wrong.starts_with("invalid type: integer `5`, expected a string"),
            "{wrong}"
        );
        let not_object = parse::<Small>("[1]").unwrap_err();
        assert!(
            not_object.starts_with("invalid type: sequence, expected struct Small"),
            "{not_object}"
        );
    }

    #[test]
    fn unlisted_properties_are_skipped_and_escaped_keys_match() {
        let s: Small = parse(r#"{"other":{"deep":[1,2]},"\u0069d":"x"}"#).unwrap();
        assert_eq!(s, Small { id: "x".to_owned() });
        // From a reader, keys arrive as owned strings: the same result.
        let s: Small = ::serde_json::from_reader(&br#"{"id":"y","z":1}"#[..]).unwrap();
        assert_eq!(s.id, "y");
        // And from a `Value` (as the server's multipart reader uses).
        let s: Small = ::serde_json::from_value(::serde_json::json!({"id": "z"})).unwrap();
        assert_eq!(s.id, "z");
        assert_eq!(parse::<Nothing>(r#"{"a":1}"#), Ok(Nothing {}));
        let s: Shadows =
            parse(r#"{"map":1,"key":2,"unlisted":3,"deserializer":4,"type":5}"#).unwrap();
        assert_eq!(
            (s.map, s.key, s.unlisted, s.deserializer, s.r#type),
            (1, 2, 3, 4, 5)
        );
    }
}

/// The same struct twice: with the derive the generator used to emit, and
/// with the `serialize_struct!` impl it writes now (at the top level, where
/// generated models are and the macro expects `forge_support`).
#[cfg(test)]
#[derive(Debug, Clone, ::serde::Serialize)]
struct Derived {
    id: String,
    #[serde(rename = "kind")]
    r#type: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "forge_support::Nullable::is_absent")]
    label: forge_support::Nullable<String>,
    present: Option<bool>,
    // Names the macro's own locals use: hygiene keeps them apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<u8>,
    done: u8,
    len: u8,
    serializer: u8,
}

#[cfg(test)]
#[derive(Debug, Clone)]
struct Written {
    id: String,
    r#type: i64,
    note: Option<String>,
    label: forge_support::Nullable<String>,
    present: Option<bool>,
    state: Option<u8>,
    done: u8,
    len: u8,
    serializer: u8,
}

#[cfg(test)]
forge_support::serialize_struct!(Written {
    id: "id",
    r#type: "kind",
    note: "note" if none,
    label: "label" if absent,
    present: "present",
    state: "state" if none,
    done: "done",
    len: "len",
    serializer: "serializer",
});

#[cfg(test)]
#[derive(::serde::Serialize)]
struct EmptyDerived {}

#[cfg(test)]
struct EmptyWritten {}

#[cfg(test)]
forge_support::serialize_struct!(EmptyWritten {});

/// A property whose serialization fails, before one that does not.
#[cfg(test)]
struct Fails;

#[cfg(test)]
impl ::serde::Serialize for Fails {
    fn serialize<S: ::serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(<S::Error as ::serde::ser::Error>::custom("no"))
    }
}

#[cfg(test)]
struct Two {
    first: Fails,
    second: u8,
}

#[cfg(test)]
forge_support::serialize_struct!(Two {
    first: "first",
    second: "second",
});

#[cfg(test)]
mod ser_struct_tests {
    use super::forge_support::Nullable;
    use super::{Derived, EmptyDerived, EmptyWritten, Fails, Two, Written};

    fn written(d: &Derived) -> Written {
        Written {
            id: d.id.clone(),
            r#type: d.r#type,
            note: d.note.clone(),
            label: d.label.clone(),
            present: d.present,
            state: d.state,
            done: d.done,
            len: d.len,
            serializer: d.serializer,
        }
    }

    fn cases() -> Vec<Derived> {
        let base = Derived {
            id: "a\"b".into(),
            r#type: -3,
            note: None,
            label: Nullable::Absent,
            present: None,
            state: None,
            done: 1,
            len: 2,
            serializer: 3,
        };
        vec![
            base.clone(),
            Derived {
                note: Some("n".into()),
                label: Nullable::Null,
                present: Some(true),
                state: Some(7),
                ..base.clone()
            },
            Derived {
                label: Nullable::Value("l".into()),
                ..base
            },
        ]
    }

    #[test]
    fn writes_the_json_the_derive_wrote() {
        for d in cases() {
            let expected = ::serde_json::to_string(&d).unwrap();
            assert_eq!(::serde_json::to_string(&written(&d)).unwrap(), expected);
        }
        assert_eq!(
            ::serde_json::to_string(&EmptyWritten {}).unwrap(),
            ::serde_json::to_string(&EmptyDerived {}).unwrap()
        );
    }

    /// The serializer sees the same calls: the struct's name, the number of
    /// properties written, and each property in order (formats other than
    /// JSON may rely on the length).
    #[test]
    fn makes_the_calls_the_derive_made() {
        use ::serde_test::{assert_ser_tokens, Token};
        // What the serializer sees for a struct named `name` of `len`
        // properties, whose left-out-able ones are `middle`.
        let calls = |name, len, middle: &[Token]| {
            let mut calls = vec![
                Token::Struct { name, len },
                Token::Str("id"),
                Token::Str("a\"b"),
                Token::Str("kind"),
                Token::I64(-3),
            ];
            calls.extend_from_slice(middle);
            calls.extend_from_slice(&[
                Token::Str("done"),
                Token::U8(1),
                Token::Str("len"),
                Token::U8(2),
                Token::Str("serializer"),
                Token::U8(3),
                Token::StructEnd,
            ]);
            calls
        };
        let all = [
            Token::Str("note"),
            Token::Some,
            Token::Str("n"),
            Token::Str("label"),
            Token::None,
            Token::Str("present"),
            Token::Some,
            Token::Bool(true),
            Token::Str("state"),
            Token::Some,
            Token::U8(7),
        ];
        let d = &cases()[1];
        assert_ser_tokens(d, &calls("Derived", 9, &all));
        assert_ser_tokens(&written(d), &calls("Written", 9, &all));
        // Left-out properties shorten the length the same way.
        let d = &cases()[0];
        let few = [Token::Str("present"), Token::None];
        assert_ser_tokens(d, &calls("Derived", 6, &few));
        assert_ser_tokens(&written(d), &calls("Written", 6, &few));
    }

    /// An error stops the writing, as the derive's `?` did.
    #[test]
    fn an_error_is_returned_and_later_properties_are_not_written() {
        let mut out = Vec::new();
        let err = ::serde_json::to_writer(
            &mut out,
            &Two {
                first: Fails,
                second: 1,
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "no");
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"first":"#);
    }
}
