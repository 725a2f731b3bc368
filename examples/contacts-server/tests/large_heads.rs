//! The example server against requests whose target or headers are too
//! large, over real sockets and through `contacts_server::serve` (hyper's
//! accept loop): the router's limits answer 414 and 431 in the spec's
//! error shape, naming what was too large, and the connection goes on
//! serving; only a head beyond hyper's own buffer gets hyper's bare 431.

use contacts_server::{app, parse_seed, serve, Config, ServeLimits, DEFAULT_SEED};
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const KEY: &str = "test-key";

/// Serves the example app with the default limits; returns its base URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let app = app(Config::new(KEY, parse_seed(DEFAULT_SEED).unwrap()));
    tokio::spawn(serve(
        listener,
        app,
        ServeLimits::default(),
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// The status and JSON body of a response.
async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
    (status, body)
}

#[tokio::test]
async fn a_long_target_or_large_headers_get_the_spec_error_shape() {
    let base = start().await;
    let http = reqwest::Client::new();
    let list = || {
        http.get(format!("{base}/contacts?limit=2"))
            .header("X-Api-Key", KEY)
    };

    // A 20 kB request target: 414, the message naming the target.
    let long = format!("{base}/contacts?limit=2&pad={}", "a".repeat(20_000));
    let (status, body) = json(
        http.get(&long)
            .header("X-Api-Key", KEY)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 414, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("the request target is 20022 bytes; at most 8192"),
        "{body}"
    );
    assert!(body.get("field").is_none(), "{body}");

    // 100 kB of headers (ten of 10 kB, one a little larger): 431, the
    // message and the field naming the largest.
    let mut request = list();
    for i in 0..9 {
        request = request.header(format!("x-pad-{i}"), "b".repeat(10_000));
    }
    request = request.header("x-pad-big", "b".repeat(10_240));
    let (status, body) = json(request.send().await.unwrap()).await;
    assert_eq!(status, 431, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.starts_with("the headers are 1"), "{body}");
    assert!(message.contains("at most 32768"), "{body}");
    assert!(
        message.contains("the largest, `x-pad-big`, is 10253 bytes"),
        "{body}"
    );
    assert_eq!(body["field"], "x-pad-big", "{body}");

    // Normal requests are still served, on the same client.
    let response = list().send().await.unwrap();
    assert_eq!(response.status(), 200);
    let contacts: Vec<Value> = response.json().await.unwrap();
    assert_eq!(contacts.len(), 2);
}

/// Sends `head` on a new connection and returns what comes back until the
/// server closes it.
async fn raw(base: &str, head: Vec<u8>) -> String {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    // The server may stop reading before the head ends; that is no error.
    let _ = stream.write_all(&head).await;
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut response)).await;
    String::from_utf8_lossy(&response).into_owned()
}

/// What the README and `ServeLimits` say about the bounds above the
/// router's: hyper answers those itself, with an empty body.
#[tokio::test]
async fn beyond_hyper_s_own_bounds_the_answer_is_a_bare_431() {
    let base = start().await;
    // A head larger than `max_head_bytes` (256 KiB).
    let mut head = b"GET /contacts HTTP/1.1\r\nhost: x\r\n".to_vec();
    head.extend_from_slice(format!("x-pad: {}\r\n\r\n", "c".repeat(300 * 1024)).as_bytes());
    let text = raw(&base, head).await;
    assert!(text.starts_with("HTTP/1.1 431"), "{text:?}");
    assert!(text.contains("content-length: 0"), "{text:?}");

    // A target over hyper's 65,534 bytes, in a head that fits.
    let head = format!(
        "GET /contacts?pad={} HTTP/1.1\r\nhost: x\r\n\r\n",
        "d".repeat(70_000)
    );
    let text = raw(&base, head.into_bytes()).await;
    assert!(text.starts_with("HTTP/1.1 414"), "{text:?}");
    assert!(text.contains("content-length: 0"), "{text:?}");

    // More than 100 headers, however small.
    let mut head = b"GET /contacts HTTP/1.1\r\nhost: x\r\n".to_vec();
    for i in 0..150 {
        head.extend_from_slice(format!("x-{i}: 1\r\n").as_bytes());
    }
    head.extend_from_slice(b"\r\n");
    let text = raw(&base, head).await;
    assert!(text.starts_with("HTTP/1.1 431"), "{text:?}");
    assert!(text.contains("content-length: 0"), "{text:?}");
}
