// The impls every generated enum needs, written once. Each generated enum
// is a plain Rust enum followed by one invocation, so a spec with thousands
// of enums stays short to read, parse and compile. The expansions name
// `self::forge_support`, which resolves where the enum is defined.

/// `as_str`, `VALUES`, `is_known`, `Display`, `FromStr` and serde for a
/// string enum with a catch-all `Unknown(String)` variant.
macro_rules! open_enum_impls {
    ($name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        impl $name {
            /// Every value the API description lists.
            pub const VALUES: &'static [&'static str] = &[$($value),+];

            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the value is one the API description lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(match value {
                    $($value => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::string::String = ::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(match value.as_str() {
                    $($value => Self::$variant,)+
                    _ => Self::Unknown(value),
                })
            }
        }
    };
}
pub(crate) use open_enum_impls;

