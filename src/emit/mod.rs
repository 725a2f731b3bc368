//! Stage 3: IR to tokens. Each emitter returns a `TokenStream`; the support
//! code they use (from `templates/`) is added once at the end.

mod client;
mod context;
mod defaults;
pub mod deps;
mod derives;
mod models;
mod server;
mod support;
pub mod tags;

pub use context::{inner_doc_lines, Ctx, Part, PartSet, Scope};

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::TokenStream;

/// The generated file in the order it is written, one part at a time
/// (models, client, server, support), so formatting can start on the
/// models while the client is still being emitted.
pub struct Parts<'a> {
    ctx: Ctx<'a>,
    next: usize,
    /// The crate paths each part's tokens name (to check the marks).
    #[cfg(test)]
    found: Vec<(Part, deps::Found)>,
}

impl<'a> Parts<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Parts {
            ctx: Ctx::new(api, settings),
            next: 0,
            #[cfg(test)]
            found: Vec::new(),
        }
    }

    /// The parts of a crate: the models go in a `models` module, and each
    /// support item is gated behind the features of the parts that use it.
    /// `settings` must ask for both client and server.
    pub fn for_crate(api: &'a Api, settings: &'a Settings) -> Self {
        let mut ctx = Ctx::new(api, settings);
        ctx.models_in_module(tags::TagFeatures::of(api));
        Parts {
            ctx,
            next: 0,
            #[cfg(test)]
            found: Vec::new(),
        }
    }

    /// A crate's tag features, if its operations have tags.
    pub fn tag_features(&self) -> Option<&tags::TagFeatures> {
        self.ctx.tag_features.as_ref()
    }

    /// The dependencies of what was emitted; complete once every part was
    /// taken.
    pub fn dependencies(&self) -> deps::Dependencies {
        deps::Dependencies::of(&self.ctx)
    }

    /// The emitters' warnings; complete once every part was taken.
    pub fn take_warnings(&self) -> Diagnostics {
        self.ctx.take_warnings()
    }
}

impl Iterator for Parts<'_> {
    type Item = TokenStream;

    fn next(&mut self) -> Option<TokenStream> {
        let settings = self.ctx.settings;
        loop {
            let part = self.next;
            self.next += 1;
            let kind = match part {
                1 => Part::Client,
                2 => Part::Server,
                // The sender is client code, the receiver server code.
                3 if !settings.webhooks.receive() => Part::Client,
                3 if !settings.webhooks.send() => Part::Server,
                _ => Part::Models,
            };
            self.ctx.set_part(kind);
            let tokens = match part {
                0 => {
                    let models = models::emit(&self.ctx);
                    let mut uses = self.ctx.short_support_uses();
                    // Extended, not quoted: `quote!` would copy the models.
                    uses.extend(models);
                    uses
                }
                1 if settings.client => client::emit(&self.ctx),
                2 if settings.server => server::emit(&self.ctx),
                3 if settings.webhooks.any() && !self.ctx.api.webhooks.is_empty() => {
                    webhooks(&self.ctx)
                }
                1..=3 => continue,
                // Support last: the emitters above decide which items are needed.
                4 => support::emit(&self.ctx),
                _ => return None,
            };
            // Support code's crates come from its declarations (and a
            // webhooks module with both parts is checked as neither).
            #[cfg(test)]
            if part < 4 && kind != Part::Models || part == 0 {
                self.found.push((kind, deps::Found::of(&tokens)));
            }
            return Some(tokens);
        }
    }
}

/// The `webhooks` module: the client emitter makes the sender, the server
/// emitter the receiver, each over the webhooks instead of the operations.
fn webhooks(ctx: &Ctx) -> TokenStream {
    let settings = ctx.settings;
    ctx.set_hooks(true);
    let sender = settings.webhooks.send().then(|| {
        ctx.set_part(Part::Client);
        client::emit(ctx)
    });
    let receiver = settings.webhooks.receive().then(|| {
        ctx.set_part(Part::Server);
        server::emit(ctx)
    });
    ctx.set_hooks(false);
    // In a crate each part is behind its feature.
    let (send_gate, receive_gate) = if ctx.in_crate() {
        (
            Some(quote::quote!(#[cfg(feature = "webhooks-send")])),
            Some(quote::quote!(#[cfg(feature = "webhooks-receive")])),
        )
    } else {
        (None, None)
    };
    quote::quote! {
        /// The API's webhooks and callbacks: requests its provider sends
        /// to its consumers. `sender` delivers them (for the provider),
        /// `receiver` takes them (for a consumer).
        // The file may be included in a module of the same name.
        #[allow(clippy::module_inception)]
        pub mod webhooks {
            // The sender and receiver name the models (and the support
            // code) as the client and server do, through `super::`.
            #[allow(unused_imports)]
            use super::*;

            #send_gate
            #sender
            #receive_gate
            #receiver
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::select::Selection;
    use std::path::{Path, PathBuf};

    /// Every spec the tests generate from, and the contact API.
    fn specs() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/specs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        specs.sort();
        specs.push(root.join("spec/contacts.yaml"));
        specs
    }

    /// The dependencies come from marks the emitters make (scanning every
    /// token costs too much on each run); a scan of what each part spells
    /// must agree with them: no crate a part names is missing, and no part
    /// is said to use a crate it does not name.
    #[test]
    fn dependency_marks_match_the_crates_each_part_names() {
        let combinations = [(false, false), (true, false), (false, true), (true, true)];
        for spec in specs() {
            let overrides = overrides_for(&spec);
            for (client, server) in combinations {
                for base in [Settings::default(), overrides.clone()] {
                    let settings = base.clone().with_client(client).with_server(server);
                    check_marks(&spec, &settings, false);
                }
            }
            let both = Settings::default().with_client(true).with_server(true);
            check_marks(&spec, &both, true);
            // Each webhook part alone: the sender is checked as client
            // code, the receiver as server code.
            use crate::settings::Webhooks;
            for hooks in [Webhooks::Send, Webhooks::Receive] {
                check_marks(&spec, &Settings::default().with_webhooks(hooks), false);
            }
        }
    }

    /// Overrides of the schemas `spec` has among a few common names (one
    /// that names no schema is an error), and a derive from a crate.
    fn overrides_for(spec: &Path) -> Settings {
        let all = Settings::default();
        let loaded = crate::load::load_file(spec, &[], &Selection::from_settings(&all))
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let has = |n: &&str| loaded.api.types.iter().any(|(_, def)| def.name == *n);
        let overrides = ["Pet", "Contact", "Item", "Node"]
            .into_iter()
            .filter(has)
            .map(|n| (n.to_owned(), format!("my_types::{n}")));
        all.with_type_overrides(std::collections::BTreeMap::from_iter(overrides))
            .with_extra_derives(vec!["schemars::JsonSchema".to_owned()])
    }

    fn check_marks(spec: &Path, settings: &Settings, in_crate: bool) {
        let loaded = crate::load::load_file(spec, &[], &Selection::from_settings(settings))
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let mut parts = if in_crate {
            Parts::for_crate(&loaded.api, settings)
        } else {
            Parts::new(&loaded.api, settings)
        };
        parts.by_ref().for_each(drop);
        let deps = parts.dependencies();
        let (known, user, bounds) = parts.ctx.crates_used();
        let case = format!("{} {settings:?}", spec.display());
        for (part, found) in &parts.found {
            for root in &found.roots {
                let package = deps::KNOWN
                    .iter()
                    .find(|k| k.root == root)
                    .map(|k| k.package.to_owned())
                    .or_else(|| user.contains_key(root).then(|| root.clone()));
                let Some(package) = package else { continue };
                let dep = deps.0.get(&package);
                assert!(
                    dep.is_some_and(|d| d.parts.iter().any(|p| p == *part)),
                    "{case}: {part:?} names {root} but its dependencies lack it: {dep:?}"
                );
            }
            let marked = known
                .iter()
                .map(|(r, p)| (r.to_string(), *p))
                .chain(user.clone());
            for (root, marked_parts) in marked {
                if marked_parts.iter().any(|p| p == *part) {
                    assert!(
                        found.roots.contains(&root),
                        "{case}: {part:?} is marked as naming {root}, but does not"
                    );
                }
            }
            if *part == Part::Server {
                assert_eq!(bounds, found.numeric_bounds, "{case}: numeric bounds");
            }
        }
    }
}
