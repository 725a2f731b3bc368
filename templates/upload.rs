/// Raw bytes (`format: binary`), with the file name and media type a
/// multipart body sends along. In JSON (where binary is rare) it travels as
/// a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Upload {
    pub bytes: ::std::vec::Vec<u8>,
    /// Sent as the part's `filename` (many servers need one, with the
    /// right extension).
    pub file_name: ::std::option::Option<::std::string::String>,
    /// Sent as the part's `Content-Type` (default `application/octet-stream`).
    pub content_type: ::std::option::Option<::std::string::String>,
}

impl Upload {
    pub fn new(bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
        Upload {
            bytes: bytes.into(),
            file_name: ::std::option::Option::None,
            content_type: ::std::option::Option::None,
        }
    }

    pub fn with_file_name(mut self, file_name: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.file_name = ::std::option::Option::Some(file_name.into());
        self
    }

    pub fn with_content_type(mut self, content_type: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.content_type = ::std::option::Option::Some(content_type.into());
        self
    }
}

impl ::std::convert::From<::std::vec::Vec<u8>> for Upload {
    fn from(bytes: ::std::vec::Vec<u8>) -> Self {
        Upload::new(bytes)
    }
}

impl ::std::convert::From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload::new(bytes)
    }
}

impl ::std::convert::From<&str> for Upload {
    fn from(text: &str) -> Self {
        Upload::new(text)
    }
}

impl ::serde::Serialize for Upload {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&::std::string::String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> ::serde::Deserialize<'de> for Upload {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        let text: ::std::string::String = ::serde::Deserialize::deserialize(deserializer)?;
        ::std::result::Result::Ok(Upload::new(text))
    }
}

#[cfg(test)]
mod upload_tests {
    use super::*;

    #[test]
    fn new_has_only_bytes() {
        let u = Upload::new(vec![1u8, 2, 3]);
        assert_eq!(u.bytes, vec![1, 2, 3]);
        assert_eq!(u.file_name, None);
        assert_eq!(u.content_type, None);
    }

    #[test]
    fn new_accepts_text_and_slices() {
        assert_eq!(Upload::new("héllo").bytes, "héllo".as_bytes());
        assert_eq!(Upload::new(String::from("s")).bytes, b"s");
        assert_eq!(Upload::new(&b"\x00\xff"[..]).bytes, vec![0, 255]);
    }

    #[test]
    fn builders_set_file_name_and_content_type() {
        let u = Upload::new("a,b\n1,2\n")
            .with_file_name("data.csv")
            .with_content_type("text/csv");
        assert_eq!(u.bytes, b"a,b\n1,2\n");
        assert_eq!(u.file_name.as_deref(), Some("data.csv"));
        assert_eq!(u.content_type.as_deref(), Some("text/csv"));
    }

    #[test]
    fn builders_replace_earlier_values() {
        let u = Upload::new("x")
            .with_file_name("a.txt")
            .with_file_name(String::from("b.txt"))
            .with_content_type("text/plain")
            .with_content_type("application/pdf");
        assert_eq!(u.file_name.as_deref(), Some("b.txt"));
        assert_eq!(u.content_type.as_deref(), Some("application/pdf"));
    }

    #[test]
    fn from_conversions() {
        assert_eq!(Upload::from(vec![9u8]), Upload::new(vec![9u8]));
        assert_eq!(Upload::from(&[7u8, 8][..]), Upload::new(vec![7u8, 8]));
        assert_eq!(Upload::from("txt"), Upload::new("txt"));
        let u: Upload = "abc".into();
        assert_eq!(u.bytes, b"abc");
        assert_eq!(u.file_name, None);
    }

    #[test]
    fn default_is_empty() {
        let u = Upload::default();
        assert!(u.bytes.is_empty());
        assert_eq!(u, Upload::new(Vec::new()));
    }

    #[test]
    fn serializes_as_a_string_of_its_bytes() {
        let u = Upload::new("file contents")
            .with_file_name("f.txt")
            .with_content_type("text/plain");
        // Only the bytes travel in JSON.
        assert_eq!(serde_json::to_string(&u).unwrap(), r#""file contents""#);
    }

    #[test]
    fn serializes_invalid_utf8_lossily() {
        let u = Upload::new(vec![b'a', 0xff, b'b']);
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"a\u{fffd}b\"");
    }

    #[test]
    fn deserializes_from_a_string() {
        let u: Upload = serde_json::from_str(r#""line 1\nline 2""#).unwrap();
        assert_eq!(u, Upload::new("line 1\nline 2"));
        assert_eq!(u.file_name, None);
        assert_eq!(u.content_type, None);
    }

    #[test]
    fn rejects_non_strings() {
        let err = serde_json::from_str::<Upload>("[1,2,3]").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: sequence, expected a string"),
            "{err}"
        );
    }

    #[test]
    fn round_trips_in_a_struct() {
        #[derive(Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        struct Doc {
            file: Upload,
        }
        let doc = Doc {
            file: Upload::new("ünïcode ✓"),
        };
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(json, r#"{"file":"ünïcode ✓"}"#);
        assert_eq!(serde_json::from_str::<Doc>(&json).unwrap(), doc);
    }
}
