//! Our own model of an API: a table of types with stable ids and names, and
//! the operations that use them. Emitters read only this, never the spec.

mod cycles;
mod dedupe;
mod directions;
pub mod naming;
pub mod paging;
mod path;
pub mod select;
mod serde_impls;
mod table;

pub use path::{PathTemplate, TemplatePart};
pub use serde_impls::{serde_impls, SerdeImpls};
pub use table::{TypeId, TypeTable};

use std::collections::BTreeMap;

/// The whole API, ready for the emitters.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    /// `info.version`, as written.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub types: TypeTable,
    pub operations: Vec<Operation>,
    /// Webhooks (3.1 `webhooks`) and callbacks (3.0 operation `callbacks`):
    /// requests the API's provider sends to its consumers, each with a
    /// synthetic path (`/{name}`), so the server emitter makes their
    /// receiver and the client emitter their sender. Empty unless some
    /// part of them is generated.
    pub webhooks: Vec<Operation>,
    /// How many webhook and callback operations the spec has that were not
    /// lowered (none of their parts is generated).
    pub skipped_webhooks: usize,
    /// Security schemes by their name in the spec, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// JSON text of the schemas the [`Keywords`] checks' `$ref`s reach,
    /// each at its pointer in the spec (`{"components": {"schemas": …}}`),
    /// so the server resolves them as the spec does; `{}` when none.
    pub keyword_schemas: String,
    /// `info.license`, `info.contact.url` and `externalDocs.url`: what a
    /// generated crate's manifest and docs say about the API.
    pub about: About,
    /// The document's `tags`, in spec order (operations name theirs in
    /// [`Operation::tags`]).
    pub tags: Vec<Tag>,
}

/// The spec's licence and links, for a generated crate's manifest.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// `info.license.identifier` (3.1), or a `name` that is an SPDX
    /// expression: what cargo's `license` field takes.
    pub license_spdx: Option<String>,
    /// `info.license.name`, as written.
    pub license_name: Option<String>,
    /// `info.license.url`.
    pub license_url: Option<String>,
    /// `info.contact.url`: the API's home page.
    pub homepage: Option<String>,
    /// `externalDocs.url`: the API's documentation.
    pub documentation: Option<String>,
}

/// A tag the document declares. OpenAPI 3.2 nests tags (`parent`) and
/// gives them a `summary` and a `kind` (`nav`, `badge`, `audience`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The name of the tag this one is nested in.
    pub parent: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

/// Documentation text taken from the spec (never turned into code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The spec's `example` (or first of `examples`), as compact JSON text.
    pub example: Option<String>,
}

impl Docs {
    /// Whether there is no title or description text (what `lines` would
    /// return nothing for), without building the lines.
    pub fn has_no_text(&self) -> bool {
        [&self.title, &self.description]
            .into_iter()
            .flatten()
            .all(|t| t.trim().is_empty())
    }

    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for text in [&self.title, &self.description].into_iter().flatten() {
            if !out.is_empty() {
                out.push(String::new());
            }
            out.extend(text.trim().lines().map(str::to_owned));
        }
        out
    }
}

/// A named type to generate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust identifier, unique in the table.
    pub name: String,
    /// JSON pointer of the schema the type comes from.
    pub origin: String,
    /// Declared for an inline schema (not a named component). Only these
    /// may become aliases of an identical earlier type (see `dedupe`).
    pub inline: bool,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Keywords of the schema the type does not express, which the server
    /// checks (see [`Keywords`]).
    pub keywords: Option<Keywords>,
}

/// A schema whose keywords the Rust type cannot express (`not`,
/// `if`/`then`/`else`, `prefixItems`, `patternProperties`,
/// `unevaluatedProperties`, a `const` object, …): the generated server
/// checks a value against the whole schema with its schema interpreter,
/// after the typed checks; `diff` compares the keywords one by one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Keywords {
    /// The schema as JSON text, annotations left out; its `$ref`s point
    /// into [`Api::keyword_schemas`].
    pub schema: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    IntEnum(IntEnum),
    Union(Union),
    /// A named schema that is an array, map or primitive: a type alias.
    Alias(Ty),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema: kept in a flattened map.
    pub additional: Option<Ty>,
    /// The Rust name of that map's field (no property takes it).
    pub additional_name: String,
    /// The JSON names of read-only properties this request form of a type
    /// leaves out (see `directions`): the server ignores or refuses them.
    pub read_only_dropped: Vec<String>,
    /// `additionalProperties: false` on the object itself: the server
    /// rejects properties it does not list. (Models still ignore unknown
    /// properties, so a client keeps working when a server adds some.)
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The property name in JSON.
    pub json_name: String,
    /// The Rust field name (snake_case, keyword-escaped, unique).
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Whether the spec lists the property as required. `required` says
    /// how the field is represented: a read-only or write-only property is
    /// required only in the form of its type for its direction (see
    /// `directions`).
    pub required_in_spec: bool,
    /// Set when the field refers back to its own struct and needs a Box.
    pub boxed: bool,
    /// The property's `default`, as compact JSON text.
    pub default: Option<String>,
    /// Where the property is written (for `diff`'s report).
    pub pointer: Place,
}

/// A JSON pointer to where an item is written in the spec. Not part of the
/// item's identity: two types that differ only in where their properties
/// are written still compare and hash equal, so repeated inline types are
/// merged exactly as before the pointer was kept.
#[derive(Debug, Clone, Default)]
pub struct Place(pub String);

impl PartialEq for Place {
    fn eq(&self, _: &Place) -> bool {
        true
    }
}

impl Eq for Place {}

impl std::hash::Hash for Place {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// How a field is represented, from its required/nullable pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Optional, not nullable: `Option<T>`, omitted when `None`.
    Optional,
    /// Required and nullable: `Option<T>`, always written.
    RequiredNullable,
    /// Optional and nullable: three states (absent, null, value).
    OptionalNullable,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (false, false) => Presence::Optional,
            (true, true) => Presence::RequiredNullable,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntEnum {
    pub repr: IntKind,
    pub variants: Vec<EnumVariant<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant<V> {
    pub value: V,
    /// Rust variant name (UpperCamelCase, unique in the enum).
    pub name: String,
    pub docs: Docs,
}

/// `oneOf`/`anyOf`: one of several shapes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// With a discriminator: the property that names the variant.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// Discriminator values that select this variant (tagged unions only).
    pub tag_values: Vec<String>,
    pub boxed: bool,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Named(TypeId),
    String,
    Bool,
    Int(IntKind),
    Float(FloatKind),
    DateTime,
    Date,
    Uuid,
    /// `format: byte`: base64 text in JSON.
    Bytes,
    /// Raw bytes (`format: binary`, octet-stream bodies).
    Binary,
    /// Free-form JSON.
    Any,
    /// A free-form object (`type: object` with nothing more).
    AnyObject,
    Array(Box<Ty>),
    Map(Box<Ty>),
    /// A nullable item or map value: `Option<T>`.
    Nullable(Box<Ty>),
    /// A string, number or array with limits from the schema (`maxLength`,
    /// `minimum`, `maxItems`, …). The Rust type is the inner one; the limits
    /// are enforced by the generated server.
    Limited(Box<Ty>, Box<Limits>),
}

/// Limits a schema puts on a value beyond its type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Limits {
    /// In characters (Unicode scalar values), as JSON Schema counts them.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<Number>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// A regular expression the string must match somewhere (JSON Schema
    /// patterns are not anchored); only patterns Rust's `regex` accepts.
    pub pattern: Option<String>,
    /// A string `format` the server checks on text typed as a plain string
    /// (`email`, `hostname`, `ipv4`, `ipv6`, `uri`, `time`, `duration`).
    pub format: Option<String>,
    /// Keywords only the server's schema interpreter checks.
    pub keywords: Option<Keywords>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bound {
    pub value: Number,
    pub exclusive: bool,
}

/// A number from a schema (a bound, a `multipleOf`). Equal and hashed by
/// value, so types that repeat a limit compare equal (`0.0` and `-0.0`
/// too); the spec's numbers are finite (JSON has no NaN).
#[derive(Debug, Clone, Copy, PartialOrd)]
pub struct Number(pub f64);

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.0 == other.0
    }
}

impl Eq for Number {}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // `+ 0.0` turns -0.0 into 0.0, which it equals.
        (self.0 + 0.0).to_bits().hash(state);
    }
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntKind {
    I32,
    I64,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    F32,
    F64,
}

impl Ty {
    /// Calls `f` on every named type this expression mentions.
    pub fn visit_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            Ty::Named(id) => f(*id),
            Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) | Ty::Limited(t, _) => t.visit_named(f),
            _ => {}
        }
    }

    /// Binary: one file (`format: binary`), or a list of them; what a
    /// multipart body sends as file parts. A list of lists is not: a part
    /// is one file, so it travels as JSON text like other fields.
    pub fn is_file(&self) -> bool {
        self.file_depth(0)
    }

    fn file_depth(&self, lists: u8) -> bool {
        match self.unlimited() {
            Ty::Binary => true,
            Ty::Nullable(item) => item.file_depth(lists),
            Ty::Array(item) if lists == 0 => item.file_depth(1),
            _ => false,
        }
    }

    /// The type without its limits (which only the server's checks use).
    pub fn unlimited(&self) -> &Ty {
        match self {
            Ty::Limited(t, _) => t.unlimited(),
            other => other,
        }
    }

    /// The named type reached without going through a heap container.
    pub fn direct_named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Nullable(t) | Ty::Limited(t, _) => t.direct_named(),
            _ => None,
        }
    }
}

/// An HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The `operationId`, or one made from method and path.
    pub id: String,
    /// Rust method name (snake_case, unique).
    pub name: String,
    pub method: Method,
    /// The path template as in the spec, e.g. `/contacts/{id}`.
    pub path: String,
    /// `path` parsed, or why it cannot be (an unmatched brace…).
    pub template: Result<PathTemplate, String>,
    pub pointer: String,
    pub docs: Docs,
    pub deprecated: bool,
    /// The operation's tags, in spec order (a crate's features follow them).
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives (any one suffices), each a set of scheme names; empty
    /// means no authentication.
    pub security: Vec<Vec<String>>,
    /// How the operation pages, when it is a list the client can stream
    /// (found by [`paging::detect_all`]).
    pub paging: Option<paging::Paging>,
    /// The operation's pagination extension, read by `load`.
    pub paging_hint: Option<PagingHint>,
    /// For a webhook or callback: its name and where it is delivered.
    pub hook: Option<Hook>,
}

/// An operation's pagination extension (`x-forge-pagination` or a peer's),
/// as `load` read it; `paging::detect_all` checks it against the types.
#[derive(Debug, Clone)]
pub struct PagingHint {
    /// `Ok(None)` turns paging off; `Err` says why the extension could not
    /// be read.
    pub read: Result<Option<PagingExtension>, String>,
    /// Where it is written, for the warning when it cannot be followed.
    pub pointer: String,
}

/// What a pagination extension asks for, in our terms.
#[derive(Debug, Clone)]
pub struct PagingExtension {
    pub kind: PagingKind,
    /// The query parameter that moves (page number, offset or cursor).
    pub param: String,
    /// The query parameter that sets the page size.
    pub size: Option<String>,
    /// The response field that holds the items.
    pub items: Option<String>,
    /// The response field that holds the next cursor.
    pub next: Option<String>,
}

/// How the next page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingKind {
    Page,
    Offset,
    Cursor,
    Link,
}

/// What makes an operation a webhook or a callback.
#[derive(Debug, Clone)]
pub struct Hook {
    /// The webhook's key in `webhooks`, or `OPERATION_ID.CALLBACK` for a
    /// callback: what a single-URL receiver picks a webhook by.
    pub name: String,
    /// A callback's URL as the spec writes it, a runtime expression such
    /// as `{$request.body#/callbackUrl}` (None for a webhook: the
    /// subscriber's URL is known to the provider alone).
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

impl Operation {
    /// The path template split into literals and parameters. A name no
    /// path parameter declares stays literal text (`{name}`), and so does
    /// a template that does not parse.
    pub fn path_parts(&self) -> Vec<PathPart> {
        let Ok(template) = &self.template else {
            return vec![PathPart::Literal(self.path.clone())];
        };
        let mut parts: Vec<PathPart> = Vec::new();
        let push_text = |parts: &mut Vec<PathPart>, text: &str| match parts.last_mut() {
            Some(PathPart::Literal(last)) => last.push_str(text),
            _ => parts.push(PathPart::Literal(text.to_owned())),
        };
        for part in template.parts() {
            match part {
                TemplatePart::Text(text) => push_text(&mut parts, &text),
                TemplatePart::Param(name) => match self
                    .params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.json_name == name)
                {
                    Some(i) => parts.push(PathPart::Param(i)),
                    None => push_text(&mut parts, &format!("{{{name}}}")),
                },
            }
        }
        parts
    }

    /// Responses with a 2xx status (or a 2XX range).
    /// The types a request carries: parameters and the body.
    pub fn request_tys(&self) -> impl Iterator<Item = &Ty> {
        let params = self.params.iter().map(|p| &p.ty);
        params.chain(self.body.iter().map(|b| &b.content.ty))
    }

    /// `` `PUT /contacts/{id}` ``: the operation as inline code for docs
    /// (a backtick in the path becomes `'`, so the code span holds).
    pub fn code_label(&self) -> String {
        format!("`{} {}`", self.method.as_str(), self.path.replace('`', "'"))
    }

    /// The types responses carry: bodies and headers.
    pub fn response_tys(&self) -> impl Iterator<Item = &Ty> {
        self.responses.iter().flat_map(|r| {
            let body = r.content.iter().map(|c| &c.ty);
            body.chain(r.headers.iter().map(|h| &h.ty))
        })
    }

    /// Every type the operation carries, to rewrite in place.
    pub fn tys_mut(&mut self) -> impl Iterator<Item = &mut Ty> {
        let params = self.params.iter_mut().map(|p| &mut p.ty);
        let body = self.body.iter_mut().map(|b| &mut b.content.ty);
        let responses = self.responses.iter_mut().flat_map(|r| {
            let body = r.content.iter_mut().map(|c| &mut c.ty);
            body.chain(r.headers.iter_mut().map(|h| &mut h.ty))
        });
        params.chain(body).chain(responses)
    }

    pub fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.status.is_success())
    }

    /// The body every success response has, when it is one a client reads
    /// as it arrives: bytes (a download) or server-sent events of one item
    /// type. Anything mixed (a JSON success beside it, two event types)
    /// is read whole.
    pub fn streamed_success(&self) -> Option<&Content> {
        let mut bodies = self.successes().map(|r| r.content.as_ref());
        let first = bodies.next()??;
        let streams = matches!(first.kind, ContentKind::Binary | ContentKind::EventStream);
        let same = bodies.all(|b| b.is_some_and(|b| b.kind == first.kind && b.ty == first.ty));
        (streams && same).then_some(first)
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub json_name: String,
    /// Rust argument name.
    pub name: String,
    pub location: ParamLocation,
    pub ty: Ty,
    pub required: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// `style: form, explode: true` (the default for query parameters).
    pub explode: bool,
    pub style: ParamStyle,
    /// The schema's `default`, as compact JSON text: documented on the
    /// client, applied by the server to an absent parameter.
    pub default: Option<String>,
    /// Where the parameter is declared, after following its `$ref` (for
    /// diagnostics about it, and `diff`'s places).
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Label,
    Matrix,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    pub content: Content,
    /// Where the body is written (after following its `$ref`).
    pub pointer: String,
    /// Every media type the spec offers, in spec order; `content` is the
    /// one generated.
    pub offered: Vec<String>,
}

/// A body with its media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub kind: ContentKind,
    pub ty: Ty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: an object, each property a part (binary
    /// properties as files).
    Multipart,
    Text,
    Binary,
    /// `text/event-stream` (a response): server-sent events, each event's
    /// `data` of `Content::ty` (the media type's `itemSchema`, else its
    /// `schema`; text when it has neither).
    EventStream,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub description: String,
    pub content: Option<Content>,
    pub headers: Vec<Header>,
    /// Where the response is written (after following its `$ref`).
    pub pointer: String,
    /// Every media type the spec offers, in spec order.
    pub offered: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub json_name: String,
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub docs: Docs,
    /// Where the header is written (after following its `$ref`).
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `2XX` and friends: the first digit.
    Range(u8),
    Default,
}

impl Status {
    /// The variant name both the client's error enums and the server's
    /// response enums start from (before making it unique): the reason
    /// phrase of a code, the class of a range, `Default` for `default`.
    pub fn variant_hint(self) -> String {
        match self {
            Status::Code(c) => match reason(c) {
                Some(r) => r.to_owned(),
                None => format!("Status {c}"),
            },
            Status::Range(1) => "Informational".to_owned(),
            Status::Range(2) => "Success".to_owned(),
            Status::Range(3) => "Redirection".to_owned(),
            Status::Range(4) => "ClientError".to_owned(),
            Status::Range(5) => "ServerError".to_owned(),
            Status::Range(d) => format!("Status {d}xx"),
            Status::Default => "Default".to_owned(),
        }
    }

    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(r) => r == 2,
            Status::Default => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes`.
    pub key: String,
    /// Rust name used for the credential (snake_case).
    pub name: String,
    pub docs: Docs,
    pub kind: SecurityKind,
    /// `deprecated: true` (OpenAPI 3.2).
    pub deprecated: bool,
    /// What an OAuth2 scheme says about getting a token.
    pub oauth2: Option<OAuth2>,
}

/// An OAuth2 scheme's flows and, from OpenAPI 3.2, where the authorization
/// server's metadata is (RFC 8414).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuth2 {
    pub flows: Vec<OAuthFlow>,
    /// `oauth2MetadataUrl`.
    pub metadata_url: Option<String>,
}

/// One OAuth2 flow, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// `implicit`, `password`, `clientCredentials`, `authorizationCode` or
    /// (3.2) `deviceAuthorization`.
    pub kind: String,
    pub authorization_url: Option<String>,
    /// `deviceAuthorizationUrl` (the device authorization flow).
    pub device_authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Each scope and what it allows, in spec order.
    pub scopes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
}

impl Api {
    /// Run `f` with the webhooks appended to the operations (for the
    /// passes that treat both alike), then put them back in their list.
    pub fn with_webhooks_as_operations<R>(&mut self, f: impl FnOnce(&mut Api) -> R) -> R {
        let count = self.operations.len();
        let webhooks = std::mem::take(&mut self.webhooks);
        self.operations.extend(webhooks);
        let out = f(self);
        self.webhooks = self.operations.split_off(count);
        out
    }
}

/// Break self-reference no Rust type can express (warned about in
/// `diags`), merge repeated inline types and box recursive fields.
pub fn finish(api: &mut Api, diags: &mut crate::diag::Diagnostics) {
    cycles::break_cycles(&mut api.types, diags);
    // Webhooks carry types as operations do (their payloads are requests,
    // their answers responses); paging is for lists a client reads, which
    // a webhook is not.
    api.with_webhooks_as_operations(directions::split);
    dedupe::merge_repeats(&mut api.types);
    box_recursion(&mut api.types);
    let mut problems = Vec::new();
    paging::detect_all(api, &mut problems);
    for (pointer, why) in problems {
        diags.warning(
            &pointer,
            format!(
                "the pagination extension is not followed ({why}); the operation gets no stream"
            ),
        );
    }
}

impl TypeKind {
    pub fn visit_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|fl| fl.ty.visit_named(f));
                if let Some(a) = &s.additional {
                    a.visit_named(f);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.visit_named(f)),
            TypeKind::Alias(t) => t.visit_named(f),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }

    /// Every type expression the definition holds (fields, the map of
    /// unlisted properties, variants, the alias target), to rewrite in place.
    pub fn tys_mut(&mut self) -> Vec<&mut Ty> {
        match self {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter_mut().map(|f| &mut f.ty);
                fields.chain(s.additional.iter_mut()).collect()
            }
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }

    /// Named types held inline (not behind Vec/Map), which make a cycle
    /// infinitely sized.
    fn direct_edges(&self) -> Vec<TypeId> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| f.ty.direct_named())
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.direct_named())
                .collect(),
            TypeKind::Alias(t) => t.direct_named().into_iter().collect(),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }
}

/// Box every inline field or variant that leads back to its own type.
fn box_recursion(types: &mut TypeTable) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|(_, d)| d.kind.direct_edges()).collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if !std::mem::replace(&mut seen[id.index()], true) {
                stack.extend(edges[id.index()].iter().copied());
            }
        }
        false
    };
    let mut to_box: BTreeMap<(usize, usize), ()> = BTreeMap::new();
    for (id, def) in types.iter() {
        let targets: Vec<Option<TypeId>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.direct_named()).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.direct_named()).collect(),
            _ => Vec::new(),
        };
        for (i, target) in targets.into_iter().enumerate() {
            if let Some(t) = target {
                if reaches(t, id) {
                    to_box.insert((id.index(), i), ());
                }
            }
        }
    }
    for (id, def) in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (i, f) in s.fields.iter_mut().enumerate() {
                    f.boxed = to_box.contains_key(&(id.index(), i));
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter_mut().enumerate() {
                    v.boxed = to_box.contains_key(&(id.index(), i));
                }
            }
            _ => {}
        }
    }
}

/// The standard reason phrase of a status code.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}
