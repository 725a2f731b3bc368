//! Codes, ranges and `default` (`tests/specs/statuses.yaml`): what the
//! generated server sends as `ClientError { status: 409 }` the generated
//! client receives as `ClientError { status: 409 }`, over real HTTP. The two
//! sides share one naming of statuses.

mod common;

use axum::http::StatusCode;
use edge_cases::statuses::client::{Client, Error, GetJobError};
use edge_cases::statuses::server::{self, Api, GetJobResponse};
use edge_cases::statuses::{Job, Problem};

/// Answers by the job id: `ok`, `missing`, `conflict`, `down`, `teapot`.
struct Jobs;

fn problem(message: &str) -> Problem {
    Problem {
        message: message.into(),
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
    let client = Client::new(&common::serve(server::router(Jobs)).await);
    assert_eq!(client.get_job("ok").await.unwrap().id, "ok");
    match client.get_job("missing").await {
        Err(Error::Api(GetJobError::NotFound(p))) => assert_eq!(p.message, "no such job"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    match client.get_job("conflict").await {
        Err(Error::Api(GetJobError::ClientError { status, body })) => {
            assert_eq!(status.as_u16(), 409);
            assert_eq!(body.message, "busy");
        }
        other => panic!("expected ClientError, got {other:?}"),
    }
    match client.get_job("down").await {
        Err(Error::Api(GetJobError::ServerError { status })) => assert_eq!(status.as_u16(), 503),
        other => panic!("expected ServerError, got {other:?}"),
    }
    // 418 is in the 4XX range, which comes before `default`.
    match client.get_job("teapot").await {
        Err(Error::Api(GetJobError::ClientError { status, body })) => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(body.message, "short and stout");
        }
        other => panic!("expected ClientError for 418, got {other:?}"),
    }
    let err = client.get_job("conflict").await.unwrap_err();
    assert_eq!(err.to_string(), "409 Conflict: Another client error");
}
