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
