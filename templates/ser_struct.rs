/// A struct's `Serialize` impl: what `#[derive(Serialize)]` writes (the
/// same `serialize_struct` call, length, fields in order, `skip_field` for
/// a left-out one), in a fraction of the code.
///
/// One entry per property: `field: "json name"`, then `if none` when an
/// absent `Option` is left out, or `if absent` when an absent three-state
/// nullable property is.
/// The derive writes a `?` and, for a property that may be left out, an
/// `if`/`else` per property; in a struct with dozens of properties that is
/// hundreds of branches, and the borrow checker's memory grows with
/// branches times borrows. Here each property is one straight call.
macro_rules! serialize_struct {
    ($name:ident {}) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let state = ::serde::Serializer::serialize_struct(serializer, ::std::stringify!($name), 0)?;
                ::serde::ser::SerializeStruct::end(state)
            }
        }
    };
    ($name:ident { $($field:ident: $json:literal $(if $skip:ident)?,)* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                // Whether each property is left out, once for the length
                // and once for the property.
                $(let $field = self::forge_support::serialize_struct!(@skip &self.$field $(, $skip)?);)*
                let len = self::forge_support::ser_len(&[$($field),*]);
                let mut state = ::serde::Serializer::serialize_struct(serializer, ::std::stringify!($name), len)?;
                let mut done = ::std::result::Result::Ok(());
                $(self::forge_support::ser_field(&mut state, &mut done, $json, &self.$field, $field);)*
                done?;
                ::serde::ser::SerializeStruct::end(state)
            }
        }
    };
    (@skip $value:expr) => { false };
    (@skip $value:expr, none) => { ::std::option::Option::is_none($value) };
    // A method call: the macro names no type a file may not have.
    (@skip $value:expr, absent) => { $value.is_absent() };
}
pub(crate) use serialize_struct;

/// How many properties are written: those not left out.
pub fn ser_len(left_out: &[bool]) -> usize {
    left_out.iter().filter(|skip| !**skip).count()
}

/// Write one property, or say it is left out, unless an earlier property
/// failed (the derive returns at the first error; the caller returns it
/// after the last property).
pub fn ser_field<S, T>(state: &mut S, done: &mut ::std::result::Result<(), S::Error>, key: &'static str, value: &T, left_out: bool)
where
    S: ::serde::ser::SerializeStruct,
    T: ::serde::Serialize + ?Sized,
{
    if done.is_ok() {
        *done = if left_out {
            state.skip_field(key)
        } else {
            state.serialize_field(key, value)
        };
    }
}
