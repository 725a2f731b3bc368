//! Codes, ranges and `default` (`tests/specs/statuses.yaml`): what the
//! generated server sends as `ClientError { status: 409 }` the generated
//! client receives as `ClientError { status: 409 }`, over real HTTP. The two
//! sides share one naming of statuses.

mod common;

use axum::http::StatusCode;
use edge_cases::statuses::client::{Client, Error, GetJobError, RetryPolicy};
use edge_cases::statuses::server::{self, Api, GetJobResponse};
use edge_cases::statuses::{Job, Problem};

/// Answers by the job id: `ok`, `missing`, `conflict`, `down`, `teapot`.
struct Jobs;

fn problem(message: &str) -> Problem {
    Problem {
        detail: message.into(),
    }
}

impl Api for Jobs {
    async fn get_job(&self, id: String) -> GetJobResponse {
        match id.as_str() {
            "ok" => GetJobResponse::Ok(Job { id }),
            "missing" => GetJobResponse::NotFound(problem("no such job")),
            "conflict" => GetJobResponse::ClientError {
                status: StatusCode::CONFLICT,
                body: problem("busy"),
            },
            "down" => GetJobResponse::ServerError {
                status: StatusCode::SERVICE_UNAVAILABLE,
            },
            _ => GetJobResponse::Default {
                status: StatusCode::IM_A_TEAPOT,
                body: problem("short and stout"),
            },
        }
    }
}

#[tokio::test]
async fn statuses_keep_their_names_and_codes_from_server_to_client() {
    let base = common::serve(server::router(Jobs)).await;
    // Each status once, as it is: a 503 is otherwise retried.
    let client = Client::new(&base).with_retry(RetryPolicy::none());
    assert_eq!(client.get_job("ok").await.unwrap().id, "ok");
    match client.get_job("missing").await {
        Err(Error::Api(GetJobError::NotFound(p))) => assert_eq!(p.detail, "no such job"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    match client.get_job("conflict").await {
        Err(Error::Api(GetJobError::ClientError { status, body })) => {
            assert_eq!(status.as_u16(), 409);
            assert_eq!(body.detail, "busy");
        }
        other => panic!("expected ClientError, got {other:?}"),
    }
    match client.get_job("down").await {
        Err(Error::Api(GetJobError::ServerError { status })) => assert_eq!(status.as_u16(), 503),
        other => panic!("expected ServerError, got {other:?}"),
    }
    // With the default policy the 503 is retried, then given up; the typed
    // error is still there.
    let err = Client::new(&base).get_job("down").await.unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert!(
        matches!(err.api(), Some(GetJobError::ServerError { .. })),
        "{err:?}"
    );
    // 418 is in the 4XX range, which comes before `default`.
    match client.get_job("teapot").await {
        Err(Error::Api(GetJobError::ClientError { status, body })) => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(body.detail, "short and stout");
        }
        other => panic!("expected ClientError for 418, got {other:?}"),
    }
    let err = client.get_job("conflict").await.unwrap_err();
    assert_eq!(err.to_string(), "409 Conflict: Another client error");
}

/// Requests no operation takes get the spec's error shape (`detail`), not
/// an empty body: an unknown path is 404, a method the path lacks 405 with
/// `Allow`.
#[tokio::test]
async fn requests_no_operation_takes_get_the_spec_error_shape() {
    let base = common::serve(server::router(Jobs)).await;
    let http = reqwest::Client::new();
    let response = http
        .get(format!("{base}/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"detail": "no operation at this path"})
    );
    let response = http.delete(format!("{base}/jobs/ok")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET,HEAD");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"detail": "the path does not serve this method"})
    );
}

/// A target or head over `ServerConfig`'s limits is refused in the spec's
/// error shape too (hyper's own, much larger limit would answer with an
/// empty body), and a request just under them is served.
#[tokio::test]
async fn a_long_target_or_a_large_head_gets_the_spec_error_shape() {
    let base = common::serve(server::router(Jobs)).await;
    let http = reqwest::Client::new();
    let long = format!("{base}/jobs/ok?pad={}", "a".repeat(9 * 1024));
    let response = http.get(&long).send().await.unwrap();
    assert_eq!(response.status(), 414);
    let body: serde_json::Value = response.json().await.unwrap();
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.starts_with("the request target is 92"), "{body}");

    let response = http
        .get(format!("{base}/jobs/ok"))
        .header("x-padding", "b".repeat(40 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("at most 32768"),
        "{body}"
    );

    let response = http
        .get(format!("{base}/jobs/ok?pad={}", "a".repeat(7 * 1024)))
        .header("x-padding", "b".repeat(30 * 1024))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 414);
    assert_ne!(response.status(), 431);
}
