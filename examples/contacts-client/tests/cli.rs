//! The `contacts-client` binary against the mock server generated from the
//! spec (`contacts_api::mock`): exit codes, stdout/stderr lines, and the
//! typed requests the mock recorded. The mock checks each request against
//! the spec before an expectation sees it.

use axum::response::IntoResponse;
use contacts_api::forge_support::Nullable;
use contacts_api::mock::MockServer;
use contacts_api::server::{ListContactsResponse, UpdateContactResponse};
use contacts_api::{Contact, Error};
use std::time::Duration;

fn contact() -> Contact {
    serde_json::from_str(CONTACT).unwrap()
}

fn error(message: &str) -> Error {
    Error {
        message: message.to_owned(),
        field: None,
    }
}

/// A response the spec does not document, sent as it is.
fn undocumented(
    status: u16,
    headers: &[(&'static str, &'static str)],
    body: &'static str,
) -> UpdateContactResponse {
    let status = axum::http::StatusCode::from_u16(status).unwrap();
    let mut response = (status, body).into_response();
    for (name, value) in headers {
        response
            .headers_mut()
            .insert(*name, axum::http::HeaderValue::from_static(value));
    }
    UpdateContactResponse::Custom(response)
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
    let mock = MockServer::start().await;
    mock.update_contact()
        .when(|input| input.id == "crm/42 #A")
        .respond(UpdateContactResponse::Ok(contact()))
        .times(1);
    let r = run(
        &mock.url(),
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
    mock.verify();
    // The id went through the path percent-encoded and came back whole;
    // absent stays absent, null stays null.
    let calls = mock.update_contact().calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].api_key_auth.0, "k-123");
    assert_eq!(calls[0].body.first_name.as_deref(), Some("Ana"));
    assert_eq!(calls[0].body.last_name, None);
    assert_eq!(calls[0].body.custom_attributes, Nullable::Null);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried() {
    // What a load balancer does to a stale keep-alive connection: the PUT
    // (idempotent) goes out again on a new connection and succeeds.
    let mock = MockServer::start().await;
    mock.update_contact().drop_connection().times(1);
    mock.update_contact()
        .respond(UpdateContactResponse::Ok(contact()))
        .times(1);
    let r = run(&mock.url(), "42", r#"{"first_name":"Ana"}"#).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mock.update_contact().calls().len(), 2, "sent twice");
}

#[tokio::test]
async fn documented_errors_name_status_error_and_body() {
    let mock = MockServer::start().await;
    mock.update_contact()
        .when(|input| input.id == "404")
        .respond(UpdateContactResponse::NotFound(error("no such contact")))
        .times(1);
    mock.update_contact()
        .when(|input| input.id == "429")
        .respond(UpdateContactResponse::TooManyRequests {
            body: error("slow down"),
            retry_after: Some(2),
        })
        .times(1);
    mock.update_contact()
        .when(|input| input.id == "401")
        .respond(UpdateContactResponse::Unauthorized(error("bad key")))
        .times(1);

    let r = run(&mock.url(), "404", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr.trim_end(),
        r#"404 Not Found: contact not found: {"message":"no such contact"}"#
    );

    let r = run_with(&["--retries", "0"], &mock.url(), "429", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        r#"429 Too Many Requests: retry after 2 s: {"message":"slow down"}"#
    );

    let r = run(&mock.url(), "401", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        r#"401 Unauthorized: unauthorized: {"message":"bad key"}"#
    );
}

#[tokio::test]
async fn a_429_with_retry_after_then_200_waits_says_so_and_succeeds() {
    let mock = MockServer::start().await;
    mock.update_contact()
        .respond(UpdateContactResponse::TooManyRequests {
            body: error("slow down"),
            retry_after: Some(1),
        })
        .times(1);
    mock.update_contact()
        .respond(UpdateContactResponse::Ok(contact()))
        .times(1);
    let start = std::time::Instant::now();
    let r = run(&mock.url(), "42", r#"{"first_name":"Ana"}"#).await;
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(r#""id":"42""#), "{}", r.stdout);
    assert_eq!(
        r.stderr.trim_end(),
        "contacts-client: attempt 1: 429 Too Many Requests (Retry-After: 1); retrying in 1.0 s"
    );
    assert!(took >= Duration::from_secs(1), "{took:?}");
}

#[tokio::test]
async fn retries_run_out_and_limits_apply() {
    let mock = MockServer::start().await;
    mock.update_contact()
        .respond(undocumented(503, &[("retry-after", "0")], ""))
        .times(4);
    let r = run_with(&["--retries", "3"], &mock.url(), "9", "{}").await;
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
    mock.verify();

    let mock = MockServer::start().await;
    mock.update_contact()
        .respond(UpdateContactResponse::Ok(contact()))
        .times(1);
    let r = run_with(&["--max-body", "10"], &mock.url(), "9", "{}").await;
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
        let r = run_with(&flags, &mock.url(), "9", "{}").await;
        assert_eq!(r.code, 2, "{flags:?}");
        assert!(r.stderr.contains(message), "{flags:?}: {}", r.stderr);
    }
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let mock = MockServer::start().await;
    mock.update_contact()
        .respond(UpdateContactResponse::Ok(contact()))
        .delay(Duration::from_secs(30))
        .times(2);
    let start = std::time::Instant::now();
    let r = run_with(
        &["--timeout", "0.3", "--retries", "1"],
        &mock.url(),
        "9",
        "{}",
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(start.elapsed() < Duration::from_secs(10));
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
    let mock = MockServer::start().await;
    mock.update_contact()
        .when(|input| input.id == "500")
        .respond(undocumented(500, &[], "boom"));
    // A body that breaks the spec: a contact without its id.
    mock.update_contact()
        .when(|input| input.id == "no-id")
        .respond_status(200, &serde_json::json!({"first_name": "no id"}));

    let r = run(&mock.url(), "500", "{}").await;
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "500 Internal Server Error: status not documented for this operation: boom"
    );

    let r = run(&mock.url(), "no-id", "{}").await;
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
    let mock = MockServer::start().await;
    mock.update_contact().never();
    for (body, reason) in [
        ("{not json", "not valid JSON"),
        (r#"{"priority": 9}"#, "not a valid ContactUpdate"),
        (r#"{"first_name": 5}"#, "not a valid ContactUpdate"),
        (r#"{"frist_name": "Ana"}"#, "unknown properties frist_name"),
        ("[1]", "not a valid ContactUpdate"),
    ] {
        let r = run(&mock.url(), "9", body).await;
        assert_eq!(r.code, 2, "{body}: {}", r.stderr);
        assert!(r.stderr.contains(reason), "{body}: {}", r.stderr);
    }
    assert!(mock.update_contact().calls().is_empty());
}

#[tokio::test]
async fn a_request_the_spec_does_not_allow_is_reported_by_the_mock() {
    // Without `--api-key` the client sends no credentials; the spec
    // requires them, so the mock's server refuses the request before any
    // expectation sees it, and the mock reports the violation.
    let mock = MockServer::start().await;
    mock.update_contact().never();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args(["--base-url", &mock.url(), "update", "9", "{}"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = mock.report().expect("the violation is reported");
    assert!(
        report.contains("contract violation: PUT /contacts/9: refused with 401: missing or empty credentials: X-Api-Key header"),
        "{report}"
    );
    // The generated client, made to send a page size over the spec's
    // maximum of 100: refused with 422, naming the parameter.
    let client = contacts_api::client::Client::new(mock.url()).with_api_key_auth("k");
    let refused = client.list_contacts(Some(500), None).await;
    assert!(refused.is_err());
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert_eq!(violations[1].request, "GET /contacts?limit=500");
    assert_eq!(violations[1].status, 422);
    assert_eq!(violations[1].field.as_deref(), Some("limit"));
    assert!(mock.list_contacts().calls().is_empty());
    mock.verify();
}

#[tokio::test]
async fn a_call_no_expectation_takes_is_501_and_reported() {
    let mut mock = MockServer::start().await;
    mock.update_contact()
        .when(|input| input.id == "1")
        .respond(UpdateContactResponse::Ok(contact()));
    let r = run(&mock.url(), "2", r#"{"first_name":"Bo"}"#).await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("501 Not Implemented"), "{}", r.stderr);
    let report = mock.report().expect("a report");
    assert!(
        report.contains("update_contact (PUT /contacts/{id}): expectation #1 expected at least 1 call(s), got 0"),
        "{report}"
    );
    assert!(
        report.contains("update_contact (PUT /contacts/{id}): unmatched call UpdateContactInput {"),
        "{report}"
    );
    assert!(report.contains(r#"id: "2""#), "{report}");
    assert!(
        report.contains("tried #1 (its `when` did not match)"),
        "{report}"
    );
    // `verify` panics with the report; dropping does not verify again.
    let verified = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify()));
    assert!(verified.is_err());
    mock.verify_on_drop(false);
}

#[tokio::test]
async fn a_list_is_answered_page_by_page_from_the_typed_input() {
    let mock = MockServer::start().await;
    mock.list_contacts().respond_with(|input| {
        let page: Vec<Contact> = if input.page <= 2 {
            (0..input.limit)
                .map(|i| {
                    serde_json::from_value(serde_json::json!({"id": format!("{}-{i}", input.page)}))
                        .unwrap()
                })
                .collect()
        } else {
            Vec::new()
        };
        ListContactsResponse::Ok(page)
    });
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args([
            "--base-url",
            &mock.url(),
            "--api-key",
            "k",
            "list",
            "--page-size",
            "3",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 6);
    let pages: Vec<i32> = mock
        .list_contacts()
        .calls()
        .iter()
        .map(|c| c.page)
        .collect();
    assert_eq!(pages, [1, 2, 3]);
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
