/// Deserializes a required, nullable property: `null` is allowed, a missing
/// property is an error (serde would otherwise treat a missing `Option` as
/// `None`).
pub fn deserialize_required_nullable<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
}
