// The impls every generated enum needs, written once. Each generated enum
// is a plain Rust enum followed by one invocation, so a spec with thousands
// of enums stays short to read, parse and compile. The expansions name
// `self::forge_support`, which resolves where the enum is defined.

/// `value`, `VALUES`, `TryFrom<i64>`, `Display` and serde (as a JSON
/// integer) for an integer enum; other numbers are rejected with the list of
/// allowed values.
macro_rules! int_enum_impls {
    ($name:ident : $repr:ty, $expected:literal { $($variant:ident = $value:literal as $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value the API description lists.
            pub const VALUES: &'static [&'static str] = &[$($text),+];

            /// The value as it appears in JSON.
            pub fn value(self) -> $repr {
                match self {
                    $(Self::$variant => $value,)+
                }
            }
        }

        impl ::std::convert::TryFrom<i64> for $name {
            type Error = self::forge_support::InvalidEnumValue;
            fn try_from(value: i64) -> ::std::result::Result<Self, <Self as ::std::convert::TryFrom<i64>>::Error> {
                match value {
                    $($value => ::std::result::Result::Ok(Self::$variant),)+
                    other => ::std::result::Result::Err(self::forge_support::InvalidEnumValue {
                        type_name: stringify!($name),
                        value: ::std::string::ToString::to_string(&other),
                        expected: Self::VALUES,
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value: i64 = ::serde::Deserialize::deserialize(deserializer)?;
                match value {
                    $($value => ::std::result::Result::Ok(Self::$variant),)+
                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
                        ::serde::de::Unexpected::Signed(other),
                        &$expected,
                    )),
                }
            }
        }
    };
}
pub(crate) use int_enum_impls;
