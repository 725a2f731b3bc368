//! The `contacts-client` binary against a local HTTP stub: exit codes,
//! stdout/stderr lines, and what goes over the wire.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the stub received: request target, headers (lower-cased names), body.
type Seen = Arc<Mutex<Vec<(String, Vec<(String, String)>, Vec<u8>)>>>;

/// Answer every request with one canned response; returns the base URL.
async fn stub(status: u16, headers: &str, body: &'static str) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let response = format!(
        "HTTP/1.1 {status} Stub\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
        body.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let end = loop {
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i;
                }
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => break buf.len(),
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            };
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let target = head.split(' ').nth(1).unwrap_or("").to_owned();
            let headers: Vec<(String, String)> = head
                .split("\r\n")
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = buf.get(end + 4..).unwrap_or_default().to_vec();
            while body.len() < len {
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => body.extend_from_slice(&chunk[..n]),
                }
            }
            log.lock().unwrap().push((target, headers, body));
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, seen)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn run(base_url: &str, id: &str, body: &str) -> Run {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args([
            "--base-url",
            base_url,
            "--api-key",
            "k-123",
            "update",
            id,
            body,
        ])
        .output()
        .await
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const CONTACT: &str = r#"{"id":"42","first_name":"Ana","email":null}"#;

#[tokio::test]
async fn success_prints_the_contact_and_sends_the_body_as_given() {
    let (url, seen) = stub(200, "content-type: application/json\r\n", CONTACT).await;
    let r = run(
        &url,
        "crm/42 #A",
        r#"{"first_name":"Ana","custom_attributes":null}"#,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let printed: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        printed,
        serde_json::json!({"id": "42", "first_name": "Ana", "email": null})
    );
    let seen = seen.lock().unwrap();
    let (target, headers, body) = &seen[0];
    assert_eq!(target, "/contacts/crm%2F42%20%23A");
    assert!(headers.contains(&("x-api-key".to_owned(), "k-123".to_owned())));
    let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
    // Absent stays absent, null stays null.
    assert_eq!(
        sent,
        serde_json::json!({"first_name": "Ana", "custom_attributes": null})
    );
}

#[tokio::test]
async fn documented_errors_name_status_error_and_body() {
    let (url, _) = stub(404, "", r#"{"message":"no such contact"}"#).await;
    let r = run(&url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr.trim_end(),
        r#"404 Not Found: contact not found: {"message":"no such contact"}"#
    );

    let (url, _) = stub(429, "retry-after: 2\r\n", r#"{"message":"slow down"}"#).await;
    let r = run(&url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        r#"429 Too Many Requests: retry after 2 s: {"message":"slow down"}"#
    );

    let (url, _) = stub(401, "", r#"{"message":"bad key"}"#).await;
    let r = run(&url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        r#"401 Unauthorized: unauthorized: {"message":"bad key"}"#
    );
}

#[tokio::test]
async fn undocumented_status_and_bad_bodies_are_one_line_exit_1() {
    let (url, _) = stub(500, "", "boom").await;
    let r = run(&url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "500 Internal Server Error: status not documented for this operation: boom"
    );

    let (url, _) = stub(200, "", r#"{"first_name":"no id"}"#).await;
    let r = run(&url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("200 OK: response body is not a valid Contact: missing field `id`"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn invalid_bodies_exit_2_and_send_nothing() {
    let (url, seen) = stub(200, "", CONTACT).await;
    for (body, reason) in [
        ("{not json", "not valid JSON"),
        (r#"{"priority": 9}"#, "not a valid ContactUpdate"),
        (r#"{"first_name": 5}"#, "not a valid ContactUpdate"),
        (r#"{"frist_name": "Ana"}"#, "unknown properties frist_name"),
        ("[1]", "not a valid ContactUpdate"),
    ] {
        let r = run(&url, "9", body).await;
        assert_eq!(r.code, 2, "{body}: {}", r.stderr);
        assert!(r.stderr.contains(reason), "{body}: {}", r.stderr);
    }
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn bad_usage_exits_2() {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args(["update", "only-an-id"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}
