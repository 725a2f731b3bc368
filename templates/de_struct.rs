// `Deserialize` for generated structs, written once.
//
// `#[derive(Deserialize)]` writes about 70 lines per struct and 20 per
// field (a field-identifier enum with its own visitor for strings, bytes and
// indexes, a sequence visitor, a map visitor), which on a spec with
// thousands of schemas was most of what the compiler checked. A generated
// struct reads only JSON objects, so its impl is one map visitor calling
// the helpers below: the same results and the same errors (`missing field`,
// `duplicate field`, unlisted properties skipped), a fraction of the code.
// Each struct is followed by one invocation of `deserialize_struct!`; the
// expansion names `self::forge_support`, which resolves where the struct is
// defined.

/// `Deserialize` for a struct: each property as `field: presence "json
/// name"`, where presence is `required`, `present` (required, `null`
/// allowed), `optional` (absent and `null` are `None`), `default` (absent
/// is `Default`, e.g. `Nullable::Absent`) or `defaulted "json" = value`
/// (optional with the spec's default: absent is `Some(value)`); then
/// `..field` for a map that keeps the properties not listed.
macro_rules! deserialize_struct {
    ($name:ident { $($field:ident: $presence:ident $json:literal $(= $default:expr)?,)* $(..$extra:ident)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        // Hygiene keeps these locals apart from fields of the same name.
                        $(let mut $field = ::std::option::Option::None;)*
                        let mut unlisted: self::forge_support::deserialize_struct!(@unlisted $($extra)?) = ::std::default::Default::default();
                        while let ::std::option::Option::Some(key) = map.next_key::<self::forge_support::FieldKey>()? {
                            // One `?` after the match, not one an arm: the
                            // borrow checker's memory grows with branches.
                            let read = match key.as_str() {
                                $($json => self::forge_support::de_field(&mut map, &mut $field, $json),)*
                                _ => self::forge_support::UnlistedProperties::read(&mut unlisted, key, &mut map),
                            };
                            read?;
                        }
                        ::std::result::Result::Ok($name {
                            $($field: self::forge_support::deserialize_struct!(@value $presence $field $json $($default)?),)*
                            $($extra: unlisted,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@unlisted) => { self::forge_support::SkipUnlisted };
    (@unlisted $extra:ident) => { ::std::collections::BTreeMap<::std::string::String, _> };
    (@value required $slot:ident $json:literal) => { self::forge_support::de_required($slot, $json)? };
    (@value present $slot:ident $json:literal) => { self::forge_support::de_present($slot, $json)? };
    (@value optional $slot:ident $json:literal) => { self::forge_support::de_optional($slot) };
    (@value default $slot:ident $json:literal) => { self::forge_support::de_default($slot) };
    (@value defaulted $slot:ident $json:literal $default:expr) => { self::forge_support::de_defaulted($slot, || $default) };
}
pub(crate) use deserialize_struct;

/// Where a struct's unlisted properties go: a map of them when the struct
/// keeps them (`additionalProperties`), nowhere otherwise.
pub trait UnlistedProperties<'de>: ::std::default::Default {
    fn read<A: ::serde::de::MapAccess<'de>>(&mut self, key: FieldKey<'de>, map: &mut A) -> ::std::result::Result<(), A::Error>;
}

/// Skips unlisted properties.
#[derive(Default)]
pub struct SkipUnlisted;

impl<'de> UnlistedProperties<'de> for SkipUnlisted {
    fn read<A: ::serde::de::MapAccess<'de>>(&mut self, key: FieldKey<'de>, map: &mut A) -> ::std::result::Result<(), A::Error> {
        let _ = key;
        map.next_value::<::serde::de::IgnoredAny>()?;
        ::std::result::Result::Ok(())
    }
}

impl<'de, V: ::serde::Deserialize<'de>> UnlistedProperties<'de> for ::std::collections::BTreeMap<::std::string::String, V> {
    fn read<A: ::serde::de::MapAccess<'de>>(&mut self, key: FieldKey<'de>, map: &mut A) -> ::std::result::Result<(), A::Error> {
        self.insert(key.into_string(), map.next_value()?);
        ::std::result::Result::Ok(())
    }
}

/// A property name as a map visitor reads it: borrowed from the input
/// where it can be (no escapes), owned where it must.
pub struct FieldKey<'de>(::std::borrow::Cow<'de, str>);

impl FieldKey<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> ::std::string::String {
        self.0.into_owned()
    }
}

impl<'de> ::serde::Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = FieldKey<'de>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(self, v: &'de str) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(FieldKey(::std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(FieldKey(::std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: ::serde::de::Error>(self, v: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(FieldKey(::std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of property `name` into `slot`; a property given twice
/// is an error, as with serde's derive.
pub fn de_field<'de, A, T>(map: &mut A, slot: &mut ::std::option::Option<T>, name: &'static str) -> ::std::result::Result<(), A::Error>
where
    A: ::serde::de::MapAccess<'de>,
    T: ::serde::Deserialize<'de>,
{
    if slot.is_some() {
        return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::duplicate_field(name));
    }
    *slot = ::std::option::Option::Some(map.next_value()?);
    ::std::result::Result::Ok(())
}

/// A required property: its value, or what serde's derive does when it is
/// missing (`None` for an `Option`, a `missing field` error otherwise).
pub fn de_required<'de, T, E>(slot: ::std::option::Option<T>, name: &'static str) -> ::std::result::Result<T, E>
where
    T: ::serde::Deserialize<'de>,
    E: ::serde::de::Error,
{
    match slot {
        ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
        ::std::option::Option::None => T::deserialize(MissingField(name, ::std::marker::PhantomData)),
    }
}

/// A required, nullable property: `null` is `None`, a missing property is
/// an error (it would otherwise read as `None` too).
pub fn de_present<T, E: ::serde::de::Error>(slot: ::std::option::Option<::std::option::Option<T>>, name: &'static str) -> ::std::result::Result<::std::option::Option<T>, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// An optional property: absent and `null` are both `None`.
pub fn de_optional<T>(slot: ::std::option::Option<::std::option::Option<T>>) -> ::std::option::Option<T> {
    slot.unwrap_or(::std::option::Option::None)
}

/// An optional property with the spec's `default`: absent is
/// `Some(default())`; `null` is `None`, as for any optional property.
pub fn de_defaulted<T>(slot: ::std::option::Option<::std::option::Option<T>>, default: impl ::std::ops::FnOnce() -> T) -> ::std::option::Option<T> {
    match slot {
        ::std::option::Option::Some(value) => value,
        ::std::option::Option::None => ::std::option::Option::Some(default()),
    }
}

/// An optional property with a default (`Nullable` is `Absent`).
pub fn de_default<T: ::std::default::Default>(slot: ::std::option::Option<T>) -> T {
    slot.unwrap_or_default()
}

/// The deserializer a missing property reads from: an `Option` reads
/// `None`, anything else fails with `missing field`.
struct MissingField<E>(&'static str, ::std::marker::PhantomData<E>);

impl<'de, E: ::serde::de::Error> ::serde::Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: ::serde::de::Visitor<'de>>(self, _: V) -> ::std::result::Result<V::Value, E> {
        ::std::result::Result::Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: ::serde::de::Visitor<'de>>(self, visitor: V) -> ::std::result::Result<V::Value, E> {
        visitor.visit_none()
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
