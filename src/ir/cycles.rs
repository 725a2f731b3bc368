//! Self-reference no Rust type can express, broken before emitting.
//!
//! A schema that is an `allOf` of itself (`A: {allOf: [$ref A]}`, or
//! `A -> B -> A`), or an array or map of itself, lowers to a type alias
//! that expands to itself (`type A = A;`, `type W = Vec<W>;`): rustc
//! rejects it, and the emitters' alias-following loops never end. A union
//! that has itself as a variant compiles, but deserializing any value
//! tries that variant on the same value again and overflows the stack.
//! An array or map of itself keeps its structure: it becomes a one-variant
//! enum (`enum W { List(Vec<W>) }`), which the `Vec` makes finite. The
//! rest is broken with a warning located at the schema: the recursive part
//! of an alias becomes any JSON value, and a self-variant is dropped.

use super::{Ty, TypeId, TypeKind, TypeTable, Union, UnionVariant};
use crate::diag::Diagnostics;

pub(super) fn break_cycles(types: &mut TypeTable, diags: &mut Diagnostics) {
    wrap_recursive_containers(types);
    break_alias_cycles(types, diags);
    drop_self_variants(types, diags);
}

/// An alias that is an array or map reaching itself through aliases
/// becomes a one-variant enum: the container gives the indirection a Rust
/// type needs, and the JSON stays the same (the enum is untagged). Done
/// first, so `P = Q, Q = map of P` keeps its structure too.
fn wrap_recursive_containers(types: &mut TypeTable) {
    let ids: Vec<TypeId> = types.iter().map(|(id, _)| id).collect();
    for id in ids {
        let TypeKind::Alias(ty) = &types.get(id).kind else {
            continue;
        };
        let name = match ty {
            Ty::Array(_) => "List",
            Ty::Map(_) => "Map",
            _ => continue,
        };
        let mut named = Vec::new();
        ty.visit_named(&mut |next| named.push(next));
        if !alias_reaches(types, named, id) {
            continue;
        }
        let def = types.get_mut(id);
        let TypeKind::Alias(ty) = std::mem::replace(&mut def.kind, TypeKind::Alias(Ty::Any)) else {
            continue;
        };
        def.kind = TypeKind::Union(Union {
            variants: vec![UnionVariant {
                name: name.to_owned(),
                ty,
                tag_values: Vec::new(),
                boxed: false,
            }],
            tag: None,
        });
    }
}

/// Whether one of `from` reaches `to` through aliases only (every named
/// type on the way an alias, or `to` itself).
fn alias_reaches(types: &TypeTable, from: impl IntoIterator<Item = TypeId>, to: TypeId) -> bool {
    types.reachable(from, |kind, next| {
        if let TypeKind::Alias(ty) = kind {
            ty.visit_named(&mut |id| next(id));
        }
    })[to.index()]
}

fn break_alias_cycles(types: &mut TypeTable, diags: &mut Diagnostics) {
    let ids: Vec<TypeId> = types.iter().map(|(id, _)| id).collect();
    for id in ids {
        let TypeKind::Alias(ty) = &types.get(id).kind else {
            continue;
        };
        let mut named = Vec::new();
        ty.visit_named(&mut |next| named.push(next));
        // One walk per alias; only a cyclic one is looked at per reference.
        if !alias_reaches(types, named.iter().copied(), id) {
            continue;
        }
        let cyclic: Vec<TypeId> = named
            .into_iter()
            .filter(|&next| alias_reaches(types, [next], id))
            .collect();
        let def = types.get_mut(id);
        if let TypeKind::Alias(ty) = &mut def.kind {
            replace_named(ty, &cyclic);
        }
        diags.warning(
            def.origin.clone(),
            "the schema is itself with nothing in between (an allOf of itself, directly or through \
             other schemas), which no Rust type can express; the recursive part is any JSON value \
             (serde_json::Value)",
        );
    }
}

/// Replaces every named type in `ids` inside `ty` with any JSON value.
fn replace_named(ty: &mut Ty, ids: &[TypeId]) {
    match ty {
        Ty::Named(id) if ids.contains(id) => *ty = Ty::Any,
        Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => replace_named(t, ids),
        _ => {}
    }
}

/// Whether one of `from` reaches the union `to` through union variants and
/// aliases only: each is tried on the same JSON value, so that is endless
/// recursion.
fn variant_reaches(types: &TypeTable, from: impl IntoIterator<Item = TypeId>, to: TypeId) -> bool {
    types.reachable(from, |kind, next| match kind {
        TypeKind::Alias(ty) => ty.direct_named().into_iter().for_each(&mut *next),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.direct_named())
            .for_each(&mut *next),
        _ => {}
    })[to.index()]
}

fn drop_self_variants(types: &mut TypeTable, diags: &mut Diagnostics) {
    let ids: Vec<TypeId> = types.iter().map(|(id, _)| id).collect();
    for id in ids {
        let TypeKind::Union(u) = &types.get(id).kind else {
            continue;
        };
        let targets: Vec<Option<TypeId>> = u.variants.iter().map(|v| v.ty.direct_named()).collect();
        // One walk per union; only a recursive one is looked at per variant.
        if !variant_reaches(types, targets.iter().flatten().copied(), id) {
            continue;
        }
        let selfish: Vec<bool> = targets
            .iter()
            .map(|t| t.is_some_and(|t| variant_reaches(types, [t], id)))
            .collect();
        if !selfish.contains(&true) {
            continue;
        }
        let def = types.get_mut(id);
        if let TypeKind::Union(u) = &mut def.kind {
            let mut keep = selfish.iter().map(|s| !s);
            u.variants.retain(|_| keep.next().unwrap_or(true));
            if u.variants.is_empty() {
                def.kind = TypeKind::Alias(Ty::Any);
            }
        }
        diags.warning(
            def.origin.clone(),
            "a oneOf/anyOf variant is the union itself (directly or through other unions), which \
             would try the same value forever; that variant is left out",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Union, UnionVariant};

    fn alias(types: &mut TypeTable, name: &str) -> TypeId {
        types.declare(name, &format!("/components/schemas/{name}"))
    }

    #[test]
    fn alias_cycles_become_any_json_or_keep_their_structure() {
        let mut types = TypeTable::new(&[]);
        let a = alias(&mut types, "A");
        let w = alias(&mut types, "W");
        let p = alias(&mut types, "P");
        let q = alias(&mut types, "Q");
        types.get_mut(a).kind = TypeKind::Alias(Ty::Named(a));
        types.get_mut(w).kind = TypeKind::Alias(Ty::Array(Box::new(Ty::Named(w))));
        types.get_mut(p).kind = TypeKind::Alias(Ty::Named(q));
        types.get_mut(q).kind = TypeKind::Alias(Ty::Map(Box::new(Ty::Named(p))));
        let mut diags = Diagnostics::default();
        break_cycles(&mut types, &mut diags);
        let kind = |id| match &types.get(id).kind {
            TypeKind::Alias(t) => t.clone(),
            _ => panic!("not an alias"),
        };
        assert_eq!(kind(a), Ty::Any);
        // Arrays and maps of themselves keep their structure (below).
        assert_eq!(kind(p), Ty::Named(q));
        let pointers: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/A"]);
        for (id, variant, ty) in [
            (w, "List", Ty::Array(Box::new(Ty::Named(w)))),
            (q, "Map", Ty::Map(Box::new(Ty::Named(p)))),
        ] {
            let TypeKind::Union(u) = &types.get(id).kind else {
                panic!("{id:?} is not a one-variant enum")
            };
            assert_eq!(
                (u.variants.len(), u.variants[0].name.as_str()),
                (1, variant)
            );
            assert_eq!(u.variants[0].ty, ty);
        }
    }

    #[test]
    fn a_union_loses_the_variants_that_are_itself() {
        let mut types = TypeTable::new(&[]);
        let maybe = alias(&mut types, "Maybe");
        let other = alias(&mut types, "Other");
        let variant = |ty: Ty, name: &str| UnionVariant {
            name: name.into(),
            ty,
            tag_values: Vec::new(),
            boxed: false,
        };
        types.get_mut(maybe).kind = TypeKind::Union(Union {
            variants: vec![
                variant(Ty::Named(other), "Other"),
                variant(Ty::String, "String"),
            ],
            tag: None,
        });
        // Other is an alias of Maybe: the same value again.
        types.get_mut(other).kind = TypeKind::Alias(Ty::Named(maybe));
        let mut diags = Diagnostics::default();
        break_cycles(&mut types, &mut diags);
        let TypeKind::Union(u) = &types.get(maybe).kind else {
            panic!()
        };
        let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["String"]);
        assert_eq!(diags.items().len(), 1);
    }
}
