/// Limits for the generated server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Largest request body accepted; bigger bodies get `413 Payload Too Large`.
    pub max_body_bytes: usize,
}

impl ::std::default::Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1024 * 1024,
        }
    }
}

impl ServerConfig {
    /// Sets the largest accepted request body, in bytes.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
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
    /// path has (`{sid}.json` asked as `abc`): no such resource (404).
    NotFound,
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
            ::serde_json::Value::String(rejection.message),
        );
        if let (::std::option::Option::Some(key), ::std::option::Option::Some(field)) = (shape.field, rejection.field) {
            body.insert(key.to_owned(), ::serde_json::Value::String(field));
        }
        json_response(status, "application/json", &::serde_json::Value::Object(body))
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

/// Checks a parameter's value and converts it to its Rust type.
pub fn decode_param<T: ::serde::de::DeserializeOwned>(
    value: ::serde_json::Value,
    location: &str,
    name: &str,
    check: impl Fn(&::serde_json::Value) -> Checked,
) -> ::std::result::Result<T, Rejection> {
    let what = ::std::format!("{location} parameter `{name}`");
    if let ::std::result::Result::Err(v) = check(&value) {
        let path = v.path();
        let field = if path.is_empty() {
            name.to_owned()
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
pub fn missing_param(location: &str, name: &str) -> Rejection {
    Rejection::new(
        RejectionKind::Invalid,
        ::std::format!("missing required {location} parameter `{name}`"),
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
    location: &str,
    name: &str,
) -> ::std::option::Option<::std::string::String> {
    let values = match location {
        "query" => query_values(query, name),
        "cookie" => cookie_values(parts, name),
        _ => header_values(parts, name),
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
pub fn media_type_matches(received: &str, declared: &str, json: bool) -> bool {
    let received = received.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let declared = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if received.is_empty() {
        return false;
    }
    if received == declared || declared == "*/*" {
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
) -> ::std::result::Result<T, Rejection> {
    use ::axum::extract::FromRequest;
    let request = ::axum::http::Request::builder()
        .method(::axum::http::Method::POST)
        .header(::axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(::axum::body::Body::from(bytes))
        .map_err(|e| Rejection::new(RejectionKind::Malformed, e.to_string()))?;
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
    location: &'static str,
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

const fn param(location: &'static str, name: &'static str, index: usize, explode: bool) -> Param {
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
    param("path", name, index, false)
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
    param("path", name, usize::MAX, false)
}

/// A query parameter (`style: form`, `explode: true` unless changed).
pub const fn query(name: &'static str) -> Param {
    param("query", name, 0, true)
}

pub const fn header(name: &'static str) -> Param {
    param("header", name, 0, false)
}

pub const fn cookie(name: &'static str) -> Param {
    param("cookie", name, 0, false)
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

    /// An API key from a `"header"`, `"query"` or `"cookie"`; `None` when absent or empty.
    pub fn api_key(&self, location: &str, name: &str) -> ::std::option::Option<::std::string::String> {
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
            "query" if p.deep => deep_object(&self.query, p.name),
            "query" => param_value(query_values(&self.query, p.name), p.array, p.explode, p.kind),
            "path" => param_value(self.captured(p)?, p.array, false, p.kind),
            "cookie" => param_value(cookie_values(&self.parts, p.name), p.array, false, p.kind),
            _ => param_value(header_values(&self.parts, p.name), p.array, false, p.kind),
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
            ::std::option::Option::Some(bytes) => decode_form(bytes).await.map(::std::option::Option::Some),
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
