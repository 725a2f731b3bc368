/// How a parameter value is written (the OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Everything but the unreserved characters of RFC 3986 is encoded, so a
/// path parameter always stays one segment (`/`, `?`, `#`, `%` included).
const PATH_SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A parameter value as text pieces: a scalar is one piece, an array its
/// items, an object its keys and values in turn.
enum Pieces {
    Scalar(::std::string::String),
    List(::std::vec::Vec<::std::string::String>),
    Object(::std::vec::Vec<(::std::string::String, ::std::string::String)>),
    Null,
}

fn scalar_text(value: &::serde_json::Value) -> ::std::string::String {
    match value {
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Null => ::std::string::String::new(),
        other => other.to_string(),
    }
}

fn pieces<T: ::serde::Serialize + ?Sized>(name: &str, value: &T) -> ::std::result::Result<Pieces, InvalidRequest> {
    let json = ::serde_json::to_value(value).map_err(|e| InvalidRequest(::std::format!("parameter {name}: {e}")))?;
    ::std::result::Result::Ok(match json {
        ::serde_json::Value::Null => Pieces::Null,
        ::serde_json::Value::Array(items) => Pieces::List(items.iter().map(scalar_text).collect()),
        ::serde_json::Value::Object(map) => Pieces::Object(map.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect()),
        other => Pieces::Scalar(scalar_text(&other)),
    })
}

/// `style: simple` text: items and key/value pairs joined with commas
/// (`explode` writes objects as `key=value`). Each piece goes through `escape`.
fn simple_text(p: &Pieces, explode: bool, escape: &dyn Fn(&str) -> ::std::string::String) -> ::std::string::String {
    match p {
        Pieces::Scalar(s) => escape(s),
        Pieces::Null => ::std::string::String::new(),
        Pieces::List(items) => items.iter().map(|s| escape(s)).collect::<::std::vec::Vec<_>>().join(","),
        Pieces::Object(pairs) => {
            let sep = if explode { "=" } else { "," };
            pairs
                .iter()
                .map(|(k, v)| ::std::format!("{}{sep}{}", escape(k), escape(v)))
                .collect::<::std::vec::Vec<_>>()
                .join(",")
        }
    }
}

fn encode_segment(text: &str) -> ::std::string::String {
    ::percent_encoding::utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

/// A request being put together by a generated client method.
#[derive(Debug)]
pub struct Request {
    method: ::reqwest::Method,
    url: ::std::string::String,
    query: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    headers: ::reqwest::header::HeaderMap,
    cookies: ::std::vec::Vec<::std::string::String>,
    basic: ::std::option::Option<(::std::string::String, ::std::option::Option<::std::string::String>)>,
    body: ::std::option::Option<::std::vec::Vec<u8>>,
}

impl Request {
    /// A request to `base_url` (without a trailing slash); the path is added next.
    pub fn new(method: ::reqwest::Method, base_url: &str) -> Self {
        Request {
            method,
            url: base_url.to_owned(),
            query: ::std::vec::Vec::new(),
            headers: ::reqwest::header::HeaderMap::new(),
            cookies: ::std::vec::Vec::new(),
            basic: ::std::option::Option::None,
            body: ::std::option::Option::None,
        }
    }

    /// Append a literal piece of the path template.
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Append a path parameter, percent-encoded so it stays one segment.
    pub fn path_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: ParamStyle, explode: bool) -> ::std::result::Result<(), InvalidRequest> {
        let p = pieces(name, value)?;
        let text = match style {
            ParamStyle::Label => {
                let sep = if explode { "." } else { "," };
                let body = match &p {
                    Pieces::List(items) => items.iter().map(|s| encode_segment(s)).collect::<::std::vec::Vec<_>>().join(sep),
                    Pieces::Object(pairs) if explode => pairs
                        .iter()
                        .map(|(k, v)| ::std::format!("{}={}", encode_segment(k), encode_segment(v)))
                        .collect::<::std::vec::Vec<_>>()
                        .join("."),
                    other => simple_text(other, false, &encode_segment),
                };
                ::std::format!(".{body}")
            }
            ParamStyle::Matrix => {
                let key = encode_segment(name);
                match &p {
                    Pieces::List(items) if explode => items.iter().map(|s| ::std::format!(";{key}={}", encode_segment(s))).collect(),
                    Pieces::Object(pairs) if explode => pairs
                        .iter()
                        .map(|(k, v)| ::std::format!(";{}={}", encode_segment(k), encode_segment(v)))
                        .collect(),
                    other => ::std::format!(";{key}={}", simple_text(other, false, &encode_segment)),
                }
            }
            _ => simple_text(&p, explode, &encode_segment),
        };
        // URL parsing resolves "." and ".." (even percent-encoded) as dot
        // segments: such a value cannot reach the server as itself.
        if text == "." || text == ".." {
            return ::std::result::Result::Err(InvalidRequest(::std::format!("path parameter {name}: {text:?} cannot be sent as a path segment")));
        }
        self.url.push_str(&text);
        ::std::result::Result::Ok(())
    }

    /// Append a path parameter with the default `style: simple` (no explode).
    pub fn segment<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> ::std::result::Result<(), InvalidRequest> {
        self.path_param(name, value, ParamStyle::Simple, false)
    }

    /// Add a query parameter with the default `style: form`, `explode: true`;
    /// `None` (JSON `null`) is not sent.
    pub fn query<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> ::std::result::Result<(), InvalidRequest> {
        self.query_param(name, value, ParamStyle::Form, true)
    }

    /// Add a query parameter following its `style` and `explode`; `None`
    /// (JSON `null`) is not sent.
    pub fn query_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: ParamStyle, explode: bool) -> ::std::result::Result<(), InvalidRequest> {
        let json = ::serde_json::to_value(value).map_err(|e| InvalidRequest(::std::format!("parameter {name}: {e}")))?;
        if style == ParamStyle::DeepObject {
            deep_object(&mut self.query, name, &json);
            return ::std::result::Result::Ok(());
        }
        match pieces(name, value)? {
            Pieces::Null => {}
            Pieces::Scalar(s) => self.query.push((name.to_owned(), s)),
            Pieces::List(items) => {
                let sep = match style {
                    ParamStyle::SpaceDelimited => " ",
                    ParamStyle::PipeDelimited => "|",
                    _ if explode => {
                        self.query.extend(items.into_iter().map(|s| (name.to_owned(), s)));
                        return ::std::result::Result::Ok(());
                    }
                    _ => ",",
                };
                self.query.push((name.to_owned(), items.join(sep)));
            }
            Pieces::Object(pairs) => {
                if explode {
                    self.query.extend(pairs);
                } else {
                    let flat: ::std::vec::Vec<::std::string::String> = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
                    self.query.push((name.to_owned(), flat.join(",")));
                }
            }
        }
        ::std::result::Result::Ok(())
    }

    /// Set a header parameter (`style: simple`); `None` (JSON `null`) is not sent.
    pub fn header_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, explode: bool) -> ::std::result::Result<(), InvalidRequest> {
        let pieces = pieces(name, value)?;
        if let Pieces::Null = pieces {
            return ::std::result::Result::Ok(());
        }
        let text = simple_text(&pieces, explode, &|s: &str| s.to_owned());
        self.header(name, &text, false)
    }

    /// Add a cookie parameter; `None` (JSON `null`) is not sent.
    pub fn cookie_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> ::std::result::Result<(), InvalidRequest> {
        let pieces = pieces(name, value)?;
        if let Pieces::Null = pieces {
            return ::std::result::Result::Ok(());
        }
        let text = simple_text(&pieces, false, &encode_segment);
        self.cookies.push(::std::format!("{}={text}", encode_segment(name)));
        ::std::result::Result::Ok(())
    }

    /// Set a header; a name or value that HTTP does not allow is an error,
    /// not a panic.
    pub fn header(&mut self, name: &str, value: &str, sensitive: bool) -> ::std::result::Result<(), InvalidRequest> {
        let header = ::reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidRequest(::std::format!("{name:?} is not a valid header name")))?;
        let mut value = ::reqwest::header::HeaderValue::from_str(value)
            .map_err(|_| InvalidRequest(::std::format!("the value for header {name} is not a valid header value")))?;
        value.set_sensitive(sensitive);
        self.headers.insert(header, value);
        ::std::result::Result::Ok(())
    }

    /// A JSON body.
    pub fn json<T: ::serde::Serialize + ?Sized>(&mut self, content_type: &str, body: &T) -> ::std::result::Result<(), InvalidRequest> {
        let bytes = ::serde_json::to_vec(body).map_err(|e| InvalidRequest(::std::format!("request body: {e}")))?;
        self.bytes(content_type, bytes)
    }

    /// An `application/x-www-form-urlencoded` body: the object's properties
    /// as form fields (arrays repeat the key, nested objects are JSON text).
    pub fn form<T: ::serde::Serialize + ?Sized>(&mut self, content_type: &str, body: &T) -> ::std::result::Result<(), InvalidRequest> {
        let mut fields = ::std::vec::Vec::new();
        match pieces("body", body)? {
            Pieces::Object(_) => {
                let json = ::serde_json::to_value(body).map_err(|e| InvalidRequest(::std::format!("request body: {e}")))?;
                if let ::serde_json::Value::Object(map) = json {
                    for (k, v) in map {
                        match v {
                            ::serde_json::Value::Null => {}
                            ::serde_json::Value::Array(items) => fields.extend(items.iter().map(|i| (k.clone(), scalar_text(i)))),
                            other => fields.push((k, scalar_text(&other))),
                        }
                    }
                }
            }
            Pieces::Null => {}
            _ => return ::std::result::Result::Err(InvalidRequest("a form body must be an object".to_owned())),
        }
        let encode = |s: &str| ::percent_encoding::utf8_percent_encode(s, PATH_SEGMENT).to_string();
        let text = fields
            .iter()
            .map(|(k, v)| ::std::format!("{}={}", encode(k), encode(v)))
            .collect::<::std::vec::Vec<_>>()
            .join("&");
        self.bytes(content_type, text.into_bytes())
    }

    /// A raw body (text or bytes) with its media type.
    pub fn bytes(&mut self, content_type: &str, body: ::std::vec::Vec<u8>) -> ::std::result::Result<(), InvalidRequest> {
        self.header("content-type", content_type, false)?;
        self.body = ::std::option::Option::Some(body);
        ::std::result::Result::Ok(())
    }

    /// Send the credentials of the first alternative (a list of scheme keys)
    /// whose credentials are all set. With none complete (or an empty
    /// alternative: authentication optional), nothing is sent and the server
    /// decides (usually 401).
    pub fn authenticate(&mut self, credentials: &Credentials, alternatives: &[&[&str]]) -> ::std::result::Result<(), InvalidRequest> {
        let complete = |keys: &&&[&str]| !keys.is_empty() && keys.iter().all(|k| credentials.get(k).is_some());
        let Some(chosen) = alternatives.iter().find(complete) else {
            return ::std::result::Result::Ok(());
        };
        for key in chosen.iter() {
            match credentials.get(key) {
                ::std::option::Option::Some(Credential::ApiKey { location, name, value }) => match location {
                    KeyLocation::Query => self.query.push(((*name).to_owned(), value.clone())),
                    KeyLocation::Header => self.header(name, value, true)?,
                    KeyLocation::Cookie => self.cookies.push(::std::format!("{}={}", encode_segment(name), encode_segment(value))),
                },
                ::std::option::Option::Some(Credential::Bearer(token)) => self.header("authorization", &::std::format!("Bearer {token}"), true)?,
                ::std::option::Option::Some(Credential::Basic { username, password }) => {
                    self.basic = ::std::option::Option::Some((username.clone(), password.clone()));
                }
                ::std::option::Option::None => {}
            }
        }
        ::std::result::Result::Ok(())
    }

    /// Send the request and read the whole response.
    pub async fn send(self, http: &::reqwest::Client) -> ::std::result::Result<Response, ::reqwest::Error> {
        let mut builder = http.request(self.method, self.url).headers(self.headers);
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        if !self.cookies.is_empty() {
            if let ::std::result::Result::Ok(value) = ::reqwest::header::HeaderValue::from_str(&self.cookies.join("; ")) {
                builder = builder.header(::reqwest::header::COOKIE, value);
            }
        }
        if let ::std::option::Option::Some((username, password)) = self.basic {
            builder = builder.basic_auth(username, password);
        }
        if let ::std::option::Option::Some(body) = self.body {
            builder = builder.body(body);
        }
        let response = builder.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        ::std::result::Result::Ok(Response { status, headers, body })
    }
}

fn deep_object(query: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>, key: &str, value: &::serde_json::Value) {
    match value {
        ::serde_json::Value::Null => {}
        ::serde_json::Value::Object(map) => {
            for (k, v) in map {
                deep_object(query, &::std::format!("{key}[{k}]"), v);
            }
        }
        ::serde_json::Value::Array(items) => {
            for item in items {
                deep_object(query, key, item);
            }
        }
        other => query.push((key.to_owned(), scalar_text(other))),
    }
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// A credential for one security scheme.
#[derive(Clone)]
pub enum Credential {
    /// An API key sent as a header, query or cookie parameter.
    ApiKey {
        location: KeyLocation,
        name: &'static str,
        value: ::std::string::String,
    },
    Bearer(::std::string::String),
    Basic {
        username: ::std::string::String,
        password: ::std::option::Option<::std::string::String>,
    },
}

impl ::std::fmt::Debug for Credential {
    /// Secrets are never printed.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Credential::ApiKey { name, .. } => ::std::write!(f, "ApiKey({name}: <redacted>)"),
            Credential::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credential::Basic { username, .. } => ::std::write!(f, "Basic({username}: <redacted>)"),
        }
    }
}

/// The credentials a client holds, by security scheme key.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    items: ::std::vec::Vec<(&'static str, Credential)>,
}

impl Credentials {
    /// Set (or replace) the credential for a scheme.
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.items.retain(|(k, _)| *k != scheme);
        self.items.push((scheme, credential));
    }

    pub fn get(&self, scheme: &str) -> ::std::option::Option<&Credential> {
        self.items.iter().find(|(k, _)| *k == scheme).map(|(_, c)| c)
    }
}

/// A whole response: status, headers and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: ::reqwest::StatusCode,
    pub headers: ::reqwest::header::HeaderMap,
    pub body: ::std::vec::Vec<u8>,
}

impl Response {
    /// The body parsed as JSON into `T` (named `type_name` in errors).
    pub fn json<T: ::serde::de::DeserializeOwned>(&self, type_name: &'static str) -> ::std::result::Result<T, InvalidBody> {
        ::serde_json::from_slice(&self.body).map_err(|e| InvalidBody {
            status: self.status,
            type_name,
            error: e.to_string(),
            body: self.body.clone(),
        })
    }

    /// The body parsed as JSON into the success type `T`.
    pub fn body<T: ::serde::de::DeserializeOwned, E>(&self, type_name: &'static str) -> ::std::result::Result<T, ClientError<E>> {
        self.json(type_name).map_err(ClientError::from)
    }

    /// The body parsed as JSON into `T`, as the documented error `variant`.
    pub fn api<T: ::serde::de::DeserializeOwned, E, V>(
        &self,
        variant: impl ::std::ops::FnOnce(T) -> E,
        type_name: &'static str,
    ) -> ::std::result::Result<V, ClientError<E>> {
        ::std::result::Result::Err(ClientError::Api(variant(self.json(type_name)?)))
    }

    /// The body as text (invalid UTF-8 is replaced, not an error).
    pub fn text(&self) -> ::std::string::String {
        ::std::string::String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as bytes.
    pub fn bytes(&self) -> ::std::vec::Vec<u8> {
        self.body.clone()
    }

    /// A header parsed to its schema type: numbers and booleans as JSON
    /// scalars, anything else as a string, lists comma-separated. `None` when
    /// the header is missing or does not parse.
    pub fn header<T: ::serde::de::DeserializeOwned>(&self, name: &str) -> ::std::option::Option<T> {
        let text = self.headers.get(name)?.to_str().ok()?.trim();
        // The text as it is first, so a string keeps its quotes (an ETag is
        // `"v1"`); then as a JSON scalar (numbers, booleans).
        if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<T>(::serde_json::Value::String(text.to_owned())) {
            return ::std::option::Option::Some(v);
        }
        if let ::std::result::Result::Ok(v) = ::serde_json::from_str::<T>(text) {
            return ::std::option::Option::Some(v);
        }
        let items = text
            .split(',')
            .map(|s| {
                let s = s.trim();
                ::serde_json::from_str::<::serde_json::Value>(s)
                    .ok()
                    .filter(|v| !v.is_object() && !v.is_array())
                    .unwrap_or_else(|| ::serde_json::Value::String(s.to_owned()))
            })
            .collect();
        ::serde_json::from_value::<T>(::serde_json::Value::Array(items)).ok()
    }

    /// The error for a status this operation does not document.
    pub fn unexpected<E>(self) -> ClientError<E> {
        ClientError::Unexpected {
            status: self.status,
            body: self.body,
        }
    }
}
