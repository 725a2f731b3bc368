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

use super::{Ty, TypeId, TypeKind, TypeTable};

/// Rounds of matching before giving up on further merges (each round can only
/// merge types whose fields were merged in the round before; real specs
/// settle in three or four).
const MAX_ROUNDS: usize = 16;

pub(super) fn merge_repeats(types: &mut TypeTable) {
    let mut canon: Vec<TypeId> = types.iter().map(|(id, _)| id).collect();
    for _ in 0..MAX_ROUNDS {
        let mut first: HashMap<TypeKind, TypeId> = HashMap::new();
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
/// its own docs: the kind itself, with referenced types replaced by their
/// canonical ids, compared and hashed structurally. `None` for kinds that
/// are never merged (aliases cost nothing).
fn key(kind: &TypeKind, canon: &[TypeId]) -> Option<TypeKind> {
    let mut kind = match kind {
        TypeKind::Alias(_) => return None,
        other => other.clone(),
    };
    match &mut kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                canonical(&mut f.ty, canon);
            }
            if let Some(extra) = &mut s.additional {
                canonical(extra, canon);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                canonical(&mut v.ty, canon);
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => {}
    }
    Some(kind)
}

/// Rewrites every named type in `ty` to the type it was merged into.
fn canonical(ty: &mut Ty, canon: &[TypeId]) {
    match ty {
        Ty::Named(id) => *id = root(canon, *id),
        Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => canonical(t, canon),
        _ => {}
    }
}
