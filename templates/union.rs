/// The message for a value that matched no variant of an untagged union:
/// every variant is named with the reason it did not match.
pub fn no_variant_matched(type_name: &str, failures: &[(&str, ::std::string::String)]) -> ::std::string::String {
    let mut message = ::std::format!("data did not match any variant of {type_name}");
    for (variant, error) in failures {
        message.push_str(&::std::format!("; as {variant}: {error}"));
    }
    message
}

/// Serializes a variant of a tagged union: the variant's own JSON with the
/// tag property added when the variant's type does not carry it.
pub fn serialize_tagged<T, S>(value: &T, tag: &str, tag_value: &str, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
where
    T: ::serde::Serialize,
    S: ::serde::Serializer,
{
    let mut json = ::serde_json::to_value(value).map_err(<S::Error as ::serde::ser::Error>::custom)?;
    if let ::serde_json::Value::Object(map) = &mut json {
        map.entry(tag)
            .or_insert_with(|| ::serde_json::Value::String(tag_value.into()));
    }
    ::serde::Serialize::serialize(&json, serializer)
}
