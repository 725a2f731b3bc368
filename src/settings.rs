//! Every option is declared once, in the `settings!` table below; the table
//! yields the [`Settings`] field, its `with_*` builder method, its CLI flag
//! and its documentation, so a flag and a builder method cannot disagree.

use std::collections::BTreeMap;

/// How string enums treat values the spec does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnumStyle {
    /// An extra `Unknown(String)` variant keeps unlisted values, so a server
    /// that adds a value does not break a client's whole response.
    #[default]
    Open,
    /// Unlisted values are an error.
    Closed,
}

/// The Rust type for `format: date-time` (and `date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeType {
    /// `chrono::DateTime<chrono::Utc>` and `chrono::NaiveDate`.
    #[default]
    Chrono,
    /// Plain `String`s (no date crate needed; the text is kept as sent).
    String,
}

/// A value an option can take from text (a CLI flag or the config file).
pub trait OptionValue {
    /// Set (or, for lists and maps, add to) the value from `text`.
    fn apply(&mut self, text: &str) -> Result<(), String>;
    /// Whether the flag takes no argument.
    const SWITCH: bool = false;
    /// The values it accepts, when they are a fixed list: the CLI offers
    /// them in help and completions and suggests the nearest on a typo.
    const VALUES: &'static [&'static str] = &[];
}

impl OptionValue for bool {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "" | "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            _ => return Err(format!("expected true or false, found {text:?}")),
        };
        Ok(())
    }
    const SWITCH: bool = true;
}

impl OptionValue for EnumStyle {
    const VALUES: &'static [&'static str] = &["open", "closed"];

    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "open" => EnumStyle::Open,
            "closed" => EnumStyle::Closed,
            _ => return Err(format!("expected open or closed, found {text:?}")),
        };
        Ok(())
    }
}

impl OptionValue for DateTimeType {
    const VALUES: &'static [&'static str] = &["chrono", "string"];

    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "chrono" => DateTimeType::Chrono,
            "string" => DateTimeType::String,
            _ => return Err(format!("expected chrono or string, found {text:?}")),
        };
        Ok(())
    }
}

impl OptionValue for Vec<String> {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if syn::parse_str::<syn::Path>(item).is_err() {
                return Err(format!("{item:?} is not a Rust path"));
            }
            self.push(item.to_owned());
        }
        Ok(())
    }
}

impl OptionValue for BTreeMap<String, String> {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        let (k, v) = text
            .split_once('=')
            .ok_or_else(|| format!("expected SCHEMA=RUST_TYPE, found {text:?}"))?;
        if syn::parse_str::<syn::Type>(v.trim()).is_err() {
            return Err(format!("{:?} is not a Rust type", v.trim()));
        }
        self.insert(k.trim().to_owned(), v.trim().to_owned());
        Ok(())
    }
}

/// Names or `*` globs (operation ids, tags) for a selection; any text is
/// accepted, since ids and tags are spec text, not Rust.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns(pub Vec<String>);

impl Patterns {
    /// No pattern given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: Into<String>> FromIterator<S> for Patterns {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Patterns(iter.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for Patterns {
    fn from(items: [S; N]) -> Self {
        items.into_iter().collect()
    }
}

impl From<Vec<String>> for Patterns {
    fn from(items: Vec<String>) -> Self {
        Patterns(items)
    }
}

impl OptionValue for Patterns {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        let before = self.0.len();
        self.0.extend(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        if self.0.len() == before {
            return Err("expected a name or a `*` glob".into());
        }
        Ok(())
    }
}

/// What the generated server does with a read-only property that arrives
/// in a request body (the request type has no field for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadOnlyInRequests {
    /// Ignore it, as any property the request type does not list.
    #[default]
    Ignore,
    /// Refuse the request with a 422 naming the property.
    Reject,
}

impl OptionValue for ReadOnlyInRequests {
    const VALUES: &'static [&'static str] = &["ignore", "reject"];

    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "ignore" => ReadOnlyInRequests::Ignore,
            "reject" => ReadOnlyInRequests::Reject,
            _ => return Err(format!("expected ignore or reject, found {text:?}")),
        };
        Ok(())
    }
}

/// Which parts of the spec's webhooks (3.1 `webhooks`) and callbacks (3.0
/// operation `callbacks`) are generated, in a `webhooks` module. They are
/// requests the API's provider sends to its consumers: a consumer receives
/// them, a provider sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Webhooks {
    /// None (the generation notes say when a spec has some).
    #[default]
    None,
    /// A typed sender (`webhooks::sender`, needs reqwest, as the client).
    Send,
    /// A typed receiver (`webhooks::receiver`, needs axum, as the server).
    Receive,
    /// Both.
    Both,
}

impl Webhooks {
    /// Whether the sender is generated.
    pub fn send(self) -> bool {
        matches!(self, Webhooks::Send | Webhooks::Both)
    }

    /// Whether the receiver is generated.
    pub fn receive(self) -> bool {
        matches!(self, Webhooks::Receive | Webhooks::Both)
    }

    /// Whether any part is generated.
    pub fn any(self) -> bool {
        self != Webhooks::None
    }
}

impl OptionValue for Webhooks {
    const VALUES: &'static [&'static str] = &["none", "send", "receive", "both"];

    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "none" => Webhooks::None,
            "send" => Webhooks::Send,
            "receive" => Webhooks::Receive,
            "both" => Webhooks::Both,
            _ => {
                return Err(format!(
                    "expected none, send, receive or both, found {text:?}"
                ))
            }
        };
        Ok(())
    }
}

/// Which component schemas a generated file keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Models {
    /// `reachable` when operations are selected, `all` otherwise.
    #[default]
    Auto,
    /// Only the types the generated operations use (through every `$ref`,
    /// `allOf`, union and map).
    Reachable,
    /// Every component schema, used or not.
    All,
}

impl OptionValue for Models {
    const VALUES: &'static [&'static str] = &["auto", "reachable", "all"];

    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = match text {
            "auto" => Models::Auto,
            "reachable" => Models::Reachable,
            "all" => Models::All,
            _ => return Err(format!("expected reachable, all or auto, found {text:?}")),
        };
        Ok(())
    }
}

impl OptionValue for Vec<std::path::PathBuf> {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            return Err("expected a folder".into());
        }
        self.push(std::path::PathBuf::from(text.trim()));
        Ok(())
    }
}

impl OptionValue for Option<String> {
    fn apply(&mut self, text: &str) -> Result<(), String> {
        *self = Some(text.to_owned());
        Ok(())
    }
}

/// What the table says about one option.
#[derive(Debug, Clone, Copy)]
pub struct OptionInfo {
    /// The CLI flag (without `--`), also the key in the config file.
    pub flag: &'static str,
    /// One line for `--help`.
    pub doc: &'static str,
    /// The flag takes a value (`--date-time string`); otherwise it is a switch.
    pub takes_value: bool,
    /// The values it accepts, when they are a fixed list (else empty).
    pub values: &'static [&'static str],
    /// Where `--help` lists it.
    pub group: Group,
}

/// The headings `--help` sorts options under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Which parts are generated.
    Parts,
    /// Which operations and models are kept.
    Selection,
    /// How the code is shaped.
    Code,
    /// How the spec is read and checked.
    Input,
}

impl Group {
    /// The heading's text.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Parts => "Parts",
            Group::Selection => "Selection",
            Group::Code => "Code",
            Group::Input => "Input",
        }
    }
}

macro_rules! settings {
    ($(
        #[doc = $doc:literal]
        $field:ident: $ty:ty = $default:expr, flag $flag:literal, $group:ident, with $with:ident;
    )*) => {
        /// What to generate and how. Build it with `Settings::default()` and
        /// the `with_*` methods; the CLI and the config file set the same
        /// fields through [`Settings::set`].
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct Settings {
            $( #[doc = $doc] pub $field: $ty, )*
        }

        impl Default for Settings {
            fn default() -> Self {
                Settings { $( $field: $default, )* }
            }
        }

        impl Settings {
            $(
                #[doc = $doc]
                pub fn $with(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = value.into();
                    self
                }
            )*

            /// Set an option by its flag name from text, as the CLI and the
            /// config file do.
            pub fn set(&mut self, flag: &str, value: &str) -> Result<(), String> {
                match flag {
                    $( $flag => OptionValue::apply(&mut self.$field, value), )*
                    _ => Err(format!("unknown option --{flag}")),
                }
            }
        }

        /// Every option, in declaration order.
        pub const OPTIONS: &[OptionInfo] = &[
            $( OptionInfo {
                flag: $flag,
                doc: $doc,
                takes_value: !<$ty as OptionValue>::SWITCH,
                values: <$ty as OptionValue>::VALUES,
                group: Group::$group,
            }, )*
        ];
    };
}

settings! {
    /// Generate the async HTTP client (module `client`, needs reqwest).
    client: bool = false, flag "client", Parts, with with_client;
    /// Generate axum server stubs (module `server`, needs axum and tokio).
    server: bool = false, flag "server", Parts, with with_server;
    /// Generate a typed mock server for tests (module `mock`, built on the server, which it turns on).
    mock: bool = false, flag "mock", Parts, with with_mock;
    /// String enums: `open` keeps unlisted values in `Unknown(String)`, `closed` rejects them.
    enum_style: EnumStyle = EnumStyle::Open, flag "enum-style", Code, with with_enum_style;
    /// Rust type for date-time and date strings: `chrono` or `string`.
    date_time: DateTimeType = DateTimeType::Chrono, flag "date-time", Code, with with_date_time;
    /// Extra derives for every model type (comma-separated paths, e.g. `Hash,Eq`).
    extra_derives: Vec<String> = Vec::new(), flag "derive", Code, with with_extra_derives;
    /// Use an existing Rust type instead of generating one: `SCHEMA=path::Type` (repeatable).
    type_overrides: BTreeMap<String, String> = BTreeMap::new(), flag "type-override", Code, with with_type_overrides;
    /// File name of the generated code in `OUT_DIR` (build.rs); default: the spec's stem + `.rs`.
    file_name: Option<String> = None, flag "file-name", Code, with with_file_name;
    /// Treat every warning as an error (exit 2, nothing written): a strict drift check for CI.
    deny_warnings: bool = false, flag "deny-warnings", Input, with with_deny_warnings;
    /// A folder outside the spec's own that `$ref`s may read (repeatable; relative to the spec's folder).
    allow_refs_outside: Vec<std::path::PathBuf> = Vec::new(), flag "allow-refs-outside", Input, with with_allow_refs_outside;
    /// Make each client call a `tracing` span (operation, method, path, attempt, status; needs the tracing crate).
    tracing: bool = false, flag "tracing", Code, with with_tracing;
    /// Generate only operations with one of these tags (names or `*` globs, comma-separated or repeated).
    include_tags: Patterns = Patterns::default(), flag "include-tags", Selection, with with_include_tags;
    /// Leave out operations with any of these tags (wins over every include).
    exclude_tags: Patterns = Patterns::default(), flag "exclude-tags", Selection, with with_exclude_tags;
    /// Generate only these operations (operation ids or `*` globs); adds to `include-tags`.
    include_operations: Patterns = Patterns::default(), flag "include-operations", Selection, with with_include_operations;
    /// Leave out these operations (operation ids or `*` globs; wins over every include).
    exclude_operations: Patterns = Patterns::default(), flag "exclude-operations", Selection, with with_exclude_operations;
    /// Component schemas to keep: `reachable` (what the operations use), `all`, or `auto` (reachable with a selection).
    models: Models = Models::Auto, flag "models", Selection, with with_models;
    /// Server: a read-only property in a request body is ignored (`ignore`) or refused with a 422 (`reject`).
    read_only_in_requests: ReadOnlyInRequests = ReadOnlyInRequests::Ignore, flag "read-only-in-requests", Code, with with_read_only_in_requests;
    /// Webhooks and callbacks (module `webhooks`): `none`, `send` (a sender, like the client), `receive` (a receiver, like the server) or `both`.
    webhooks: Webhooks = Webhooks::None, flag "webhooks", Parts, with with_webhooks;
}

impl Settings {
    /// Whether the server is generated: asked for, or needed by the mock.
    pub fn serves(&self) -> bool {
        self.server || self.mock
    }

    /// Whether any operation selection is set.
    pub fn selects_operations(&self) -> bool {
        !(self.include_tags.is_empty()
            && self.exclude_tags.is_empty()
            && self.include_operations.is_empty()
            && self.exclude_operations.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_has_a_flag_that_sets_it() {
        let mut s = Settings::default();
        s.set("client", "").unwrap();
        s.set("enum-style", "closed").unwrap();
        s.set("date-time", "string").unwrap();
        s.set("derive", "Hash, Eq").unwrap();
        s.set("type-override", "Money=rust_decimal::Decimal")
            .unwrap();
        assert!(s.client);
        assert_eq!(s.enum_style, EnumStyle::Closed);
        assert_eq!(s.date_time, DateTimeType::String);
        assert_eq!(s.extra_derives, ["Hash", "Eq"]);
        assert_eq!(s.type_overrides["Money"], "rust_decimal::Decimal");
        assert!(s.set("derive", "not a path!").is_err());
        assert!(s.set("nope", "").is_err());
        s.set("allow-refs-outside", "../shared").unwrap();
        assert_eq!(
            s.allow_refs_outside,
            [std::path::PathBuf::from("../shared")]
        );
        assert!(s.set("allow-refs-outside", " ").is_err());
        s.set("deny-warnings", "").unwrap();
        assert!(s.deny_warnings);
        s.set("include-tags", "repos, issues").unwrap();
        s.set("include-tags", "users").unwrap();
        assert_eq!(s.include_tags.0, ["repos", "issues", "users"]);
        assert!(s.set("exclude-operations", " , ").is_err());
        s.set("models", "all").unwrap();
        assert_eq!(s.models, Models::All);
        assert!(s.set("models", "some").is_err());
        assert!(s.selects_operations());
        s.set("read-only-in-requests", "reject").unwrap();
        assert_eq!(s.read_only_in_requests, ReadOnlyInRequests::Reject);
        assert!(s.set("read-only-in-requests", "drop").is_err());
        s.set("webhooks", "receive").unwrap();
        assert!(s.webhooks.receive() && !s.webhooks.send());
        assert!(s.set("webhooks", "all").is_err());
        s.set("mock", "").unwrap();
        assert!(s.mock && s.serves() && !s.server);
        assert_eq!(OPTIONS.len(), 18);
    }
}
