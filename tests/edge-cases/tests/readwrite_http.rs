//! readOnly and writeOnly (`tests/specs/readwrite.yaml`) over loopback: the
//! client's request types cannot hold a read-only property and the
//! response types cannot hold a write-only one (both are checked by the
//! compiler: the fields do not exist); a read-only property that arrives
//! in a request anyway is ignored by the server (or refused, when generated
//! with `--read-only-in-requests reject`), and a required read-only
//! property is required in the response.

mod common;

use edge_cases::readwrite::client::Client;
use edge_cases::readwrite::server::{
    self, Api, CreateUserResponse, PutTeamResponse, SignUpResponse,
};
use edge_cases::readwrite::{Audit, Signup, Team, TeamRequest, User, UserRequest};
use serde_json::json;

/// Stores nothing: answers with what a server would store.
struct Directory;

impl Api for Directory {
    async fn create_user(&self, body: UserRequest) -> CreateUserResponse {
        assert!(body.password.len() >= 8, "the server checked minLength");
        CreateUserResponse::Created(User {
            id: format!("u-{}", body.name),
            created_at: None,
            name: body.name,
        })
    }

    async fn put_team(&self, body: TeamRequest) -> PutTeamResponse {
        let members = body.members.map(|m| {
            m.into_iter()
                .map(|u| User {
                    id: format!("u-{}", u.name),
                    created_at: None,
                    name: u.name,
                })
                .collect()
        });
        PutTeamResponse::Ok(Team {
            name: body.name,
            members,
        })
    }

    async fn sign_up(&self, body: Signup) -> SignUpResponse {
        SignUpResponse::Ok(Audit {
            at: "2026-11-30T00:00:00Z".into(),
            note: Some(body.email),
        })
    }
}

#[tokio::test]
async fn request_and_response_forms_round_trip() {
    let base = common::serve(server::router(Directory)).await;
    let client = Client::new(&base);
    let user = client
        .create_user(&UserRequest {
            name: "ana".into(),
            password: "correct horse".into(),
        })
        .await
        .expect("create");
    assert_eq!(user.id, "u-ana", "the read-only id comes back, required");
    let team = client
        .put_team(&TeamRequest {
            name: "core".into(),
            members: Some(vec![UserRequest {
                name: "bo".into(),
                password: "battery staple".into(),
            }]),
        })
        .await
        .expect("team");
    assert_eq!(team.members.unwrap()[0].id, "u-bo", "nested types follow");
}

#[tokio::test]
async fn a_read_only_property_sent_anyway_is_ignored_and_write_only_is_never_returned() {
    let base = common::serve(server::router(Directory)).await;
    let response = reqwest::Client::new()
        .post(format!("{base}/users"))
        .json(&json!({"id": "forged", "name": "cy", "password": "long enough"}))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["id"], "u-cy", "the id sent was not read");
    assert!(body.get("password").is_none(), "{body}");
}

#[tokio::test]
async fn a_write_only_property_is_still_checked_and_required_in_requests() {
    let base = common::serve(server::router(Directory)).await;
    for (payload, field) in [
        (json!({"name": "dee"}), "password"),
        (json!({"name": "dee", "password": "short"}), "password"),
    ] {
        let response = reqwest::Client::new()
            .post(format!("{base}/users"))
            .json(&payload)
            .send()
            .await
            .expect("send");
        assert_eq!(response.status(), 422, "{payload}");
        let text = response.text().await.expect("body");
        assert!(text.contains(field), "{text}");
    }
}

#[test]
fn a_required_read_only_property_must_be_in_a_response() {
    let missing = serde_json::from_value::<User>(json!({"name": "ed"}));
    assert!(missing.is_err(), "id is required in the response form");
    let sent = serde_json::to_value(UserRequest {
        name: "ed".into(),
        password: "12345678".into(),
    })
    .unwrap();
    assert_eq!(sent, json!({"name": "ed", "password": "12345678"}));
}

#[tokio::test]
async fn the_reject_setting_refuses_a_read_only_property_naming_it() {
    use edge_cases::readwrite_reject::server as strict;

    struct Strict;
    impl strict::Api for Strict {
        async fn create_user(
            &self,
            body: edge_cases::readwrite_reject::UserRequest,
        ) -> strict::CreateUserResponse {
            strict::CreateUserResponse::Created(edge_cases::readwrite_reject::User {
                id: "u-1".into(),
                created_at: None,
                name: body.name,
            })
        }
        async fn put_team(
            &self,
            _: edge_cases::readwrite_reject::TeamRequest,
        ) -> strict::PutTeamResponse {
            strict::PutTeamResponse::Custom(axum::http::StatusCode::NO_CONTENT.into_response())
        }
        async fn sign_up(&self, _: edge_cases::readwrite_reject::Signup) -> strict::SignUpResponse {
            strict::SignUpResponse::Custom(axum::http::StatusCode::NO_CONTENT.into_response())
        }
    }
    use axum::response::IntoResponse;

    let base = common::serve(strict::router(Strict)).await;
    let post = |path: &'static str, body: serde_json::Value| {
        let url = format!("{base}{path}");
        async move {
            reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .expect("send")
        }
    };
    let refused = post(
        "/users",
        json!({"id": "forged", "name": "cy", "password": "long enough"}),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["field"], "id", "{body}");
    let nested = post("/signups", json!({"id": "x", "email": "e@example.com"})).await;
    assert_eq!(nested.status(), 422, "a request-only type refuses it too");
    let fine = post("/users", json!({"name": "cy", "password": "long enough"})).await;
    assert_eq!(fine.status(), 201);
}

#[test]
fn a_selection_keeps_the_forms_its_operations_use() {
    // `putTeam` alone reaches `Team` and `User` both ways: both split.
    let sent = serde_json::to_value(edge_cases::readwrite_selected::TeamRequest {
        name: "core".into(),
        members: Some(vec![edge_cases::readwrite_selected::UserRequest {
            name: "bo".into(),
            password: "12345678".into(),
        }]),
    })
    .unwrap();
    assert_eq!(
        sent["members"][0],
        json!({"name": "bo", "password": "12345678"})
    );
    let read: edge_cases::readwrite_selected::Team =
        serde_json::from_value(json!({"name": "core", "members": [{"id": "u-1", "name": "bo"}]}))
            .unwrap();
    assert_eq!(read.members.unwrap()[0].id, "u-1");
}
