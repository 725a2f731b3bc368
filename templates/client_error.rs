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
}

impl<E> ClientError<E> {
    /// The response status, when the server answered.
    pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
        match self {
            ClientError::Unexpected { status, .. } | ClientError::InvalidBody { status, .. } => ::std::option::Option::Some(*status),
            ClientError::Transport(e) => e.status(),
            ClientError::Api(_) | ClientError::InvalidRequest(_) => ::std::option::Option::None,
        }
    }

    /// The documented error response, if that is what this is.
    pub fn api(&self) -> ::std::option::Option<&E> {
        match self {
            ClientError::Api(e) => ::std::option::Option::Some(e),
            _ => ::std::option::Option::None,
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
            ClientError::Transport(e) => ::std::write!(f, "request failed: {e}"),
        }
    }
}

impl<E: ::std::fmt::Debug + ::std::fmt::Display> ::std::error::Error for ClientError<E> {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            ClientError::Transport(e) => ::std::option::Option::Some(e),
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
