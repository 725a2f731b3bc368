//! Stage 3: IR to tokens. Each emitter returns a `TokenStream`; the support
//! code they use (from `templates/`) is added once at the end.

mod client;
mod context;
mod defaults;
pub mod deps;
mod derives;
mod mock;
mod models;
mod server;
mod support;
pub mod tags;

pub use context::{inner_doc_lines, spell, Ctx, Leaf, Part, PartSet, Run, Scope, Speller, Target};

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::TokenStream;

/// The generated file in the order it is written, one stage at a time
/// (see [`Stage`]), so formatting can start on the models while the client
/// is still being emitted.
pub struct Parts<'a> {
    run: Run<'a>,
    stages: std::vec::IntoIter<Stage>,
    /// What the server stage served, until the mock's stage takes it.
    handed: Option<server::Handed>,
    /// The crate paths each part's tokens name (to check the marks).
    #[cfg(test)]
    found: Vec<(Part, deps::Found)>,
}

/// One piece of the file, emitted by one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The models, after the `use` of the support types they name short.
    Models,
    /// The client or the server over the operations.
    Client,
    Server,
    /// The mock server, built on what the server serves.
    Mock,
    /// The `webhooks` module: its sender (client code), its receiver
    /// (server code), or both.
    Webhooks {
        send: bool,
        receive: bool,
    },
    /// Support code, last: the stages before it decide which items it
    /// holds.
    Support,
}

impl Stage {
    /// The stages of a file with the parts `settings` asks for, in order.
    fn all(api: &Api, settings: &Settings) -> Vec<Stage> {
        let mut stages = vec![Stage::Models];
        if settings.client {
            stages.push(Stage::Client);
        }
        if settings.serves() {
            stages.push(Stage::Server);
        }
        if settings.mock {
            stages.push(Stage::Mock);
        }
        if settings.webhooks.any() && !api.webhooks.is_empty() {
            stages.push(Stage::Webhooks {
                send: settings.webhooks.send(),
                receive: settings.webhooks.receive(),
            });
        }
        stages.push(Stage::Support);
        stages
    }

    /// The stage's tokens; the server's stage leaves in `handed` what it
    /// serves, for the mock's.
    fn emit(self, run: &Run, handed: &mut Option<server::Handed>) -> TokenStream {
        match self {
            Stage::Models => {
                let models = models::emit(&run.ctx(Part::Models));
                let mut uses = run.short_support_uses();
                // Extended, not quoted: `quote!` would copy the models.
                uses.extend(models);
                uses
            }
            Stage::Client => client::emit(&run.ctx(Part::Client), Target::Operations),
            Stage::Server => {
                let (tokens, served) =
                    server::emit_handing_over(&run.ctx(Part::Server), Target::Operations);
                *handed = Some(served);
                tokens
            }
            Stage::Mock => match handed.take() {
                Some(served) => mock::emit(&run.ctx(Part::Mock), &served),
                None => TokenStream::new(),
            },
            Stage::Webhooks { send, receive } => webhooks(run, send, receive),
            Stage::Support => support::emit(&run.ctx(Part::Models)),
        }
    }

    /// The part whose crates the stage's tokens are checked against (the
    /// support code's come from its declarations, and a webhooks module
    /// with both parts is checked as neither).
    #[cfg(test)]
    fn checked_as(self) -> Option<Part> {
        match self {
            Stage::Models => Some(Part::Models),
            Stage::Client | Stage::Webhooks { receive: false, .. } => Some(Part::Client),
            Stage::Server | Stage::Webhooks { send: false, .. } => Some(Part::Server),
            Stage::Mock => Some(Part::Mock),
            Stage::Webhooks { .. } | Stage::Support => None,
        }
    }
}

impl<'a> Parts<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Parts {
            run: Run::new(api, settings),
            stages: Stage::all(api, settings).into_iter(),
            handed: None,
            #[cfg(test)]
            found: Vec::new(),
        }
    }

    /// The parts of a crate: the models go in a `models` module, and each
    /// support item is gated behind the features of the parts that use it.
    /// `settings` must ask for the client, the server and the mock.
    pub fn for_crate(api: &'a Api, settings: &'a Settings) -> Self {
        let mut parts = Parts::new(api, settings);
        parts.run.models_in_module(tags::TagFeatures::of(api));
        parts
    }

    /// A crate's tag features, if its operations have tags.
    pub fn tag_features(&self) -> Option<&tags::TagFeatures> {
        self.run.tag_features.as_ref()
    }

    /// The dependencies of what was emitted; complete once every part was
    /// taken.
    pub fn dependencies(&self) -> deps::Dependencies {
        deps::Dependencies::of(&self.run)
    }

    /// The emitters' warnings; complete once every part was taken.
    pub fn take_warnings(&self) -> Diagnostics {
        self.run.take_warnings()
    }
}

impl Iterator for Parts<'_> {
    type Item = TokenStream;

    fn next(&mut self) -> Option<TokenStream> {
        let stage = self.stages.next()?;
        let tokens = stage.emit(&self.run, &mut self.handed);
        #[cfg(test)]
        if let Some(part) = stage.checked_as() {
            self.found.push((part, deps::Found::of(&tokens)));
        }
        Some(tokens)
    }
}

/// The `webhooks` module: the client emitter makes the sender, the server
/// emitter the receiver, each over the webhooks instead of the operations.
fn webhooks(run: &Run, send: bool, receive: bool) -> TokenStream {
    let sender = send.then(|| client::emit(&run.ctx(Part::Client), Target::Webhooks));
    let receiver = receive.then(|| server::emit(&run.ctx(Part::Server), Target::Webhooks));
    // In a crate each part is behind its feature.
    let (send_gate, receive_gate) = if run.in_crate() {
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
            // The mock is server code.
            check_marks(&spec, &Settings::default().with_mock(true), false);
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
        let (known, user, bounds) = parts.run.crates_used();
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
                // The mock spells the types the server's trait takes, with
                // the crates the server marked: the `mock` feature turns
                // `server` on, so they are there.
                let covers = |p: Part| p == *part || (*part == Part::Mock && p == Part::Server);
                assert!(
                    dep.is_some_and(|d| d.parts.iter().any(covers)),
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
