//! The `contacts-client` binary against a local HTTP stub: exit codes,
//! stdout/stderr lines, and what goes over the wire.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the stub received: request target, headers (lower-cased names), body.
type Seen = Arc<Mutex<Vec<(String, Vec<(String, String)>, Vec<u8>)>>>;

/// Answer every request with one canned response; returns the base URL.
async fn stub(status: u16, headers: &str, body: &'static str) -> (String, Seen) {
    stub_answers(&[(status, headers, body)]).await
}

/// Answer the requests with these responses in turn, the last one from
/// then on. Status 0 closes the connection without answering.
async fn stub_answers(answers: &[(u16, &str, &'static str)]) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let responses: Vec<String> = answers
        .iter()
        .map(|(status, headers, body)| {
            format!(
                "HTTP/1.1 {status} Stub\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
                body.len()
            )
        })
        .collect();
    let answers_status: Vec<u16> = answers.iter().map(|(status, _, _)| *status).collect();
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
            let index = {
                let mut log = log.lock().unwrap();
                log.push((target, headers, body));
                (log.len() - 1).min(responses.len() - 1)
            };
            if answers_status[index] != 0 {
                let _ = socket.write_all(responses[index].as_bytes()).await;
            }
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
    run_with(&[], base_url, id, body).await
}

async fn run_with(flags: &[&str], base_url: &str, id: &str, body: &str) -> Run {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args(["--base-url", base_url, "--api-key", "k-123"])
        .args(flags)
        .args(["update", id, body])
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
async fn a_connection_closed_without_an_answer_is_retried() {
    // What a load balancer does to a stale keep-alive connection: the PUT
    // (idempotent) goes out again on a new connection and succeeds.
    let (url, seen) = stub_answers(&[
        (0, "", ""),
        (200, "content-type: application/json\r\n", CONTACT),
    ])
    .await;
    let r = run(&url, "42", r#"{"first_name":"Ana"}"#).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(seen.lock().unwrap().len(), 2, "sent twice");
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
    let r = run_with(&["--retries", "0"], &url, "9", "{}").await;
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
async fn a_429_with_retry_after_then_200_waits_says_so_and_succeeds() {
    let (url, seen) = stub_answers(&[
        (429, "retry-after: 1\r\n", r#"{"message":"slow down"}"#),
        (200, "content-type: application/json\r\n", CONTACT),
    ])
    .await;
    let start = std::time::Instant::now();
    let r = run(&url, "42", r#"{"first_name":"Ana"}"#).await;
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(r#""id":"42""#), "{}", r.stdout);
    assert_eq!(
        r.stderr.trim_end(),
        "contacts-client: attempt 1: 429 Too Many Requests (Retry-After: 1); retrying in 1.0 s"
    );
    assert!(took >= std::time::Duration::from_secs(1), "{took:?}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn retries_run_out_and_limits_apply() {
    let (url, seen) = stub(503, "retry-after: 0\r\n", "").await;
    let r = run_with(&["--retries", "3"], &url, "9", "{}").await;
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "three retries and the verdict: {}",
        r.stderr
    );
    assert!(
        lines[3].starts_with("gave up after 4 attempts in ")
            && lines[3].ends_with(
                "503 Service Unavailable: status not documented for this operation (empty body)"
            ),
        "{}",
        r.stderr
    );
    assert_eq!(seen.lock().unwrap().len(), 4);

    let (url, _) = stub(200, "content-type: application/json\r\n", CONTACT).await;
    let r = run_with(&["--max-body", "10"], &url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "200 OK: response body is larger than the limit of 10 bytes (ClientOptions::max_body_bytes)"
    );

    for (flags, message) in [
        (
            ["--retries", "-1"],
            "--retries: \"-1\" is not a valid value",
        ),
        (
            ["--timeout", "0"],
            "--timeout must be a positive number of seconds",
        ),
        (
            ["--max-body", "lots"],
            "--max-body: \"lots\" is not a valid value",
        ),
    ] {
        let r = run_with(&flags, &url, "9", "{}").await;
        assert_eq!(r.code, 2, "{flags:?}");
        assert!(r.stderr.contains(message), "{flags:?}: {}", r.stderr);
    }
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accept, read nothing, answer nothing.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let start = std::time::Instant::now();
    let r = run_with(&["--timeout", "0.3", "--retries", "1"], &url, "9", "{}").await;
    assert_eq!(r.code, 1);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        r.stderr.contains("attempt 1: timed out; retrying in"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("gave up after 2 attempts in "),
        "{}",
        r.stderr
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
