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
