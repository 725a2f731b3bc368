//! A YAML document as a `serde_yaml::Value`, read the way serde_json reads
//! the same document as JSON.
//!
//! serde_yaml's own `Value` refuses a plain integer that does not fit `u64`
//! or `i64` but does fit 128 bits ("invalid type: integer ... as u128"),
//! while serde_json reads any such integer as the nearest `f64`. The two
//! formats must load one document the same way, so this reader does as
//! serde_json does; everything else is what `serde_yaml::Value` does
//! (tags kept, a duplicate key an error).

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};
use std::fmt;

/// Parse `text` as one YAML document.
pub fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Lenient>(text).map(|l| l.0)
}

/// A `Value` with the lenient reading of 128-bit integers.
struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

/// An integer beyond 64 bits, as serde_json keeps it: the nearest `f64`.
fn wide(f: f64) -> Value {
    Value::Number(Number::from(f))
}

impl<'de> de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(i64::try_from(i).map_or_else(|_| wide(i as f64), |i| Value::Number(i.into())))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(u64::try_from(u).map_or_else(|_| wide(u as f64), |u| Value::Number(u.into())))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    /// As serde_yaml's `Mapping`: a key given twice is an error.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Lenient(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
            let Lenient(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    /// A tagged node (`!tag value`) is how serde_yaml hands over tags.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents): (String, _) = data.variant()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let Lenient(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// serde_yaml's words for a repeated key.
fn duplicate_key(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_owned(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        _ => "duplicate entry in YAML map".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_the_nearest_f64() {
        let v = from_str("a: 18446744073709551616\nb: -9223372036854775809\nc: 1\n").unwrap();
        assert_eq!(v["a"].as_f64(), Some(18_446_744_073_709_551_616.0));
        assert_eq!(v["b"].as_f64(), Some(-9_223_372_036_854_775_809.0));
        assert_eq!(v["c"].as_u64(), Some(1));
    }

    #[test]
    fn reads_what_serde_yaml_reads() {
        let text = "k: !t [1, {x: ~}]\n? [a]\n: -2\n'n': 1.5\nb: true\n";
        assert_eq!(
            from_str(text).unwrap(),
            serde_yaml::from_str::<Value>(text).unwrap()
        );
        let dup = "a: 1\na: 2\n";
        assert_eq!(
            from_str(dup).unwrap_err().to_string(),
            serde_yaml::from_str::<Value>(dup).unwrap_err().to_string()
        );
    }
}
