/// Why a client call failed. `E` is the operation's own enum of documented
/// error responses (`Api`); every other way a call can fail is shared.
#[derive(Debug)]
pub enum ClientError<E> {
    /// The server answered with an error status the API description
    /// documents for this operation; the body (and headers) are parsed.
    Api(E),
    /// The server answered with a status the API description does not
    /// document for this operation.
    Unexpected {
        status: ::reqwest::StatusCode,
        /// The raw response body.
        body: ::std::vec::Vec<u8>,
    },
    /// The response body does not match the schema documented for its status.
    InvalidBody {
        status: ::reqwest::StatusCode,
        /// The Rust type the body should have been.
        type_name: &'static str,
        /// What the JSON parser rejected.
        error: ::std::string::String,
        /// The raw response body.
        body: ::std::vec::Vec<u8>,
    },
    /// The request could not be built from the arguments (for example a
    /// header value holding a line break); nothing was sent.
    InvalidRequest(::std::string::String),
    /// No response: connection refused, timeout, TLS or protocol error.
    Transport(::reqwest::Error),
    /// No response head within `ClientOptions::attempt_timeout`, for a call
    /// whose body is streamed (whole reads time out as `Transport`).
    TimedOut {
        after: ::std::time::Duration,
    },
    /// The response body is larger than `ClientOptions::max_body_bytes`
    /// allows; it was not read past the limit.
    BodyTooLarge {
        status: ::reqwest::StatusCode,
        limit: usize,
    },
    /// Retries ran out: `attempts` attempts over `elapsed` all asked to be
    /// retried (a 429, a 503, a connection that failed…); `last` is how the
    /// last one failed. `status()` and `api()` look through it.
    GaveUp {
        attempts: u32,
        elapsed: ::std::time::Duration,
        last: ::std::boxed::Box<ClientError<E>>,
    },
}

impl<E> ClientError<E> {
    /// The response status, when the server answered.
    pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
        match self {
            ClientError::Unexpected { status, .. } | ClientError::InvalidBody { status, .. } | ClientError::BodyTooLarge { status, .. } => ::std::option::Option::Some(*status),
            ClientError::Transport(e) => e.status(),
            ClientError::GaveUp { last, .. } => last.status(),
            ClientError::Api(_) | ClientError::InvalidRequest(_) | ClientError::TimedOut { .. } => ::std::option::Option::None,
        }
    }

    /// The documented error response, if that is what this is (after
    /// retries ran out too).
    pub fn api(&self) -> ::std::option::Option<&E> {
        match self {
            ClientError::Api(e) => ::std::option::Option::Some(e),
            ClientError::GaveUp { last, .. } => last.api(),
            _ => ::std::option::Option::None,
        }
    }

    /// How the last attempt failed: this error, or the one inside `GaveUp`.
    pub fn last(&self) -> &Self {
        match self {
            ClientError::GaveUp { last, .. } => last.last(),
            other => other,
        }
    }

    /// How many attempts the call made (1 unless retries ran out).
    pub fn attempts(&self) -> u32 {
        match self {
            ClientError::GaveUp { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// This error inside `GaveUp` when `gave_up` says retries ran out.
    pub fn after(self, gave_up: ::std::option::Option<GaveUp>) -> Self {
        match gave_up {
            ::std::option::Option::Some(g) => ClientError::GaveUp {
                attempts: g.attempts,
                elapsed: g.elapsed,
                last: ::std::boxed::Box::new(self),
            },
            ::std::option::Option::None => self,
        }
    }
}

/// Writes a documented response: the status code, its reason phrase and
/// the response's description (`404 Not Found: no such contact`).
pub fn describe_status(f: &mut ::std::fmt::Formatter<'_>, status: u16, description: &str) -> ::std::fmt::Result {
    let reason = ::reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
    match (reason, description.is_empty()) {
        (::std::option::Option::Some(reason), true) => ::std::write!(f, "{status} {reason}"),
        (::std::option::Option::Some(reason), false) => ::std::write!(f, "{status} {reason}: {description}"),
        (::std::option::Option::None, true) => ::std::write!(f, "{status}"),
        (::std::option::Option::None, false) => ::std::write!(f, "{status}: {description}"),
    }
}

/// At most this many bytes of an unexpected body go into the error message.
const SHOWN_BODY_BYTES: usize = 500;

fn shown_body(body: &[u8]) -> ::std::string::String {
    let text = ::std::string::String::from_utf8_lossy(body);
    let text = text.trim();
    if text.len() <= SHOWN_BODY_BYTES {
        return text.to_owned();
    }
    let mut end = SHOWN_BODY_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    ::std::format!("{}…", &text[..end])
}

impl<E: ::std::fmt::Display> ::std::fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            ClientError::Api(e) => ::std::fmt::Display::fmt(e, f),
            ClientError::Unexpected { status, body } if body.is_empty() => {
                ::std::write!(f, "{status}: status not documented for this operation (empty body)")
            }
            ClientError::Unexpected { status, body } => {
                ::std::write!(f, "{status}: status not documented for this operation: {}", shown_body(body))
            }
            ClientError::InvalidBody { status, type_name, error, .. } => {
                ::std::write!(f, "{status}: response body is not a valid {type_name}: {error}")
            }
            ClientError::InvalidRequest(reason) => ::std::write!(f, "invalid request: {reason}"),
            // The cause (refused, timed out…) is the error's `source()`.
            ClientError::Transport(e) => ::std::write!(f, "request failed: {e}"),
            ClientError::TimedOut { after } => {
                ::std::write!(f, "request failed: no response within {:.1} s", after.as_secs_f64())
            }
            ClientError::BodyTooLarge { status, limit } => {
                ::std::write!(f, "{status}: response body is larger than the limit of {limit} bytes (ClientOptions::max_body_bytes)")
            }
            ClientError::GaveUp { attempts, elapsed, last } => {
                ::std::write!(f, "gave up after {attempts} attempts in {:.1} s: {last}", elapsed.as_secs_f64())
            }
        }
    }
}

impl<E: ::std::fmt::Debug + ::std::fmt::Display> ::std::error::Error for ClientError<E> {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            ClientError::Transport(e) => ::std::option::Option::Some(e),
            ClientError::GaveUp { last, .. } => last.source(),
            _ => ::std::option::Option::None,
        }
    }
}

impl<E> ::std::convert::From<::reqwest::Error> for ClientError<E> {
    fn from(e: ::reqwest::Error) -> Self {
        ClientError::Transport(e)
    }
}

/// A request argument that cannot be sent (see `ClientError::InvalidRequest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest(pub ::std::string::String);

impl<E> ::std::convert::From<InvalidRequest> for ClientError<E> {
    fn from(e: InvalidRequest) -> Self {
        ClientError::InvalidRequest(e.0)
    }
}

/// A response body that does not match its schema (see `ClientError::InvalidBody`).
#[derive(Debug)]
pub struct InvalidBody {
    pub status: ::reqwest::StatusCode,
    pub type_name: &'static str,
    pub error: ::std::string::String,
    pub body: ::std::vec::Vec<u8>,
}

impl<E> ::std::convert::From<InvalidBody> for ClientError<E> {
    fn from(e: InvalidBody) -> Self {
        ClientError::InvalidBody {
            status: e.status,
            type_name: e.type_name,
            error: e.error,
            body: e.body,
        }
    }
}

#[cfg(test)]
mod client_error_tests {
    use super::*;

    /// A stand-in for an operation's enum of documented errors.
    #[derive(Debug, PartialEq)]
    enum Documented {
        NotFound,
    }

    impl ::std::fmt::Display for Documented {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            describe_status(f, 404, "no such thing")
        }
    }

    type Error = ClientError<Documented>;

    /// Formats `describe_status` through `Display`.
    struct Described(u16, &'static str);

    impl ::std::fmt::Display for Described {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            describe_status(f, self.0, self.1)
        }
    }

    /// A transport error raised before anything is sent.
    fn builder_error() -> ::reqwest::Error {
        ::reqwest::Client::new()
            .get("not a url")
            .build()
            .unwrap_err()
    }

    /// A transport error that carries a status (from `error_for_status`).
    fn status_error(status: u16) -> ::reqwest::Error {
        let response = ::axum::http::Response::builder()
            .status(status)
            .body("")
            .unwrap();
        ::reqwest::Response::from(response)
            .error_for_status()
            .unwrap_err()
    }

    fn status(code: u16) -> ::reqwest::StatusCode {
        ::reqwest::StatusCode::from_u16(code).unwrap()
    }

    #[test]
    fn describe_status_with_reason_and_description() {
        assert_eq!(
            Described(404, "no such contact").to_string(),
            "404 Not Found: no such contact"
        );
        assert_eq!(
            Described(429, "slow down").to_string(),
            "429 Too Many Requests: slow down"
        );
    }

    #[test]
    fn describe_status_without_description() {
        assert_eq!(Described(500, "").to_string(), "500 Internal Server Error");
        assert_eq!(Described(200, "").to_string(), "200 OK");
    }

    #[test]
    fn describe_status_without_reason_phrase() {
        assert_eq!(Described(599, "custom").to_string(), "599: custom");
        assert_eq!(Described(599, "").to_string(), "599");
        // Not a valid HTTP status at all.
        assert_eq!(Described(1000, "odd").to_string(), "1000: odd");
        assert_eq!(Described(0, "").to_string(), "0");
    }

    #[test]
    fn status_of_each_variant() {
        assert_eq!(Error::Api(Documented::NotFound).status(), None);
        assert_eq!(Error::InvalidRequest("x".to_owned()).status(), None);
        assert_eq!(
            Error::Unexpected {
                status: status(502),
                body: Vec::new()
            }
            .status(),
            Some(::reqwest::StatusCode::BAD_GATEWAY)
        );
        let invalid = Error::InvalidBody {
            status: status(200),
            type_name: "Contact",
            error: "e".to_owned(),
            body: Vec::new(),
        };
        assert_eq!(invalid.status(), Some(::reqwest::StatusCode::OK));
        assert_eq!(Error::Transport(builder_error()).status(), None);
        assert_eq!(
            Error::Transport(status_error(503)).status(),
            Some(::reqwest::StatusCode::SERVICE_UNAVAILABLE)
        );
    }

    #[test]
    fn api_only_for_documented_errors() {
        assert_eq!(
            Error::Api(Documented::NotFound).api(),
            Some(&Documented::NotFound)
        );
        assert_eq!(Error::InvalidRequest("x".to_owned()).api(), None);
        assert_eq!(
            Error::Unexpected {
                status: status(500),
                body: Vec::new()
            }
            .api(),
            None
        );
    }

    #[test]
    fn display_of_a_documented_error_is_its_own() {
        assert_eq!(
            Error::Api(Documented::NotFound).to_string(),
            "404 Not Found: no such thing"
        );
    }

    #[test]
    fn display_of_an_unexpected_status_with_empty_body() {
        let e = Error::Unexpected {
            status: status(500),
            body: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            "500 Internal Server Error: status not documented for this operation (empty body)"
        );
    }

    #[test]
    fn display_of_an_unexpected_status_shows_the_trimmed_body() {
        let e = Error::Unexpected {
            status: status(409),
            body: b"  \n{\"error\":\"conflict\"}\n".to_vec(),
        };
        assert_eq!(
            e.to_string(),
            "409 Conflict: status not documented for this operation: {\"error\":\"conflict\"}"
        );
    }

    #[test]
    fn display_of_a_whitespace_only_body() {
        let e = Error::Unexpected {
            status: status(500),
            body: b" \r\n".to_vec(),
        };
        assert_eq!(
            e.to_string(),
            "500 Internal Server Error: status not documented for this operation: "
        );
    }

    #[test]
    fn display_replaces_invalid_utf8() {
        let e = Error::Unexpected {
            status: status(500),
            body: vec![b'o', 0xff, b'k'],
        };
        assert_eq!(
            e.to_string(),
            "500 Internal Server Error: status not documented for this operation: o\u{fffd}k"
        );
    }

    #[test]
    fn display_keeps_a_body_of_exactly_500_bytes() {
        let body = "x".repeat(SHOWN_BODY_BYTES);
        let e = Error::Unexpected {
            status: status(500),
            body: body.clone().into_bytes(),
        };
        assert!(e.to_string().ends_with(&format!(": {body}")));
        assert!(!e.to_string().ends_with('…'));
    }

    #[test]
    fn display_truncates_a_long_body() {
        let body = "y".repeat(SHOWN_BODY_BYTES + 1);
        let e = Error::Unexpected {
            status: status(500),
            body: body.into_bytes(),
        };
        let text = e.to_string();
        let shown = text.split_once("operation: ").unwrap().1;
        assert_eq!(shown, format!("{}…", "y".repeat(SHOWN_BODY_BYTES)));
    }

    #[test]
    fn display_truncates_on_a_character_boundary() {
        // 499 ASCII bytes, then 'é' (2 bytes) straddles byte 500.
        let body = format!("{}é and more", "a".repeat(SHOWN_BODY_BYTES - 1));
        assert_eq!(
            shown_body(body.as_bytes()),
            format!("{}…", "a".repeat(SHOWN_BODY_BYTES - 1))
        );
        // Only multi-byte characters: 3 bytes each, 500 is not a boundary.
        let body = "€".repeat(200);
        let shown = shown_body(body.as_bytes());
        assert_eq!(shown, format!("{}…", "€".repeat(166)));
    }

    #[test]
    fn display_of_an_invalid_body() {
        let e = Error::InvalidBody {
            status: status(200),
            type_name: "Contact",
            error: "missing field `id` at line 1 column 2".to_owned(),
            body: b"{}".to_vec(),
        };
        assert_eq!(
            e.to_string(),
            "200 OK: response body is not a valid Contact: missing field `id` at line 1 column 2"
        );
    }

    #[test]
    fn display_of_an_invalid_request() {
        let e = Error::InvalidRequest(
            "the value for header x-id is not a valid header value".to_owned(),
        );
        assert_eq!(
            e.to_string(),
            "invalid request: the value for header x-id is not a valid header value"
        );
    }

    #[test]
    fn display_and_source_of_a_transport_error() {
        let e = Error::from(builder_error());
        let text = e.to_string();
        assert!(text.starts_with("request failed: builder error"), "{text}");
        let source = ::std::error::Error::source(&e).expect("a transport error has a source");
        assert!(source.to_string().starts_with("builder error"), "{source}");
    }

    #[test]
    fn no_source_for_other_variants() {
        assert!(::std::error::Error::source(&Error::InvalidRequest("x".to_owned())).is_none());
        assert!(::std::error::Error::source(&Error::Api(Documented::NotFound)).is_none());
        assert!(::std::error::Error::source(&Error::Unexpected {
            status: status(500),
            body: Vec::new()
        })
        .is_none());
    }

    #[test]
    fn from_invalid_request() {
        let e = Error::from(InvalidRequest("bad".to_owned()));
        assert!(matches!(&e, ClientError::InvalidRequest(reason) if reason == "bad"));
    }

    #[test]
    fn from_invalid_body_keeps_every_field() {
        let e = Error::from(InvalidBody {
            status: status(201),
            type_name: "Thing",
            error: "expected value".to_owned(),
            body: b"oops".to_vec(),
        });
        match e {
            ClientError::InvalidBody {
                status: s,
                type_name,
                error,
                body,
            } => {
                assert_eq!(s, ::reqwest::StatusCode::CREATED);
                assert_eq!(type_name, "Thing");
                assert_eq!(error, "expected value");
                assert_eq!(body, b"oops");
            }
            other => panic!("expected InvalidBody, got {other:?}"),
        }
    }

    #[test]
    fn boxes_as_a_std_error() {
        let e: Box<dyn ::std::error::Error + Send + Sync> =
            Box::new(Error::InvalidRequest("x".to_owned()));
        assert_eq!(e.to_string(), "invalid request: x");
    }
}
