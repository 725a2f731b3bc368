//! The generated client against a tiny HTTP stub on 127.0.0.1: every status
//! class of `update_contact`, what the request carries, and the runtime's
//! parameter encoding.

use contacts_api::client::{Client, Error, RetryPolicy, UpdateContactError};
use contacts_api::forge_support::{ClientOptions, Nullable, ParamStyle, Request};
use contacts_api::{ContactUpdate, CustomAttribute, CustomAttributeValue};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the stub received it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    /// The request target exactly as sent (still percent-encoded).
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// The path's segments, percent-decoded.
    fn segments(&self) -> Vec<String> {
        let path = self.target.split('?').next().unwrap();
        path.split('/')
            .skip(1)
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            })
            .collect()
    }

    fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }
}

/// A stub answering every request with one canned response.
struct Stub {
    base_url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Stub {
    async fn start(status: u16, headers: &[(&str, &str)], body: &str) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let mut response = format!(
            "HTTP/1.1 {status} Stub\r\ncontent-length: {}\r\nconnection: close\r\n",
            body.len()
        );
        for (k, v) in headers {
            response.push_str(&format!("{k}: {v}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(body);
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                let response = response.clone();
                tokio::spawn(async move {
                    if let Some(req) = read_request(&mut socket).await {
                        log.lock().unwrap().push(req);
                    }
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Stub {
            base_url: format!("http://{addr}"),
            received,
        }
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn only_request(&self) -> Received {
        let all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:?}");
        all[0].clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}

const CONTACT: &str = r#"{"id":"42","first_name":"Ana","last_name":null,"priority":3}"#;
const ERROR: &str = r#"{"message":"nope","field":"email"}"#;

fn client(stub: &Stub) -> Client {
    Client::new(&stub.base_url).with_api_key_auth("secret-key")
}

fn update() -> ContactUpdate {
    ContactUpdate {
        first_name: Some("Ana".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn ok_200_returns_the_contact_and_sends_key_and_body() {
    let stub = Stub::start(200, &[("content-type", "application/json")], CONTACT).await;
    let contact = client(&stub).update_contact("42", &update()).await.unwrap();
    assert_eq!(contact.id, "42");
    assert_eq!(contact.first_name, Nullable::Value("Ana".to_owned()));
    assert_eq!(contact.last_name, Nullable::Null);
    assert_eq!(contact.email, Nullable::Absent);

    let req = stub.only_request();
    assert_eq!(req.method, "PUT");
    assert_eq!(req.target, "/contacts/42");
    assert_eq!(req.header("x-api-key"), Some("secret-key"));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.json(), serde_json::json!({"first_name": "Ana"}));
}

#[tokio::test]
async fn body_keeps_absent_null_and_values_apart() {
    let stub = Stub::start(200, &[], CONTACT).await;
    let body = ContactUpdate {
        email: Some("ana@example.com".into()),
        custom_attributes: Nullable::Null,
        ..Default::default()
    };
    client(&stub).update_contact("1", &body).await.unwrap();
    let sent = stub.only_request().json();
    assert_eq!(
        sent,
        serde_json::json!({"email": "ana@example.com", "custom_attributes": null})
    );

    let stub = Stub::start(200, &[], CONTACT).await;
    let body = ContactUpdate {
        custom_attributes: Nullable::Value(vec![CustomAttribute {
            key: "vip".into(),
            value: Some(CustomAttributeValue::Boolean(true)),
        }]),
        ..Default::default()
    };
    client(&stub).update_contact("1", &body).await.unwrap();
    let sent = stub.only_request().json();
    assert_eq!(
        sent,
        serde_json::json!({"custom_attributes": [{"key": "vip", "value": true}]})
    );
    // Every property absent: an empty object, nothing cleared.
    let stub = Stub::start(200, &[], CONTACT).await;
    client(&stub)
        .update_contact("1", &ContactUpdate::default())
        .await
        .unwrap();
    assert_eq!(stub.only_request().json(), serde_json::json!({}));
}

#[tokio::test]
async fn ids_needing_encoding_arrive_as_one_segment() {
    for id in ["crm/42 #A", "ñandú", "a?b=c&d", "100%", "a/../b", "..."] {
        let stub = Stub::start(200, &[], CONTACT).await;
        client(&stub).update_contact(id, &update()).await.unwrap();
        let req = stub.only_request();
        assert_eq!(
            req.segments(),
            vec!["contacts".to_owned(), id.to_owned()],
            "id {id:?} sent as {}",
            req.target
        );
        assert_eq!(req.query(), None, "id {id:?} sent as {}", req.target);
    }
    // A dot segment would be resolved away by URL parsing: refused, not sent.
    for id in [".", ".."] {
        let stub = Stub::start(200, &[], CONTACT).await;
        let err = client(&stub)
            .update_contact(id, &update())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(stub.requests().is_empty());
    }
    let stub = Stub::start(200, &[], CONTACT).await;
    client(&stub)
        .update_contact("crm/42 #A", &update())
        .await
        .unwrap();
    assert_eq!(stub.only_request().target, "/contacts/crm%2F42%20%23A");
    let stub = Stub::start(200, &[], CONTACT).await;
    client(&stub)
        .update_contact("ñandú", &update())
        .await
        .unwrap();
    assert_eq!(stub.only_request().target, "/contacts/%C3%B1and%C3%BA");
}

#[tokio::test]
async fn base_url_path_and_trailing_slash_are_kept() {
    let stub = Stub::start(200, &[], CONTACT).await;
    let client = Client::new(format!("{}/v1/", stub.base_url)).with_api_key_auth("k");
    client.update_contact("7", &update()).await.unwrap();
    assert_eq!(stub.only_request().target, "/v1/contacts/7");
}

#[tokio::test]
async fn no_key_configured_sends_no_key() {
    let stub = Stub::start(401, &[], r#"{"message":"missing key"}"#).await;
    let err = Client::new(&stub.base_url)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(UpdateContactError::Unauthorized(ref e)) if e.message == "missing key"),
        "{err:?}"
    );
    assert_eq!(stub.only_request().header("x-api-key"), None);
}

#[tokio::test]
async fn status_401_is_unauthorized() {
    let stub = Stub::start(401, &[("content-type", "application/json")], ERROR).await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    match &err {
        Error::Api(UpdateContactError::Unauthorized(body)) => assert_eq!(body.message, "nope"),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(err.to_string(), "401 Unauthorized: unauthorized");
    assert_eq!(err.api().map(UpdateContactError::status), Some(401));
}

#[tokio::test]
async fn status_404_is_not_found() {
    let stub = Stub::start(404, &[], ERROR).await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    match &err {
        Error::Api(UpdateContactError::NotFound(body)) => {
            assert_eq!(body.message, "nope");
            assert_eq!(body.field.as_deref(), Some("email"));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(err.to_string(), "404 Not Found: contact not found");
}

#[tokio::test]
async fn status_422_is_unprocessable() {
    let stub = Stub::start(422, &[], r#"{"message":"bad email","field":"email"}"#).await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(UpdateContactError::UnprocessableEntity(e)) if e.field.as_deref() == Some("email")),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "422 Unprocessable Entity: invalid input");
}

#[tokio::test]
async fn status_429_carries_retry_after() {
    let stub = Stub::start(429, &[("retry-after", "2")], r#"{"message":"slow down"}"#).await;
    // With retries off the 429 comes back as it is, typed.
    let err = client(&stub)
        .with_retry(RetryPolicy::none())
        .update_contact("42", &update())
        .await
        .unwrap_err();
    match err {
        Error::Api(UpdateContactError::TooManyRequests { body, retry_after }) => {
            assert_eq!(body.message, "slow down");
            assert_eq!(retry_after, Some(2));
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
    // Missing or unparseable header: None, the typed error stays.
    let stub = Stub::start(
        429,
        &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
        r#"{"message":"x"}"#,
    )
    .await;
    let err = client(&stub)
        .with_retry(RetryPolicy::none())
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api(UpdateContactError::TooManyRequests {
                retry_after: None,
                ..
            })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn undocumented_500_is_unexpected_with_raw_body() {
    let stub = Stub::start(500, &[], "upstream exploded").await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    match &err {
        Error::Unexpected { status, body } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(body, b"upstream exploded");
        }
        other => panic!("expected Unexpected, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "500 Internal Server Error: status not documented for this operation: upstream exploded"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn mismatched_200_body_is_invalid_body_not_a_panic() {
    let stub = Stub::start(200, &[], r#"{"first_name": 5}"#).await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    match &err {
        Error::InvalidBody {
            status,
            type_name,
            error,
            body,
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(*type_name, "Contact");
            assert!(error.contains("invalid type"), "{error}");
            assert_eq!(body, br#"{"first_name": 5}"#);
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("200 OK: response body is not a valid Contact: "),
        "{err}"
    );

    // A documented error status whose body does not match either.
    let stub = Stub::start(404, &[], "<html>not json</html>").await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidBody {
                type_name: "Error",
                ..
            }
        ),
        "{err:?}"
    );
    // Not JSON at all, and empty.
    let stub = Stub::start(200, &[], "").await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidBody { .. }), "{err:?}");
}

#[tokio::test]
async fn invalid_header_value_is_an_error_and_nothing_is_sent() {
    let stub = Stub::start(200, &[], CONTACT).await;
    let client = Client::new(&stub.base_url).with_api_key_auth("line\nbreak");
    let err = client.update_contact("42", &update()).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(reason) if reason.contains("X-Api-Key")),
        "{err:?}"
    );
    assert!(stub.requests().is_empty());
}

#[tokio::test]
async fn connection_refused_is_transport() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::new(format!("http://{addr}"));
    let err = client
        .with_retry(RetryPolicy::none())
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
    // By default a refused connection is retried, then given up.
    let err = client.update_contact("42", &update()).await.unwrap_err();
    assert_eq!(err.attempts(), 3, "{err}");
    assert!(matches!(err.last(), Error::Transport(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_429_is_retried_and_given_up_with_its_typed_error() {
    let stub = Stub::start(429, &[("retry-after", "0")], r#"{"message":"slow down"}"#).await;
    let err = client(&stub)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert_eq!(
        stub.requests().len(),
        3,
        "the default policy makes 3 attempts"
    );
    match &err {
        Error::GaveUp {
            attempts: 3, last, ..
        } => assert!(
            matches!(
                **last,
                Error::Api(UpdateContactError::TooManyRequests { .. })
            ),
            "{last:?}"
        ),
        other => panic!("expected GaveUp, got {other:?}"),
    }
    assert!(matches!(
        err.api(),
        Some(UpdateContactError::TooManyRequests {
            retry_after: Some(0),
            ..
        })
    ));
    let text = err.to_string();
    assert!(text.starts_with("gave up after 3 attempts in "), "{text}");
    assert!(
        text.ends_with(" s: 429 Too Many Requests: rate limit exceeded"),
        "{text}"
    );
}

#[tokio::test]
async fn injected_http_client_is_used() {
    let stub = Stub::start(200, &[], CONTACT).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-from-user",
        reqwest::header::HeaderValue::from_static("yes"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    client(&stub)
        .with_http_client(http)
        .update_contact("42", &update())
        .await
        .unwrap();
    assert_eq!(stub.only_request().header("x-from-user"), Some("yes"));
}

/// Send a bare `Request` built by the runtime and return what arrived.
async fn sent(build: impl FnOnce(&mut Request)) -> Received {
    let stub = Stub::start(204, &[], "").await;
    let mut request = Request::new(reqwest::Method::GET, &stub.base_url);
    request.path("/x");
    build(&mut request);
    let once = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    request.send(&reqwest::Client::new(), &once).await.unwrap();
    stub.only_request()
}

#[tokio::test]
async fn query_styles() {
    let ids = [1, 2, 3];
    let r = sent(|r| {
        r.query_param("id", &ids[..], ParamStyle::Form, true)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("id=1&id=2&id=3"));
    let r = sent(|r| {
        r.query_param("id", &ids[..], ParamStyle::Form, false)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("id=1%2C2%2C3"));
    let r = sent(|r| {
        r.query_param("id", &ids[..], ParamStyle::PipeDelimited, false)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("id=1%7C2%7C3"));
    let r = sent(|r| {
        r.query_param("id", &ids[..], ParamStyle::SpaceDelimited, false)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("id=1+2+3"));
    let filter = serde_json::json!({"role": "admin", "age": {"gt": 30}});
    let r = sent(|r| {
        r.query_param("filter", &filter, ParamStyle::DeepObject, true)
            .unwrap()
    })
    .await;
    // Object properties keep the map's order (serde_json's `preserve_order`
    // may or may not be on in a workspace), so compare them as a set.
    let mut pairs: Vec<&str> = r.query().unwrap().split('&').collect();
    pairs.sort();
    assert_eq!(
        pairs,
        ["filter%5Bage%5D%5Bgt%5D=30", "filter%5Brole%5D=admin"]
    );
    let point = serde_json::json!({"x": 1, "y": 2});
    let r = sent(|r| r.query_param("p", &point, ParamStyle::Form, true).unwrap()).await;
    assert_eq!(r.query(), Some("x=1&y=2"));
    let r = sent(|r| r.query_param("p", &point, ParamStyle::Form, false).unwrap()).await;
    assert_eq!(r.query(), Some("p=x%2C1%2Cy%2C2"));
    let r = sent(|r| {
        r.query_param("q", "a b&c=d", ParamStyle::Form, true)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("q=a+b%26c%3Dd"));
    let r = sent(|r| {
        r.query_param("flag", &true, ParamStyle::Form, true)
            .unwrap()
    })
    .await;
    assert_eq!(r.query(), Some("flag=true"));
}

#[tokio::test]
async fn path_header_and_cookie_styles() {
    let r = sent(|r| {
        r.path("/");
        r.path_param("ids", &["a/b", "c"][..], ParamStyle::Simple, false)
            .unwrap();
        r.path("/");
        r.path_param("l", &["a", "b"][..], ParamStyle::Label, false)
            .unwrap();
        r.path("/");
        r.path_param("m", &["a", "b"][..], ParamStyle::Matrix, true)
            .unwrap();
    })
    .await;
    assert_eq!(r.target, "/x/a%2Fb,c/.a,b/;m=a;m=b");
    let r = sent(|r| {
        r.header_param("X-Ids", &[1, 2][..], false).unwrap();
        r.cookie_param("session", "a b;c").unwrap();
    })
    .await;
    assert_eq!(r.header("x-ids"), Some("1,2"));
    assert_eq!(r.header("cookie"), Some("session=a%20b%3Bc"));

    let stub = Stub::start(204, &[], "").await;
    let mut request = Request::new(reqwest::Method::GET, &stub.base_url);
    assert!(request.header_param("X-Bad", "a\r\nb", false).is_err());
    assert!(request.header_param("Bad Name", "a", false).is_err());
}
