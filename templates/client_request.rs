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

/// Redirects followed at most (reqwest's own default).
const MAX_REDIRECTS: usize = 10;

/// The `reqwest::Client` a generated client starts with. It follows a
/// redirect only to the same scheme, host and port: the client adds API
/// keys, bearer tokens and basic credentials to every attempt itself, and
/// reqwest strips only `Authorization` and cookies on a redirect to another
/// host, so following one would hand an `X-Api-Key` (and the body of a
/// PUT) to whatever host the server names. A redirect elsewhere is
/// returned as the 3xx response it is.
pub fn default_http_client() -> ::reqwest::Client {
    let policy = ::reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| {
            let next = attempt.url();
            first.scheme() == next.scheme()
                && first.host_str() == next.host_str()
                && first.port_or_known_default() == next.port_or_known_default()
        });
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    ::reqwest::Client::builder()
        .redirect(policy)
        // A host that does not answer the handshake fails the attempt (and
        // is retried) instead of waiting out the whole attempt timeout.
        .connect_timeout(::std::time::Duration::from_secs(10))
        .build()
        .unwrap_or_default()
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
    /// A body read as it is sent (sent once: never retried).
    stream: ::std::option::Option<::reqwest::Body>,
    operation: Operation,
}

impl Request {
    /// A request to `base_url` (without a trailing slash); the path is added next.
    pub fn new(method: ::reqwest::Method, base_url: &str) -> Self {
        Request {
            operation: Operation { id: "", path: "" },
            method,
            url: base_url.to_owned(),
            query: ::std::vec::Vec::new(),
            headers: ::reqwest::header::HeaderMap::new(),
            cookies: ::std::vec::Vec::new(),
            basic: ::std::option::Option::None,
            body: ::std::option::Option::None,
            stream: ::std::option::Option::None,
        }
    }

    /// The request for the operation `id` with path template `path` (what
    /// hooks are told).
    pub fn for_operation(method: ::reqwest::Method, base_url: &str, id: &'static str, path: &'static str) -> Self {
        Request {
            operation: Operation { id, path },
            ..Request::new(method, base_url)
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
        // Exploded, every style repeats the name (`id=1&id=2`, an object's
        // pairs as their own names); otherwise one value joined by the
        // style's delimiter (`form`: `,`, `spaceDelimited`: ` `,
        // `pipeDelimited`: `|`), an object as key, value, key, value.
        let sep = match style {
            ParamStyle::SpaceDelimited => " ",
            ParamStyle::PipeDelimited => "|",
            _ => ",",
        };
        match pieces(name, value)? {
            Pieces::Null => {}
            Pieces::Scalar(s) => self.query.push((name.to_owned(), s)),
            Pieces::List(items) if explode => {
                self.query.extend(items.into_iter().map(|s| (name.to_owned(), s)));
            }
            Pieces::List(items) => self.query.push((name.to_owned(), items.join(sep))),
            Pieces::Object(pairs) if explode => self.query.extend(pairs),
            Pieces::Object(pairs) => {
                let flat: ::std::vec::Vec<::std::string::String> = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.query.push((name.to_owned(), flat.join(sep)));
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
        self.stream = ::std::option::Option::None;
        ::std::result::Result::Ok(())
    }

    /// A body read as it is sent, with its media type. The call is sent
    /// once, whatever the retry policy: a stream cannot be replayed.
    pub fn stream_body(&mut self, content_type: &str, body: ::reqwest::Body) -> ::std::result::Result<(), InvalidRequest> {
        self.header("content-type", content_type, false)?;
        self.body = ::std::option::Option::None;
        self.stream = ::std::option::Option::Some(body);
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

    /// Send the request as `options` say: each attempt through the hooks,
    /// with the attempt timeout, retried while the policy allows; the last
    /// response is read whole, up to `options.max_body_bytes`.
    pub async fn send(self, http: &::reqwest::Client, options: &ClientOptions) -> ::std::result::Result<Response, SendError> {
        let span = CallSpan::new(&self.method, self.operation);
        let sent = span
            .instrument(async {
                let live = self.attempts(http, options, &span, Timing::Whole).await?;
                live.read(options.max_body_bytes).await
            })
            .await;
        if let ::std::result::Result::Ok(response) = &sent {
            span.status(response.status.as_u16());
        }
        sent
    }

    /// Send the request like `send`, but stop once the response head has
    /// arrived: the body is left to the caller, to read as it arrives
    /// (a download, server-sent events). The attempt timeout covers the
    /// wait for the head only; a streamed body has its own idle timeout
    /// (`ClientOptions::stream_idle_timeout`).
    pub async fn send_live(self, http: &::reqwest::Client, options: &ClientOptions) -> ::std::result::Result<Live, SendError> {
        let span = CallSpan::new(&self.method, self.operation);
        let sent = span.instrument(self.attempts(http, options, &span, Timing::Head)).await;
        if let ::std::result::Result::Ok(live) = &sent {
            span.status(live.status.as_u16());
        }
        sent
    }

    async fn attempts(mut self, http: &::reqwest::Client, options: &ClientOptions, span: &CallSpan, timing: Timing) -> ::std::result::Result<Live, SendError> {
        let operation = self.operation;
        let key_header = ::reqwest::header::HeaderName::from_bytes(options.idempotency_header.as_bytes()).ok();
        let mut keyed = key_header.as_ref().is_some_and(|h| self.headers.contains_key(h));
        let unsafe_method = self.method == ::reqwest::Method::POST || self.method == ::reqwest::Method::PATCH;
        if let (true, true, false, ::std::option::Option::Some(name)) = (options.idempotency_keys, unsafe_method, keyed, &key_header) {
            if let ::std::result::Result::Ok(value) = ::reqwest::header::HeaderValue::from_str(&idempotency_key()) {
                self.headers.insert(name.clone(), value);
                keyed = true;
            }
        }
        let repeatable = safe_to_repeat(&self.method, keyed);
        let mut stream = self.stream.take();
        let policy = if stream.is_some() { RetryPolicy::none() } else { options.retry };
        let start = ::std::time::Instant::now();
        let mut number = 1;
        loop {
            let attempt = Attempt { operation, number, elapsed: start.elapsed() };
            span.attempt(number);
            // The body is copied only while another attempt may need it.
            let body = match stream.take() {
                ::std::option::Option::Some(stream) => ::std::option::Option::Some(stream),
                ::std::option::Option::None if number >= policy.max_attempts => self.body.take().map(::reqwest::Body::from),
                ::std::option::Option::None => self.body.clone().map(::reqwest::Body::from),
            };
            // A whole read is bounded by reqwest's own timeout, body
            // included; a live one only until the head has arrived.
            let (whole, head) = match timing {
                Timing::Whole => (options.attempt_timeout, ::std::option::Option::None),
                Timing::Head => (::std::option::Option::None, options.attempt_timeout),
            };
            let outcome = match self.build(http, body, whole) {
                ::std::result::Result::Ok(mut request) => {
                    for hook in &options.hooks {
                        hook.before_attempt(&mut request, &attempt);
                    }
                    match head {
                        ::std::option::Option::Some(limit) => match ::tokio::time::timeout(limit, http.execute(request)).await {
                            ::std::result::Result::Ok(result) => result.map_err(Failure::Transport),
                            ::std::result::Result::Err(_) => ::std::result::Result::Err(Failure::TimedOut(limit)),
                        },
                        ::std::option::Option::None => http.execute(request).await.map_err(Failure::Transport),
                    }
                }
                ::std::result::Result::Err(e) => ::std::result::Result::Err(Failure::Transport(e)),
            };
            let seen = match &outcome {
                ::std::result::Result::Ok(response) => Outcome::Response { status: response.status(), headers: response.headers() },
                ::std::result::Result::Err(Failure::Transport(e)) => Outcome::Failed(e),
                ::std::result::Result::Err(Failure::TimedOut(after)) => Outcome::TimedOut(*after),
            };
            for hook in &options.hooks {
                hook.after_attempt(&seen, &attempt);
            }
            let (retryable, server_wait) = match seen {
                Outcome::Response { status, headers } => {
                    let wait = headers
                        .get(::reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry_after(v, ::std::time::SystemTime::now()));
                    (repeatable && policy.retries_status(status.as_u16()), wait)
                }
                // A connection never made reached no server: safe to repeat
                // whatever the method. A timeout may have, and so may a
                // connection closed or reset before the response head (a
                // load balancer dropping a stale connection: the most
                // common transient failure). A pooled connection found
                // closed before the request was written is retried by
                // reqwest's pool itself, whatever the method.
                Outcome::Failed(e) => (
                    e.is_connect() || (repeatable && (e.is_timeout() || connection_dropped(e))),
                    ::std::option::Option::None,
                ),
                Outcome::TimedOut(_) => (repeatable, ::std::option::Option::None),
            };
            let delay = policy.delay(number + 1, server_wait);
            let again = retryable && number < policy.max_attempts && start.elapsed() + delay <= policy.max_elapsed;
            if again {
                span.retry(&seen, delay);
                for hook in &options.hooks {
                    hook.before_retry(&seen, &attempt, delay);
                }
            }
            if !again {
                let gave_up = (retryable && number > 1).then(|| GaveUp { attempts: number, elapsed: start.elapsed() });
                let fail = |failure| SendError { failure, gave_up };
                let response = outcome.map_err(|e| {
                    fail(match e {
                        Failure::Transport(e) => SendFailure::Transport(e),
                        Failure::TimedOut(after) => SendFailure::TimedOut(after),
                    })
                })?;
                return ::std::result::Result::Ok(Live {
                    status: response.status(),
                    headers: response.headers().clone(),
                    response,
                    gave_up,
                });
            }
            drop(outcome);
            ::tokio::time::sleep(delay).await;
            number += 1;
        }
    }

    /// One attempt's `reqwest::Request`.
    fn build(&self, http: &::reqwest::Client, body: ::std::option::Option<::reqwest::Body>, timeout: ::std::option::Option<::std::time::Duration>) -> ::std::result::Result<::reqwest::Request, ::reqwest::Error> {
        let mut builder = http.request(self.method.clone(), &self.url).headers(self.headers.clone());
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        if !self.cookies.is_empty() {
            if let ::std::result::Result::Ok(value) = ::reqwest::header::HeaderValue::from_str(&self.cookies.join("; ")) {
                builder = builder.header(::reqwest::header::COOKIE, value);
            }
        }
        if let ::std::option::Option::Some((username, password)) = &self.basic {
            builder = builder.basic_auth(username, password.as_ref());
        }
        if let ::std::option::Option::Some(body) = body {
            builder = builder.body(body);
        }
        if let ::std::option::Option::Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder.build()
    }
}

/// How long an attempt's timeout covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timing {
    /// Connecting, the head and the whole body.
    Whole,
    /// Connecting and the head: the body is read later, as it arrives.
    Head,
}

/// How an attempt failed to get a response.
enum Failure {
    Transport(::reqwest::Error),
    TimedOut(::std::time::Duration),
}

/// A response whose head has arrived and whose body has not been read.
#[derive(Debug)]
pub struct Live {
    pub status: ::reqwest::StatusCode,
    pub headers: ::reqwest::header::HeaderMap,
    pub response: ::reqwest::Response,
    /// Set when this is the last of several attempts that all asked to be
    /// retried.
    pub gave_up: ::std::option::Option<GaveUp>,
}

impl Live {
    /// The whole body, up to `limit` bytes.
    pub async fn read(self, limit: usize) -> ::std::result::Result<Response, SendError> {
        let Live { status, headers, response, gave_up } = self;
        match read_body(response, limit).await {
            ::std::result::Result::Ok(body) => ::std::result::Result::Ok(Response { status, headers, body, gave_up }),
            ::std::result::Result::Err(failure) => ::std::result::Result::Err(SendError { failure, gave_up }),
        }
    }
}

/// A response body, read up to `limit` bytes: a larger one (by its
/// `Content-Length`, or as it arrives) is refused without reading on.
async fn read_body(mut response: ::reqwest::Response, limit: usize) -> ::std::result::Result<::std::vec::Vec<u8>, SendFailure> {
    let status = response.status();
    let too_large = SendFailure::BodyTooLarge { status, limit };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return ::std::result::Result::Err(too_large);
    }
    let mut body = ::std::vec::Vec::new();
    while let ::std::option::Option::Some(chunk) = response.chunk().await.map_err(SendFailure::Transport)? {
        if body.len() + chunk.len() > limit {
            return ::std::result::Result::Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    ::std::result::Result::Ok(body)
}

/// Why a call got no usable response (see `ClientError::Transport`,
/// `ClientError::BodyTooLarge` and `ClientError::GaveUp`).
#[derive(Debug)]
pub struct SendError {
    pub failure: SendFailure,
    /// Set when retries ran out.
    pub gave_up: ::std::option::Option<GaveUp>,
}

#[derive(Debug)]
pub enum SendFailure {
    Transport(::reqwest::Error),
    /// No response head within the attempt timeout (a live send).
    TimedOut(::std::time::Duration),
    BodyTooLarge { status: ::reqwest::StatusCode, limit: usize },
}

impl<E> ::std::convert::From<SendError> for ClientError<E> {
    fn from(e: SendError) -> Self {
        let error = match e.failure {
            SendFailure::Transport(e) => ClientError::Transport(e),
            SendFailure::TimedOut(after) => ClientError::TimedOut { after },
            SendFailure::BodyTooLarge { status, limit } => ClientError::BodyTooLarge { status, limit },
        };
        error.after(e.gave_up)
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
    /// Set when this is the last of several attempts that all asked to be
    /// retried: an error made from it becomes `ClientError::GaveUp`.
    pub gave_up: ::std::option::Option<GaveUp>,
}

impl Response {
    /// `error` as the error of this response: inside `GaveUp` when
    /// retries ran out on it.
    pub fn fail<E>(&self, error: ClientError<E>) -> ClientError<E> {
        error.after(self.gave_up)
    }

    /// The documented error response `make` builds (from this response's
    /// body and headers), or the body's parse error; either inside
    /// `GaveUp` when retries ran out on this response.
    pub fn api_with<E, V>(&self, make: impl ::std::ops::FnOnce() -> ::std::result::Result<E, InvalidBody>) -> ::std::result::Result<V, ClientError<E>> {
        let error = match make() {
            ::std::result::Result::Ok(e) => ClientError::Api(e),
            ::std::result::Result::Err(e) => e.into(),
        };
        ::std::result::Result::Err(self.fail(error))
    }

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
        self.json(type_name).map_err(|e| self.fail(e.into()))
    }

    /// The body parsed as JSON into `T`, as the documented error `variant`.
    pub fn api<T: ::serde::de::DeserializeOwned, E, V>(
        &self,
        variant: impl ::std::ops::FnOnce(T) -> E,
        type_name: &'static str,
    ) -> ::std::result::Result<V, ClientError<E>> {
        self.api_with(|| self.json(type_name).map(variant))
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
        // A list: items as JSON scalars (`1,2` for integers), else all as
        // strings (`1,2` for strings too).
        let items: ::std::vec::Vec<&str> = text.split(',').map(str::trim).collect();
        let scalars = items
            .iter()
            .map(|s| {
                ::serde_json::from_str::<::serde_json::Value>(s)
                    .ok()
                    .filter(|v| !v.is_object() && !v.is_array())
                    .unwrap_or_else(|| ::serde_json::Value::String((*s).to_owned()))
            })
            .collect();
        if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<T>(::serde_json::Value::Array(scalars)) {
            return ::std::option::Option::Some(v);
        }
        let strings = items.iter().map(|s| ::serde_json::Value::String((*s).to_owned())).collect();
        ::serde_json::from_value::<T>(::serde_json::Value::Array(strings)).ok()
    }

    /// The error for a status this operation does not document.
    pub fn unexpected<E>(self) -> ClientError<E> {
        let gave_up = self.gave_up;
        ClientError::Unexpected {
            status: self.status,
            body: self.body,
        }
        .after(gave_up)
    }
}

#[cfg(test)]
mod client_request_tests {
    use super::*;
    use ::reqwest::Method;
    use ::serde_json::json;

    const BASE: &str = "http://example.test/api";

    /// Options that send each request once (retries have tests of their own).
    pub(super) fn once() -> ClientOptions {
        ClientOptions {
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        }
    }

    fn request() -> Request {
        Request::new(Method::GET, BASE)
    }

    fn query(req: &Request) -> Vec<(&str, &str)> {
        req.query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
        req.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// A way to add a parameter to a request, for tables of cases.
    type Add<'a> = &'a dyn Fn(&mut Request) -> Result<(), InvalidRequest>;

    /// A value whose serialization fails.
    struct Failing;

    impl ::serde::Serialize for Failing {
        fn serialize<S: ::serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(<S::Error as ::serde::ser::Error>::custom("no way"))
        }
    }

    // --- URL and path -------------------------------------------------------

    #[test]
    fn new_starts_at_the_base_url() {
        let req = Request::new(Method::DELETE, BASE);
        assert_eq!(req.method, Method::DELETE);
        assert_eq!(req.url, BASE);
        assert!(req.query.is_empty());
        assert!(req.headers.is_empty());
        assert!(req.cookies.is_empty());
        assert!(req.basic.is_none());
        assert!(req.body.is_none());
    }

    #[test]
    fn path_literals_append_to_a_base_without_trailing_slash() {
        let mut req = Request::new(Method::GET, "http://example.test");
        req.path("/contacts");
        assert_eq!(req.url, "http://example.test/contacts");
        let mut req = request();
        req.path("/contacts/");
        req.segment("id", "7").unwrap();
        req.path("/notes");
        assert_eq!(req.url, "http://example.test/api/contacts/7/notes");
    }

    #[test]
    fn base_url_is_used_as_given_so_callers_trim_a_trailing_slash() {
        // `Request::new` documents a base without a trailing slash (the
        // generated `Client::new` trims it); it does not normalize.
        let mut req = Request::new(Method::GET, "http://example.test/api/");
        req.path("/contacts");
        assert_eq!(req.url, "http://example.test/api//contacts");
    }

    #[test]
    fn path_param_stays_one_segment() {
        let mut req = request();
        req.path("/contacts/");
        req.segment("id", "crm/42 #A").unwrap();
        assert_eq!(req.url, "http://example.test/api/contacts/crm%2F42%20%23A");
    }

    #[test]
    fn path_param_encodes_everything_but_unreserved_characters() {
        let cases = [
            ("a-b.c_d~e", "a-b.c_d~e"),
            ("AZaz09", "AZaz09"),
            ("100%", "100%25"),
            ("a?b=c&d", "a%3Fb%3Dc%26d"),
            ("x;y,z", "x%3By%2Cz"),
            ("é", "%C3%A9"),
            ("+:@!$'()*", "%2B%3A%40%21%24%27%28%29%2A"),
            ("a\\b", "a%5Cb"),
            ("", ""),
        ];
        for (value, encoded) in cases {
            let mut req = Request::new(Method::GET, "");
            req.segment("p", value).unwrap();
            assert_eq!(req.url, encoded, "encoding {value:?}");
        }
    }

    #[test]
    fn path_param_scalars_of_every_type() {
        let mut req = Request::new(Method::GET, "");
        req.segment("a", &42).unwrap();
        req.path("/");
        req.segment("b", &true).unwrap();
        req.path("/");
        req.segment("c", &-1.5).unwrap();
        req.path("/");
        req.segment("d", &String::from("s")).unwrap();
        assert_eq!(req.url, "42/true/-1.5/s");
    }

    #[test]
    fn dot_segments_are_rejected() {
        for value in [".", ".."] {
            let mut req = request();
            req.path("/files/");
            let err = req.segment("name", value).unwrap_err();
            assert_eq!(
                err.0,
                format!("path parameter name: {value:?} cannot be sent as a path segment")
            );
            assert_eq!(
                req.url, "http://example.test/api/files/",
                "nothing appended for {value:?}"
            );
        }
        // Other values with dots are fine.
        let mut req = Request::new(Method::GET, "");
        req.segment("name", "...").unwrap();
        assert_eq!(req.url, "...");
        let mut req = Request::new(Method::GET, "");
        req.segment("name", ".hidden").unwrap();
        assert_eq!(req.url, ".hidden");
    }

    #[test]
    fn path_param_serialization_error() {
        let err = request().segment("id", &Failing).unwrap_err();
        assert_eq!(err, InvalidRequest("parameter id: no way".to_owned()));
    }

    #[test]
    fn path_param_simple_arrays_and_objects() {
        let object = json!({"a": 1, "b": "x y"});
        let cases: [(Add, &str); 5] = [
            (
                &|r| r.path_param("p", &["a", "b,c", "d/e"], ParamStyle::Simple, false),
                "a,b%2Cc,d%2Fe",
            ),
            (
                &|r| r.path_param("p", &[3, 4, 5], ParamStyle::Simple, true),
                "3,4,5",
            ),
            (
                &|r| r.path_param("p", &object, ParamStyle::Simple, false),
                "a,1,b,x%20y",
            ),
            (
                &|r| r.path_param("p", &object, ParamStyle::Simple, true),
                "a=1,b=x%20y",
            ),
            (
                &|r| r.path_param("p", &json!({"k=": "v,"}), ParamStyle::Simple, true),
                "k%3D=v%2C",
            ),
        ];
        for (i, (add, expected)) in cases.iter().enumerate() {
            let mut req = Request::new(Method::GET, "");
            add(&mut req).unwrap();
            assert_eq!(req.url, *expected, "case {i}");
        }
    }

    #[test]
    fn path_param_label_style() {
        let object = json!({"a": 1, "b": 2});
        let cases: [(Add, &str); 7] = [
            (
                &|r| r.path_param("p", "blue", ParamStyle::Label, false),
                ".blue",
            ),
            (
                &|r| r.path_param("p", "a b", ParamStyle::Label, true),
                ".a%20b",
            ),
            (
                &|r| r.path_param("p", &["x", "y"], ParamStyle::Label, false),
                ".x,y",
            ),
            (
                &|r| r.path_param("p", &["x", "y"], ParamStyle::Label, true),
                ".x.y",
            ),
            (
                &|r| r.path_param("p", &["x.1"], ParamStyle::Label, true),
                ".x.1",
            ),
            (
                &|r| r.path_param("p", &object, ParamStyle::Label, false),
                ".a,1,b,2",
            ),
            (
                &|r| r.path_param("p", &object, ParamStyle::Label, true),
                ".a=1.b=2",
            ),
        ];
        for (i, (add, expected)) in cases.iter().enumerate() {
            let mut req = Request::new(Method::GET, "");
            add(&mut req).unwrap();
            assert_eq!(req.url, *expected, "case {i}");
        }
    }

    #[test]
    fn path_param_matrix_style() {
        let object = json!({"a": 1, "b": "c d"});
        let cases: [(Add, &str); 7] = [
            (
                &|r| r.path_param("id", &5, ParamStyle::Matrix, false),
                ";id=5",
            ),
            (
                &|r| r.path_param("id", &5, ParamStyle::Matrix, true),
                ";id=5",
            ),
            (
                &|r| r.path_param("id", &[3, 4, 5], ParamStyle::Matrix, false),
                ";id=3,4,5",
            ),
            (
                &|r| r.path_param("id", &[3, 4, 5], ParamStyle::Matrix, true),
                ";id=3;id=4;id=5",
            ),
            (
                &|r| r.path_param("id", &object, ParamStyle::Matrix, false),
                ";id=a,1,b,c%20d",
            ),
            (
                &|r| r.path_param("id", &object, ParamStyle::Matrix, true),
                ";a=1;b=c%20d",
            ),
            (
                &|r| r.path_param("my id", "v;w", ParamStyle::Matrix, false),
                ";my%20id=v%3Bw",
            ),
        ];
        for (i, (add, expected)) in cases.iter().enumerate() {
            let mut req = Request::new(Method::GET, "");
            add(&mut req).unwrap();
            assert_eq!(req.url, *expected, "case {i}");
        }
    }

    // --- query --------------------------------------------------------------

    #[test]
    fn query_scalars_are_kept_as_text() {
        let mut req = request();
        req.query("limit", &10).unwrap();
        req.query("active", &false).unwrap();
        req.query("ratio", &0.25).unwrap();
        req.query("q", "a b&c=d").unwrap();
        req.query("empty", "").unwrap();
        assert_eq!(
            query(&req),
            vec![
                ("limit", "10"),
                ("active", "false"),
                ("ratio", "0.25"),
                ("q", "a b&c=d"),
                ("empty", "")
            ]
        );
        // Encoding happens when the request is sent.
        assert_eq!(req.url, BASE);
    }

    #[test]
    fn query_none_is_not_sent() {
        let mut req = request();
        req.query("q", &None::<String>).unwrap();
        req.query_param("tags", &None::<Vec<String>>, ParamStyle::Form, false)
            .unwrap();
        req.query_param("filter", &None::<i32>, ParamStyle::DeepObject, true)
            .unwrap();
        req.query("n", &Some(3)).unwrap();
        assert_eq!(query(&req), vec![("n", "3")]);
    }

    #[test]
    fn query_form_arrays() {
        let mut req = request();
        req.query("id", &[3, 4, 5]).unwrap();
        req.query_param("tag", &vec!["a", "b c"], ParamStyle::Form, false)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![("id", "3"), ("id", "4"), ("id", "5"), ("tag", "a,b c")]
        );
    }

    #[test]
    fn query_empty_arrays() {
        let mut req = request();
        req.query("exploded", &Vec::<i32>::new()).unwrap();
        req.query_param("joined", &Vec::<i32>::new(), ParamStyle::Form, false)
            .unwrap();
        assert_eq!(query(&req), vec![("joined", "")]);
    }

    #[test]
    fn query_space_and_pipe_delimited_arrays() {
        let mut req = request();
        req.query_param(
            "s",
            &["blue", "black", "brown"],
            ParamStyle::SpaceDelimited,
            false,
        )
        .unwrap();
        req.query_param(
            "p",
            &["blue", "black", "brown"],
            ParamStyle::PipeDelimited,
            false,
        )
        .unwrap();
        req.query_param("n", &[1, 2], ParamStyle::PipeDelimited, false)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![
                ("s", "blue black brown"),
                ("p", "blue|black|brown"),
                ("n", "1|2")
            ]
        );
    }

    /// Exploded, the delimited styles repeat the name as `form` does
    /// (OpenAPI's style table: `color=blue&color=black`).
    #[test]
    fn query_exploded_delimited_arrays_repeat_the_name() {
        let mut req = request();
        req.query_param("s", &["blue", "black"], ParamStyle::SpaceDelimited, true)
            .unwrap();
        req.query_param("p", &["x", "y"], ParamStyle::PipeDelimited, true)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![("s", "blue"), ("s", "black"), ("p", "x"), ("p", "y")]
        );
    }

    #[test]
    fn query_delimited_scalar_is_plain() {
        let mut req = request();
        req.query_param("s", "one", ParamStyle::SpaceDelimited, false)
            .unwrap();
        req.query_param("p", &7, ParamStyle::PipeDelimited, false)
            .unwrap();
        assert_eq!(query(&req), vec![("s", "one"), ("p", "7")]);
    }

    #[test]
    fn query_space_and_pipe_delimited_objects() {
        let color = json!({"B": 150, "G": 200, "R": 100});
        let mut req = request();
        req.query_param("color", &color, ParamStyle::SpaceDelimited, false)
            .unwrap();
        req.query_param("color", &color, ParamStyle::PipeDelimited, false)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![
                ("color", "B 150 G 200 R 100"),
                ("color", "B|150|G|200|R|100")
            ]
        );
    }

    #[test]
    fn query_form_objects() {
        // Keys in alphabetical order, so the test holds with and without
        // serde_json's `preserve_order`.
        let color = json!({"B": 150, "G": 200, "R": 100});
        let mut req = request();
        req.query_param("color", &color, ParamStyle::Form, true)
            .unwrap();
        req.query_param("color", &color, ParamStyle::Form, false)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![
                ("B", "150"),
                ("G", "200"),
                ("R", "100"),
                ("color", "B,150,G,200,R,100")
            ]
        );
    }

    #[test]
    fn query_deep_object() {
        let filter = json!({
            "age": {"max": 65, "min": 18},
            "name": "Ada",
            "none": null,
            "tags": ["a", "b"],
        });
        let mut req = request();
        req.query_param("filter", &filter, ParamStyle::DeepObject, true)
            .unwrap();
        assert_eq!(
            query(&req),
            vec![
                ("filter[age][max]", "65"),
                ("filter[age][min]", "18"),
                ("filter[name]", "Ada"),
                ("filter[tags]", "a"),
                ("filter[tags]", "b"),
            ]
        );
    }

    #[test]
    fn query_deep_object_of_a_struct() {
        #[derive(::serde::Serialize)]
        struct Page {
            number: u32,
            size: Option<u32>,
        }
        let mut req = request();
        req.query_param(
            "page",
            &Page {
                number: 2,
                size: None,
            },
            ParamStyle::DeepObject,
            true,
        )
        .unwrap();
        req.query_param("scalar", &5, ParamStyle::DeepObject, true)
            .unwrap();
        assert_eq!(query(&req), vec![("page[number]", "2"), ("scalar", "5")]);
    }

    #[test]
    fn query_null_items_become_empty_text() {
        let mut req = request();
        req.query("ids", &[Some(1), None, Some(3)]).unwrap();
        assert_eq!(query(&req), vec![("ids", "1"), ("ids", ""), ("ids", "3")]);
    }

    #[test]
    fn query_serialization_error() {
        let err = request().query("q", &Failing).unwrap_err();
        assert_eq!(err.0, "parameter q: no way");
        let err = request()
            .query_param("q", &Failing, ParamStyle::DeepObject, true)
            .unwrap_err();
        assert_eq!(err.0, "parameter q: no way");
    }

    // --- headers and cookies ------------------------------------------------

    #[test]
    fn header_params() {
        let mut req = request();
        req.header_param("X-Request-ID", "abc-123", false).unwrap();
        req.header_param("x-count", &5, false).unwrap();
        req.header_param("x-ids", &[1, 2, 3], false).unwrap();
        req.header_param("x-obj", &json!({"a": 1, "b": "two"}), false)
            .unwrap();
        req.header_param("x-obj-exploded", &json!({"a": 1, "b": "two"}), true)
            .unwrap();
        req.header_param("x-none", &None::<String>, false).unwrap();
        assert_eq!(header(&req, "x-request-id"), Some("abc-123"));
        assert_eq!(header(&req, "x-count"), Some("5"));
        assert_eq!(header(&req, "x-ids"), Some("1,2,3"));
        assert_eq!(header(&req, "x-obj"), Some("a,1,b,two"));
        assert_eq!(header(&req, "x-obj-exploded"), Some("a=1,b=two"));
        assert_eq!(header(&req, "x-none"), None);
        assert_eq!(req.headers.len(), 5);
        assert!(!req.headers["x-count"].is_sensitive());
    }

    #[test]
    fn header_values_are_not_percent_encoded() {
        let mut req = request();
        req.header_param("x-text", "a b/c%20", false).unwrap();
        assert_eq!(header(&req, "x-text"), Some("a b/c%20"));
    }

    #[test]
    fn header_replaces_an_earlier_value() {
        let mut req = request();
        req.header("x-a", "1", false).unwrap();
        req.header("X-A", "2", true).unwrap();
        assert_eq!(req.headers.get_all("x-a").iter().count(), 1);
        assert_eq!(header(&req, "x-a"), Some("2"));
        assert!(req.headers["x-a"].is_sensitive());
    }

    #[test]
    fn invalid_header_values_are_errors() {
        for value in ["line\nbreak", "cr\r", "nul\0", "del\x7f"] {
            let err = request().header_param("x-id", value, false).unwrap_err();
            assert_eq!(
                err.0, "the value for header x-id is not a valid header value",
                "value {value:?}"
            );
        }
    }

    #[test]
    fn non_ascii_header_values_are_sent_as_utf8_bytes() {
        let mut req = request();
        req.header("x-name", "é", false).unwrap();
        assert_eq!(req.headers["x-name"].as_bytes(), "é".as_bytes());
    }

    #[test]
    fn invalid_header_names_are_errors() {
        let err = request().header("bad name", "v", false).unwrap_err();
        assert_eq!(err.0, r#""bad name" is not a valid header name"#);
        let err = request().header_param("", &1, false).unwrap_err();
        assert_eq!(err.0, r#""" is not a valid header name"#);
    }

    #[test]
    fn cookie_params_are_encoded() {
        let mut req = request();
        req.cookie_param("session", "abc").unwrap();
        req.cookie_param("my cookie", "a b;c=d,e").unwrap();
        req.cookie_param("ids", &[1, 2]).unwrap();
        req.cookie_param("obj", &json!({"a": 1, "b": 2})).unwrap();
        req.cookie_param("n", &7).unwrap();
        req.cookie_param("none", &None::<String>).unwrap();
        assert_eq!(
            req.cookies,
            vec![
                "session=abc",
                "my%20cookie=a%20b%3Bc%3Dd%2Ce",
                "ids=1,2",
                "obj=a,1,b,2",
                "n=7"
            ]
        );
    }

    // --- bodies -------------------------------------------------------------

    #[test]
    fn json_body() {
        let mut req = Request::new(Method::POST, BASE);
        req.json("application/json", &json!({"name": "Ada", "tags": ["x"]}))
            .unwrap();
        assert_eq!(header(&req, "content-type"), Some("application/json"));
        assert_eq!(
            req.body.as_deref(),
            Some(&br#"{"name":"Ada","tags":["x"]}"#[..])
        );
    }

    #[test]
    fn json_body_with_a_vendor_media_type() {
        let mut req = request();
        req.json("application/vnd.api+json; charset=utf-8", &[1, 2])
            .unwrap();
        assert_eq!(
            header(&req, "content-type"),
            Some("application/vnd.api+json; charset=utf-8")
        );
        assert_eq!(req.body.as_deref(), Some(&b"[1,2]"[..]));
    }

    #[test]
    fn json_body_serialization_error() {
        let err = request().json("application/json", &Failing).unwrap_err();
        assert_eq!(err.0, "request body: no way");
        let err = request().bytes("bad\ntype", Vec::new()).unwrap_err();
        assert_eq!(
            err.0,
            "the value for header content-type is not a valid header value"
        );
    }

    #[test]
    fn raw_body() {
        let mut req = request();
        req.bytes("application/octet-stream", vec![0, 159, 255])
            .unwrap();
        assert_eq!(
            header(&req, "content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(req.body, Some(vec![0, 159, 255]));
    }

    #[test]
    fn form_body() {
        #[derive(::serde::Serialize)]
        struct Form {
            a_name: &'static str,
            b_count: u32,
            c_tags: Vec<&'static str>,
            d_skip: Option<u32>,
            e_nested: ::serde_json::Value,
            f_flag: bool,
        }
        let form = Form {
            a_name: "Ada Lovelace & co",
            b_count: 3,
            c_tags: vec!["x", "y=z"],
            d_skip: None,
            e_nested: json!({"k": "v"}),
            f_flag: true,
        };
        let mut req = Request::new(Method::POST, BASE);
        req.form("application/x-www-form-urlencoded", &form)
            .unwrap();
        assert_eq!(
            header(&req, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let body = String::from_utf8(req.body.unwrap()).unwrap();
        assert_eq!(
            body,
            "a_name=Ada%20Lovelace%20%26%20co&b_count=3&c_tags=x&c_tags=y%3Dz\
             &e_nested=%7B%22k%22%3A%22v%22%7D&f_flag=true"
        );
    }

    #[test]
    fn form_body_null_is_empty_and_non_objects_are_errors() {
        let mut req = request();
        req.form(
            "application/x-www-form-urlencoded",
            &None::<::serde_json::Value>,
        )
        .unwrap();
        assert_eq!(req.body, Some(Vec::new()));
        let err = request()
            .form("application/x-www-form-urlencoded", &[1, 2])
            .unwrap_err();
        assert_eq!(err.0, "a form body must be an object");
        let err = request()
            .form("application/x-www-form-urlencoded", "text")
            .unwrap_err();
        assert_eq!(err.0, "a form body must be an object");
        let err = request()
            .form("application/x-www-form-urlencoded", &Failing)
            .unwrap_err();
        assert_eq!(err.0, "parameter body: no way");
    }

    // --- credentials --------------------------------------------------------

    fn credentials() -> Credentials {
        let mut c = Credentials::default();
        c.set(
            "header_key",
            Credential::ApiKey {
                location: KeyLocation::Header,
                name: "X-API-Key",
                value: "hk".to_owned(),
            },
        );
        c.set(
            "query_key",
            Credential::ApiKey {
                location: KeyLocation::Query,
                name: "api_key",
                value: "q k&".to_owned(),
            },
        );
        c.set(
            "cookie_key",
            Credential::ApiKey {
                location: KeyLocation::Cookie,
                name: "sid",
                value: "c;k".to_owned(),
            },
        );
        c.set("bearer", Credential::Bearer("tok.en".to_owned()));
        c.set(
            "basic",
            Credential::Basic {
                username: "user".to_owned(),
                password: Some("pass".to_owned()),
            },
        );
        c
    }

    #[test]
    fn credentials_set_get_and_replace() {
        let mut c = Credentials::default();
        assert!(c.get("bearer").is_none());
        c.set("bearer", Credential::Bearer("one".to_owned()));
        c.set("bearer", Credential::Bearer("two".to_owned()));
        assert!(matches!(c.get("bearer"), Some(Credential::Bearer(t)) if t == "two"));
        assert_eq!(c.items.len(), 1);
        assert!(c.get("other").is_none());
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let text = format!("{:?}", credentials());
        for secret in ["hk", "q k&", "c;k", "tok.en", "pass"] {
            assert!(!text.contains(secret), "{secret:?} shown in {text}");
        }
        assert_eq!(
            format!("{:?}", Credential::Bearer("s3cret".to_owned())),
            "Bearer(<redacted>)"
        );
        assert_eq!(
            format!(
                "{:?}",
                Credential::Basic {
                    username: "ada".to_owned(),
                    password: Some("pw".to_owned())
                }
            ),
            "Basic(ada: <redacted>)"
        );
        assert_eq!(
            format!(
                "{:?}",
                Credential::ApiKey {
                    location: KeyLocation::Query,
                    name: "api_key",
                    value: "v".to_owned()
                }
            ),
            "ApiKey(api_key: <redacted>)"
        );
    }

    #[test]
    fn api_key_in_a_header_is_sensitive() {
        let mut req = request();
        req.authenticate(&credentials(), &[&["header_key"]])
            .unwrap();
        assert_eq!(header(&req, "x-api-key"), Some("hk"));
        assert!(req.headers["x-api-key"].is_sensitive());
        assert!(req.query.is_empty() && req.cookies.is_empty() && req.basic.is_none());
    }

    #[test]
    fn api_key_in_the_query() {
        let mut req = request();
        req.authenticate(&credentials(), &[&["query_key"]]).unwrap();
        assert_eq!(query(&req), vec![("api_key", "q k&")]);
        assert!(req.headers.is_empty());
    }

    #[test]
    fn api_key_in_a_cookie_is_encoded() {
        let mut req = request();
        req.cookie_param("theme", "dark").unwrap();
        req.authenticate(&credentials(), &[&["cookie_key"]])
            .unwrap();
        assert_eq!(req.cookies, vec!["theme=dark", "sid=c%3Bk"]);
    }

    #[test]
    fn bearer_token() {
        let mut req = request();
        req.authenticate(&credentials(), &[&["bearer"]]).unwrap();
        assert_eq!(header(&req, "authorization"), Some("Bearer tok.en"));
        assert!(req.headers["authorization"].is_sensitive());
    }

    #[test]
    fn basic_credentials_are_kept_for_sending() {
        let mut req = request();
        req.authenticate(&credentials(), &[&["basic"]]).unwrap();
        assert_eq!(
            req.basic,
            Some(("user".to_owned(), Some("pass".to_owned())))
        );
        assert!(req.headers.is_empty());
    }

    #[test]
    fn every_scheme_of_the_chosen_alternative_is_sent() {
        let mut req = request();
        req.authenticate(&credentials(), &[&["header_key", "query_key", "bearer"]])
            .unwrap();
        assert_eq!(header(&req, "x-api-key"), Some("hk"));
        assert_eq!(header(&req, "authorization"), Some("Bearer tok.en"));
        assert_eq!(query(&req), vec![("api_key", "q k&")]);
    }

    #[test]
    fn the_first_complete_alternative_wins() {
        let mut req = request();
        req.authenticate(
            &credentials(),
            &[
                &["header_key", "missing"],
                &["missing"],
                &["bearer"],
                &["query_key"],
            ],
        )
        .unwrap();
        assert_eq!(header(&req, "authorization"), Some("Bearer tok.en"));
        assert_eq!(
            header(&req, "x-api-key"),
            None,
            "an incomplete alternative sends nothing"
        );
        assert!(req.query.is_empty(), "later alternatives are not used");
    }

    #[test]
    fn nothing_is_sent_without_a_complete_alternative() {
        for alternatives in [&[][..], &[&[][..]][..], &[&["missing"][..], &[][..]][..]] {
            let mut req = request();
            req.authenticate(&credentials(), alternatives).unwrap();
            assert!(
                req.headers.is_empty()
                    && req.query.is_empty()
                    && req.cookies.is_empty()
                    && req.basic.is_none()
            );
        }
        let mut req = request();
        req.authenticate(&Credentials::default(), &[&["bearer"]])
            .unwrap();
        assert!(req.headers.is_empty());
    }

    #[test]
    fn a_bearer_token_that_is_not_a_header_value_is_an_error() {
        let mut c = Credentials::default();
        c.set("bearer", Credential::Bearer("tok\nen".to_owned()));
        let err = request().authenticate(&c, &[&["bearer"]]).unwrap_err();
        assert_eq!(
            err.0,
            "the value for header authorization is not a valid header value"
        );
    }

    // --- responses ----------------------------------------------------------

    fn response(status: u16, headers: &[(&'static str, &'static str)], body: &[u8]) -> Response {
        let mut map = ::reqwest::header::HeaderMap::new();
        for (k, v) in headers {
            map.append(*k, ::reqwest::header::HeaderValue::from_static(v));
        }
        Response {
            status: ::reqwest::StatusCode::from_u16(status).unwrap(),
            headers: map,
            body: body.to_vec(),
            gave_up: None,
        }
    }

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct Contact {
        id: u32,
    }

    #[derive(Debug, PartialEq)]
    enum OpError {
        NotFound(Contact),
    }

    impl ::std::fmt::Display for OpError {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            describe_status(f, 404, "not found")
        }
    }

    #[test]
    fn response_json_and_body() {
        let r = response(200, &[], br#"{"id":7}"#);
        assert_eq!(r.json::<Contact>("Contact").unwrap(), Contact { id: 7 });
        let body: Result<Contact, ClientError<OpError>> = r.body("Contact");
        assert_eq!(body.unwrap(), Contact { id: 7 });
    }

    #[test]
    fn response_json_error_names_the_type() {
        let r = response(200, &[], br#"{"id":"x"}"#);
        let err = r.json::<Contact>("Contact").unwrap_err();
        assert_eq!(err.status, ::reqwest::StatusCode::OK);
        assert_eq!(err.type_name, "Contact");
        assert_eq!(
            err.error,
            "invalid type: string \"x\", expected u32 at line 1 column 9"
        );
        assert_eq!(err.body, br#"{"id":"x"}"#);
        let err = r.body::<Contact, OpError>("Contact").unwrap_err();
        assert_eq!(
            err.to_string(),
            "200 OK: response body is not a valid Contact: invalid type: string \"x\", expected u32 at line 1 column 9"
        );
    }

    #[test]
    fn response_json_of_an_empty_body() {
        let err = response(204, &[], b"")
            .json::<Contact>("Contact")
            .unwrap_err();
        assert_eq!(err.error, "EOF while parsing a value at line 1 column 0");
    }

    #[test]
    fn response_api_wraps_the_documented_error() {
        let r = response(404, &[], br#"{"id":1}"#);
        let result: Result<(), ClientError<OpError>> = r.api(OpError::NotFound, "Contact");
        match result.unwrap_err() {
            ClientError::Api(e) => assert_eq!(e, OpError::NotFound(Contact { id: 1 })),
            other => panic!("expected Api, got {other:?}"),
        }
        let bad = response(404, &[], b"not json");
        let result: Result<(), ClientError<OpError>> = bad.api(OpError::NotFound, "Contact");
        let err = result.unwrap_err();
        assert_eq!(err.status(), Some(::reqwest::StatusCode::NOT_FOUND));
        assert!(matches!(
            err,
            ClientError::InvalidBody {
                type_name: "Contact",
                ..
            }
        ));
    }

    #[test]
    fn response_text_and_bytes() {
        let r = response(200, &[], b"caf\xc3\xa9 \xff");
        assert_eq!(r.text(), "café \u{fffd}");
        assert_eq!(r.bytes(), b"caf\xc3\xa9 \xff");
    }

    #[test]
    fn response_unexpected() {
        let err: ClientError<OpError> = response(418, &[], b"short and stout").unexpected();
        match &err {
            ClientError::Unexpected { status, body } => {
                assert_eq!(status.as_u16(), 418);
                assert_eq!(body, b"short and stout");
            }
            other => panic!("expected Unexpected, got {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "418 I'm a teapot: status not documented for this operation: short and stout"
        );
    }

    #[test]
    fn response_header_numbers_and_booleans() {
        let r = response(
            429,
            &[
                ("retry-after", "120"),
                ("x-padded", "  42 "),
                ("x-flag", "true"),
                ("x-ratio", "0.5"),
                ("x-neg", "-3"),
            ],
            b"",
        );
        assert_eq!(r.header::<i32>("retry-after"), Some(120));
        assert_eq!(r.header::<u64>("Retry-After"), Some(120));
        assert_eq!(r.header::<i64>("x-padded"), Some(42));
        assert_eq!(r.header::<bool>("x-flag"), Some(true));
        assert_eq!(r.header::<f64>("x-ratio"), Some(0.5));
        assert_eq!(r.header::<i32>("x-neg"), Some(-3));
        assert_eq!(r.header::<u32>("x-neg"), None);
    }

    #[test]
    fn response_header_that_does_not_parse_or_is_missing() {
        let r = response(
            503,
            &[
                ("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
                ("x-n", "12abc"),
            ],
            b"",
        );
        assert_eq!(r.header::<i32>("retry-after"), None);
        assert_eq!(r.header::<i32>("x-n"), None);
        assert_eq!(r.header::<i32>("x-missing"), None);
        // As a string it is kept.
        assert_eq!(
            r.header::<String>("retry-after").as_deref(),
            Some("Wed, 21 Oct 2015 07:28:00 GMT")
        );
    }

    #[test]
    fn response_header_strings_keep_their_text() {
        let r = response(
            200,
            &[
                ("etag", "\"v1\""),
                ("x-num-text", "123"),
                ("x-bool-text", "false"),
            ],
            b"",
        );
        assert_eq!(r.header::<String>("etag").as_deref(), Some("\"v1\""));
        assert_eq!(r.header::<String>("x-num-text").as_deref(), Some("123"));
        assert_eq!(r.header::<String>("x-bool-text").as_deref(), Some("false"));
    }

    #[test]
    fn response_header_non_ascii_is_none() {
        let mut r = response(200, &[], b"");
        r.headers.insert(
            "x-latin",
            ::reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        assert_eq!(r.header::<String>("x-latin"), None);
    }

    #[test]
    fn response_header_lists() {
        let r = response(
            200,
            &[
                ("x-ids", "1, 2,3"),
                ("x-tags", "a, b ,c"),
                ("x-one", "solo"),
                ("x-flags", "true,false"),
            ],
            b"",
        );
        assert_eq!(r.header::<Vec<i32>>("x-ids"), Some(vec![1, 2, 3]));
        assert_eq!(
            r.header::<Vec<String>>("x-tags"),
            Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
        );
        assert_eq!(
            r.header::<Vec<String>>("x-one"),
            Some(vec!["solo".to_owned()])
        );
        assert_eq!(r.header::<Vec<bool>>("x-flags"), Some(vec![true, false]));
        assert_eq!(r.header::<Vec<i32>>("x-tags"), None);
    }

    #[test]
    fn response_header_string_lists_with_number_like_items() {
        let r = response(200, &[("x-codes", "1,2"), ("x-mixed", "a,true")], b"");
        assert_eq!(
            r.header::<Vec<String>>("x-codes"),
            Some(vec!["1".to_owned(), "2".to_owned()])
        );
        assert_eq!(
            r.header::<Vec<String>>("x-mixed"),
            Some(vec!["a".to_owned(), "true".to_owned()])
        );
    }

    #[test]
    fn response_header_enums() {
        #[derive(Debug, PartialEq, ::serde::Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum Mode {
            Fast,
            Slow,
        }
        let r = response(
            200,
            &[
                ("x-mode", "slow"),
                ("x-modes", "fast, slow"),
                ("x-bad", "medium"),
            ],
            b"",
        );
        assert_eq!(r.header::<Mode>("x-mode"), Some(Mode::Slow));
        assert_eq!(
            r.header::<Vec<Mode>>("x-modes"),
            Some(vec![Mode::Fast, Mode::Slow])
        );
        assert_eq!(r.header::<Mode>("x-bad"), None);
    }

    // --- sending ------------------------------------------------------------

    /// What the test server saw of a request.
    #[derive(Debug, ::serde::Deserialize)]
    struct Seen {
        method: String,
        uri: String,
        headers: ::std::collections::BTreeMap<String, Vec<String>>,
        body: String,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers.get(name).map(|v| {
                assert_eq!(v.len(), 1, "header {name} sent {} times", v.len());
                v[0].as_str()
            })
        }
    }

    async fn echo(request: ::axum::extract::Request) -> ::axum::response::Response {
        let (parts, body) = request.into_parts();
        let body = ::axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let mut headers: ::std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (k, v) in &parts.headers {
            headers
                .entry(k.to_string())
                .or_default()
                .push(String::from_utf8_lossy(v.as_bytes()).into_owned());
        }
        let seen = json!({
            "method": parts.method.as_str(),
            "uri": parts.uri.to_string(),
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        });
        ::axum::http::Response::builder()
            .status(201)
            .header("content-type", "application/json")
            .header("retry-after", "30")
            .header("etag", "\"v2\"")
            .header("x-tags", "a, b")
            .body(::axum::body::Body::from(seen.to_string()))
            .unwrap()
    }

    /// A server on a loopback port that answers every request with what it saw.
    async fn serve() -> String {
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap();
        let address = listener.local_addr().unwrap();
        let app = ::axum::Router::new().fallback(echo);
        ::tokio::spawn(async move { ::axum::serve(listener, app).await.unwrap() });
        format!("http://{address}")
    }

    fn http() -> ::reqwest::Client {
        ::reqwest::Client::builder().no_proxy().build().unwrap()
    }

    async fn send(req: Request) -> (Response, Seen) {
        let response = req.send(&http(), &once()).await.unwrap();
        let seen: Seen = response.json("Seen").unwrap();
        (response, seen)
    }

    #[tokio::test]
    async fn send_a_plain_get() {
        let base = serve().await;
        let mut req = Request::new(Method::GET, &base);
        req.path("/contacts");
        let (response, seen) = send(req).await;
        assert_eq!(response.status, ::reqwest::StatusCode::CREATED);
        assert_eq!(seen.method, "GET");
        assert_eq!(seen.uri, "/contacts");
        assert_eq!(seen.header("cookie"), None);
        assert_eq!(seen.header("authorization"), None);
        assert_eq!(seen.body, "");
    }

    #[tokio::test]
    async fn send_keeps_an_encoded_path_segment_whole() {
        let base = serve().await;
        let mut req = Request::new(Method::DELETE, &base);
        req.path("/contacts/");
        req.segment("id", "crm/42 #A").unwrap();
        req.path("/notes");
        let (_, seen) = send(req).await;
        assert_eq!(seen.method, "DELETE");
        assert_eq!(seen.uri, "/contacts/crm%2F42%20%23A/notes");
    }

    #[tokio::test]
    async fn send_encodes_the_query() {
        let base = serve().await;
        let mut req = Request::new(Method::GET, &base);
        req.path("/search");
        req.query("q", "a b&c=d/é").unwrap();
        req.query("tag", &["x", "y"]).unwrap();
        req.query_param("p", &["1", "2"], ParamStyle::PipeDelimited, false)
            .unwrap();
        req.query_param("f", &json!({"k": "v"}), ParamStyle::DeepObject, true)
            .unwrap();
        req.query("none", &None::<u8>).unwrap();
        let (_, seen) = send(req).await;
        assert_eq!(
            seen.uri,
            "/search?q=a+b%26c%3Dd%2F%C3%A9&tag=x&tag=y&p=1%7C2&f%5Bk%5D=v"
        );
    }

    #[tokio::test]
    async fn send_headers_cookies_and_credentials() {
        let base = serve().await;
        let mut c = Credentials::default();
        c.set(
            "key",
            Credential::ApiKey {
                location: KeyLocation::Cookie,
                name: "sid",
                value: "s 1".to_owned(),
            },
        );
        c.set(
            "query",
            Credential::ApiKey {
                location: KeyLocation::Query,
                name: "api_key",
                value: "k&1".to_owned(),
            },
        );
        c.set(
            "basic",
            Credential::Basic {
                username: "user".to_owned(),
                password: Some("pass".to_owned()),
            },
        );
        let mut req = Request::new(Method::PUT, &base);
        req.path("/x");
        req.header_param("x-trace", &[1, 2], false).unwrap();
        req.cookie_param("theme", "dark mode").unwrap();
        req.authenticate(&c, &[&["key", "query", "basic"]]).unwrap();
        let (_, seen) = send(req).await;
        assert_eq!(seen.method, "PUT");
        assert_eq!(seen.uri, "/x?api_key=k%261");
        assert_eq!(seen.header("x-trace"), Some("1,2"));
        assert_eq!(seen.header("cookie"), Some("theme=dark%20mode; sid=s%201"));
        assert_eq!(seen.header("authorization"), Some("Basic dXNlcjpwYXNz"));
    }

    #[tokio::test]
    async fn send_basic_without_password_and_bearer() {
        let base = serve().await;
        let mut c = Credentials::default();
        c.set(
            "basic",
            Credential::Basic {
                username: "user".to_owned(),
                password: None,
            },
        );
        c.set("bearer", Credential::Bearer("abc.def".to_owned()));
        let mut req = Request::new(Method::GET, &base);
        req.authenticate(&c, &[&["basic"]]).unwrap();
        let (_, seen) = send(req).await;
        assert_eq!(seen.header("authorization"), Some("Basic dXNlcjo="));

        let mut req = Request::new(Method::GET, &base);
        req.authenticate(&c, &[&["bearer"]]).unwrap();
        let (_, seen) = send(req).await;
        assert_eq!(seen.header("authorization"), Some("Bearer abc.def"));
    }

    #[tokio::test]
    async fn send_a_body_and_read_the_response() {
        let base = serve().await;
        let mut req = Request::new(Method::POST, &base);
        req.path("/contacts");
        req.json("application/json", &json!({"name": "Ada"}))
            .unwrap();
        let (response, seen) = send(req).await;
        assert_eq!(seen.method, "POST");
        assert_eq!(seen.header("content-type"), Some("application/json"));
        assert_eq!(seen.header("content-length"), Some("14"));
        assert_eq!(seen.body, r#"{"name":"Ada"}"#);
        assert_eq!(response.header::<u32>("retry-after"), Some(30));
        assert_eq!(response.header::<String>("etag").as_deref(), Some("\"v2\""));
        assert_eq!(
            response.header::<Vec<String>>("x-tags"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            response.header::<String>("content-type").as_deref(),
            Some("application/json")
        );
    }

    #[tokio::test]
    async fn send_without_a_server_is_a_transport_error() {
        // A port that was just free: nothing listens on it.
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let req = Request::new(Method::GET, &format!("http://{address}"));
        let err = req.send(&http(), &once()).await.unwrap_err();
        match &err.failure {
            SendFailure::Transport(e) => assert!(e.is_connect(), "{e:?}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(err.gave_up, None);
        let err: ClientError<OpError> = err.into();
        assert!(err.to_string().starts_with("request failed: "), "{err}");
        assert_eq!(err.status(), None);
    }

    /// A hostile server redirects to another origin (another port here);
    /// the default client stops there, so the API key header and the PUT
    /// body never reach it. A redirect within the origin is still followed.
    #[tokio::test]
    async fn redirects_never_carry_credentials_to_another_origin() {
        use ::std::sync::{Arc, Mutex};
        let stolen: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = stolen.clone();
        let thief = ::axum::Router::new().fallback(move |request: ::axum::extract::Request| {
            let log = log.clone();
            async move {
                let key = request.headers().get("x-api-key").map(|v| v.to_str().unwrap().to_owned());
                log.lock().unwrap().push(key.unwrap_or_default());
                "got it"
            }
        });
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let thief_url = format!("http://{}", listener.local_addr().unwrap());
        ::tokio::spawn(async move { ::axum::serve(listener, thief).await.unwrap() });

        let target = thief_url.clone();
        let api = ::axum::Router::new()
            .route(
                "/away",
                ::axum::routing::put(move || {
                    let target = target.clone();
                    async move {
                        ::axum::http::Response::builder()
                            .status(307)
                            .header("location", format!("{target}/steal"))
                            .body(::axum::body::Body::empty())
                            .unwrap()
                    }
                }),
            )
            .route(
                "/old",
                ::axum::routing::get(|| async {
                    ::axum::http::Response::builder()
                        .status(302)
                        .header("location", "/new")
                        .body(::axum::body::Body::empty())
                        .unwrap()
                }),
            )
            .route("/new", ::axum::routing::get(echo));
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        ::tokio::spawn(async move { ::axum::serve(listener, api).await.unwrap() });

        let http = default_http_client();
        let mut credentials = Credentials::default();
        credentials.set(
            "key",
            Credential::ApiKey {
                location: KeyLocation::Header,
                name: "X-Api-Key",
                value: "secret".into(),
            },
        );
        let mut req = Request::new(Method::PUT, &base);
        req.path("/away");
        req.json("application/json", &json!({"card": "4111"})).unwrap();
        req.authenticate(&credentials, &[&["key"]]).unwrap();
        let response = req.send(&http, &once()).await.unwrap();
        assert_eq!(response.status.as_u16(), 307);
        assert!(stolen.lock().unwrap().is_empty(), "the other origin was called");

        let mut req = Request::new(Method::GET, &base);
        req.path("/old");
        req.authenticate(&credentials, &[&["key"]]).unwrap();
        let response = req.send(&http, &once()).await.unwrap();
        assert_eq!(response.status.as_u16(), 201, "same-origin redirect followed");
        let seen: Seen = response.json("Seen").unwrap();
        assert_eq!(seen.uri, "/new");
    }
}
