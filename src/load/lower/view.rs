//! One flat view of an openapiv3 schema. openapiv3 splits schemas into typed
//! variants and a catch-all; the lowering reads every schema the same way
//! through this view.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::ir::{Bound, Limits, Number};

pub type Props = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

pub struct View<'s> {
    pub data: &'s SchemaData,
    pub ty: Option<&'s str>,
    pub format: Option<String>,
    pub enum_values: Vec<Value>,
    pub properties: Option<&'s Props>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    /// `minLength`, `minimum`, `maxItems` and friends.
    pub limits: Limits,
}

fn format_name<T>(
    f: &VariantOrUnknownOrEmpty<T>,
    name: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(name(i).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// A finite bound (JSON has no infinities; anything else is ignored).
fn bound(value: Option<f64>, exclusive: bool) -> Option<Bound> {
    value.filter(|v| v.is_finite()).map(|value| Bound {
        value: Number(value),
        exclusive,
    })
}

/// `multipleOf` must be greater than zero to mean anything.
fn positive(value: Option<f64>) -> Option<Number> {
    value.filter(|v| v.is_finite() && *v > 0.0).map(Number)
}

impl<'s> View<'s> {
    pub fn of(schema: &'s Schema) -> Self {
        let mut v = View {
            data: &schema.schema_data,
            ty: None,
            format: None,
            enum_values: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
            limits: Limits::default(),
        };
        let opt =
            |o: &Option<_>| -> Value { o.as_ref().map_or(Value::Null, |x: &Value| x.clone()) };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.ty = Some("string");
                v.format = format_name(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                v.enum_values = s
                    .enumeration
                    .iter()
                    .map(|e| opt(&e.as_ref().map(|s| Value::String(s.clone()))))
                    .collect();
                v.limits.min_length = s.min_length.map(|n| n as u64);
                v.limits.max_length = s.max_length.map(|n| n as u64);
                v.limits.pattern = s.pattern.clone();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.ty = Some("integer");
                v.format = format_name(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                v.enum_values = i
                    .enumeration
                    .iter()
                    .map(|e| opt(&e.map(|n| Value::Number(n.into()))))
                    .collect();
                v.limits.minimum = bound(i.minimum.map(|n| n as f64), i.exclusive_minimum);
                v.limits.maximum = bound(i.maximum.map(|n| n as f64), i.exclusive_maximum);
                v.limits.multiple_of = positive(i.multiple_of.map(|n| n as f64));
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.ty = Some("number");
                v.format = format_name(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                v.limits.minimum = bound(n.minimum, n.exclusive_minimum);
                v.limits.maximum = bound(n.maximum, n.exclusive_maximum);
                v.limits.multiple_of = positive(n.multiple_of);
            }
            SchemaKind::Type(Type::Boolean(_)) => v.ty = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                v.ty = Some("object");
                v.properties = Some(&o.properties);
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.ty = Some("array");
                v.items = a.items.as_ref();
                v.limits.min_items = a.min_items.map(|n| n as u64);
                v.limits.max_items = a.max_items.map(|n| n as u64);
                v.limits.unique_items = a.unique_items;
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref();
                v.format = a.format.clone();
                v.enum_values = a.enumeration.clone();
                v.properties = (!a.properties.is_empty()).then_some(&a.properties);
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.all_of = &a.all_of;
                v.limits = Limits {
                    min_length: a.min_length.map(|n| n as u64),
                    max_length: a.max_length.map(|n| n as u64),
                    minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
                    maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
                    multiple_of: positive(a.multiple_of),
                    min_items: a.min_items.map(|n| n as u64),
                    max_items: a.max_items.map(|n| n as u64),
                    unique_items: a.unique_items.unwrap_or(false),
                    pattern: a.pattern.clone(),
                    format: None,
                    keywords: None,
                };
            }
        }
        v
    }

    /// An object shape: has properties, or says `type: object`.
    pub fn is_object(&self) -> bool {
        self.ty == Some("object") || (self.ty.is_none() && self.properties.is_some())
    }

    /// Only `required` (and docs): a oneOf/anyOf branch used as a
    /// constraint on its parent, not as a shape of its own.
    pub fn is_constraint_only(&self) -> bool {
        self.ty.is_none()
            && self.properties.is_none()
            && self.items.is_none()
            && self.enum_values.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && self.additional.is_none()
    }
}
