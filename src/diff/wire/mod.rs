//! The walk: operations paired by method and path, then everything they
//! carry, each type compared once per direction it travels in.

mod keywords;
mod ops;
mod types;

use super::rust::Names;
use super::{Dir, Found, Semver, Wire};
use crate::ir::{Api, TypeId};
use crate::settings::Settings;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// How a change moves the set of valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// Fewer values are valid than before.
    Tighter,
    /// More values are valid than before.
    Looser,
    /// Different values: some old ones are gone and some new ones valid.
    Different,
}

/// The wire verdict of an effect in a direction. A client must still send
/// valid requests and understand every response; a server must still
/// understand every request and send valid responses. `None`: a type no
/// operation carries, which changes nothing on the wire.
fn verdict(dir: Option<Dir>, effect: Effect) -> Wire {
    match (dir, effect) {
        (None, _) => Wire::UNCHANGED,
        (Some(_), Effect::Different) => Wire::BOTH,
        (Some(Dir::Request), Effect::Tighter) => Wire::CLIENTS,
        (Some(Dir::Request), Effect::Looser) => Wire::SERVERS,
        (Some(Dir::Response), Effect::Tighter) => Wire::SERVERS,
        (Some(Dir::Response), Effect::Looser) => Wire::CLIENTS,
    }
}

/// Where a compared item is written in each spec, and how to name it.
#[derive(Debug, Clone)]
struct Site {
    old: String,
    new: String,
    label: String,
    /// The Rust item a type change there changes (a field, a method).
    item: Option<String>,
}

impl Site {
    fn new(old: &str, new: &str, label: impl Into<String>) -> Site {
        Site {
            old: old.to_owned(),
            new: new.to_owned(),
            label: label.into(),
            item: None,
        }
    }

    fn with_item(mut self, item: Option<String>) -> Site {
        self.item = item;
        self
    }
}

pub(super) struct Walk<'a> {
    old: &'a Api,
    new: &'a Api,
    settings: &'a Settings,
    /// Every type name of the new API.
    new_names: BTreeSet<String>,
    /// Type pairs already compared, per direction (`None`: unused types).
    seen: BTreeSet<(usize, usize, Option<Dir>)>,
    /// Type pairs waiting to be compared. A queue, not recursion, so a
    /// long chain of types cannot exhaust the stack (as in the lowering).
    queue: VecDeque<(TypeId, TypeId, Option<Dir>)>,
    /// Old type name to the new name of the type it was paired with.
    pub(super) renames: BTreeMap<String, String>,
    pub(super) out: Vec<Found>,
    /// Walking webhooks and callbacks (see `operations`).
    hook: bool,
}

/// Compare everything the two APIs hold. Returns the changes and the
/// renamed types (old Rust name to new).
pub(super) fn compare(
    old: &Api,
    new: &Api,
    settings: &Settings,
) -> (Vec<Found>, BTreeMap<String, String>) {
    let mut w = Walk {
        old,
        new,
        settings,
        seen: BTreeSet::new(),
        new_names: new.types.iter().map(|(_, d)| d.name.clone()).collect(),
        queue: VecDeque::new(),
        renames: BTreeMap::new(),
        out: Vec::new(),
        hook: false,
    };
    w.operations();
    w.unused_types();
    (w.out, w.renames)
}

impl<'a> Walk<'a> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &'static str,
        message: String,
        dir: Option<Dir>,
        old: Option<&str>,
        new: Option<&str>,
        wire: Wire,
        rust: (Semver, Option<String>),
    ) {
        let rust = if self.hook {
            self.hook_rust(rust)
        } else {
            rust
        };
        self.out.push(Found {
            rule,
            message,
            dir: dir.into_iter().collect(),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            wire,
            wire_note: None,
            rust: rust.0,
            rust_item: rust.1,
        });
    }

    /// A webhook's Rust effect: none unless webhooks are generated, and
    /// then on the `webhooks` module, not on the client or server.
    fn hook_rust(&self, rust: (Semver, Option<String>)) -> (Semver, Option<String>) {
        if !self.settings.webhooks.any() {
            return (Semver::None, None);
        }
        let method = |i: &str| i.starts_with("Client::") || i.starts_with("Api::");
        match rust.1 {
            Some(item) if method(&item) => {
                let name = item.split([':', ',']).nth(2).unwrap_or("").to_owned();
                (rust.0, Some(format!("webhooks::{name}")))
            }
            other => (rust.0, other),
        }
    }

    /// Attach a note to the change just pushed.
    fn note(&mut self, note: impl Into<String>) {
        if let Some(last) = self.out.last_mut() {
            last.wire_note = Some(note.into());
        }
    }

    fn names(&self) -> Names<'a> {
        Names {
            settings: self.settings,
        }
    }

    /// Component types no operation reaches (kept with `--models all`) are
    /// compared by name: their changes are Rust changes only.
    fn unused_types(&mut self) {
        let paired: BTreeSet<(usize, usize)> = self.seen.iter().map(|(a, b, _)| (*a, *b)).collect();
        let paired_old: BTreeSet<usize> = paired.iter().map(|p| p.0).collect();
        let new_by_name: BTreeMap<&str, TypeId> = self
            .new
            .types
            .iter()
            .map(|(id, d)| (d.name.as_str(), id))
            .collect();
        let pairs: Vec<(TypeId, TypeId)> = self
            .old
            .types
            .iter()
            .filter(|(id, _)| !paired_old.contains(&id.index()))
            .filter_map(|(id, d)| Some((id, *new_by_name.get(d.name.as_str())?)))
            .collect();
        for (a, b) in pairs {
            self.named(a, b, None, &Site::new("", "", ""));
            self.drain();
        }
    }

    fn drain(&mut self) {
        while let Some((a, b, dir)) = self.queue.pop_front() {
            let (old, new) = (self.old, self.new);
            self.def(old.types.get(a), new.types.get(b), dir);
        }
    }
}

fn shown(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "none".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_who_must_accept_what() {
        assert_eq!(verdict(Some(Dir::Request), Effect::Tighter), Wire::CLIENTS);
        assert_eq!(verdict(Some(Dir::Response), Effect::Looser), Wire::CLIENTS);
        assert_eq!(verdict(Some(Dir::Request), Effect::Looser), Wire::SERVERS);
        assert_eq!(verdict(None, Effect::Different), Wire::UNCHANGED);
    }
}
