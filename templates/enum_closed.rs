// The impls every generated enum needs, written once. Each generated enum
// is a plain Rust enum followed by one invocation, so a spec with thousands
// of enums stays short to read, parse and compile. The expansions name
// `self::forge_support`, which resolves where the enum is defined.

/// The same for a string enum that rejects unlisted values.
macro_rules! closed_enum_impls {
    ($name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        impl $name {
            /// Every value the API description lists.
            pub const VALUES: &'static [&'static str] = &[$($value),+];

            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = self::forge_support::InvalidEnumValue;
            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                match value {
                    $($value => ::std::result::Result::Ok(Self::$variant),)+
                    other => ::std::result::Result::Err(self::forge_support::InvalidEnumValue {
                        type_name: stringify!($name),
                        value: ::std::format!("{other:?}"),
                        expected: Self::VALUES,
                    }),
                }
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
                match value.as_str() {
                    $($value => ::std::result::Result::Ok(Self::$variant),)+
                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::unknown_variant(other, Self::VALUES)),
                }
            }
        }
    };
}
pub(crate) use closed_enum_impls;

