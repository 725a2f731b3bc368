//! Repeated inline schemas become aliases of the first identical type.
//!
//! Large specs repeat the same inline schema hundreds of times (GitHub's
//! description has 722 copies of the `read`/`write` permission enum). Each
//! copy would be a separate Rust type with its own derives, and the compile
//! time of the generated code grows with every one. An inline type that is
//! identical to an earlier type (same fields, variants, field docs and
//! referenced types) is emitted as `pub type Name = Earlier;` instead: its
//! name keeps working everywhere, and only one definition is compiled.
//!
//! Only inline types are merged away; every named component stays a type of
//! its own. Matching runs to a fixed point, so two structs whose fields use
//! merged enums are merged in the next round.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Ty, TypeId, TypeKind, TypeTable};

/// Rounds of matching before giving up on further merges (each round can only
/// merge types whose fields were merged in the round before; real specs
/// settle in three or four).
const MAX_ROUNDS: usize = 16;

pub(super) fn merge_repeats(types: &mut TypeTable) {
    let mut canon: Vec<TypeId> = types.iter().map(|(id, _)| id).collect();
    for _ in 0..MAX_ROUNDS {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut merged = false;
        for (id, def) in types.iter() {
            if canon[id.index()] != id {
                continue;
            }
            let Some(key) = key(&def.kind, &canon) else {
                continue;
            };
            match first.get(&key) {
                // `earlier` was still unmerged when this round recorded it.
                Some(&earlier) if def.inline => {
                    canon[id.index()] = earlier;
                    merged = true;
                }
                Some(_) => {}
                None => {
                    first.insert(key, id);
                }
            }
        }
        if !merged {
            break;
        }
    }
    for (id, def) in types.iter_mut() {
        let target = root(&canon, id);
        if target != id {
            def.kind = TypeKind::Alias(Ty::Named(target));
        }
    }
}

/// Follows merges to the type that stays (a type merged in an early round
/// may itself be the target of a later merge).
fn root(canon: &[TypeId], mut id: TypeId) -> TypeId {
    while canon[id.index()] != id {
        id = canon[id.index()];
    }
    id
}

/// Everything that decides a type's generated definition except its name and
/// its own docs, with referenced types replaced by their canonical ids.
/// `None` for kinds that are never merged (aliases cost nothing).
fn key(kind: &TypeKind, canon: &[TypeId]) -> Option<String> {
    let mut k = String::new();
    match kind {
        TypeKind::Struct(s) => {
            k.push(if s.closed { 'C' } else { 'S' });
            for f in &s.fields {
                let _ = write!(
                    k,
                    "|{:?} {:?} {} {} {} {} {} {:?}:",
                    f.json_name,
                    f.name,
                    f.required,
                    f.nullable,
                    f.deprecated,
                    f.read_only,
                    f.write_only,
                    f.docs,
                );
                ty_key(&f.ty, canon, &mut k);
            }
            if let Some(extra) = &s.additional {
                let _ = write!(k, "|+{:?}:", s.additional_name);
                ty_key(extra, canon, &mut k);
            }
        }
        TypeKind::Enum(e) => {
            k.push('E');
            for v in &e.variants {
                let _ = write!(k, "|{:?} {:?} {:?}", v.value, v.name, v.docs);
            }
        }
        TypeKind::IntEnum(e) => {
            let _ = write!(k, "I{:?}", e.repr);
            for v in &e.variants {
                let _ = write!(k, "|{} {:?} {:?}", v.value, v.name, v.docs);
            }
        }
        TypeKind::Union(u) => {
            let _ = write!(k, "U{:?}", u.tag);
            for v in &u.variants {
                let _ = write!(k, "|{:?} {:?}:", v.name, v.tag_values);
                ty_key(&v.ty, canon, &mut k);
            }
        }
        TypeKind::Alias(_) => return None,
    }
    Some(k)
}

fn ty_key(ty: &Ty, canon: &[TypeId], k: &mut String) {
    match ty {
        Ty::Named(id) => {
            let _ = write!(k, "#{}", root(canon, *id).index());
        }
        Ty::Array(t) => {
            k.push('[');
            ty_key(t, canon, k);
        }
        Ty::Map(t) => {
            k.push('{');
            ty_key(t, canon, k);
        }
        Ty::Nullable(t) => {
            k.push('?');
            ty_key(t, canon, k);
        }
        Ty::Limited(t, limits) => {
            let _ = write!(k, "<{limits:?}>");
            ty_key(t, canon, k);
        }
        other => {
            let _ = write!(k, "{other:?}");
        }
    }
}
