//! The type table: ids are indices given out in a deterministic order (spec
//! order of components, then inline schemas as they are met), and names are
//! decided once, here.

use super::naming::Namespace;
use super::{Docs, TypeDef, TypeKind};

/// Stable id of a type in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(u32);

impl TypeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Default)]
pub struct TypeTable {
    defs: Vec<TypeDef>,
    names: Namespace,
}

impl TypeTable {
    /// Names that generated code uses next to the types (the support module
    /// and the client/server modules) are kept free here.
    pub fn new(reserved: &[&str]) -> Self {
        let mut names = Namespace::default();
        for r in reserved {
            names.reserve(r);
        }
        TypeTable {
            defs: Vec::new(),
            names,
        }
    }

    /// Add a type whose kind is filled in later (so recursive schemas can
    /// refer to themselves). `hint` is turned into a unique type name.
    pub fn declare(&mut self, hint: &str, origin: &str) -> TypeId {
        self.declare_with(hint, origin, false)
    }

    /// `declare` for a schema written inline (a property, item or body).
    pub fn declare_inline(&mut self, hint: &str, origin: &str) -> TypeId {
        self.declare_with(hint, origin, true)
    }

    fn declare_with(&mut self, hint: &str, origin: &str, inline: bool) -> TypeId {
        let name = self.names.type_name(hint);
        let id = TypeId(self.defs.len() as u32);
        self.defs.push(TypeDef {
            name,
            origin: origin.to_owned(),
            inline,
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Alias(super::Ty::Any),
            keywords: None,
        });
        id
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.index()]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.index()]
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Every type reachable from `starts` (themselves included), following
    /// `edges`: for a definition, the named types it leads to. Indexed by
    /// `TypeId::index`. The one graph walk the IR passes share; each says
    /// which edges count (all of them, aliases only, union variants…).
    pub fn reachable(
        &self,
        starts: impl IntoIterator<Item = TypeId>,
        mut edges: impl FnMut(&TypeKind, &mut dyn FnMut(TypeId)),
    ) -> Vec<bool> {
        let mut seen = vec![false; self.defs.len()];
        let mut stack: Vec<TypeId> = starts.into_iter().collect();
        while let Some(id) = stack.pop() {
            if !std::mem::replace(&mut seen[id.index()], true) {
                edges(&self.get(id).kind, &mut |next| stack.push(next));
            }
        }
        seen
    }

    /// Keep the types marked in `keep` (indexed by `TypeId::index`), in
    /// order, and say where each old id went (`None`: dropped). Names stay
    /// as they were given; the caller renumbers its references.
    pub fn retain(&mut self, keep: &[bool]) -> Vec<Option<TypeId>> {
        let mut map = Vec::with_capacity(self.defs.len());
        let mut next = 0u32;
        for &k in keep {
            map.push(k.then(|| {
                next += 1;
                TypeId(next - 1)
            }));
        }
        let mut index = 0;
        self.defs.retain(|_| {
            index += 1;
            keep[index - 1]
        });
        map
    }

    /// Every named type reachable from the type expressions `roots`,
    /// through every field, variant, item, map value and alias target.
    pub fn reachable_from<'t>(&self, roots: impl IntoIterator<Item = &'t super::Ty>) -> Vec<bool> {
        let mut starts = Vec::new();
        for t in roots {
            t.visit_named(&mut |id| starts.push(id));
        }
        self.reachable(starts, |kind, next| kind.visit_named(&mut |id| next(id)))
    }

    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
            .enumerate()
            .map(|(i, d)| (TypeId(i as u32), d))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (TypeId, &mut TypeDef)> {
        self.defs
            .iter_mut()
            .enumerate()
            .map(|(i, d)| (TypeId(i as u32), d))
    }
}
