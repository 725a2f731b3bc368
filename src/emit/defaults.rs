//! A spec `default` as a Rust value. Models use it for absent properties,
//! the server for absent parameters: one rule for both, so a default means
//! the same thing wherever the spec puts it.

use super::context::ident;
use super::{Ctx, Scope};
use crate::ir::{FloatKind, IntKind, Limits, Ty, TypeKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// A default the generated code applies.
pub struct DefaultValue {
    pub value: TokenStream,
    /// Building it allocates (a `String`): build it only when needed.
    pub allocates: bool,
}

/// What becomes of a `default`.
pub enum Fit {
    /// A Rust expression of the type, applied when the value is absent.
    Applied(DefaultValue),
    /// A kind of value the generated code does not build (dates, arrays,
    /// objects, structs, nullable types): documented only.
    Documented,
    /// Not a value of the type, or one the schema's limits refuse (applying
    /// it would hand a handler what the server rejects when a client sends
    /// it): documented, and worth a warning saying why (`does not fit its
    /// type`, `is below the minimum 1 of its schema`).
    Refused(String),
}

/// The Rust value of `text` (compact JSON) as a value of `ty`, when it is a
/// boolean, number, string or enum value of that type. `scope` is where the
/// expression is used (an enum's path depends on it).
pub fn default_expr(ctx: &Ctx, ty: &Ty, text: &str, scope: Scope) -> Fit {
    let misfit = || Fit::Refused("does not fit its type".to_owned());
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return misfit();
    };
    let mut ty = ty;
    let mut limits = Vec::new();
    while let Ty::Limited(inner, l) = ty {
        limits.push(&**l);
        ty = inner;
    }
    if let Some(why) = limits.iter().find_map(|l| outside(l, &value)) {
        return Fit::Refused(format!("is {why} of its schema"));
    }
    let fits = match (ty, &value) {
        (Ty::Bool, Value::Bool(b)) => Some(quote!(#b)),
        (Ty::Int(kind), Value::Number(n)) => int_literal(*kind, n),
        (Ty::Float(kind), Value::Number(n)) => match float_literal(*kind, n) {
            Some(lit) => Some(lit),
            None if n.as_f64().is_some_and(f64::is_finite) => {
                return Fit::Refused(format!(
                    "does not fit its type (f32 goes up to {:e})",
                    f32::MAX
                ))
            }
            None => None,
        },
        (Ty::String, Value::String(s)) => {
            let string = &ctx.prelude.string;
            Some(quote!(#string::from(#s)))
        }
        (Ty::Named(id), _) if ctx.override_for(*id).is_none() => {
            let variant = match (&ctx.api.types.get(*id).kind, &value) {
                (TypeKind::Enum(e), Value::String(s)) => {
                    e.variants.iter().find(|v| v.value == *s).map(|v| &v.name)
                }
                (TypeKind::IntEnum(e), Value::Number(n)) => e
                    .variants
                    .iter()
                    .find(|v| Some(v.value) == n.as_i64())
                    .map(|v| &v.name),
                (TypeKind::Enum(_) | TypeKind::IntEnum(_), _) => None,
                // Structs, unions, aliases: documented only.
                _ => return Fit::Documented,
            };
            variant.map(|v| {
                let path = ctx.type_path(*id, scope);
                let v = ident(v);
                quote!(#path::#v)
            })
        }
        // Dates, uuids, arrays, objects, any value: documented only.
        (Ty::DateTime | Ty::Date | Ty::Uuid | Ty::Array(_) | Ty::Map(_) | Ty::Any, _)
        | (Ty::AnyObject | Ty::Binary | Ty::Bytes | Ty::Nullable(_), _) => return Fit::Documented,
        _ => None,
    };
    let allocates = matches!(ty, Ty::String);
    fits.map_or_else(misfit, |value| {
        Fit::Applied(DefaultValue { value, allocates })
    })
}

/// Why `value` breaks `limits` (bounds and lengths; a pattern is not
/// checked here), or `None`.
fn outside(limits: &Limits, value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => {
            let x = n.as_f64()?;
            if let Some(b) = &limits.minimum {
                if x < b.value.0 || (b.exclusive && x == b.value.0) {
                    return Some(format!("below the minimum {}", b.value.0));
                }
            }
            if let Some(b) = &limits.maximum {
                if x > b.value.0 || (b.exclusive && x == b.value.0) {
                    return Some(format!("above the maximum {}", b.value.0));
                }
            }
            None
        }
        Value::String(text) => {
            let len = text.chars().count() as u64;
            if limits.min_length.is_some_and(|m| len < m) {
                return Some("shorter than minLength".to_owned());
            }
            if limits.max_length.is_some_and(|m| len > m) {
                return Some("longer than maxLength".to_owned());
            }
            None
        }
        _ => None,
    }
}

/// A number default as a literal of the field's type, if it is in range.
/// rustc reads the literal's text as the field's type, and an `f32` above
/// `f32::MAX` (`1e39`) is a compile error, so the text is read back the same
/// way here.
fn float_literal(kind: FloatKind, n: &serde_json::Number) -> Option<TokenStream> {
    let lit = Literal::f64_unsuffixed(n.as_f64().filter(|x| x.is_finite())?);
    let fits = match kind {
        FloatKind::F32 => lit.to_string().parse::<f32>().is_ok_and(f32::is_finite),
        FloatKind::F64 => true,
    };
    fits.then(|| quote!(#lit))
}

/// An integer default as a literal of the field's type, if it is in range.
fn int_literal(kind: IntKind, n: &serde_json::Number) -> Option<TokenStream> {
    let lit = match kind {
        IntKind::I32 => Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?),
        IntKind::I64 => Literal::i64_unsuffixed(n.as_i64()?),
        IntKind::U32 => Literal::u32_unsuffixed(u32::try_from(n.as_u64()?).ok()?),
        IntKind::U64 => Literal::u64_unsuffixed(n.as_u64()?),
    };
    Some(quote!(#lit))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rustc refuses an f32 literal that rounds to infinity, not one that
    /// merely rounds (f32::MAX, and a little above it, still fit).
    #[test]
    fn f32_literals_stop_where_rustc_stops() {
        let n = |x: f64| serde_json::Number::from_f64(x).unwrap();
        assert!(float_literal(FloatKind::F32, &n(f64::from(f32::MAX))).is_some());
        assert!(float_literal(FloatKind::F32, &n(3.402_823_5e38)).is_some());
        assert!(float_literal(FloatKind::F32, &n(3.402_823_6e38)).is_none());
        assert!(float_literal(FloatKind::F32, &n(-1e39)).is_none());
        assert!(float_literal(FloatKind::F64, &n(1e39)).is_some());
    }
}
