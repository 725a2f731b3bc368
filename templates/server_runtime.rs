/// Limits for the generated server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Largest request body accepted; bigger bodies get `413 Payload Too Large`.
    pub max_body_bytes: usize,
    /// Longest request target (path and query) accepted; longer ones get
    /// `414 URI Too Long`.
    pub max_uri_bytes: usize,
    /// Largest total size of the request's headers (names, values and the
    /// `: ` and line end of each); bigger heads get `431 Request Header
    /// Fields Too Large`.
    pub max_header_bytes: usize,
}

impl ::std::default::Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1024 * 1024,
            max_uri_bytes: 8 * 1024,
            max_header_bytes: 32 * 1024,
        }
    }
}

impl ServerConfig {
    /// Sets the largest accepted request body, in bytes.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// Sets the longest accepted request target, in bytes.
    pub fn with_max_uri_bytes(mut self, max_uri_bytes: usize) -> Self {
        self.max_uri_bytes = max_uri_bytes;
        self
    }

    /// Sets the largest accepted total size of the headers, in bytes.
    pub fn with_max_header_bytes(mut self, max_header_bytes: usize) -> Self {
        self.max_header_bytes = max_header_bytes;
        self
    }
}

/// Why a request was refused before it reached the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectionKind {
    /// A credential the operation requires is missing or empty (401).
    Unauthorized,
    /// The body is not well-formed for its media type (400 unless the
    /// operation documents only 422).
    Malformed,
    /// The request is well-formed but breaks the spec (422 unless the
    /// operation documents only 400).
    Invalid,
    /// The body's media type is not the one the operation accepts (415).
    UnsupportedMediaType,
    /// The body is larger than [`ServerConfig::max_body_bytes`] (413).
    TooLarge,
    /// A path segment lacks the text around its parameter that the spec's
    /// path has (`{sid}.json` asked as `abc`), or no operation has the
    /// path: no such resource (404).
    NotFound,
    /// The path exists but no operation takes the method (405).
    MethodNotAllowed,
    /// The request target is longer than [`ServerConfig::max_uri_bytes`] (414).
    UriTooLong,
    /// The headers are larger than [`ServerConfig::max_header_bytes`] (431).
    HeadersTooLarge,
}

/// A request refused by the generated extraction layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub kind: RejectionKind,
    /// What went wrong, for people.
    pub message: ::std::string::String,
    /// The request field the error is about (`priority`,
    /// `custom_attributes[0].value`, a parameter or header name).
    pub field: ::std::option::Option<::std::string::String>,
}

impl Rejection {
    pub fn new(kind: RejectionKind, message: impl ::std::convert::Into<::std::string::String>) -> Self {
        Rejection {
            kind,
            message: message.into(),
            field: ::std::option::Option::None,
        }
    }

    pub fn with_field(mut self, field: impl ::std::convert::Into<::std::string::String>) -> Self {
        let field = field.into();
        self.field = if field.is_empty() {
            ::std::option::Option::None
        } else {
            ::std::option::Option::Some(field)
        };
        self
    }
}

/// Where an operation's documented error body keeps the message and the
/// field name. `status` is a code (`422`), a range digit (`4` for `4XX`) or
/// `0` for `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorShape {
    pub status: u16,
    pub message: &'static str,
    pub field: ::std::option::Option<&'static str>,
}

/// An error body keeping the message under `message` (and no field name).
pub const fn shape(status: u16, message: &'static str) -> ErrorShape {
    ErrorShape {
        status,
        message,
        field: ::std::option::Option::None,
    }
}

impl ErrorShape {
    /// The error body also names the offending field under `field`.
    pub const fn field(mut self, field: &'static str) -> Self {
        self.field = ::std::option::Option::Some(field);
        self
    }
}

/// An operation's policy: invalid requests get `invalid` (422 or 400),
/// malformed ones 400.
pub const fn policy(invalid: u16, shapes: &'static [ErrorShape]) -> ErrorPolicy {
    ErrorPolicy {
        invalid,
        malformed: 400,
        shapes,
    }
}

/// How one operation answers refused requests.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPolicy {
    /// Status for [`RejectionKind::Invalid`].
    pub invalid: u16,
    /// Status for [`RejectionKind::Malformed`].
    pub malformed: u16,
    /// The documented error bodies.
    pub shapes: &'static [ErrorShape],
}

impl ErrorPolicy {
    /// The JSON error response for a rejection: the documented error body
    /// when the operation has one with a message property, otherwise
    /// `{"message": ..., "field": ...}`.
    pub fn respond(&self, rejection: Rejection) -> ::axum::response::Response {
        let status = match rejection.kind {
            RejectionKind::Unauthorized => 401,
            RejectionKind::Malformed => self.malformed,
            RejectionKind::Invalid => self.invalid,
            RejectionKind::UnsupportedMediaType => 415,
            RejectionKind::TooLarge => 413,
            RejectionKind::NotFound => 404,
            RejectionKind::MethodNotAllowed => 405,
            RejectionKind::UriTooLong => 414,
            RejectionKind::HeadersTooLarge => 431,
        };
        let shape = self
            .shapes
            .iter()
            .find(|s| s.status == status)
            .or_else(|| self.shapes.iter().find(|s| s.status == status / 100))
            .or_else(|| self.shapes.iter().find(|s| s.status == 0))
            .copied()
            .unwrap_or(ErrorShape {
                status,
                message: "message",
                field: ::std::option::Option::Some("field"),
            });
        let mut body = ::serde_json::Map::new();
        body.insert(
            shape.message.to_owned(),
            ::serde_json::Value::String(rejection.message.clone()),
        );
        if let (::std::option::Option::Some(key), ::std::option::Option::Some(field)) = (shape.field, &rejection.field) {
            body.insert(key.to_owned(), ::serde_json::Value::String(field.clone()));
        }
        let mut response = json_response(status, "application/json", &::serde_json::Value::Object(body));
        // Kept on the response for layers that watch refusals (the mock
        // server records each as a contract violation).
        response.extensions_mut().insert(rejection);
        response
    }
}

/// A place in a request value that breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path segments, innermost first.
    segments: ::std::vec::Vec<PathSegment>,
    message: ::std::string::String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathSegment {
    Field(::std::string::String),
    Index(usize),
}

impl Violation {
    pub fn new(message: impl ::std::convert::Into<::std::string::String>) -> Self {
        Violation {
            segments: ::std::vec::Vec::new(),
            message: message.into(),
        }
    }

    /// The violation seen from the object holding `name`.
    pub fn in_field(mut self, name: &str) -> Self {
        self.segments.push(PathSegment::Field(name.to_owned()));
        self
    }

    /// The violation seen from the array holding item `index`.
    pub fn in_item(mut self, index: usize) -> Self {
        self.segments.push(PathSegment::Index(index));
        self
    }

    /// `custom_attributes[0].value`; empty for the root.
    pub fn path(&self) -> ::std::string::String {
        let mut out = ::std::string::String::new();
        for segment in self.segments.iter().rev() {
            match segment {
                PathSegment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSegment::Index(i) => out.push_str(&::std::format!("[{i}]")),
            }
        }
        out
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// A 422-style rejection naming the path.
    pub fn reject(self, what: &str) -> Rejection {
        let path = self.path();
        let message = if path.is_empty() {
            ::std::format!("{what}: {}", self.message)
        } else {
            ::std::format!("{what}: `{path}`: {}", self.message)
        };
        Rejection::new(RejectionKind::Invalid, message).with_field(path)
    }
}

/// The result of checking a value against its schema.
pub type Checked = ::std::result::Result<(), Violation>;

fn kind_of(value: &::serde_json::Value) -> &'static str {
    match value {
        ::serde_json::Value::Null => "null",
        ::serde_json::Value::Bool(_) => "a boolean",
        ::serde_json::Value::Number(_) => "a number",
        ::serde_json::Value::String(_) => "a string",
        ::serde_json::Value::Array(_) => "an array",
        ::serde_json::Value::Object(_) => "an object",
    }
}

/// An object, or a violation.
pub fn expect_object(
    value: &::serde_json::Value,
) -> ::std::result::Result<&::serde_json::Map<::std::string::String, ::serde_json::Value>, Violation> {
    match value {
        ::serde_json::Value::Object(map) => ::std::result::Result::Ok(map),
        other => ::std::result::Result::Err(Violation::new(::std::format!("expected an object, found {}", kind_of(other)))),
    }
}

pub fn expect_any_object(value: &::serde_json::Value) -> Checked {
    expect_object(value).map(|_| ())
}

pub fn expect_string(value: &::serde_json::Value) -> Checked {
    match value {
        ::serde_json::Value::String(_) => ::std::result::Result::Ok(()),
        other => ::std::result::Result::Err(Violation::new(::std::format!("expected a string, found {}", kind_of(other)))),
    }
}

pub fn expect_bool(value: &::serde_json::Value) -> Checked {
    match value {
        ::serde_json::Value::Bool(_) => ::std::result::Result::Ok(()),
        other => ::std::result::Result::Err(Violation::new(::std::format!("expected a boolean, found {}", kind_of(other)))),
    }
}

/// The value deserializes as `T` (numbers with their range, dates, UUIDs).
pub fn expect_type<T: ::serde::de::DeserializeOwned>(value: &::serde_json::Value) -> Checked {
    match T::deserialize(value) {
        ::std::result::Result::Ok(_) => ::std::result::Result::Ok(()),
        ::std::result::Result::Err(e) => ::std::result::Result::Err(Violation::new(e.to_string())),
    }
}

pub fn expect_array(value: &::serde_json::Value, item: impl Fn(&::serde_json::Value) -> Checked) -> Checked {
    match value {
        ::serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                item(v).map_err(|e| e.in_item(i))?;
            }
            ::std::result::Result::Ok(())
        }
        other => ::std::result::Result::Err(Violation::new(::std::format!("expected an array, found {}", kind_of(other)))),
    }
}

pub fn expect_map(value: &::serde_json::Value, item: impl Fn(&::serde_json::Value) -> Checked) -> Checked {
    for (k, v) in expect_object(value)? {
        item(v).map_err(|e| e.in_field(k))?;
    }
    ::std::result::Result::Ok(())
}

/// A string that is one of `values` (open enums accept unknown values when
/// reading responses, but a server rejects them).
pub fn expect_string_enum(value: &::serde_json::Value, values: &[&str]) -> Checked {
    match value {
        ::serde_json::Value::String(s) if values.contains(&s.as_str()) => ::std::result::Result::Ok(()),
        ::serde_json::Value::String(s) => ::std::result::Result::Err(Violation::new(::std::format!(
            "invalid value {s:?}, expected one of {}",
            values.join(", ")
        ))),
        other => ::std::result::Result::Err(Violation::new(::std::format!("expected a string, found {}", kind_of(other)))),
    }
}

pub fn expect_int_enum(value: &::serde_json::Value, values: &[i64]) -> Checked {
    let expected = || values.iter().map(|v| v.to_string()).collect::<::std::vec::Vec<_>>().join(", ");
    match value {
        ::serde_json::Value::Number(n) => match n.as_i64() {
            ::std::option::Option::Some(i) if values.contains(&i) => ::std::result::Result::Ok(()),
            _ => ::std::result::Result::Err(Violation::new(::std::format!("invalid value {n}, expected one of {}", expected()))),
        },
        other => ::std::result::Result::Err(Violation::new(::std::format!(
            "expected an integer (one of {}), found {}",
            expected(),
            kind_of(other)
        ))),
    }
}

pub fn expect_not_null(value: &::serde_json::Value) -> Checked {
    if value.is_null() {
        ::std::result::Result::Err(Violation::new("must not be null"))
    } else {
        ::std::result::Result::Ok(())
    }
}

/// The violation for a value that matched none of a union's variants.
pub fn no_variant(type_name: &str, reasons: &[(&str, Violation)]) -> Violation {
    let mut message = ::std::format!("does not match any variant of {type_name}");
    for (name, v) in reasons {
        let path = v.path();
        if path.is_empty() {
            message.push_str(&::std::format!("; as {name}: {}", v.message()));
        } else {
            message.push_str(&::std::format!("; as {name}: `{path}`: {}", v.message()));
        }
    }
    Violation::new(message)
}

/// How a parameter's text becomes JSON before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// Kept as a string.
    Text,
    /// A number when it parses as one.
    Number,
    /// `true`/`false` become booleans.
    Bool,
    /// Parsed as JSON when it parses, otherwise kept as a string.
    Json,
}

pub fn scalar_value(text: &str, kind: Scalar) -> ::serde_json::Value {
    let text_value = || ::serde_json::Value::String(text.to_owned());
    match kind {
        Scalar::Text => text_value(),
        Scalar::Number => match ::serde_json::from_str::<::serde_json::Value>(text.trim()) {
            ::std::result::Result::Ok(v @ ::serde_json::Value::Number(_)) => v,
            _ => text_value(),
        },
        Scalar::Bool => match text {
            "true" => ::serde_json::Value::Bool(true),
            "false" => ::serde_json::Value::Bool(false),
            _ => text_value(),
        },
        Scalar::Json => ::serde_json::from_str(text).unwrap_or_else(|_| text_value()),
    }
}

/// A parameter's JSON value from its raw occurrences: the first for a
/// scalar; for an array every occurrence (`explode`) or the first split at
/// `delimiter`. `None` when the parameter is absent.
pub fn param_value(
    raw: ::std::vec::Vec<::std::string::String>,
    array: ::std::option::Option<char>,
    explode: bool,
    kind: Scalar,
) -> ::std::option::Option<::serde_json::Value> {
    let first = raw.first()?.clone();
    ::std::option::Option::Some(match array {
        ::std::option::Option::None => scalar_value(&first, kind),
        ::std::option::Option::Some(_) if explode => {
            ::serde_json::Value::Array(raw.iter().map(|t| scalar_value(t, kind)).collect())
        }
        ::std::option::Option::Some(_) if first.is_empty() => ::serde_json::Value::Array(::std::vec::Vec::new()),
        ::std::option::Option::Some(delimiter) => {
            ::serde_json::Value::Array(first.split(delimiter).map(|t| scalar_value(t, kind)).collect())
        }
    })
}

/// Where a parameter (or an API key) is read from. An enum, so every place
/// is handled by name: nothing unknown falls through to a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    /// A part of a `multipart/form-data` body.
    Part,
}

impl Location {
    /// What a message calls a value from here: ``query parameter `limit` ``.
    fn describe(self, name: &str) -> ::std::string::String {
        match self {
            Location::Path => ::std::format!("path parameter `{name}`"),
            Location::Query => ::std::format!("query parameter `{name}`"),
            Location::Header => ::std::format!("header parameter `{name}`"),
            Location::Cookie => ::std::format!("cookie parameter `{name}`"),
            Location::Part => ::std::format!("multipart part `{name}`"),
        }
    }
}

/// Checks a parameter's value and converts it to its Rust type.
pub fn decode_param<T: ::serde::de::DeserializeOwned>(
    value: ::serde_json::Value,
    location: Location,
    name: &str,
    check: impl Fn(&::serde_json::Value) -> Checked,
) -> ::std::result::Result<T, Rejection> {
    let what = location.describe(name);
    if let ::std::result::Result::Err(v) = check(&value) {
        let path = v.path();
        // `ids[1]`, `filter.name`: as a JSON body's paths read.
        let field = if path.is_empty() {
            name.to_owned()
        } else if path.starts_with('[') {
            ::std::format!("{name}{path}")
        } else {
            ::std::format!("{name}.{path}")
        };
        return ::std::result::Result::Err(v.reject(&what).with_field(field));
    }
    ::serde_json::from_value(value).map_err(|e| {
        Rejection::new(RejectionKind::Invalid, ::std::format!("{what}: {e}")).with_field(name)
    })
}

/// The rejection for a required parameter that is absent.
pub fn missing_param(location: Location, name: &str) -> Rejection {
    Rejection::new(
        RejectionKind::Invalid,
        ::std::format!("missing required {}", location.describe(name)),
    )
    .with_field(name)
}

/// Percent-decoded path parameters, in template order.
pub async fn path_params(
    parts: &mut ::axum::http::request::Parts,
) -> ::std::result::Result<::std::vec::Vec<::std::string::String>, Rejection> {
    use ::axum::extract::FromRequestParts;
    match ::axum::extract::RawPathParams::from_request_parts(parts, &()).await {
        ::std::result::Result::Ok(params) => ::std::result::Result::Ok(params.iter().map(|(_, v)| v.to_owned()).collect()),
        ::std::result::Result::Err(e) => ::std::result::Result::Err(Rejection::new(RejectionKind::Invalid, e.body_text())),
    }
}

/// The path parameter at `index`, as the raw values of a parameter.
pub fn captured(path: &[::std::string::String], index: usize) -> ::std::vec::Vec<::std::string::String> {
    path.get(index).cloned().into_iter().collect()
}

/// Splits a path segment by the fixed text around and between its
/// parameters (`pieces` has one more entry than there are parameters).
/// Every parameter must be non-empty and ends at the first occurrence of the
/// text after it; `None` when the segment does not fit.
pub fn split_segment<'a>(value: &'a str, pieces: &[&str]) -> ::std::option::Option<::std::vec::Vec<&'a str>> {
    let (first, rest) = pieces.split_first()?;
    let (last, between) = rest.split_last()?;
    let mut rest = value.strip_prefix(first)?.strip_suffix(last)?;
    let mut parts = ::std::vec::Vec::with_capacity(between.len() + 1);
    for text in between {
        let first_len = rest.chars().next()?.len_utf8();
        let end = first_len + rest[first_len..].find(text)?;
        parts.push(&rest[..end]);
        rest = &rest[end + text.len()..];
    }
    if rest.is_empty() {
        return ::std::option::Option::None;
    }
    parts.push(rest);
    ::std::option::Option::Some(parts)
}

/// The decoded query string as name/value pairs, repeats kept.
pub fn query_pairs(
    parts: &::axum::http::request::Parts,
) -> ::std::result::Result<::std::vec::Vec<(::std::string::String, ::std::string::String)>, Rejection> {
    if parts.uri.query().is_none() {
        return ::std::result::Result::Ok(::std::vec::Vec::new());
    }
    ::axum::extract::Query::<::std::vec::Vec<(::std::string::String, ::std::string::String)>>::try_from_uri(&parts.uri)
        .map(|q| q.0)
        .map_err(|e| Rejection::new(RejectionKind::Malformed, e.body_text()))
}

pub fn query_values(
    pairs: &[(::std::string::String, ::std::string::String)],
    name: &str,
) -> ::std::vec::Vec<::std::string::String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

/// `deepObject` query parameters (`name[key]=value`) as a JSON object of strings.
pub fn deep_object(
    pairs: &[(::std::string::String, ::std::string::String)],
    name: &str,
) -> ::std::option::Option<::serde_json::Value> {
    let mut map = ::serde_json::Map::new();
    for (k, v) in pairs {
        if let ::std::option::Option::Some(key) = k.strip_prefix(name).and_then(|r| r.strip_prefix('[')).and_then(|r| r.strip_suffix(']')) {
            map.insert(key.to_owned(), ::serde_json::Value::String(v.clone()));
        }
    }
    if map.is_empty() {
        ::std::option::Option::None
    } else {
        ::std::option::Option::Some(::serde_json::Value::Object(map))
    }
}

/// The values of a header (case-insensitive name), each occurrence once.
pub fn header_values(parts: &::axum::http::request::Parts, name: &str) -> ::std::vec::Vec<::std::string::String> {
    parts
        .headers
        .iter()
        .filter(|(k, _)| k.as_str().eq_ignore_ascii_case(name))
        .filter_map(|(_, v)| v.to_str().ok().map(|s| s.trim().to_owned()))
        .collect()
}

/// A header parameter's field lines; for a list, joined into one (RFC 9110
/// 5.3: `X-Ids: 1` and `X-Ids: 2` mean `X-Ids: 1, 2`) with the spaces
/// around its commas trimmed. An empty value stays empty (an empty list).
fn header_items(parts: &::axum::http::request::Parts, p: Param) -> ::std::vec::Vec<::std::string::String> {
    let lines = header_values(parts, p.name);
    match p.array {
        ::std::option::Option::Some(delimiter) if !lines.is_empty() => {
            let items: ::std::vec::Vec<&str> = lines
                .iter()
                .filter(|line| !line.is_empty())
                .flat_map(|line| line.split(delimiter).map(str::trim))
                .collect();
            ::std::vec![items.join(&delimiter.to_string())]
        }
        _ => lines,
    }
}

/// The values of a cookie.
pub fn cookie_values(parts: &::axum::http::request::Parts, name: &str) -> ::std::vec::Vec<::std::string::String> {
    header_values(parts, "cookie")
        .iter()
        .flat_map(|h| h.split(';'))
        .filter_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_owned())
        })
        .collect()
}

/// An API key from a header, query parameter or cookie; `None` when absent or empty.
pub fn api_key(
    parts: &::axum::http::request::Parts,
    query: &[(::std::string::String, ::std::string::String)],
    location: Location,
    name: &str,
) -> ::std::option::Option<::std::string::String> {
    let values = match location {
        Location::Query => query_values(query, name),
        Location::Cookie => cookie_values(parts, name),
        Location::Header => header_values(parts, name),
        // OpenAPI puts API keys in a query, header or cookie only.
        Location::Path | Location::Part => ::std::vec::Vec::new(),
    };
    values.into_iter().find(|v| !v.is_empty())
}

/// The token of an `Authorization: Bearer ...` header.
pub fn bearer_token(parts: &::axum::http::request::Parts) -> ::std::option::Option<::std::string::String> {
    header_values(parts, "authorization").into_iter().find_map(|v| {
        let (scheme, token) = v.split_once(' ')?;
        let token = token.trim();
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
    })
}

/// User name and password of an `Authorization: Basic ...` header.
pub fn basic_credentials(
    parts: &::axum::http::request::Parts,
) -> ::std::option::Option<(::std::string::String, ::std::string::String)> {
    header_values(parts, "authorization").into_iter().find_map(|v| {
        let (scheme, encoded) = v.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return ::std::option::Option::None;
        }
        // The models' base64 support (`forge_support::Base64`) decodes it.
        let bytes = super::super::forge_support::Base64::decode(encoded.trim()).ok()?.0;
        let decoded = ::std::string::String::from_utf8(bytes).ok()?;
        let (user, password) = decoded.split_once(':')?;
        ::std::option::Option::Some((user.to_owned(), password.to_owned()))
    })
}

/// The whole body, refused with 413 past `limit` bytes.
pub async fn read_body(
    body: ::axum::body::Body,
    limit: usize,
) -> ::std::result::Result<::axum::body::Bytes, Rejection> {
    use ::axum::body::HttpBody;
    let too_large = || {
        Rejection::new(
            RejectionKind::TooLarge,
            ::std::format!("request body is larger than {limit} bytes"),
        )
    };
    if body.size_hint().lower() > limit as u64 {
        return ::std::result::Result::Err(too_large());
    }
    let mut body = body;
    let mut buffer: ::std::vec::Vec<u8> = ::std::vec::Vec::new();
    loop {
        let frame = ::std::future::poll_fn(|cx| ::std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            ::std::option::Option::None => break,
            ::std::option::Option::Some(::std::result::Result::Ok(frame)) => {
                if let ::std::result::Result::Ok(data) = frame.into_data() {
                    if buffer.len() + data.len() > limit {
                        return ::std::result::Result::Err(too_large());
                    }
                    buffer.extend_from_slice(&data);
                }
            }
            ::std::option::Option::Some(::std::result::Result::Err(e)) => {
                return ::std::result::Result::Err(Rejection::new(
                    RejectionKind::Malformed,
                    ::std::format!("could not read the request body: {e}"),
                ));
            }
        }
    }
    ::std::result::Result::Ok(::axum::body::Bytes::from(buffer))
}

/// Whether a media type (`application/json; charset=utf-8`) is accepted by
/// one the operation declares (`application/json`, `text/*`, `*/*`).
///
/// A body sent without a `Content-Type` is accepted where any type is
/// (`*/*`) and where bytes are (`application/octet-stream`, which HTTP
/// says a recipient may assume for an unlabelled body); elsewhere it is
/// refused.
pub fn media_type_matches(received: &str, declared: &str, json: bool) -> bool {
    let received = received.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let declared = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if declared == "*/*" {
        return true;
    }
    if received.is_empty() {
        return declared == "application/octet-stream";
    }
    if received == declared {
        return true;
    }
    if let ::std::option::Option::Some(prefix) = declared.strip_suffix("/*") {
        if received.split('/').next() == ::std::option::Option::Some(prefix) {
            return true;
        }
    }
    json && (received == "application/json" || received.ends_with("+json"))
}

/// Refuses a body whose `Content-Type` is not the declared one (415).
pub fn check_content_type(
    parts: &::axum::http::request::Parts,
    declared: &str,
    json: bool,
) -> ::std::result::Result<(), Rejection> {
    let received = header_values(parts, "content-type").into_iter().next().unwrap_or_default();
    if media_type_matches(&received, declared, json) {
        ::std::result::Result::Ok(())
    } else if received.is_empty() {
        ::std::result::Result::Err(Rejection::new(
            RejectionKind::UnsupportedMediaType,
            ::std::format!("missing Content-Type; expected {declared}"),
        ))
    } else {
        ::std::result::Result::Err(Rejection::new(
            RejectionKind::UnsupportedMediaType,
            ::std::format!("unsupported Content-Type {received:?}; expected {declared}"),
        ))
    }
}

/// The rejection for a required body that is empty.
pub fn missing_body() -> Rejection {
    Rejection::new(RejectionKind::Invalid, "the request body is required")
}

/// Parses, checks and converts a JSON body: 400 when it is not JSON, 422
/// (naming the field) when it breaks the schema.
pub fn decode_json<T: ::serde::de::DeserializeOwned>(
    bytes: &[u8],
    check: impl Fn(&::serde_json::Value) -> Checked,
) -> ::std::result::Result<T, Rejection> {
    let value: ::serde_json::Value = ::serde_json::from_slice(bytes).map_err(|e| {
        Rejection::new(RejectionKind::Malformed, ::std::format!("malformed JSON in the request body: {e}"))
    })?;
    check(&value).map_err(|v| v.reject("invalid request body"))?;
    ::serde_json::from_value(value).map_err(|e| {
        Rejection::new(RejectionKind::Invalid, ::std::format!("invalid request body: {e}"))
    })
}

/// Converts an `application/x-www-form-urlencoded` body.
pub async fn decode_form<T: ::serde::de::DeserializeOwned>(
    bytes: ::axum::body::Bytes,
    extensions: &::axum::http::Extensions,
) -> ::std::result::Result<T, Rejection> {
    use ::axum::extract::FromRequest;
    let mut request = ::axum::http::Request::builder()
        .method(::axum::http::Method::POST)
        .header(::axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(::axum::body::Body::from(bytes))
        .map_err(|e| Rejection::new(RejectionKind::Malformed, e.to_string()))?;
    // The bytes were read under `max_body_bytes` already. The original
    // request's extensions carry the router's `DefaultBodyLimit::disable()`,
    // without which axum would cut the body again at its default 2 MiB.
    *request.extensions_mut() = extensions.clone();
    match ::axum::Form::<T>::from_request(request, &()).await {
        ::std::result::Result::Ok(form) => ::std::result::Result::Ok(form.0),
        ::std::result::Result::Err(e) => ::std::result::Result::Err(Rejection::new(RejectionKind::Invalid, e.body_text())),
    }
}

/// A text body (UTF-8).
pub fn decode_text(bytes: ::axum::body::Bytes) -> ::std::result::Result<::std::string::String, Rejection> {
    ::std::string::String::from_utf8(bytes.to_vec())
        .map_err(|_| Rejection::new(RejectionKind::Malformed, "the request body is not valid UTF-8"))
}

/// A status code; out-of-range numbers become 500.
pub fn status(code: u16) -> ::axum::http::StatusCode {
    ::axum::http::StatusCode::from_u16(code).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}

fn with_content_type(mut response: ::axum::response::Response, media_type: &str) -> ::axum::response::Response {
    if let ::std::result::Result::Ok(value) = ::axum::http::HeaderValue::from_str(media_type) {
        response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, value);
    }
    response
}

/// A JSON response; a body that cannot be serialized gives a 500.
pub fn json_response<T: ::serde::Serialize>(code: u16, media_type: &str, body: &T) -> ::axum::response::Response {
    match ::serde_json::to_vec(body) {
        ::std::result::Result::Ok(bytes) => bytes_response(code, media_type, bytes),
        ::std::result::Result::Err(e) => {
            let mut response = ::axum::response::IntoResponse::into_response(::std::format!("could not serialize the response: {e}"));
            *response.status_mut() = ::axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

/// An `application/json` response.
pub fn json<T: ::serde::Serialize>(code: u16, body: &T) -> ::axum::response::Response {
    json_response(code, "application/json", body)
}

pub fn bytes_response(
    code: u16,
    media_type: &str,
    body: impl ::std::convert::Into<::axum::body::Body>,
) -> ::axum::response::Response {
    let mut response = ::axum::response::Response::new(body.into());
    *response.status_mut() = status(code);
    with_content_type(response, media_type)
}

pub fn form_response<T: ::serde::Serialize>(code: u16, body: T) -> ::axum::response::Response {
    let mut response = ::axum::response::IntoResponse::into_response(::axum::Form(body));
    if response.status().is_success() {
        *response.status_mut() = status(code);
    }
    response
}

pub fn empty_response(code: u16) -> ::axum::response::Response {
    let mut response = ::axum::response::Response::new(::axum::body::Body::empty());
    *response.status_mut() = status(code);
    response
}

/// A header value's text: strings as they are, numbers and booleans as
/// JSON, arrays joined with commas; `None` when it cannot be a header.
pub fn header_text<T: ::serde::Serialize>(value: &T) -> ::std::option::Option<::std::string::String> {
    fn text(v: &::serde_json::Value) -> ::std::string::String {
        match v {
            ::serde_json::Value::String(s) => s.clone(),
            ::serde_json::Value::Array(items) => items.iter().map(text).collect::<::std::vec::Vec<_>>().join(","),
            other => other.to_string(),
        }
    }
    match ::serde_json::to_value(value).ok()? {
        ::serde_json::Value::Null => ::std::option::Option::None,
        v => ::std::option::Option::Some(text(&v)),
    }
}

/// Adds a header when both name and value are valid.
pub fn add_header(
    response: &mut ::axum::response::Response,
    name: &str,
    value: ::std::option::Option<::std::string::String>,
) {
    let ::std::option::Option::Some(value) = value else {
        return;
    };
    if let (::std::result::Result::Ok(name), ::std::result::Result::Ok(value)) = (
        ::axum::http::HeaderName::from_bytes(name.as_bytes()),
        ::axum::http::HeaderValue::from_str(&value),
    ) {
        response.headers_mut().append(name, value);
    }
}

/// The check for a read-only property sent in a request when the server
/// refuses them (`--read-only-in-requests reject`).
pub fn read_only_property(_value: &::serde_json::Value) -> Checked {
    ::std::result::Result::Err(Violation::new("read-only property: a request cannot set it"))
}

/// Accepts any value (a schema without constraints).
pub fn accept_any(_value: &::serde_json::Value) -> Checked {
    ::std::result::Result::Ok(())
}

/// A check for arrays whose items pass `item`.
pub fn array(item: impl Fn(&::serde_json::Value) -> Checked) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| expect_array(v, &item)
}

/// A check for objects whose values pass `item` (`additionalProperties`).
pub fn map(item: impl Fn(&::serde_json::Value) -> Checked) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| expect_map(v, &item)
}

/// A check that accepts `null` and otherwise applies `item`.
pub fn nullable(item: impl Fn(&::serde_json::Value) -> Checked) -> impl Fn(&::serde_json::Value) -> Checked {
    move |v| if v.is_null() { ::std::result::Result::Ok(()) } else { item(v) }
}

/// A check of one value.
pub type Check<'a> = &'a dyn Fn(&::serde_json::Value) -> Checked;

/// Checks an object against its properties, each `(name, required, check)`.
pub fn object(value: &::serde_json::Value, fields: &[(&str, bool, Check<'_>)]) -> Checked {
    object_fields(value, fields, ::std::option::Option::None)
}

/// Like [`object`]; `additional` checks the values of properties not listed.
pub fn object_with(value: &::serde_json::Value, fields: &[(&str, bool, Check<'_>)], additional: Check<'_>) -> Checked {
    object_fields(value, fields, ::std::option::Option::Some(additional))
}

fn object_fields(
    value: &::serde_json::Value,
    fields: &[(&str, bool, Check<'_>)],
    additional: ::std::option::Option<Check<'_>>,
) -> Checked {
    let object = expect_object(value)?;
    for (name, required, check) in fields {
        match object.get(*name) {
            ::std::option::Option::Some(v) => check(v).map_err(|e| e.in_field(name))?,
            ::std::option::Option::None if *required => {
                return ::std::result::Result::Err(Violation::new("missing required property").in_field(name));
            }
            ::std::option::Option::None => {}
        }
    }
    if let ::std::option::Option::Some(check) = additional {
        for (key, v) in object {
            if !fields.iter().any(|(name, _, _)| name == key) {
                check(v).map_err(|e| e.in_field(key))?;
            }
        }
    }
    ::std::result::Result::Ok(())
}

/// Checks a value against a union's variants `(label, check)`: the first
/// that accepts it wins; otherwise the violation lists why each failed.
pub fn one_of(value: &::serde_json::Value, type_name: &str, variants: &[(&str, Check<'_>)]) -> Checked {
    let mut reasons = ::std::vec::Vec::new();
    for (label, check) in variants {
        match check(value) {
            ::std::result::Result::Ok(()) => return ::std::result::Result::Ok(()),
            ::std::result::Result::Err(e) => reasons.push((*label, e)),
        }
    }
    ::std::result::Result::Err(no_variant(type_name, &reasons))
}

/// Checks a union with a discriminator: the property `tag` must be a string
/// naming a variant (`(values, check)`; the first variant claiming a value
/// wins), and only that variant's check applies.
pub fn tagged(value: &::serde_json::Value, tag: &str, variants: &[(&[&str], Check<'_>)]) -> Checked {
    let object = expect_object(value)?;
    let found = match object.get(tag) {
        ::std::option::Option::Some(::serde_json::Value::String(s)) => s,
        ::std::option::Option::Some(other) => {
            return ::std::result::Result::Err(Violation::new(::std::format!("expected a string, found {}", kind_of(other))).in_field(tag));
        }
        ::std::option::Option::None => {
            return ::std::result::Result::Err(Violation::new("missing required property").in_field(tag));
        }
    };
    match variants.iter().find(|(values, _)| values.contains(&found.as_str())) {
        ::std::option::Option::Some((_, check)) => check(value),
        ::std::option::Option::None => {
            let known: ::std::vec::Vec<&str> = variants.iter().flat_map(|(values, _)| values.iter().copied()).collect();
            ::std::result::Result::Err(
                Violation::new(::std::format!("unknown value {found:?}; expected one of {}", known.join(", "))).in_field(tag),
            )
        }
    }
}

/// Where a parameter is read from and how its text is split and typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    location: Location,
    name: &'static str,
    /// The capture index, for path parameters.
    index: usize,
    array: ::std::option::Option<char>,
    explode: bool,
    kind: Scalar,
    deep: bool,
    /// For a path parameter that shares its segment with fixed text or
    /// other parameters: the segment as written, the text pieces around and
    /// between its parameters, and which parameter this is.
    within: ::std::option::Option<(&'static str, &'static [&'static str], usize)>,
}

const fn param(location: Location, name: &'static str, index: usize, explode: bool) -> Param {
    Param {
        location,
        name,
        index,
        array: ::std::option::Option::None,
        explode,
        kind: Scalar::Text,
        deep: false,
        within: ::std::option::Option::None,
    }
}

/// The path parameter `name`, captured at `index` in the route.
pub const fn path(name: &'static str, index: usize) -> Param {
    param(Location::Path, name, index, false)
}

impl Param {
    /// A path parameter that shares its segment with fixed text or other
    /// parameters, as in `/calls/{sid}.json` or `/compare/{base}...{head}`:
    /// the route captures the whole segment, and the text is checked and
    /// the segment split here. `pieces` is the text around and between the
    /// parameters (`["", "...", ""]`); this is parameter number `position`.
    pub const fn within(mut self, segment: &'static str, pieces: &'static [&'static str], position: usize) -> Param {
        self.within = ::std::option::Option::Some((segment, pieces, position));
        self
    }
}

/// A path parameter the route does not capture (always missing).
pub const fn uncaptured(name: &'static str) -> Param {
    param(Location::Path, name, usize::MAX, false)
}

/// A query parameter (`style: form`, `explode: true` unless changed).
pub const fn query(name: &'static str) -> Param {
    param(Location::Query, name, 0, true)
}

pub const fn header(name: &'static str) -> Param {
    param(Location::Header, name, 0, false)
}

pub const fn cookie(name: &'static str) -> Param {
    param(Location::Cookie, name, 0, false)
}

impl Param {
    /// An array parameter whose items are split at `delimiter` (unless exploded).
    pub const fn list(mut self, delimiter: char) -> Self {
        self.array = ::std::option::Option::Some(delimiter);
        self
    }

    pub const fn explode(mut self, explode: bool) -> Self {
        self.explode = explode;
        self
    }

    /// Values that are numbers when they parse as one.
    pub const fn number(mut self) -> Self {
        self.kind = Scalar::Number;
        self
    }

    /// Values `true`/`false` are booleans.
    pub const fn boolean(mut self) -> Self {
        self.kind = Scalar::Bool;
        self
    }

    /// Values parsed as JSON when they parse.
    pub const fn json(mut self) -> Self {
        self.kind = Scalar::Json;
        self
    }

    /// A `deepObject` query parameter (`name[key]=value`).
    pub const fn deep(mut self) -> Self {
        self.deep = true;
        self
    }
}

/// The parts of a request the extraction layer reads parameters,
/// credentials and the body from.
#[derive(Debug)]
pub struct Input {
    pub parts: ::axum::http::request::Parts,
    pub query: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    pub path: ::std::vec::Vec<::std::string::String>,
    body: ::std::option::Option<::axum::body::Body>,
    max_body_bytes: usize,
}

impl Input {
    /// Splits the request; the query string and path captures are parsed
    /// only when the operation has such parameters.
    pub async fn new(
        request: ::axum::extract::Request,
        config: &ServerConfig,
        query: bool,
        path: bool,
    ) -> ::std::result::Result<Self, Rejection> {
        let (mut parts, body) = request.into_parts();
        let query = if query { query_pairs(&parts)? } else { ::std::vec::Vec::new() };
        let path = if path { path_params(&mut parts).await? } else { ::std::vec::Vec::new() };
        ::std::result::Result::Ok(Input {
            parts,
            query,
            path,
            body: ::std::option::Option::Some(body),
            max_body_bytes: config.max_body_bytes,
        })
    }

    /// An API key from a header, query parameter or cookie; `None` when absent or empty.
    pub fn api_key(&self, location: Location, name: &str) -> ::std::option::Option<::std::string::String> {
        api_key(&self.parts, &self.query, location, name)
    }

    pub fn bearer_token(&self) -> ::std::option::Option<::std::string::String> {
        bearer_token(&self.parts)
    }

    pub fn basic_credentials(&self) -> ::std::option::Option<(::std::string::String, ::std::string::String)> {
        basic_credentials(&self.parts)
    }

    /// A parameter checked against its schema and converted; `None` when absent.
    pub fn optional<T: ::serde::de::DeserializeOwned>(
        &self,
        p: Param,
        check: impl Fn(&::serde_json::Value) -> Checked,
    ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
        let value = match p.location {
            Location::Query if p.deep => deep_object(&self.query, p.name),
            Location::Query => param_value(query_values(&self.query, p.name), p.array, p.explode, p.kind),
            Location::Path => param_value(self.captured(p)?, p.array, false, p.kind),
            Location::Cookie => param_value(cookie_values(&self.parts, p.name), p.array, false, p.kind),
            Location::Header => param_value(header_items(&self.parts, p), p.array, false, p.kind),
            // Parts are read by `Form`, never through a `Param`.
            Location::Part => ::std::option::Option::None,
        };
        match value {
            ::std::option::Option::Some(value) => decode_param(value, p.location, p.name, check).map(::std::option::Option::Some),
            ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
        }
    }

    /// A path capture, cut out of its segment when it shares it.
    fn captured(&self, p: Param) -> ::std::result::Result<::std::vec::Vec<::std::string::String>, Rejection> {
        let mut values = captured(&self.path, p.index);
        let ::std::option::Option::Some((segment, pieces, position)) = p.within else {
            return ::std::result::Result::Ok(values);
        };
        for value in &mut values {
            let part = split_segment(value, pieces)
                .and_then(|parts| parts.get(position).copied())
                .ok_or_else(|| {
                    Rejection::new(
                        RejectionKind::NotFound,
                        ::std::format!("no resource at this path (expected `{segment}`)"),
                    )
                })?;
            *value = part.to_owned();
        }
        ::std::result::Result::Ok(values)
    }

    /// A required parameter: missing is a rejection.
    pub fn required<T: ::serde::de::DeserializeOwned>(
        &self,
        p: Param,
        check: impl Fn(&::serde_json::Value) -> Checked,
    ) -> ::std::result::Result<T, Rejection> {
        self.optional(p, check)?.ok_or_else(|| missing_param(p.location, p.name))
    }

    /// The body's bytes (read once), `None` when empty; a non-empty body
    /// must have the declared media type (`json`: any JSON media type fits).
    async fn read(&mut self, media_type: &str, json: bool) -> ::std::result::Result<::std::option::Option<::axum::body::Bytes>, Rejection> {
        let body = self.body.take().unwrap_or_default();
        let bytes = read_body(body, self.max_body_bytes).await?;
        if bytes.is_empty() {
            return ::std::result::Result::Ok(::std::option::Option::None);
        }
        check_content_type(&self.parts, media_type, json)?;
        ::std::result::Result::Ok(::std::option::Option::Some(bytes))
    }

    /// A binary body.
    pub async fn bytes_body(&mut self, media_type: &str) -> ::std::result::Result<::std::option::Option<::axum::body::Bytes>, Rejection> {
        self.read(media_type, false).await
    }

    /// A JSON body, checked against its schema and converted.
    pub async fn json_body<T: ::serde::de::DeserializeOwned>(
        &mut self,
        media_type: &str,
        check: impl Fn(&::serde_json::Value) -> Checked,
    ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
        match self.read(media_type, true).await? {
            ::std::option::Option::Some(bytes) => decode_json(&bytes, check).map(::std::option::Option::Some),
            ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
        }
    }

    /// An `application/x-www-form-urlencoded` body.
    pub async fn form_body<T: ::serde::de::DeserializeOwned>(
        &mut self,
        media_type: &str,
    ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
        match self.read(media_type, false).await? {
            ::std::option::Option::Some(bytes) => decode_form(bytes, &self.parts.extensions).await.map(::std::option::Option::Some),
            ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
        }
    }

    /// A text body (UTF-8).
    pub async fn text_body(&mut self, media_type: &str) -> ::std::result::Result<::std::option::Option<::std::string::String>, Rejection> {
        match self.read(media_type, false).await? {
            ::std::option::Option::Some(bytes) => decode_text(bytes).map(::std::option::Option::Some),
            ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
        }
    }
}

/// A required body: empty is a rejection.
pub fn require<T>(body: ::std::option::Option<T>) -> ::std::result::Result<T, Rejection> {
    body.ok_or_else(missing_body)
}

/// The rejection for credentials that are missing or empty.
pub fn unauthorized(message: &str) -> Rejection {
    Rejection::new(RejectionKind::Unauthorized, message)
}

/// The answer to a request for a path no operation has (the router's
/// fallback), in the spec's error shape.
pub fn not_found(policy: &ErrorPolicy) -> ::axum::response::Response {
    policy.respond(Rejection::new(RejectionKind::NotFound, "no operation at this path"))
}

/// The answer to a method the path does not serve, in the spec's error
/// shape (axum adds the `Allow` header).
pub fn method_not_allowed(policy: &ErrorPolicy) -> ::axum::response::Response {
    policy.respond(Rejection::new(RejectionKind::MethodNotAllowed, "the path does not serve this method"))
}

/// Refuses, in the spec's error shape, a request whose target or headers
/// are larger than `config` allows (414, 431); passes others on. The
/// connection's own limit (hyper's buffer, about 400 KiB) stays the hard
/// backstop, so the limits here should stay below it.
// axum's `map_request` takes a `Result` whose error is the response itself.
#[allow(clippy::result_large_err)]
pub fn check_head(
    policy: &ErrorPolicy,
    config: &ServerConfig,
    request: ::axum::extract::Request,
) -> ::std::result::Result<::axum::extract::Request, ::axum::response::Response> {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > config.max_uri_bytes {
        let message = ::std::format!("the request target is {target} bytes; at most {} are accepted", config.max_uri_bytes);
        return ::std::result::Result::Err(policy.respond(Rejection::new(RejectionKind::UriTooLong, message)));
    }
    let size = |(name, value): (&::axum::http::HeaderName, &::axum::http::HeaderValue)| name.as_str().len() + value.len() + 4;
    let headers: usize = request.headers().iter().map(size).sum();
    if headers > config.max_header_bytes {
        // The largest header is named (and is the error's field), so the
        // client knows which one to cut.
        let largest = request.headers().iter().max_by_key(|&header| size(header));
        let mut message = ::std::format!("the headers are {headers} bytes; at most {} are accepted", config.max_header_bytes);
        let mut rejection = Rejection::new(RejectionKind::HeadersTooLarge, "");
        if let ::std::option::Option::Some(header) = largest {
            message.push_str(&::std::format!(" (the largest, `{}`, is {} bytes)", header.0, size(header)));
            rejection = rejection.with_field(header.0.as_str());
        }
        rejection.message = message;
        return ::std::result::Result::Err(policy.respond(rejection));
    }
    ::std::result::Result::Ok(request)
}

/// The response for a handler's outcome: the trait method's response, or
/// the rejection in the operation's error shape.
pub fn finish<R: ::axum::response::IntoResponse>(
    policy: &ErrorPolicy,
    result: ::std::result::Result<R, Rejection>,
) -> ::axum::response::Response {
    match result {
        ::std::result::Result::Ok(response) => response.into_response(),
        ::std::result::Result::Err(rejection) => policy.respond(rejection),
    }
}

#[cfg(test)]
mod runtime_tests {
    use super::*;
    use ::axum::body::Body;
    use ::axum::http::request::Parts;
    use ::axum::http::Request;
    use ::axum::response::Response;
    use ::serde_json::{json, Value};
    use ::std::collections::BTreeMap;
    use ::std::sync::{Arc, Mutex};

    // ---- helpers ----

    fn parts_with(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap().into_parts().0
    }

    fn parts(uri: &str) -> Parts {
        parts_with(uri, &[])
    }

    fn request(uri: &str, headers: &[(&str, &str)], body: impl Into<Body>) -> Request<Body> {
        let mut builder = Request::builder().method("POST").uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.into()).unwrap()
    }

    async fn input_with(request: Request<Body>, max_body_bytes: usize) -> Input {
        let config = ServerConfig::default().with_max_body_bytes(max_body_bytes);
        Input::new(request, &config, true, false).await.unwrap()
    }

    async fn input(uri: &str, headers: &[(&str, &str)]) -> Input {
        input_with(request(uri, headers, Body::empty()), 1024).await
    }

    async fn body_bytes(response: Response) -> ::std::vec::Vec<u8> {
        ::axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    async fn body_json(response: Response) -> Value {
        ::serde_json::from_slice(&body_bytes(response).await).unwrap()
    }

    fn content_type(response: &Response) -> Option<&str> {
        response
            .headers()
            .get(::axum::http::header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap())
    }

    fn vals(items: &[&str]) -> ::std::vec::Vec<::std::string::String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// The request as a generated router's handler receives it: with the
    /// extensions its layers add (`DefaultBodyLimit::disable()`).
    pub(super) async fn through_generated_router(request: Request<Body>) -> Request<Body> {
        let seen: Arc<Mutex<Option<Request<Body>>>> = Arc::new(Mutex::new(None));
        let store = seen.clone();
        let router = ::axum::Router::new()
            .fallback(move |request: ::axum::extract::Request| {
                let store = store.clone();
                async move {
                    *store.lock().unwrap() = Some(request);
                    "ok"
                }
            })
            .layer(::axum::extract::DefaultBodyLimit::disable());
        let response = call(router, request).await;
        assert_eq!(response.status(), 200);
        let routed = seen.lock().unwrap().take();
        routed.expect("handler ran")
    }

    /// Runs a request through a service (a router) the way a server does.
    async fn call<S>(mut service: S, request: Request<Body>) -> Response
    where
        S: ::axum::ServiceExt<
            Request<Body>,
            Response = Response,
            Error = ::std::convert::Infallible,
        >,
    {
        ::std::future::poll_fn(|cx| service.poll_ready(cx))
            .await
            .unwrap();
        service.call(request).await.unwrap()
    }

    type Captures = Result<Vec<String>, Rejection>;

    /// The path parameters a router with `template` captures for `uri`.
    async fn routed_path(template: &str, uri: &str) -> Captures {
        let seen: Arc<Mutex<Option<Captures>>> = Arc::new(Mutex::new(None));
        let store = seen.clone();
        let router = ::axum::Router::new().route(
            template,
            ::axum::routing::get(move |request: ::axum::extract::Request| {
                let store = store.clone();
                async move {
                    let (mut parts, _) = request.into_parts();
                    let result = path_params(&mut parts).await;
                    *store.lock().unwrap() = Some(result);
                    "ok"
                }
            }),
        );
        let response = call(router, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(
            response.status(),
            200,
            "route {template} did not match {uri}"
        );
        let result = seen.lock().unwrap().take();
        result.expect("handler ran")
    }

    const PLAIN: ErrorPolicy = policy(422, &[]);

    // ---- configuration and rejections ----

    #[test]
    fn server_config_defaults_to_one_mebibyte() {
        assert_eq!(ServerConfig::default().max_body_bytes, 1_048_576);
        assert_eq!(
            ServerConfig::default()
                .with_max_body_bytes(10)
                .max_body_bytes,
            10
        );
    }

    #[tokio::test]
    async fn a_long_target_or_a_large_head_is_refused_in_the_spec_shape() {
        const SHAPED: ErrorPolicy = policy(422, &[shape(4, "error")]);
        let config = ServerConfig::default()
            .with_max_uri_bytes(20)
            .with_max_header_bytes(40);
        let request = |uri: &str, header: &str| {
            Request::builder()
                .uri(uri)
                .header("x-a", header)
                .body(Body::empty())
                .unwrap()
        };
        // At the limits: passed on. `/?q=` and 16 bytes is 20;
        // `x-a: ` + 33 bytes + line end is 40.
        let at_limit = request("/?q=0123456789abcdef", &"v".repeat(33));
        assert!(check_head(&SHAPED, &config, at_limit).is_ok());

        let long = check_head(&SHAPED, &config, request("/?q=0123456789abcdefg", "v")).unwrap_err();
        assert_eq!(long.status(), 414);
        let body = body_json(long).await;
        assert!(body["error"].as_str().unwrap().contains("21 bytes"), "{body}");

        let large = check_head(&SHAPED, &config, request("/", &"v".repeat(34))).unwrap_err();
        assert_eq!(large.status(), 431);
        let message = body_json(large).await["error"].as_str().unwrap().to_owned();
        assert!(message.contains("are 41 bytes"), "{message}");
        assert!(message.contains("the largest, `x-a`, is 41 bytes"), "{message}");

        // With a field in the shape, the largest header is the field.
        const FIELDED: ErrorPolicy = policy(422, &[shape(431, "message").field("field")]);
        let mut two = request("/", &"v".repeat(20));
        two.headers_mut().insert("x-big", ::axum::http::HeaderValue::from_static("0123456789012345678901234"));
        let large = check_head(&FIELDED, &config, two).unwrap_err();
        let body = body_json(large).await;
        assert_eq!(body["field"], "x-big", "{body}");
    }

    #[test]
    fn rejection_with_empty_field_has_no_field() {
        let r = Rejection::new(RejectionKind::Invalid, "bad").with_field("");
        assert_eq!(r.field, None);
        assert_eq!(r.message, "bad");
        let r = Rejection::new(RejectionKind::Invalid, "bad").with_field("name");
        assert_eq!(r.field.as_deref(), Some("name"));
    }

    #[test]
    fn policy_defaults_malformed_to_400() {
        let p = policy(400, &[]);
        assert_eq!(p.invalid, 400);
        assert_eq!(p.malformed, 400);
        assert!(p.shapes.is_empty());
        let s = shape(422, "detail").field("loc");
        assert_eq!(
            s,
            ErrorShape {
                status: 422,
                message: "detail",
                field: Some("loc")
            }
        );
        assert_eq!(shape(0, "m").field, None);
    }

    #[tokio::test]
    async fn respond_maps_each_kind_to_its_status() {
        let cases = [
            (RejectionKind::Unauthorized, 401),
            (RejectionKind::Malformed, 400),
            (RejectionKind::Invalid, 422),
            (RejectionKind::UnsupportedMediaType, 415),
            (RejectionKind::TooLarge, 413),
            (RejectionKind::NotFound, 404),
        ];
        for (kind, code) in cases {
            let response = PLAIN.respond(Rejection::new(kind, "why").with_field("where"));
            assert_eq!(response.status().as_u16(), code, "{kind:?}");
            assert_eq!(content_type(&response), Some("application/json"));
            assert_eq!(
                body_json(response).await,
                json!({"message": "why", "field": "where"})
            );
        }
    }

    #[tokio::test]
    async fn respond_invalid_follows_the_policy() {
        let p = policy(400, &[]);
        let response = p.respond(Rejection::new(RejectionKind::Invalid, "bad"));
        assert_eq!(response.status().as_u16(), 400);
        // Without a field the key is left out.
        assert_eq!(body_json(response).await, json!({"message": "bad"}));
    }

    #[tokio::test]
    async fn respond_uses_the_documented_shape_exact_then_range_then_default() {
        const SHAPES: &[ErrorShape] = &[
            shape(0, "default_msg"),
            shape(4, "range_msg").field("range_field"),
            shape(422, "detail").field("loc"),
        ];
        let p = policy(422, SHAPES);
        let exact = p.respond(Rejection::new(RejectionKind::Invalid, "e").with_field("f"));
        assert_eq!(exact.status().as_u16(), 422);
        assert_eq!(body_json(exact).await, json!({"detail": "e", "loc": "f"}));

        let range = p.respond(Rejection::new(RejectionKind::TooLarge, "big").with_field("f"));
        assert_eq!(range.status().as_u16(), 413);
        assert_eq!(
            body_json(range).await,
            json!({"range_msg": "big", "range_field": "f"})
        );

        // 4XX would not match a 5XX-free policy: use a policy with only a default.
        const DEFAULT_ONLY: &[ErrorShape] = &[shape(0, "error")];
        let p = policy(422, DEFAULT_ONLY);
        let default = p.respond(Rejection::new(RejectionKind::Unauthorized, "who").with_field("f"));
        assert_eq!(default.status().as_u16(), 401);
        // The default shape has no field key, so the field is dropped.
        assert_eq!(body_json(default).await, json!({"error": "who"}));
    }

    #[tokio::test]
    async fn respond_falls_back_to_message_and_field_when_no_shape_fits() {
        const OTHER: &[ErrorShape] = &[shape(5, "server"), shape(409, "conflict")];
        let response = policy(422, OTHER)
            .respond(Rejection::new(RejectionKind::Malformed, "m").with_field("x"));
        assert_eq!(response.status().as_u16(), 400);
        assert_eq!(
            body_json(response).await,
            json!({"message": "m", "field": "x"})
        );
    }

    #[tokio::test]
    async fn finish_passes_responses_and_answers_rejections() {
        let ok = finish(&PLAIN, Ok::<_, Rejection>(empty_response(204)));
        assert_eq!(ok.status().as_u16(), 204);
        let err = finish::<Response>(&PLAIN, Err(unauthorized("missing API key")));
        assert_eq!(err.status().as_u16(), 401);
        assert_eq!(body_json(err).await, json!({"message": "missing API key"}));
    }

    #[test]
    fn unauthorized_and_missing_helpers() {
        let r = unauthorized("no token");
        assert_eq!(r.kind, RejectionKind::Unauthorized);
        assert_eq!(r.message, "no token");
        assert_eq!(r.field, None);

        let r = missing_param(Location::Query, "limit");
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(r.message, "missing required query parameter `limit`");
        assert_eq!(r.field.as_deref(), Some("limit"));

        let r = missing_body();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(r.message, "the request body is required");
        assert_eq!(require(Some(3)), Ok(3));
        assert_eq!(require::<u8>(None), Err(missing_body()));
    }

    // ---- violations and value checks ----

    #[test]
    fn violation_path_reads_outermost_first() {
        let v = Violation::new("bad")
            .in_field("value")
            .in_item(0)
            .in_field("custom_attributes");
        assert_eq!(v.path(), "custom_attributes[0].value");
        assert_eq!(v.message(), "bad");
        assert_eq!(Violation::new("x").path(), "");
        assert_eq!(Violation::new("x").in_item(2).path(), "[2]");
        assert_eq!(Violation::new("x").in_field("b").in_item(1).path(), "[1].b");
        assert_eq!(
            Violation::new("x")
                .in_item(3)
                .in_item(1)
                .in_field("grid")
                .path(),
            "grid[1][3]"
        );
    }

    #[test]
    fn violation_reject_names_the_path() {
        let r = Violation::new("must not be null")
            .in_field("name")
            .reject("invalid request body");
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(r.message, "invalid request body: `name`: must not be null");
        assert_eq!(r.field.as_deref(), Some("name"));

        let r = Violation::new("expected an object, found null").reject("invalid request body");
        assert_eq!(
            r.message,
            "invalid request body: expected an object, found null"
        );
        assert_eq!(r.field, None);
    }

    #[test]
    fn type_checks_name_what_they_found() {
        let msg = |c: Checked| c.unwrap_err().message().to_owned();
        assert!(expect_object(&json!({"a": 1})).is_ok());
        assert_eq!(
            msg(expect_any_object(&json!([1]))),
            "expected an object, found an array"
        );
        assert_eq!(
            msg(expect_string(&json!(1))),
            "expected a string, found a number"
        );
        assert_eq!(
            msg(expect_string(&Value::Null)),
            "expected a string, found null"
        );
        assert!(expect_string(&json!("s")).is_ok());
        assert_eq!(
            msg(expect_bool(&json!("true"))),
            "expected a boolean, found a string"
        );
        assert!(expect_bool(&json!(false)).is_ok());
        assert_eq!(
            msg(expect_object(&json!(true)).map(|_| ())),
            "expected an object, found a boolean"
        );
        assert_eq!(
            msg(expect_array(&json!({}), accept_any)),
            "expected an array, found an object"
        );
        assert_eq!(msg(expect_not_null(&Value::Null)), "must not be null");
        assert!(expect_not_null(&json!(0)).is_ok());
        assert!(accept_any(&Value::Null).is_ok());
    }

    #[test]
    fn expect_type_uses_the_rust_range() {
        assert!(expect_type::<u8>(&json!(255)).is_ok());
        let v = expect_type::<u8>(&json!(256)).unwrap_err();
        assert!(v.message().contains("256"), "{}", v.message());
        assert!(expect_type::<i32>(&json!(1.5)).is_err());
        assert!(expect_type::<f64>(&json!(1.5)).is_ok());
        let v = expect_type::<u32>(&json!("12")).unwrap_err();
        assert_eq!(v.message(), "invalid type: string \"12\", expected u32");
    }

    #[test]
    fn array_and_map_checks_name_the_item() {
        let check = array(expect_string);
        assert!(check(&json!([])).is_ok());
        assert!(check(&json!(["a", "b"])).is_ok());
        let v = check(&json!(["a", 2, 3])).unwrap_err();
        assert_eq!(v.path(), "[1]");
        assert_eq!(v.message(), "expected a string, found a number");

        let check = map(expect_bool);
        assert!(check(&json!({})).is_ok());
        let v = check(&json!({"on": true, "off": "no"})).unwrap_err();
        assert_eq!(v.path(), "off");
        assert_eq!(
            map(accept_any)(&json!([])).unwrap_err().message(),
            "expected an object, found an array"
        );
    }

    #[test]
    fn nullable_accepts_null_and_checks_the_rest() {
        let check = nullable(expect_string);
        assert!(check(&Value::Null).is_ok());
        assert!(check(&json!("x")).is_ok());
        assert_eq!(
            check(&json!(1)).unwrap_err().message(),
            "expected a string, found a number"
        );
    }

    #[test]
    fn enum_checks_list_the_allowed_values() {
        assert!(expect_string_enum(&json!("b"), &["a", "b"]).is_ok());
        assert_eq!(
            expect_string_enum(&json!("c"), &["a", "b"])
                .unwrap_err()
                .message(),
            "invalid value \"c\", expected one of a, b"
        );
        assert_eq!(
            expect_string_enum(&json!(1), &["a"]).unwrap_err().message(),
            "expected a string, found a number"
        );
        assert!(expect_int_enum(&json!(2), &[1, 2]).is_ok());
        assert_eq!(
            expect_int_enum(&json!(3), &[1, 2]).unwrap_err().message(),
            "invalid value 3, expected one of 1, 2"
        );
        assert_eq!(
            expect_int_enum(&json!(1.0), &[1, 2]).unwrap_err().message(),
            "invalid value 1.0, expected one of 1, 2"
        );
        assert_eq!(
            expect_int_enum(&json!("1"), &[1, 2]).unwrap_err().message(),
            "expected an integer (one of 1, 2), found a string"
        );
    }

    #[test]
    fn object_checks_required_and_listed_properties() {
        let check = |v: &Value| {
            object(
                v,
                &[
                    ("name", true, &expect_string),
                    ("age", false, &expect_type::<u8>),
                ],
            )
        };
        assert!(check(&json!({"name": "a"})).is_ok());
        assert!(check(&json!({"name": "a", "age": 3, "other": [1]})).is_ok());
        let v = check(&json!({"age": 3})).unwrap_err();
        assert_eq!(
            (v.path().as_str(), v.message()),
            ("name", "missing required property")
        );
        let v = check(&json!({"name": "a", "age": -1})).unwrap_err();
        assert_eq!(v.path(), "age");
        assert_eq!(
            check(&json!("x")).unwrap_err().message(),
            "expected an object, found a string"
        );
    }

    #[test]
    fn object_with_checks_unlisted_properties() {
        let check = |v: &Value| object_with(v, &[("id", true, &expect_string)], &expect_bool);
        assert!(check(&json!({"id": "1", "x": true, "y": false})).is_ok());
        let v = check(&json!({"id": "1", "x": 1})).unwrap_err();
        assert_eq!(v.path(), "x");
        assert_eq!(v.message(), "expected a boolean, found a number");
        // A listed property is not checked by `additional`.
        assert!(check(&json!({"id": "2"})).is_ok());
    }

    #[test]
    fn one_of_takes_the_first_variant_that_fits() {
        let check = |v: &Value| one_of(v, "Pet", &[("Cat", &expect_string), ("Dog", &expect_bool)]);
        assert!(check(&json!("meow")).is_ok());
        assert!(check(&json!(true)).is_ok());
        assert_eq!(
            check(&json!(1)).unwrap_err().message(),
            "does not match any variant of Pet; as Cat: expected a string, found a number; \
             as Dog: expected a boolean, found a number"
        );
        let nested = |v: &Value| {
            one_of(
                v,
                "Box",
                &[("Obj", &|v: &Value| {
                    object(v, &[("a", true, &expect_string)])
                })],
            )
        };
        assert_eq!(
            nested(&json!({"a": 1})).unwrap_err().message(),
            "does not match any variant of Box; as Obj: `a`: expected a string, found a number"
        );
        assert_eq!(
            no_variant("Empty", &[]).message(),
            "does not match any variant of Empty"
        );
    }

    #[test]
    fn tagged_checks_only_the_named_variant() {
        let cat = |v: &Value| {
            object(
                v,
                &[
                    ("kind", true, &expect_string),
                    ("lives", true, &expect_type::<u8>),
                ],
            )
        };
        let dog = |v: &Value| {
            object(
                v,
                &[("kind", true, &expect_string), ("bark", true, &expect_bool)],
            )
        };
        let check = |v: &Value| tagged(v, "kind", &[(&["cat", "Cat"], &cat), (&["dog"], &dog)]);
        assert!(check(&json!({"kind": "cat", "lives": 9})).is_ok());
        assert!(check(&json!({"kind": "Cat", "lives": 9})).is_ok());
        assert!(check(&json!({"kind": "dog", "bark": true})).is_ok());
        let v = check(&json!({"kind": "dog", "lives": 9})).unwrap_err();
        assert_eq!(
            (v.path().as_str(), v.message()),
            ("bark", "missing required property")
        );
        let v = check(&json!({"kind": "cow"})).unwrap_err();
        assert_eq!(v.path(), "kind");
        assert_eq!(
            v.message(),
            "unknown value \"cow\"; expected one of cat, Cat, dog"
        );
        let v = check(&json!({"kind": 1})).unwrap_err();
        assert_eq!(
            (v.path().as_str(), v.message()),
            ("kind", "expected a string, found a number")
        );
        let v = check(&json!({})).unwrap_err();
        assert_eq!(
            (v.path().as_str(), v.message()),
            ("kind", "missing required property")
        );
        assert_eq!(
            check(&json!([])).unwrap_err().message(),
            "expected an object, found an array"
        );
    }

    // ---- parameter values ----

    #[test]
    fn scalar_value_types_text() {
        assert_eq!(scalar_value("12", Scalar::Text), json!("12"));
        assert_eq!(scalar_value("12", Scalar::Number), json!(12));
        assert_eq!(scalar_value(" -1.5 ", Scalar::Number), json!(-1.5));
        assert_eq!(scalar_value("12abc", Scalar::Number), json!("12abc"));
        assert_eq!(scalar_value("true", Scalar::Number), json!("true"));
        assert_eq!(scalar_value("", Scalar::Number), json!(""));
        assert_eq!(scalar_value("true", Scalar::Bool), json!(true));
        assert_eq!(scalar_value("false", Scalar::Bool), json!(false));
        assert_eq!(scalar_value("True", Scalar::Bool), json!("True"));
        assert_eq!(scalar_value("1", Scalar::Bool), json!("1"));
        assert_eq!(scalar_value("{\"a\":1}", Scalar::Json), json!({"a": 1}));
        assert_eq!(scalar_value("null", Scalar::Json), Value::Null);
        assert_eq!(scalar_value("not json", Scalar::Json), json!("not json"));
    }

    #[test]
    fn param_value_scalar_and_arrays() {
        assert_eq!(param_value(vec![], None, true, Scalar::Text), None);
        assert_eq!(param_value(vec![], Some(','), true, Scalar::Text), None);
        // A scalar takes the first occurrence.
        assert_eq!(
            param_value(vals(&["1", "2"]), None, true, Scalar::Number),
            Some(json!(1))
        );
        // Exploded: every occurrence is an item (commas stay).
        assert_eq!(
            param_value(vals(&["1", "2,3"]), Some(','), true, Scalar::Text),
            Some(json!(["1", "2,3"]))
        );
        assert_eq!(
            param_value(vals(&[""]), Some(','), true, Scalar::Text),
            Some(json!([""]))
        );
        // Not exploded: the first occurrence split at the delimiter.
        assert_eq!(
            param_value(vals(&["1,2,3", "9"]), Some(','), false, Scalar::Number),
            Some(json!([1, 2, 3]))
        );
        assert_eq!(
            param_value(vals(&["a|b"]), Some('|'), false, Scalar::Text),
            Some(json!(["a", "b"]))
        );
        assert_eq!(
            param_value(vals(&["a b"]), Some(' '), false, Scalar::Text),
            Some(json!(["a", "b"]))
        );
        assert_eq!(
            param_value(vals(&[""]), Some(','), false, Scalar::Text),
            Some(json!([]))
        );
        assert_eq!(
            param_value(vals(&["a,,b"]), Some(','), false, Scalar::Text),
            Some(json!(["a", "", "b"]))
        );
        assert_eq!(
            param_value(vals(&["true,false"]), Some(','), false, Scalar::Bool),
            Some(json!([true, false]))
        );
    }

    #[test]
    fn decode_param_checks_then_converts() {
        let n: u32 = decode_param(json!(10), Location::Query, "limit", expect_type::<u32>).unwrap();
        assert_eq!(n, 10);

        let r =
            decode_param::<u32>(json!("ten"), Location::Query, "limit", expect_type::<u32>).unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "query parameter `limit`: invalid type: string \"ten\", expected u32"
        );
        assert_eq!(r.field.as_deref(), Some("limit"));

        // The check passes but the Rust type does not fit.
        let r = decode_param::<u8>(json!(300), Location::Header, "X-Count", accept_any).unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert!(
            r.message.starts_with("header parameter `X-Count`: "),
            "{}",
            r.message
        );
        assert!(r.message.contains("300"), "{}", r.message);
        assert_eq!(r.field.as_deref(), Some("X-Count"));

        // A nested field is named under the parameter.
        let check = |v: &Value| object(v, &[("a", true, &expect_string)]);
        let r = decode_param::<Value>(json!({"a": 1}), Location::Query, "filter", check).unwrap_err();
        assert_eq!(
            r.message,
            "query parameter `filter`: `a`: expected a string, found a number"
        );
        assert_eq!(r.field.as_deref(), Some("filter.a"));
    }

    #[test]
    fn decode_param_names_an_array_item_like_a_body_path() {
        let r = decode_param::<Vec<String>>(json!(["a", 2]), Location::Query, "ids", array(expect_string))
            .unwrap_err();
        assert_eq!(r.field.as_deref(), Some("ids[1]"));
    }

    // ---- path segments ----

    #[test]
    fn split_segment_with_a_suffix() {
        let pieces = ["", ".json"];
        assert_eq!(split_segment("abc.json", &pieces), Some(vec!["abc"]));
        assert_eq!(split_segment("a.b.json", &pieces), Some(vec!["a.b"]));
        assert_eq!(split_segment("abc", &pieces), None);
        assert_eq!(split_segment(".json", &pieces), None);
        assert_eq!(split_segment("abc.xml", &pieces), None);
    }

    #[test]
    fn split_segment_with_two_parameters() {
        let pieces = ["", "...", ""];
        assert_eq!(
            split_segment("main...dev", &pieces),
            Some(vec!["main", "dev"])
        );
        // Each parameter ends at the first occurrence of the text after it.
        assert_eq!(
            split_segment("a...b...c", &pieces),
            Some(vec!["a", "b...c"])
        );
        // ...but a parameter is never empty, so a leading separator is part of it.
        assert_eq!(split_segment("....b", &pieces), Some(vec![".", "b"]));
        assert_eq!(split_segment("...dev", &pieces), None);
        assert_eq!(split_segment("main...", &pieces), None);
        assert_eq!(split_segment("main", &pieces), None);
        assert_eq!(split_segment("", &pieces), None);
        // Multi-byte characters are split at character boundaries.
        assert_eq!(split_segment("é...ü", &pieces), Some(vec!["é", "ü"]));
    }

    #[test]
    fn split_segment_with_a_prefix_and_separator() {
        let pieces = ["v", ".", ""];
        assert_eq!(split_segment("v1.2", &pieces), Some(vec!["1", "2"]));
        assert_eq!(split_segment("v10.20", &pieces), Some(vec!["10", "20"]));
        assert_eq!(split_segment("v1.2.3", &pieces), Some(vec!["1", "2.3"]));
        assert_eq!(split_segment("1.2", &pieces), None);
        assert_eq!(split_segment("v.2", &pieces), None);
        assert_eq!(split_segment("v1.", &pieces), None);
        assert_eq!(split_segment("v12", &pieces), None);
        assert_eq!(split_segment("v", &pieces), None);
    }

    #[test]
    fn split_segment_three_parameters_and_degenerate_pieces() {
        let pieces = ["report-", "-", "-", ".csv"];
        assert_eq!(
            split_segment("report-2024-01-31.csv", &pieces),
            Some(vec!["2024", "01", "31"])
        );
        assert_eq!(split_segment("report-2024-01.csv", &pieces), None);
        // No parameter at all, or no pieces: nothing fits.
        assert_eq!(split_segment("abc", &["abc"]), None);
        assert_eq!(split_segment("abc", &[]), None);
        // Prefix and suffix may not overlap.
        assert_eq!(split_segment("xx", &["x", "x"]), None);
        assert_eq!(split_segment("xax", &["x", "x"]), Some(vec!["a"]));
    }

    #[tokio::test]
    async fn path_params_are_percent_decoded() {
        assert_eq!(
            routed_path("/items/{id}", "/items/42").await,
            Ok(vals(&["42"]))
        );
        assert_eq!(
            routed_path("/items/{id}", "/items/a%20b").await,
            Ok(vals(&["a b"]))
        );
        assert_eq!(
            routed_path("/items/{id}", "/items/a%2Fb").await,
            Ok(vals(&["a/b"]))
        );
        // `+` is not a space in a path.
        assert_eq!(
            routed_path("/items/{id}", "/items/a+b").await,
            Ok(vals(&["a+b"]))
        );
        assert_eq!(
            routed_path("/items/{id}", "/items/%C3%A9t%C3%A9").await,
            Ok(vals(&["été"]))
        );
        assert_eq!(
            routed_path("/repos/{owner}/{repo}", "/repos/me/my%2Erepo").await,
            Ok(vals(&["me", "my.repo"]))
        );
        assert_eq!(
            routed_path("/compare/{segment}", "/compare/a%2E%2E%2Eb").await,
            Ok(vals(&["a...b"]))
        );
    }

    #[tokio::test]
    async fn path_params_with_invalid_utf8_are_refused() {
        let r = routed_path("/items/{id}", "/items/%FF").await.unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert!(
            r.message.contains("UTF-8") && r.message.contains("id"),
            "{}",
            r.message
        );
    }

    #[tokio::test]
    async fn path_params_outside_a_router_are_refused() {
        let mut p = parts("/items/1");
        let r = path_params(&mut p).await.unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert!(!r.message.is_empty());
    }

    #[test]
    fn captured_takes_one_value_or_none() {
        let path = vals(&["a", "b"]);
        assert_eq!(captured(&path, 1), vals(&["b"]));
        assert!(captured(&path, 2).is_empty());
        assert!(captured(&path, usize::MAX).is_empty());
    }

    // ---- parameter locations ----

    #[test]
    fn param_builders_set_location_and_style() {
        let p = path("id", 2);
        assert_eq!(
            (p.location, p.name, p.index, p.explode, p.kind),
            (Location::Path, "id", 2, false, Scalar::Text)
        );
        assert_eq!(p.within, None);
        let q = query("tags").list(',').explode(false).number();
        assert_eq!(
            (q.location, q.array, q.explode, q.kind),
            (Location::Query, Some(','), false, Scalar::Number)
        );
        assert!(query("x").explode);
        assert!(query("f").deep().deep);
        assert_eq!(header("X-Id").location, Location::Header);
        assert!(!header("X-Id").explode);
        assert_eq!(cookie("session").location, Location::Cookie);
        assert_eq!(header("b").boolean().kind, Scalar::Bool);
        assert_eq!(cookie("j").json().kind, Scalar::Json);
        assert_eq!(uncaptured("gone").index, usize::MAX);
        let w = path("sid", 0).within("{sid}.json", &["", ".json"], 0);
        assert_eq!(w.within, Some(("{sid}.json", &["", ".json"][..], 0)));
    }

    #[tokio::test]
    async fn query_parameters_scalar_and_repeated() {
        let i = input("/x?limit=10&name=a+b&name=c&flag=true&empty=", &[]).await;
        assert_eq!(
            i.required::<u32>(query("limit").number(), expect_type::<u32>),
            Ok(10)
        );
        // A repeated scalar takes the first occurrence; `+` is a space.
        assert_eq!(
            i.required::<String>(query("name"), expect_string),
            Ok("a b".to_owned())
        );
        assert_eq!(
            i.required::<bool>(query("flag").boolean(), expect_bool),
            Ok(true)
        );
        assert_eq!(
            i.required::<String>(query("empty"), expect_string),
            Ok(String::new())
        );
        assert_eq!(
            i.optional::<u32>(query("page").number(), expect_type::<u32>),
            Ok(None)
        );
        let r = i
            .required::<u32>(query("page").number(), expect_type::<u32>)
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(r.message, "missing required query parameter `page`");
        assert_eq!(r.field.as_deref(), Some("page"));
    }

    #[tokio::test]
    async fn query_parameter_of_the_wrong_type_is_invalid() {
        let i = input("/x?limit=ten", &[]).await;
        let r = i
            .required::<u32>(query("limit").number(), expect_type::<u32>)
            .unwrap_err();
        assert_eq!(
            r.message,
            "query parameter `limit`: invalid type: string \"ten\", expected u32"
        );
        assert_eq!(r.field.as_deref(), Some("limit"));
        let response = PLAIN.respond(r);
        assert_eq!(response.status().as_u16(), 422);
        assert_eq!(
            body_json(response).await,
            json!({"message": "query parameter `limit`: invalid type: string \"ten\", expected u32", "field": "limit"})
        );
    }

    #[tokio::test]
    async fn query_array_styles() {
        let i = input(
            "/x?id=1&id=2&csv=1,2,3&pipes=a|b&spaces=a%20b&plus=a+b",
            &[],
        )
        .await;
        // form, explode: true
        let ids: Vec<u8> = i
            .required(query("id").list(',').number(), array(expect_type::<u8>))
            .unwrap();
        assert_eq!(ids, vec![1, 2]);
        // form, explode: false
        let csv: Vec<u8> = i
            .required(
                query("csv").list(',').explode(false).number(),
                array(expect_type::<u8>),
            )
            .unwrap();
        assert_eq!(csv, vec![1, 2, 3]);
        // With explode the commas are part of the one value.
        let csv: Vec<String> = i
            .required(query("csv").list(','), array(expect_string))
            .unwrap();
        assert_eq!(csv, vec!["1,2,3"]);
        // pipeDelimited and spaceDelimited
        let pipes: Vec<String> = i
            .required(
                query("pipes").list('|').explode(false),
                array(expect_string),
            )
            .unwrap();
        assert_eq!(pipes, vec!["a", "b"]);
        let spaces: Vec<String> = i
            .required(
                query("spaces").list(' ').explode(false),
                array(expect_string),
            )
            .unwrap();
        assert_eq!(spaces, vec!["a", "b"]);
        let plus: Vec<String> = i
            .required(query("plus").list(' ').explode(false), array(expect_string))
            .unwrap();
        assert_eq!(plus, vec!["a", "b"]);
        // An item that breaks its check.
        let r = i
            .required::<Vec<u8>>(
                query("pipes").list('|').explode(false).number(),
                array(expect_type::<u8>),
            )
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert!(
            r.message.starts_with("query parameter `pipes`: `[0]`: "),
            "{}",
            r.message
        );
    }

    #[tokio::test]
    async fn deep_object_query_parameters() {
        let i = input(
            "/x?filter[color]=red&filter%5Bsize%5D=L&other[a]=1&filterx[b]=2",
            &[],
        )
        .await;
        let filter: BTreeMap<String, String> = i
            .required(query("filter").deep(), map(expect_string))
            .unwrap();
        assert_eq!(
            filter,
            BTreeMap::from([
                ("color".to_owned(), "red".to_owned()),
                ("size".to_owned(), "L".to_owned())
            ])
        );
        assert_eq!(
            i.optional::<Value>(query("missing").deep(), accept_any),
            Ok(None)
        );
        assert_eq!(deep_object(&i.query, "other"), Some(json!({"a": "1"})));
        assert_eq!(deep_object(&[], "x"), None);
        // `filter` without brackets is not part of the object.
        assert_eq!(
            deep_object(&[("filter".to_owned(), "1".to_owned())], "filter"),
            None
        );
    }

    #[test]
    fn query_pairs_decode_and_keep_repeats() {
        assert_eq!(query_pairs(&parts("/x")), Ok(vec![]));
        assert_eq!(query_pairs(&parts("/x?")), Ok(vec![]));
        let pairs = query_pairs(&parts("/x?a=1&b=x%26y&a=2&c&d=%E2%9C%93&e=1+2")).unwrap();
        let expected: Vec<(String, String)> = [
            ("a", "1"),
            ("b", "x&y"),
            ("a", "2"),
            ("c", ""),
            ("d", "✓"),
            ("e", "1 2"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(pairs, expected);
        assert_eq!(query_values(&pairs, "a"), vals(&["1", "2"]));
        assert!(query_values(&pairs, "A").is_empty());
    }

    #[test]
    fn header_values_are_case_insensitive_and_trimmed() {
        let p = parts_with(
            "/",
            &[
                ("X-Request-Id", " abc "),
                ("x-request-id", "def"),
                ("Other", "z"),
            ],
        );
        assert_eq!(header_values(&p, "x-request-id"), vals(&["abc", "def"]));
        assert_eq!(header_values(&p, "X-REQUEST-ID"), vals(&["abc", "def"]));
        assert!(header_values(&p, "missing").is_empty());
    }

    #[test]
    fn header_values_skip_values_that_are_not_text() {
        let mut p = parts("/");
        p.headers.append(
            "x-bin",
            ::axum::http::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        p.headers
            .append("x-bin", ::axum::http::HeaderValue::from_static("ok"));
        assert_eq!(header_values(&p, "x-bin"), vals(&["ok"]));
    }

    #[tokio::test]
    async fn header_parameters() {
        let i = input(
            "/",
            &[("X-Count", "5"), ("X-Ids", "1,2,3"), ("X-Flag", "false")],
        )
        .await;
        assert_eq!(
            i.required::<u8>(header("x-count").number(), expect_type::<u8>),
            Ok(5)
        );
        let ids: Vec<u8> = i
            .required(header("X-Ids").list(',').number(), array(expect_type::<u8>))
            .unwrap();
        assert_eq!(ids, vec![1, 2, 3]);
        assert_eq!(
            i.required::<bool>(header("X-Flag").boolean(), expect_bool),
            Ok(false)
        );
        let r = i
            .required::<String>(header("X-Trace"), expect_string)
            .unwrap_err();
        assert_eq!(r.message, "missing required header parameter `X-Trace`");
        assert_eq!(r.field.as_deref(), Some("X-Trace"));
        let r = i
            .required::<u8>(header("X-Flag").number(), expect_type::<u8>)
            .unwrap_err();
        assert_eq!(
            r.message,
            "header parameter `X-Flag`: invalid type: string \"false\", expected u8"
        );
    }

    #[tokio::test]
    async fn header_list_items_are_trimmed_and_an_empty_value_is_an_empty_list() {
        let i = input("/", &[("X-Tags", "a, b ,c")]).await;
        let tags: Vec<String> = i
            .required(header("X-Tags").list(','), array(expect_string))
            .unwrap();
        assert_eq!(tags, ["a", "b", "c"]);
        let i = input("/", &[("X-Tags", "")]).await;
        let tags: Vec<String> = i
            .required(header("X-Tags").list(','), array(expect_string))
            .unwrap();
        assert!(tags.is_empty());
    }

    #[tokio::test]
    async fn header_array_sent_as_several_lines() {
        let i = input("/", &[("X-Ids", "1"), ("X-Ids", "2")]).await;
        let ids: Vec<u8> = i
            .required(header("X-Ids").list(',').number(), array(expect_type::<u8>))
            .unwrap();
        assert_eq!(ids, vec![1, 2]);
    }

    #[test]
    fn cookie_values_from_one_or_more_cookie_headers() {
        let p = parts_with(
            "/",
            &[
                ("Cookie", "session=abc; theme = dark ;token=a=b"),
                ("cookie", "session=second"),
            ],
        );
        assert_eq!(cookie_values(&p, "session"), vals(&["abc", "second"]));
        assert_eq!(cookie_values(&p, "theme"), vals(&["dark"]));
        // Only the first `=` separates name and value.
        assert_eq!(cookie_values(&p, "token"), vals(&["a=b"]));
        assert!(cookie_values(&p, "missing").is_empty());
        assert!(cookie_values(&p, "Session").is_empty());
        assert!(cookie_values(&parts("/"), "session").is_empty());
        let p = parts_with("/", &[("Cookie", "flag; x=1")]);
        assert_eq!(cookie_values(&p, "x"), vals(&["1"]));
        assert!(cookie_values(&p, "flag").is_empty());
    }

    #[tokio::test]
    async fn cookie_parameters() {
        let i = input("/", &[("Cookie", "page=3; ids=1,2")]).await;
        assert_eq!(
            i.required::<u32>(cookie("page").number(), expect_type::<u32>),
            Ok(3)
        );
        let ids: Vec<u8> = i
            .required(cookie("ids").list(',').number(), array(expect_type::<u8>))
            .unwrap();
        assert_eq!(ids, vec![1, 2]);
        let r = i
            .required::<String>(cookie("session"), expect_string)
            .unwrap_err();
        assert_eq!(r.message, "missing required cookie parameter `session`");
    }

    #[tokio::test]
    async fn path_parameters_read_by_index() {
        let mut i = input("/", &[]).await;
        i.path = vals(&["42", "a,b"]);
        assert_eq!(
            i.required::<u64>(path("id", 0).number(), expect_type::<u64>),
            Ok(42)
        );
        let list: Vec<String> = i
            .required(path("tags", 1).list(','), array(expect_string))
            .unwrap();
        assert_eq!(list, vec!["a", "b"]);
        let r = i
            .required::<String>(uncaptured("gone"), expect_string)
            .unwrap_err();
        assert_eq!(r.message, "missing required path parameter `gone`");
        assert_eq!(r.field.as_deref(), Some("gone"));
        let r = i
            .required::<u64>(path("id", 1).number(), expect_type::<u64>)
            .unwrap_err();
        assert_eq!(
            r.message,
            "path parameter `id`: invalid type: string \"a,b\", expected u64"
        );
    }

    #[tokio::test]
    async fn path_parameters_within_a_segment() {
        let mut i = input("/", &[]).await;
        i.path = vals(&["CA123.json", "main...feature/x", "v2.10"]);
        let sid = path("sid", 0).within("{sid}.json", &["", ".json"], 0);
        assert_eq!(
            i.required::<String>(sid, expect_string),
            Ok("CA123".to_owned())
        );
        let base = path("base", 1).within("{base}...{head}", &["", "...", ""], 0);
        let head = path("head", 1).within("{base}...{head}", &["", "...", ""], 1);
        assert_eq!(
            i.required::<String>(base, expect_string),
            Ok("main".to_owned())
        );
        assert_eq!(
            i.required::<String>(head, expect_string),
            Ok("feature/x".to_owned())
        );
        let major = path("major", 2)
            .within("v{major}.{minor}", &["v", ".", ""], 0)
            .number();
        let minor = path("minor", 2)
            .within("v{major}.{minor}", &["v", ".", ""], 1)
            .number();
        assert_eq!(i.required::<u32>(major, expect_type::<u32>), Ok(2));
        assert_eq!(i.required::<u32>(minor, expect_type::<u32>), Ok(10));
    }

    #[tokio::test]
    async fn path_segment_that_does_not_fit_is_not_found() {
        let mut i = input("/", &[]).await;
        i.path = vals(&["CA123"]);
        let sid = path("sid", 0).within("{sid}.json", &["", ".json"], 0);
        let r = i.required::<String>(sid, expect_string).unwrap_err();
        assert_eq!(r.kind, RejectionKind::NotFound);
        assert_eq!(
            r.message,
            "no resource at this path (expected `{sid}.json`)"
        );
        let response = PLAIN.respond(r);
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(
            body_json(response).await,
            json!({"message": "no resource at this path (expected `{sid}.json`)"})
        );
        // An optional read of the same parameter is refused too.
        assert_eq!(
            i.optional::<String>(sid, expect_string).unwrap_err().kind,
            RejectionKind::NotFound
        );
    }

    #[tokio::test]
    async fn input_new_reads_query_and_path_only_when_asked() {
        let config = ServerConfig::default();
        let i = Input::new(request("/x?a=1", &[], Body::empty()), &config, false, false)
            .await
            .unwrap();
        assert!(i.query.is_empty());
        assert!(i.path.is_empty());
        assert_eq!(i.max_body_bytes, 1_048_576);
        let i = Input::new(request("/x?a=1", &[], Body::empty()), &config, true, false)
            .await
            .unwrap();
        assert_eq!(i.query, vec![("a".to_owned(), "1".to_owned())]);
        // Path captures need a router.
        let r = Input::new(request("/x", &[], Body::empty()), &config, false, true)
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
    }

    #[tokio::test]
    async fn input_new_reads_path_captures_from_the_router() {
        let seen: Arc<Mutex<Option<Vec<String>>>> = Arc::new(Mutex::new(None));
        let store = seen.clone();
        let router = ::axum::Router::new().route(
            "/calls/{sid}/v/{version}",
            ::axum::routing::get(move |request: ::axum::extract::Request| {
                let store = store.clone();
                async move {
                    let i = Input::new(request, &ServerConfig::default(), true, true)
                        .await
                        .unwrap();
                    *store.lock().unwrap() = Some(i.path.clone());
                    let sid = path("sid", 0).within("{sid}.json", &["", ".json"], 0);
                    let result = i
                        .required::<String>(sid, expect_string)
                        .map(|s| json(200, &s));
                    finish(&PLAIN, result)
                }
            }),
        );
        let ok = call(
            router.clone(),
            Request::get("/calls/C%2041.json/v/1.2")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(ok.status().as_u16(), 200);
        assert_eq!(body_json(ok).await, json!("C 41"));
        assert_eq!(
            seen.lock().unwrap().take(),
            Some(vals(&["C 41.json", "1.2"]))
        );
        let missing = call(
            router,
            Request::get("/calls/C41/v/1").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(missing.status().as_u16(), 404);
    }

    // ---- credentials ----

    #[test]
    fn api_key_from_header_query_or_cookie() {
        let p = parts_with("/?api_key=q1", &[("X-API-Key", "h1"), ("Cookie", "key=c1")]);
        let q = query_pairs(&p).unwrap();
        assert_eq!(
            api_key(&p, &q, Location::Header, "x-api-key").as_deref(),
            Some("h1")
        );
        assert_eq!(api_key(&p, &q, Location::Query, "api_key").as_deref(), Some("q1"));
        assert_eq!(api_key(&p, &q, Location::Cookie, "key").as_deref(), Some("c1"));
        assert_eq!(api_key(&p, &q, Location::Header, "api_key"), None);
        assert_eq!(api_key(&p, &q, Location::Query, "x-api-key"), None);
        assert_eq!(api_key(&p, &q, Location::Cookie, "api_key"), None);
    }

    #[test]
    fn empty_api_keys_count_as_missing() {
        let p = parts_with(
            "/?api_key=&api_key=second",
            &[("X-API-Key", "  "), ("Cookie", "key=; other=1")],
        );
        let q = query_pairs(&p).unwrap();
        assert_eq!(api_key(&p, &q, Location::Header, "X-API-Key"), None);
        assert_eq!(api_key(&p, &q, Location::Cookie, "key"), None);
        // The first non-empty occurrence counts.
        assert_eq!(
            api_key(&p, &q, Location::Query, "api_key").as_deref(),
            Some("second")
        );
        let p = parts_with("/?api_key=", &[]);
        let q = query_pairs(&p).unwrap();
        assert_eq!(api_key(&p, &q, Location::Query, "api_key"), None);
    }

    #[tokio::test]
    async fn missing_api_key_is_answered_with_401() {
        let i = input("/?other=1", &[]).await;
        assert_eq!(i.api_key(Location::Query, "api_key"), None);
        let result: Result<Response, Rejection> = i
            .api_key(Location::Header, "X-API-Key")
            .map(|_| empty_response(200))
            .ok_or_else(|| unauthorized("missing API key `X-API-Key`"));
        let response = finish(&PLAIN, result);
        assert_eq!(response.status().as_u16(), 401);
        assert_eq!(
            body_json(response).await,
            json!({"message": "missing API key `X-API-Key`"})
        );
        let i = input("/?api_key=k", &[]).await;
        assert_eq!(i.api_key(Location::Query, "api_key").as_deref(), Some("k"));
    }

    #[test]
    fn bearer_tokens() {
        let token = |v: &str| bearer_token(&parts_with("/", &[("Authorization", v)]));
        assert_eq!(token("Bearer abc.def").as_deref(), Some("abc.def"));
        assert_eq!(token("bearer abc").as_deref(), Some("abc"));
        assert_eq!(token("BEARER   abc  ").as_deref(), Some("abc"));
        assert_eq!(token("Bearer"), None);
        assert_eq!(token("Bearer "), None);
        assert_eq!(token("Basic YTpi"), None);
        assert_eq!(token("Token abc"), None);
        assert_eq!(bearer_token(&parts("/")), None);
        // The first header that holds a bearer token wins.
        let p = parts_with(
            "/",
            &[
                ("Authorization", "Basic YTpi"),
                ("Authorization", "Bearer t2"),
            ],
        );
        assert_eq!(bearer_token(&p).as_deref(), Some("t2"));
    }

    #[test]
    fn basic_credentials_are_base64_decoded() {
        let basic = |v: &str| basic_credentials(&parts_with("/", &[("Authorization", v)]));
        let pair = |u: &str, p: &str| Some((u.to_owned(), p.to_owned()));
        // "Aladdin:open sesame"
        assert_eq!(
            basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            pair("Aladdin", "open sesame")
        );
        assert_eq!(
            basic("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"),
            pair("Aladdin", "open sesame")
        );
        // "user:pa:ss": the password may hold colons.
        assert_eq!(basic("Basic dXNlcjpwYTpzcw=="), pair("user", "pa:ss"));
        // ":" and "user:"
        assert_eq!(basic("Basic Og=="), pair("", ""));
        assert_eq!(basic("Basic dXNlcjo="), pair("user", ""));
        // "üser:pw" in UTF-8
        assert_eq!(basic("Basic w7xzZXI6cHc="), pair("üser", "pw"));
        // "nocolon"
        assert_eq!(basic("Basic bm9jb2xvbg=="), None);
        assert_eq!(basic("Basic !!!"), None);
        // 0xff 0xfe: not UTF-8
        assert_eq!(basic("Basic //4="), None);
        assert_eq!(basic("Bearer dXNlcjpwYXNz"), None);
        assert_eq!(basic("Basic"), None);
        assert_eq!(basic_credentials(&parts("/")), None);
    }

    #[tokio::test]
    async fn input_credentials_delegate() {
        let i = input("/", &[("Authorization", "Bearer tok")]).await;
        assert_eq!(i.bearer_token().as_deref(), Some("tok"));
        assert_eq!(i.basic_credentials(), None);
        let i = input("/", &[("Authorization", "Basic dXNlcjpwYXNz")]).await;
        assert_eq!(
            i.basic_credentials(),
            Some(("user".to_owned(), "pass".to_owned()))
        );
        assert_eq!(i.bearer_token(), None);
    }

    // ---- bodies ----

    #[tokio::test]
    async fn read_body_accepts_exactly_the_limit() {
        let bytes = read_body(Body::from(vec![7u8; 16]), 16).await.unwrap();
        assert_eq!(bytes.len(), 16);
        assert_eq!(read_body(Body::empty(), 0).await.unwrap().len(), 0);
    }

    #[tokio::test]
    async fn read_body_refuses_one_byte_over() {
        let r = read_body(Body::from(vec![7u8; 17]), 16).await.unwrap_err();
        assert_eq!(r.kind, RejectionKind::TooLarge);
        assert_eq!(r.message, "request body is larger than 16 bytes");
        assert_eq!(r.field, None);
        assert_eq!(PLAIN.respond(r).status().as_u16(), 413);
        let r = read_body(Body::from("x"), 0).await.unwrap_err();
        assert_eq!(r.message, "request body is larger than 0 bytes");
    }

    #[tokio::test]
    async fn read_body_counts_streamed_bodies() {
        // A streamed body has no exact size, so the limit is checked as it is read.
        let streamed = |n: usize| Body::from_stream(Body::from(vec![1u8; n]).into_data_stream());
        assert_eq!(
            ::axum::body::HttpBody::size_hint(&streamed(5)).exact(),
            None
        );
        assert_eq!(read_body(streamed(5), 5).await.unwrap().len(), 5);
        let r = read_body(streamed(6), 5).await.unwrap_err();
        assert_eq!(r.kind, RejectionKind::TooLarge);
        assert_eq!(r.message, "request body is larger than 5 bytes");
        // Chunks add up.
        let nested = Body::from_stream(streamed(3).into_data_stream());
        assert_eq!(
            read_body(nested, 3).await.unwrap(),
            ::axum::body::Bytes::from(vec![1u8; 3])
        );
    }

    #[test]
    fn media_types_match() {
        assert!(media_type_matches(
            "application/json",
            "application/json",
            false
        ));
        assert!(media_type_matches(
            "Application/JSON; charset=utf-8",
            "application/json",
            false
        ));
        assert!(media_type_matches(
            " text/plain ;charset=utf-8",
            "text/plain",
            false
        ));
        assert!(media_type_matches("text/csv", "text/*", false));
        assert!(media_type_matches("image/png", "*/*", false));
        assert!(media_type_matches(
            "application/json",
            "application/json; charset=utf-8",
            false
        ));
        assert!(!media_type_matches("textual/plain", "text/*", false));
        assert!(!media_type_matches("text/plain", "application/json", false));
        assert!(!media_type_matches(
            "application/problem+json",
            "application/json",
            false
        ));
        assert!(media_type_matches(
            "application/problem+json",
            "application/json",
            true
        ));
        assert!(media_type_matches(
            "application/merge-patch+json",
            "application/json",
            true
        ));
        assert!(!media_type_matches(
            "application/xml",
            "application/json",
            true
        ));
        // No Content-Type: accepted only where any type or bytes are.
        assert!(media_type_matches("", "*/*", true));
        assert!(media_type_matches("", "application/octet-stream", false));
        assert!(!media_type_matches("", "text/*", false));
        assert!(!media_type_matches("", "application/json", true));
        assert!(!media_type_matches(
            "; charset=utf-8",
            "application/json",
            true
        ));
    }

    #[test]
    fn content_type_check_refuses_with_415() {
        let json_ct = parts_with("/", &[("Content-Type", "application/json; charset=utf-8")]);
        assert_eq!(
            check_content_type(&json_ct, "application/json", true),
            Ok(())
        );
        let r = check_content_type(&json_ct, "application/xml", false).unwrap_err();
        assert_eq!(r.kind, RejectionKind::UnsupportedMediaType);
        assert_eq!(
            r.message,
            "unsupported Content-Type \"application/json; charset=utf-8\"; expected application/xml"
        );
        let r = check_content_type(&parts("/"), "application/json", true).unwrap_err();
        assert_eq!(r.kind, RejectionKind::UnsupportedMediaType);
        assert_eq!(r.message, "missing Content-Type; expected application/json");
        // Without a Content-Type, a body is any type's and bytes' only.
        assert_eq!(check_content_type(&parts("/"), "*/*", false), Ok(()));
        assert_eq!(
            check_content_type(&parts("/"), "application/octet-stream", false),
            Ok(())
        );
        let r = check_content_type(&parts("/"), "text/*", false).unwrap_err();
        assert_eq!(r.message, "missing Content-Type; expected text/*");
    }

    const JSON_CT: (&str, &str) = ("Content-Type", "application/json");

    fn pet_check(v: &Value) -> Checked {
        object(
            v,
            &[
                ("name", true, &expect_string),
                ("age", false, &expect_type::<u8>),
            ],
        )
    }

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct Pet {
        name: String,
        age: Option<u8>,
    }

    #[tokio::test]
    async fn json_body_is_checked_and_converted() {
        let mut i = input_with(request("/", &[JSON_CT], r#"{"name":"Rex","age":3}"#), 1024).await;
        let pet: Option<Pet> = i.json_body("application/json", pet_check).await.unwrap();
        assert_eq!(
            pet,
            Some(Pet {
                name: "Rex".into(),
                age: Some(3)
            })
        );
        // The body is read once.
        let again: Option<Pet> = i.json_body("application/json", pet_check).await.unwrap();
        assert_eq!(again, None);
    }

    #[tokio::test]
    async fn json_body_accepts_any_json_media_type() {
        let mut i = input_with(
            request(
                "/",
                &[("Content-Type", "application/merge-patch+json")],
                r#"{"name":"Rex"}"#,
            ),
            1024,
        )
        .await;
        let pet: Option<Pet> = i.json_body("application/json", pet_check).await.unwrap();
        assert_eq!(
            pet,
            Some(Pet {
                name: "Rex".into(),
                age: None
            })
        );
    }

    #[tokio::test]
    async fn malformed_json_is_400() {
        let mut i = input_with(request("/", &[JSON_CT], r#"{"name": "Rex""#), 1024).await;
        let r = i
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Malformed);
        assert!(
            r.message
                .starts_with("malformed JSON in the request body: "),
            "{}",
            r.message
        );
        assert_eq!(r.field, None);
        let response = PLAIN.respond(r);
        assert_eq!(response.status().as_u16(), 400);
        let body = body_json(response).await;
        assert!(body["message"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON"));
        assert_eq!(body.get("field"), None);
    }

    #[tokio::test]
    async fn invalid_json_body_is_422_naming_the_field() {
        let mut i = input_with(
            request("/", &[JSON_CT], r#"{"name":"Rex","age":"old"}"#),
            1024,
        )
        .await;
        let r = i
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "invalid request body: `age`: invalid type: string \"old\", expected u8"
        );
        assert_eq!(r.field.as_deref(), Some("age"));
        let response = PLAIN.respond(r);
        assert_eq!(response.status().as_u16(), 422);
        assert_eq!(
            body_json(response).await,
            json!({"message": "invalid request body: `age`: invalid type: string \"old\", expected u8", "field": "age"})
        );
    }

    #[tokio::test]
    async fn json_body_with_the_wrong_content_type_is_415() {
        let mut i = input_with(
            request("/", &[("Content-Type", "text/plain")], r#"{"name":"Rex"}"#),
            1024,
        )
        .await;
        let r = i
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::UnsupportedMediaType);
        assert_eq!(
            r.message,
            "unsupported Content-Type \"text/plain\"; expected application/json"
        );
        assert_eq!(PLAIN.respond(r).status().as_u16(), 415);

        let mut i = input_with(request("/", &[], r#"{"name":"Rex"}"#), 1024).await;
        let r = i
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap_err();
        assert_eq!(r.message, "missing Content-Type; expected application/json");
    }

    #[tokio::test]
    async fn empty_body_is_none_whatever_its_content_type() {
        let mut i = input_with(
            request("/", &[("Content-Type", "text/plain")], Body::empty()),
            1024,
        )
        .await;
        assert_eq!(
            i.json_body::<Pet>("application/json", pet_check).await,
            Ok(None)
        );
        let r = require(
            i.json_body::<Pet>("application/json", pet_check)
                .await
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(r.message, "the request body is required");
        assert_eq!(PLAIN.respond(r).status().as_u16(), 422);
    }

    #[tokio::test]
    async fn json_body_over_the_limit_is_413() {
        let body = r#"{"name":"Rex"}"#;
        let mut at = input_with(request("/", &[JSON_CT], body), body.len()).await;
        assert!(at
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap()
            .is_some());
        let mut over = input_with(request("/", &[JSON_CT], body), body.len() - 1).await;
        let r = over
            .json_body::<Pet>("application/json", pet_check)
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::TooLarge);
        assert_eq!(
            r.message,
            format!("request body is larger than {} bytes", body.len() - 1)
        );
        let response = PLAIN.respond(r);
        assert_eq!(response.status().as_u16(), 413);
        // The size is checked before the media type.
        let mut both = input_with(request("/", &[("Content-Type", "text/plain")], body), 1).await;
        assert_eq!(
            both.json_body::<Pet>("application/json", pet_check)
                .await
                .unwrap_err()
                .kind,
            RejectionKind::TooLarge
        );
    }

    #[test]
    fn decode_json_directly() {
        let v: Value = decode_json(b"[1,2]", array(expect_type::<u8>)).unwrap();
        assert_eq!(v, json!([1, 2]));
        let r = decode_json::<Value>(b"[1,-2]", array(expect_type::<u8>)).unwrap_err();
        assert_eq!(r.field.as_deref(), Some("[1]"));
        assert!(
            r.message.starts_with("invalid request body: `[1]`: "),
            "{}",
            r.message
        );
        // The check passes but the Rust type does not fit: no field to name.
        let r = decode_json::<Pet>(b"{}", accept_any).unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(r.message, "invalid request body: missing field `name`");
        assert_eq!(r.field, None);
        let r = decode_json::<Value>(b"", accept_any).unwrap_err();
        assert_eq!(r.kind, RejectionKind::Malformed);
        let r = decode_json::<Value>(b"null", expect_any_object).unwrap_err();
        assert_eq!(
            r.message,
            "invalid request body: expected an object, found null"
        );
        assert_eq!(r.field, None);
    }

    #[tokio::test]
    async fn bytes_and_text_bodies() {
        let mut i = input_with(
            request(
                "/",
                &[("Content-Type", "application/octet-stream")],
                vec![0u8, 255],
            ),
            8,
        )
        .await;
        assert_eq!(
            i.bytes_body("application/octet-stream").await,
            Ok(Some(::axum::body::Bytes::from_static(&[0, 255])))
        );
        let mut i = input_with(request("/", &[("Content-Type", "image/png")], vec![1u8]), 8).await;
        assert_eq!(i.bytes_body("image/*").await.unwrap().unwrap().len(), 1);
        let mut i = input_with(
            request(
                "/",
                &[("Content-Type", "text/plain; charset=utf-8")],
                "héllo",
            ),
            8,
        )
        .await;
        assert_eq!(
            i.text_body("text/plain").await,
            Ok(Some("héllo".to_owned()))
        );
        let mut i = input_with(
            request("/", &[("Content-Type", "text/plain")], vec![0xffu8, 0xfe]),
            8,
        )
        .await;
        let r = i.text_body("text/plain").await.unwrap_err();
        assert_eq!(r.kind, RejectionKind::Malformed);
        assert_eq!(r.message, "the request body is not valid UTF-8");
        let mut i = input_with(request("/", &[], Body::empty()), 8).await;
        assert_eq!(i.text_body("text/plain").await, Ok(None));
    }

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct Login {
        user: String,
        remember: bool,
    }

    #[tokio::test]
    async fn form_bodies() {
        let ct = ("Content-Type", "application/x-www-form-urlencoded");
        let mut i = input_with(request("/", &[ct], "user=a+b%21&remember=true"), 64).await;
        let login: Option<Login> = i
            .form_body("application/x-www-form-urlencoded")
            .await
            .unwrap();
        assert_eq!(
            login,
            Some(Login {
                user: "a b!".into(),
                remember: true
            })
        );

        let mut i = input_with(request("/", &[ct], "user=a"), 64).await;
        let r = i
            .form_body::<Login>("application/x-www-form-urlencoded")
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert!(r.message.contains("remember"), "{}", r.message);

        let mut i = input_with(request("/", &[JSON_CT], "user=a&remember=false"), 64).await;
        let r = i
            .form_body::<Login>("application/x-www-form-urlencoded")
            .await
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::UnsupportedMediaType);
    }

    #[tokio::test]
    async fn form_body_over_two_mebibytes_within_the_configured_limit() {
        let ct = ("Content-Type", "application/x-www-form-urlencoded");
        let body = format!("user={}&remember=true", "u".repeat(3 * 1024 * 1024));
        let routed = through_generated_router(request("/", &[ct], body)).await;
        let mut i = input_with(routed, 4 * 1024 * 1024).await;
        let login: Option<Login> = i
            .form_body("application/x-www-form-urlencoded")
            .await
            .unwrap();
        assert_eq!(login.unwrap().user.len(), 3 * 1024 * 1024);
    }

    // ---- responses ----

    #[test]
    fn status_codes_out_of_range_are_500() {
        assert_eq!(status(200).as_u16(), 200);
        assert_eq!(status(418).as_u16(), 418);
        assert_eq!(status(999).as_u16(), 999);
        assert_eq!(status(99).as_u16(), 500);
        assert_eq!(status(1000).as_u16(), 500);
        assert_eq!(status(0).as_u16(), 500);
    }

    #[tokio::test]
    async fn json_responses() {
        let r = json(201, &json!({"id": 1}));
        assert_eq!(r.status().as_u16(), 201);
        assert_eq!(content_type(&r), Some("application/json"));
        assert_eq!(body_json(r).await, json!({"id": 1}));
        let r = json_response(200, "application/vnd.api+json", &vec![1, 2]);
        assert_eq!(content_type(&r), Some("application/vnd.api+json"));
        assert_eq!(body_bytes(r).await, b"[1,2]");
        // A media type that is not a header value leaves the header out.
        let r = json_response(200, "bad\nvalue", &1);
        assert_eq!(content_type(&r), None);
    }

    #[tokio::test]
    async fn json_response_that_cannot_serialize_is_500() {
        let bad: BTreeMap<Vec<u8>, u8> = BTreeMap::from([(vec![1], 1)]);
        let r = json(200, &bad);
        assert_eq!(r.status().as_u16(), 500);
        let text = String::from_utf8(body_bytes(r).await).unwrap();
        assert_eq!(
            text,
            "could not serialize the response: key must be a string"
        );
    }

    #[tokio::test]
    async fn bytes_form_and_empty_responses() {
        let r = bytes_response(200, "image/png", vec![1u8, 2]);
        assert_eq!(content_type(&r), Some("image/png"));
        assert_eq!(body_bytes(r).await, vec![1, 2]);
        let r = bytes_response(1000, "text/plain", "x");
        assert_eq!(r.status().as_u16(), 500);

        let r = form_response(201, [("a", "1 2"), ("b", "&")]);
        assert_eq!(r.status().as_u16(), 201);
        assert_eq!(content_type(&r), Some("application/x-www-form-urlencoded"));
        assert_eq!(body_bytes(r).await, b"a=1+2&b=%26");

        let r = empty_response(204);
        assert_eq!(r.status().as_u16(), 204);
        assert_eq!(content_type(&r), None);
        assert!(body_bytes(r).await.is_empty());
    }

    #[test]
    fn header_text_of_values() {
        assert_eq!(header_text(&"abc").as_deref(), Some("abc"));
        assert_eq!(header_text(&5).as_deref(), Some("5"));
        assert_eq!(header_text(&1.5).as_deref(), Some("1.5"));
        assert_eq!(header_text(&true).as_deref(), Some("true"));
        assert_eq!(header_text(&vec!["a", "b"]).as_deref(), Some("a,b"));
        assert_eq!(
            header_text(&json!([1, ["x", true]])).as_deref(),
            Some("1,x,true")
        );
        assert_eq!(header_text(&json!({"a": 1})).as_deref(), Some("{\"a\":1}"));
        assert_eq!(header_text(&None::<u8>), None);
        assert_eq!(header_text(&Value::Null), None);
        assert_eq!(header_text(&Vec::<u8>::new()).as_deref(), Some(""));
    }

    #[test]
    fn add_header_appends_valid_headers_only() {
        let mut r = empty_response(200);
        add_header(&mut r, "X-Rate", Some("10".to_owned()));
        add_header(&mut r, "x-rate", Some("20".to_owned()));
        add_header(&mut r, "X-None", None);
        add_header(&mut r, "bad name", Some("v".to_owned()));
        add_header(&mut r, "X-Bad", Some("a\nb".to_owned()));
        let rates: Vec<&str> = r
            .headers()
            .get_all("x-rate")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(rates, vec!["10", "20"]);
        assert!(r.headers().get("x-none").is_none());
        assert!(r.headers().get("x-bad").is_none());
        assert_eq!(r.headers().len(), 2);
    }
}
