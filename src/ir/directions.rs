//! Direction-aware models: `readOnly` properties are never sent and
//! `writeOnly` ones never returned, so a type that holds either (itself or
//! anywhere inside) gets a form per direction it is used in.
//!
//! - Used by requests and responses: the type keeps its name for responses
//!   (without its write-only properties) and a `<Name>Request` copy serves
//!   requests (without its read-only properties). Request bodies and
//!   parameters, and the request forms of the types around it, refer to the
//!   copy.
//! - Used in one direction only: it stays one type, in that direction's
//!   form.
//! - Used by no operation: unchanged, with read-only and write-only
//!   properties optional (a plain model may go either way).
//!
//! In its form, a property keeps the required-ness the spec gives it: a
//! required read-only `id` is required in the response type.

use super::{Api, Field, Ty, TypeId, TypeKind, TypeTable};

/// Split the types that need a form per direction, and point requests at
/// their request forms.
pub fn split(api: &mut Api) {
    let n = api.types.len();
    let (request, response) = super::serde_impls::operation_roots(api);
    let sent = api.types.reachable_from(&request);
    let returned = api.types.reachable_from(&response);
    let directional = holding(&api.types, |f| f.read_only || f.write_only);
    if !directional.contains(&true) {
        return;
    }

    // Where each type's request form is: a new copy, or itself.
    let mut request_form: Vec<Option<TypeId>> = vec![None; n];
    let ids: Vec<TypeId> = api.types.iter().map(|(id, _)| id).collect();
    for &id in &ids {
        let i = id.index();
        if !directional[i] || !sent[i] {
            continue;
        }
        request_form[i] = Some(if returned[i] {
            let def = api.types.get(id).clone();
            let copy = api
                .types
                .declare(&format!("{} Request", def.name), &def.origin);
            let target = api.types.get_mut(copy);
            target.inline = def.inline;
            target.docs = def.docs;
            target.deprecated = def.deprecated;
            target.kind = def.kind;
            copy
        } else {
            id
        });
    }

    for &id in &ids {
        let i = id.index();
        if let Some(form) = request_form[i] {
            let kind = &mut api.types.get_mut(form).kind;
            if let TypeKind::Struct(s) = kind {
                let dropped = s.fields.iter().filter(|f| f.read_only);
                s.read_only_dropped = dropped.map(|f| f.json_name.clone()).collect();
            }
            keep_fields(kind, |f| !f.read_only);
            for ty in kind.tys_mut() {
                to_request(ty, &request_form);
            }
        }
        // The original serves responses when they reach it.
        if directional[i] && returned[i] {
            keep_fields(&mut api.types.get_mut(id).kind, |f| !f.write_only);
        }
    }

    for op in &mut api.operations {
        for p in &mut op.params {
            to_request(&mut p.ty, &request_form);
        }
        if let Some(body) = &mut op.body {
            to_request(&mut body.content.ty, &request_form);
        }
    }
}

/// The types that hold, themselves or anywhere inside, a property `pick`
/// chooses (indexed by `TypeId::index`).
fn holding(types: &TypeTable, pick: impl Fn(&Field) -> bool) -> Vec<bool> {
    let n = types.len();
    // Who refers to whom, reversed: a holder makes every type above it one.
    let mut parents: Vec<Vec<TypeId>> = vec![Vec::new(); n];
    let mut stack = Vec::new();
    for (id, def) in types.iter() {
        def.kind
            .visit_named(&mut |child| parents[child.index()].push(id));
        if let TypeKind::Struct(s) = &def.kind {
            if s.fields.iter().any(&pick) {
                stack.push(id);
            }
        }
    }
    let mut out = vec![false; n];
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut out[id.index()], true) {
            stack.extend(parents[id.index()].iter().copied());
        }
    }
    out
}

/// Keep the struct fields `keep` accepts; those of them that are read-only
/// or write-only (kept, so in their direction) get the spec's required-ness.
fn keep_fields(kind: &mut TypeKind, keep: impl Fn(&Field) -> bool) {
    if let TypeKind::Struct(s) = kind {
        s.fields.retain(|f| keep(f));
        for f in &mut s.fields {
            if f.read_only || f.write_only {
                f.required = f.required_in_spec;
            }
        }
    }
}

/// Point `ty` at request forms.
fn to_request(ty: &mut Ty, form: &[Option<TypeId>]) {
    match ty {
        Ty::Named(id) => {
            if let Some(r) = form[id.index()] {
                *id = r;
            }
        }
        Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => to_request(t, form),
        _ => {}
    }
}
