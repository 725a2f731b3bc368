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
    // Each key is hashed once, and a type's own definition is its key until
    // a type it names is merged: only then is a rewritten copy made. GitHub's
    // 7,303 types took four rounds of deep clones and hashes before.
    // A type with keywords of its own is checked by them: never merged.
    let mut keys: Vec<Option<Key>> = types
        .iter()
        .map(|(_, def)| {
            def.keywords
                .is_none()
                .then(|| Key::own(&def.kind))
                .flatten()
        })
        .collect();
    for _ in 0..MAX_ROUNDS {
        // Hash → the first unmerged type of each distinct key with that
        // hash (more than one only when different keys collide).
        let mut first: HashMap<u64, Vec<TypeId>> = HashMap::new();
        let mut merged = false;
        for (id, def) in types.iter() {
            if canon[id.index()] != id {
                continue;
            }
            let Some(key) = &keys[id.index()] else {
                continue;
            };
            let kind = key.kind(types, id);
            let bucket = first.entry(key.hash).or_default();
            let same = |e: &&TypeId| {
                keys[e.index()]
                    .as_ref()
                    .is_some_and(|k| k.kind(types, **e) == kind)
            };
            match bucket.iter().find(same) {
                // `earlier` was still unmerged when this round recorded it.
                Some(&earlier) if def.inline => {
                    canon[id.index()] = earlier;
                    merged = true;
                }
                Some(_) => {}
                None => bucket.push(id),
            }
        }
        if !merged {
            break;
        }
        for (id, def) in types.iter() {
            let stale = keys[id.index()]
                .as_ref()
                .is_some_and(|k| names_merged(k.kind(types, id), &canon));
            if stale {
                keys[id.index()] = Key::rewritten(&def.kind, &canon);
            }
        }
    }
    // The replaced definitions are thousands of nested vectors and strings;
    // they are freed on another thread.
    let mut replaced = Vec::new();
    for (id, def) in types.iter_mut() {
        let target = root(&canon, id);
        if target != id {
            replaced.push(std::mem::replace(
                &mut def.kind,
                TypeKind::Alias(Ty::Named(target)),
            ));
        }
    }
    crate::util::drop_in_background(replaced);
}

/// A type's key, with its hash: its own definition, or a copy with the
/// types it names rewritten to the ones they were merged into.
struct Key {
    rewritten: Option<TypeKind>,
    hash: u64,
}

impl Key {
    /// `None` for kinds that are never merged (aliases cost nothing).
    fn own(kind: &TypeKind) -> Option<Key> {
        (!matches!(kind, TypeKind::Alias(_))).then(|| Key {
            hash: hash(kind),
            rewritten: None,
        })
    }

    fn rewritten(kind: &TypeKind, canon: &[TypeId]) -> Option<Key> {
        let kind = key(kind, canon)?;
        Some(Key {
            hash: hash(&kind),
            rewritten: Some(kind),
        })
    }

    fn kind<'t>(&'t self, types: &'t TypeTable, id: TypeId) -> &'t TypeKind {
        self.rewritten.as_ref().unwrap_or(&types.get(id).kind)
    }
}

fn hash(kind: &TypeKind) -> u64 {
    let mut hasher = WordHasher(0);
    std::hash::Hash::hash(kind, &mut hasher);
    std::hash::Hasher::finish(&hasher)
}

/// A fast hash that takes eight bytes at a step (the keys hold every doc
/// comment of a large spec, megabytes of text). Not for untrusted keys in
/// a long-lived table, which this is not: a collision costs one comparison.
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Whether `key` names a type that has since been merged into another.
fn names_merged(key: &TypeKind, canon: &[TypeId]) -> bool {
    let mut stale = false;
    key.visit_named(&mut |id| stale |= canon[id.index()] != id);
    stale
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
