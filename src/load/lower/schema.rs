//! Schemas to types: one shape per schema, named types only for the shapes
//! that need a Rust item of their own (structs, enums, unions).

use super::view::{Props, View};
use super::{namespace, schema_docs, Lower, Lowered};
use crate::ir::naming::upper_camel;
use crate::ir::{
    Docs, EnumVariant, Field, FloatKind, IntEnum, IntKind, Limits, StringEnum, Struct, Ty, TypeId,
    TypeKind, Union, UnionVariant,
};
use crate::load::normalize::escape;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;
use std::borrow::Borrow;
use std::rc::Rc;

/// What a schema turns into.
enum Shape {
    /// Needs a named type of its own (and may be nullable where used).
    Def(TypeKind, bool),
    /// Is a type expression.
    Ty(Lowered),
}

/// How deep allOf parts may nest (through `$ref`s) before the merge gives
/// up with an error: real specs nest a handful of levels.
const MAX_ALL_OF_DEPTH: usize = 32;

/// The state of expanding one part of an allOf merge: the schemas being
/// expanded (to find cycles) and every schema already expanded (to expand
/// each once). Each part has its own, so a part that reaches nothing new
/// is still seen as contributing nothing of its own.
#[derive(Default)]
struct Walk {
    chain: Vec<String>,
    expanded: std::collections::HashSet<String>,
}

/// The translation of ECMA-262 classes the generated server applies to a
/// pattern before compiling it: the same file, so the two cannot differ.
mod ecma {
    include!("../../../templates/ecma_classes.rs");
}

impl Lower<'_> {
    /// A schema used in one place (a property, an item, a body), given
    /// inline or boxed (openapiv3 boxes property and item schemas).
    pub fn lower<S: Borrow<Schema>>(
        &mut self,
        s: &ReferenceOr<S>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match s {
            ReferenceOr::Reference { reference } => {
                self.named(reference, pointer).unwrap_or(Lowered {
                    ty: Ty::Any,
                    nullable: false,
                })
            }
            ReferenceOr::Item(schema) => self.inline(schema.borrow(), pointer, hint),
        }
    }

    fn inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Lowered {
        let nullable = schema.schema_data.nullable;
        match self.shape(schema, pointer, hint) {
            Shape::Ty(mut l) => {
                l.nullable |= nullable;
                l
            }
            Shape::Def(kind, def_nullable) => {
                let id = self.types.declare_inline(hint, pointer);
                self.fill(id, schema, kind);
                self.types.get_mut(id).keywords = self.keywords(pointer);
                Lowered {
                    ty: Ty::Named(id),
                    nullable: nullable || def_nullable,
                }
            }
        }
    }

    /// Give the declared type `id` its definition from `schema`.
    pub(super) fn define(&mut self, id: TypeId, schema: &Schema, pointer: &str, name: &str) {
        if let Some(reference) = self
            .root
            .pointer(pointer)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        {
            let target = self.named(reference, pointer);
            let ty = target.map_or(Ty::Any, |l| l.ty);
            self.types.get_mut(id).kind = TypeKind::Alias(ty);
            return;
        }
        let kind = match self.shape(schema, pointer, name) {
            Shape::Def(kind, _) => {
                self.types.get_mut(id).keywords = self.keywords(pointer);
                kind
            }
            Shape::Ty(l) => TypeKind::Alias(l.ty),
        };
        self.fill(id, schema, kind);
    }

    fn fill(&mut self, id: TypeId, schema: &Schema, kind: TypeKind) {
        let d = &schema.schema_data;
        let def = self.types.get_mut(id);
        def.docs = schema_docs(d);
        def.deprecated = d.deprecated;
        def.kind = kind;
    }

    /// The schema's shape; a type expression carries the keywords only the
    /// server's schema interpreter checks (a named type carries them on its
    /// definition).
    fn shape(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Shape {
        match self.typed_shape(schema, pointer, hint) {
            Shape::Ty(mut l) => {
                if let Some(keywords) = self.keywords(pointer) {
                    l.ty = match l.ty {
                        Ty::Limited(ty, mut limits) => {
                            limits.keywords = Some(keywords);
                            Ty::Limited(ty, limits)
                        }
                        ty => Ty::Limited(
                            Box::new(ty),
                            Box::new(Limits {
                                keywords: Some(keywords),
                                ..Limits::default()
                            }),
                        ),
                    };
                }
                Shape::Ty(l)
            }
            def => def,
        }
    }

    fn typed_shape(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Shape {
        let v = View::of(schema);
        if !v.all_of.is_empty() {
            return self.all_of(&v, pointer, hint);
        }
        let branches = if v.one_of.is_empty() {
            (v.any_of, "anyOf")
        } else {
            (v.one_of, "oneOf")
        };
        if !branches.0.is_empty() {
            if let Some(shape) = self.union(&v, branches.0, branches.1, pointer, hint) {
                return shape;
            }
        }
        if !v.enum_values.is_empty() {
            if let Some(shape) = self.enumeration(&v) {
                return shape;
            }
        }
        let ty = match v.ty {
            Some("string") => string_ty(v.format.as_deref()),
            Some("integer") => Ty::Int(int_kind(v.format.as_deref())),
            Some("number") => Ty::Float(match v.format.as_deref() {
                Some("float") => FloatKind::F32,
                _ => FloatKind::F64,
            }),
            Some("boolean") => Ty::Bool,
            Some("array") => self.array(&v, pointer, hint),
            Some("object") => return self.object(&v, pointer, hint),
            None if v.properties.is_some() => return self.object(&v, pointer, hint),
            None if v.items.is_some() => self.array(&v, pointer, hint),
            None if v.additional.is_some() => return self.object(&v, pointer, hint),
            None => Ty::Any,
            Some(other) => {
                self.diags.warning(
                    format!("{pointer}/type"),
                    format!("unknown type {other:?}; using free-form JSON"),
                );
                Ty::Any
            }
        };
        // Limits only mean something for the kind of value they constrain.
        let limits = match ty {
            Ty::Array(_) => Limits {
                min_items: v.limits.min_items,
                max_items: v.limits.max_items,
                unique_items: v.limits.unique_items,
                ..Limits::default()
            },
            Ty::Int(_) | Ty::Float(_) => Limits {
                minimum: v.limits.minimum,
                maximum: v.limits.maximum,
                multiple_of: v.limits.multiple_of,
                ..Limits::default()
            },
            // Formatted strings keep their lengths and patterns too.
            Ty::String | Ty::DateTime | Ty::Date | Ty::Uuid | Ty::Bytes => Limits {
                min_length: v.limits.min_length,
                max_length: v.limits.max_length,
                pattern: self.pattern(v.limits.pattern.as_deref(), pointer),
                format: v
                    .format
                    .as_deref()
                    .filter(|f| ty == Ty::String && CHECKED_FORMATS.contains(f))
                    .map(str::to_owned),
                ..Limits::default()
            },
            _ => Limits::default(),
        };
        let ty = if limits.is_empty() {
            ty
        } else {
            Ty::Limited(Box::new(ty), Box::new(limits))
        };
        Shape::Ty(Lowered {
            ty,
            nullable: false,
        })
    }

    /// A `pattern` the server can check, or a warning saying why not. It is
    /// compiled here exactly as the generated server will compile it (the
    /// same translation, the `regex` crate with its default limits), so a
    /// pattern that is too large (`^\w{1,2000}$`) is a warning too.
    fn pattern(&mut self, pattern: Option<&str>, pointer: &str) -> Option<String> {
        let pattern = pattern?;
        match regex::Regex::new(&ecma::ecma_classes(pattern)) {
            Ok(_) => Some(pattern.to_owned()),
            Err(e) => {
                let why = match &e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!("it compiles to more than the regex crate's limit of {limit} bytes")
                    }
                    other => other.to_string(),
                };
                let why = why.lines().last().unwrap_or("unsupported syntax").trim();
                let why = why.strip_prefix("error: ").unwrap_or(why);
                self.diags.warning(
                    format!("{pointer}/pattern"),
                    format!(
                        "the pattern is not supported by Rust's regex engine ({why}); it is not checked"
                    ),
                );
                None
            }
        }
    }

    fn array(&mut self, v: &View, pointer: &str, hint: &str) -> Ty {
        // With `prefixItems`, `items` is about the items after the prefix
        // only: the schema interpreter checks both.
        let items = v.items.filter(|_| !self.raw_has(pointer, "prefixItems"));
        let item = match items {
            Some(items) => self.lower(items, &format!("{pointer}/items"), &format!("{hint}Item")),
            None => Lowered {
                ty: Ty::Any,
                nullable: false,
            },
        };
        Ty::Array(Box::new(wrap_nullable(item)))
    }

    fn object(&mut self, v: &View, pointer: &str, hint: &str) -> Shape {
        let additional = match v.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let l = self.lower(
                    s,
                    &format!("{pointer}/additionalProperties"),
                    &format!("{hint}Value"),
                );
                Some(wrap_nullable(l))
            }
            Some(AdditionalProperties::Any(true)) => Some(Ty::Any),
            _ => None,
        };
        let props: Vec<(String, String, &ReferenceOr<Box<Schema>>)> = v
            .properties
            .map(|p| props_at(p, pointer))
            .unwrap_or_default();
        if self.raw_has(pointer, "patternProperties") {
            // Keys matching a pattern are neither unknown nor lost: every
            // property the list does not name is kept as JSON, and the
            // schema interpreter checks patterns and `additionalProperties`.
            if props.is_empty() {
                return Shape::Ty(Lowered {
                    ty: Ty::Map(Box::new(Ty::Any)),
                    nullable: false,
                });
            }
            let required: Vec<String> = v.required.to_vec();
            let s = self.fields(&props, &required, hint, Some(Ty::Any));
            return Shape::Def(TypeKind::Struct(s), false);
        }
        if props.is_empty() {
            return match (additional, v.additional) {
                (Some(ty), Some(AdditionalProperties::Schema(_))) => Shape::Ty(Lowered {
                    ty: Ty::Map(Box::new(ty)),
                    nullable: false,
                }),
                (_, Some(AdditionalProperties::Any(false))) => Shape::Def(
                    TypeKind::Struct(Struct {
                        fields: Vec::new(),
                        additional: None,
                        additional_name: String::new(),
                        closed: true,
                        read_only_dropped: Vec::new(),
                    }),
                    false,
                ),
                _ => Shape::Ty(Lowered {
                    ty: Ty::AnyObject,
                    nullable: false,
                }),
            };
        }
        let required: Vec<String> = v.required.to_vec();
        // Only a typed map of extra properties is kept; `true` (any extra
        // property) is what serde does by default: unknown keys are ignored.
        let additional = additional.filter(|t| *t != Ty::Any);
        let mut s = self.fields(&props, &required, hint, additional);
        s.closed = matches!(v.additional, Some(AdditionalProperties::Any(false)));
        Shape::Def(TypeKind::Struct(s), false)
    }

    fn fields(
        &mut self,
        props: &[(String, String, &ReferenceOr<Box<Schema>>)],
        required: &[String],
        hint: &str,
        additional: Option<Ty>,
    ) -> Struct {
        let mut names = namespace(&[]);
        let mut fields = Vec::with_capacity(props.len());
        for (json_name, prop_ptr, prop) in props {
            let prop_hint = format!("{hint}{}", upper_camel(json_name, "Field"));
            let l = self.lower(prop, prop_ptr, &prop_hint);
            let (docs, deprecated, read_only, write_only, default) = match prop {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    let default = d.default.as_ref().and_then(super::example_text);
                    (
                        schema_docs(d),
                        d.deprecated,
                        d.read_only,
                        d.write_only,
                        default,
                    )
                }
                ReferenceOr::Reference { .. } => (Docs::default(), false, false, false, None),
            };
            // A read-only property is never sent by clients and a write-only
            // one never returned: optional here, required again in the form
            // of its type for its direction (`ir::directions`).
            let required_in_spec = required.contains(json_name);
            let required = required_in_spec && !read_only && !write_only;
            fields.push(Field {
                name: names.snake_name(json_name, "field"),
                json_name: json_name.clone(),
                ty: l.ty,
                required,
                nullable: l.nullable,
                docs,
                deprecated,
                read_only,
                write_only,
                required_in_spec,
                boxed: false,
                default,
                pointer: crate::ir::Place(prop_ptr.clone()),
            });
        }
        // The flattened map gets a name no property took.
        let additional_name = names.snake_name("additional_properties", "additional");
        Struct {
            fields,
            additional,
            additional_name,
            closed: false,
            read_only_dropped: Vec::new(),
        }
    }

    fn all_of(&mut self, v: &View, pointer: &str, hint: &str) -> Shape {
        // A property whose inline allOf merges the schema that holds it
        // (`A: {properties: {x: {allOf: [$ref A, $ref B]}}}`) copies `x`
        // into the merged struct, whose `x` is this same allOf again: an
        // endless nesting of new inline types (it overflowed the stack).
        if self.merging.iter().any(|p| p == pointer) {
            self.diags.warning(
                pointer,
                "this inline allOf merges the schema it is part of, so it would contain itself \
                 without end; here it is any JSON value (serde_json::Value)",
            );
            return Shape::Ty(Lowered {
                ty: Ty::Any,
                nullable: false,
            });
        }
        self.merging.push(pointer.to_owned());
        let shape = self.merge_all_of(v, pointer, hint);
        self.merging.pop();
        shape
    }

    fn merge_all_of(&mut self, v: &View, pointer: &str, hint: &str) -> Shape {
        let own_props = v.properties.is_some_and(|p| !p.is_empty());
        let parts: Vec<(usize, &ReferenceOr<Schema>)> = v
            .all_of
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_docs_only(p))
            .collect();
        if parts.len() == 1 && !own_props {
            let (i, part) = parts[0];
            return Shape::Ty(self.lower(part, &format!("{pointer}/allOf/{i}"), hint));
        }
        // Merge every part's properties into one struct.
        let mut merged: Vec<(String, String, ReferenceOr<Box<Schema>>)> = Vec::new();
        let mut required: Vec<String> = v.required.to_vec();
        let mut other: Option<(usize, &ReferenceOr<Schema>)> = None;
        for (i, part) in &parts {
            let part_ptr = format!("{pointer}/allOf/{i}");
            let mut found = Vec::new();
            let mut walk = Walk::default();
            self.collect_props(part, &part_ptr, &mut found, &mut required, &mut walk);
            if found.is_empty() {
                other.get_or_insert((*i, *part));
            }
            merged.extend(found);
        }
        if let Some(p) = v.properties {
            for (name, ptr, s) in props_at(p, pointer) {
                merged.push((name, ptr, s.clone()));
            }
        }
        if merged.is_empty() {
            if let Some((i, part)) = other {
                return Shape::Ty(self.lower(part, &format!("{pointer}/allOf/{i}"), hint));
            }
            return Shape::Ty(Lowered {
                ty: Ty::AnyObject,
                nullable: false,
            });
        }
        // A later part redefines a property: the last definition wins.
        let mut props: Vec<(String, String, &ReferenceOr<Box<Schema>>)> = Vec::new();
        for (name, ptr, s) in &merged {
            if let Some(slot) = props.iter_mut().find(|(n, _, _)| n == name) {
                *slot = (name.clone(), ptr.clone(), s);
            } else {
                props.push((name.clone(), ptr.clone(), s));
            }
        }
        Shape::Def(
            TypeKind::Struct(self.fields(&props, &required, hint, None)),
            false,
        )
    }

    /// The properties an allOf part contributes, following refs and nested
    /// allOfs. `walk.chain` holds the schemas being expanded: a part that
    /// refers back to one of them is a cycle, an error reported once, not
    /// expanded again (with two such parts, `A: {allOf: [$ref A, $ref A]}`,
    /// the expansion doubled at every level and never finished). A schema
    /// reached a second time through another path (a diamond) adds nothing
    /// new and is not expanded again: four refs to the next schema at each
    /// of ten levels cost 4^10 expansions and 1.7 GB before.
    fn collect_props(
        &mut self,
        part: &ReferenceOr<Schema>,
        pointer: &str,
        out: &mut Vec<(String, String, ReferenceOr<Box<Schema>>)>,
        required: &mut Vec<String>,
        walk: &mut Walk,
    ) {
        if walk.chain.len() > MAX_ALL_OF_DEPTH {
            self.diags.error_aggregated(
                pointer,
                format!("allOf nests more than {MAX_ALL_OF_DEPTH} levels deep (a cycle?)"),
            );
            return;
        }
        let (schema, ptr) = match part {
            ReferenceOr::Item(s) => (Rc::new(s.clone()), pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let Some((target, _)) = self.target(reference, pointer) else {
                    return;
                };
                if walk.chain.contains(&target) {
                    // A part reached twice would report its cycle twice.
                    let message = format!("allOf includes itself through {reference} (a cycle)");
                    if !self
                        .diags
                        .items()
                        .iter()
                        .any(|d| d.pointer == pointer && d.message == message)
                    {
                        self.diags.error(pointer, message);
                    }
                    return;
                }
                if !walk.expanded.insert(target.clone()) {
                    return;
                }
                let Some(s) = self.schema_at(&target) else {
                    return;
                };
                (s, target)
            }
        };
        let v = View::of(&schema);
        required.extend(v.required.iter().cloned());
        walk.chain.push(ptr.clone());
        for (i, sub) in v.all_of.iter().enumerate() {
            self.collect_props(sub, &format!("{ptr}/allOf/{i}"), out, required, walk);
        }
        walk.chain.pop();
        if let Some(p) = v.properties {
            for (name, prop_ptr, s) in props_at(p, &ptr) {
                out.push((name, prop_ptr, s.clone()));
            }
        }
    }

    fn union(
        &mut self,
        v: &View,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
        hint: &str,
    ) -> Option<Shape> {
        let mut nullable = false;
        let mut kept = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            if let ReferenceOr::Item(s) = b {
                let bv = View::of(s);
                if bv.is_constraint_only() {
                    // `{type: null}` (normalised to `nullable`) or a
                    // required-only branch: not a shape.
                    nullable |= s.schema_data.nullable;
                    continue;
                }
            }
            kept.push((i, b));
        }
        if kept.is_empty() {
            return None;
        }
        if v.properties.is_some_and(|p| !p.is_empty()) {
            self.diags.warning(
                format!("{pointer}/{keyword}"),
                format!(
                    "{keyword} next to properties: the properties are used, the {keyword} is not"
                ),
            );
            return None;
        }
        if kept.len() == 1 {
            let (i, b) = kept[0];
            let mut l = self.lower(b, &format!("{pointer}/{keyword}/{i}"), hint);
            l.nullable |= nullable;
            return Some(Shape::Ty(l));
        }
        let mut names = namespace(&[]);
        let mut variants = Vec::new();
        for (i, b) in &kept {
            let branch_ptr = format!("{pointer}/{keyword}/{i}");
            let base = self.variant_hint(b, *i);
            let name = names.variant_name(&base);
            let l = self.lower(b, &branch_ptr, &format!("{hint}{name}"));
            nullable |= l.nullable;
            variants.push(UnionVariant {
                name,
                ty: l.ty,
                tag_values: Vec::new(),
                boxed: false,
            });
        }
        let tag = self.discriminate(v, &kept, &mut variants);
        // Identical variant types make an untagged union ambiguous; keep the
        // first of each.
        if tag.is_none() {
            let mut seen: Vec<Ty> = Vec::new();
            variants.retain(|var| {
                let dup = seen.contains(&var.ty);
                seen.push(var.ty.clone());
                !dup
            });
            if variants.len() == 1 {
                return Some(Shape::Ty(Lowered {
                    ty: variants.remove(0).ty,
                    nullable,
                }));
            }
        }
        Some(Shape::Def(
            TypeKind::Union(Union { variants, tag }),
            nullable,
        ))
    }

    fn variant_hint(&mut self, b: &ReferenceOr<Schema>, i: usize) -> String {
        match b {
            ReferenceOr::Reference { reference } => {
                super::name_from_pointer(reference.trim_start_matches('#'))
            }
            ReferenceOr::Item(s) => {
                if let Some(t) = &s.schema_data.title {
                    return t.clone();
                }
                let v = View::of(s);
                match v.ty {
                    Some("string") if !v.enum_values.is_empty() => format!("Variant{i}"),
                    Some("string") => "String".into(),
                    Some("integer") => "Integer".into(),
                    Some("number") => "Number".into(),
                    Some("boolean") => "Boolean".into(),
                    Some("array") => "Array".into(),
                    _ if v.is_object() => format!("Object{i}"),
                    _ => format!("Variant{i}"),
                }
            }
        }
    }

    /// With a discriminator whose values all point at named variants, tag
    /// the union; otherwise leave it untagged.
    fn discriminate(
        &mut self,
        v: &View,
        kept: &[(usize, &ReferenceOr<Schema>)],
        variants: &mut [UnionVariant],
    ) -> Option<String> {
        let d = v.data.discriminator.as_ref()?;
        if d.extensions
            .contains_key(crate::load::oas32::DEFAULT_MAPPING)
        {
            // 3.2's `defaultMapping`: a value may lack the property, which
            // a tagged union cannot read; it is matched by shape.
            return None;
        }
        for ((_, b), var) in kept.iter().zip(variants.iter_mut()) {
            let ReferenceOr::Reference { reference } = b else {
                return None;
            };
            for (value, target) in &d.mapping {
                let full = if target.starts_with('#') || target.contains('/') {
                    target.clone()
                } else {
                    format!("#/components/schemas/{target}")
                };
                if full == *reference
                    || target.ends_with(&format!("x-forge-external/{}", reference))
                {
                    var.tag_values.push(value.clone());
                }
            }
            if var.tag_values.is_empty() {
                // The default tag value is the schema's name.
                var.tag_values
                    .push(super::name_from_pointer(reference.trim_start_matches('#')));
            }
        }
        // One tag value selects one variant: a value claimed twice goes to
        // the first. A variant left without values cannot be selected, so
        // then the union is matched by shape instead.
        let mut seen: Vec<String> = Vec::new();
        for var in variants.iter_mut() {
            var.tag_values.retain(|v| {
                let fresh = !seen.contains(v);
                seen.push(v.clone());
                fresh
            });
        }
        if variants.iter().any(|v| v.tag_values.is_empty()) {
            for var in variants.iter_mut() {
                var.tag_values.clear();
            }
            return None;
        }
        Some(d.property_name.clone())
    }

    fn enumeration(&mut self, v: &View) -> Option<Shape> {
        let values: Vec<&Value> = v.enum_values.iter().filter(|x| !x.is_null()).collect();
        let nullable = values.len() != v.enum_values.len();
        let custom_names: Option<Vec<String>> = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .find_map(|k| v.data.extensions.get(*k))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .filter(|n: &Vec<String>| n.len() == values.len());
        let descriptions: Option<Vec<String>> = v
            .data
            .extensions
            .get("x-enum-descriptions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|n| n.as_str().unwrap_or("").to_owned())
                    .collect()
            });
        // `Unknown` is the open enums' catch-all variant.
        let mut names = namespace(&["Unknown"]);
        let mut variant = |i: usize, fallback: String| {
            let hint = custom_names.as_ref().map_or(fallback, |n| n[i].clone());
            let docs = Docs {
                title: None,
                description: descriptions
                    .as_ref()
                    .and_then(|d| d.get(i))
                    .filter(|d| !d.is_empty())
                    .cloned(),
                example: None,
            };
            (names.variant_name(&hint), docs)
        };
        if values.is_empty() {
            return None;
        }
        let kind = if values.iter().all(|x| x.is_string()) && v.ty != Some("integer") {
            let mut variants = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            for (i, x) in values.iter().enumerate() {
                let s = x.as_str().expect("checked");
                if seen.contains(&s) {
                    continue;
                }
                seen.push(s);
                let (name, docs) = variant(i, s.to_owned());
                variants.push(EnumVariant {
                    value: s.to_owned(),
                    name,
                    docs,
                });
            }
            TypeKind::Enum(StringEnum { variants })
        } else if values.iter().all(|x| x.is_i64()) && v.ty == Some("integer") {
            let mut variants = Vec::new();
            let mut seen: Vec<i64> = Vec::new();
            for (i, x) in values.iter().enumerate() {
                let n = x.as_i64().expect("checked");
                if seen.contains(&n) {
                    continue;
                }
                seen.push(n);
                let fallback = if n < 0 {
                    format!("Minus{}", n.unsigned_abs())
                } else {
                    format!("Value{n}")
                };
                let (name, docs) = variant(i, fallback);
                variants.push(EnumVariant {
                    value: n,
                    name,
                    docs,
                });
            }
            TypeKind::IntEnum(IntEnum {
                repr: int_kind(v.format.as_deref()),
                variants,
            })
        } else {
            // Enums of numbers, booleans or mixed values keep their base type.
            return None;
        };
        // `null` listed among the values makes the enum nullable where used.
        Some(Shape::Def(kind, nullable))
    }
}

/// A nullable item or map value becomes `Option<T>` inside the container.
fn wrap_nullable(l: Lowered) -> Ty {
    if l.nullable {
        Ty::Nullable(Box::new(l.ty))
    } else {
        l.ty
    }
}

fn props_at<'p>(
    props: &'p Props,
    pointer: &str,
) -> Vec<(String, String, &'p ReferenceOr<Box<Schema>>)> {
    props
        .iter()
        .map(|(name, s)| {
            (
                name.clone(),
                format!("{pointer}/properties/{}", escape(name)),
                s,
            )
        })
        .collect()
}

/// An allOf part that only adds documentation or nullability.
fn is_docs_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(s) => View::of(s).is_constraint_only() && View::of(s).required.is_empty(),
    }
}

/// String formats the server checks exactly (`templates/server_formats.rs`)
/// on values typed as plain strings; `date-time`, `date` and `uuid` are
/// types of their own.
const CHECKED_FORMATS: &[&str] = &[
    "email", "hostname", "ipv4", "ipv6", "uri", "time", "duration",
];

fn string_ty(format: Option<&str>) -> Ty {
    match format {
        Some("date-time") => Ty::DateTime,
        Some("date") => Ty::Date,
        Some("uuid") => Ty::Uuid,
        Some("byte") => Ty::Bytes,
        Some("binary") => Ty::Binary,
        _ => Ty::String,
    }
}

fn int_kind(format: Option<&str>) -> IntKind {
    match format {
        Some("int32" | "int16" | "int8") => IntKind::I32,
        Some("uint32" | "uint16" | "uint8") => IntKind::U32,
        Some("uint64" | "uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}
