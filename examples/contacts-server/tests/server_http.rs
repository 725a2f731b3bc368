//! The example server over real HTTP (in-process, on 127.0.0.1:0): the
//! generated client for what a typed client can send, raw reqwest for what
//! it cannot (out-of-range integers, broken JSON, wrong media types).

use contacts_api::client::{Client, Error as ClientError, UpdateContactError};
use contacts_api::forge_support::Nullable;
use contacts_api::server::ServerConfig;
use contacts_api::{ContactPriority, ContactSource, ContactUpdate};
use contacts_server::{app_with_service, parse_seed, Contacts, DEFAULT_SEED};
use serde_json::{json, Value};

const KEY: &str = "test-key";

struct Server {
    base: String,
    service: Contacts,
}

async fn start_with(config: ServerConfig) -> Server {
    let service = Contacts::new(KEY, parse_seed(DEFAULT_SEED).expect("seed parses"));
    let app = app_with_service(service.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    Server {
        base: format!("http://{addr}"),
        service,
    }
}

async fn start() -> Server {
    start_with(ServerConfig::default()).await
}

impl Server {
    fn client(&self) -> Client {
        Client::new(&self.base).with_api_key_auth(KEY)
    }

    async fn raw(
        &self,
        id: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (u16, Value) {
        let response = reqwest::Client::new()
            .put(format!("{}/contacts/{id}", self.base))
            .header("X-Api-Key", KEY)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("send");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

fn unprocessable(e: ClientError<UpdateContactError>) -> contacts_api::Error {
    match e {
        ClientError::Api(UpdateContactError::UnprocessableEntity(body)) => body,
        other => panic!("expected 422, got {other:?}"),
    }
}

#[tokio::test]
async fn updates_a_field_and_leaves_absent_fields_alone() {
    let server = start().await;
    let before = server.service.store.get("c-1001").expect("seeded");
    let update = ContactUpdate {
        first_name: Some("Augusta".into()),
        priority: Some(ContactPriority::Value5),
        ..Default::default()
    };
    let after = server
        .client()
        .update_contact("c-1001", &update)
        .await
        .expect("200");
    assert_eq!(after.first_name, Nullable::Value("Augusta".to_owned()));
    assert_eq!(after.priority, Nullable::Value(ContactPriority::Value5));
    // Absent fields are untouched.
    assert_eq!(after.last_name, before.last_name);
    assert_eq!(after.email, before.email);
    assert_eq!(after.custom_attributes, before.custom_attributes);
    assert_eq!(after.skills, before.skills);
    assert_eq!(server.service.store.get("c-1001").expect("stored"), after);
}

#[tokio::test]
async fn null_clears_custom_attributes() {
    let server = start().await;
    assert!(server
        .service
        .store
        .get("c-1001")
        .expect("seeded")
        .custom_attributes
        .value()
        .is_some());
    let update = ContactUpdate {
        custom_attributes: Nullable::Null,
        ..Default::default()
    };
    let after = server
        .client()
        .update_contact("c-1001", &update)
        .await
        .expect("200");
    assert_eq!(after.custom_attributes, Nullable::Null);
    assert_eq!(after.first_name, Nullable::Value("Ada".to_owned()));
    // The same over the wire, byte for byte.
    let (status, body) = server
        .raw(
            "c-1002",
            "application/json",
            r#"{"custom_attributes": null}"#,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["custom_attributes"], Value::Null);
    assert_eq!(body["first_name"], "Grace");
}

#[tokio::test]
async fn unknown_id_is_404() {
    let server = start().await;
    match server
        .client()
        .update_contact("nobody", &ContactUpdate::default())
        .await
    {
        Err(ClientError::Api(UpdateContactError::NotFound(e))) => {
            assert!(e.message.contains("nobody"), "{e:?}")
        }
        other => panic!("expected 404, got {other:?}"),
    }
}

#[tokio::test]
async fn missing_or_wrong_key_is_401() {
    let server = start().await;
    let http = reqwest::Client::new();
    for key in [None, Some(""), Some("wrong")] {
        let mut request = http
            .put(format!("{}/contacts/c-1001", server.base))
            .header("Content-Type", "application/json")
            .body("{}");
        if let Some(k) = key {
            request = request.header("X-Api-Key", k);
        }
        let response = request.send().await.expect("send");
        assert_eq!(response.status().as_u16(), 401, "key {key:?}");
        let body: Value = response.json().await.expect("json");
        assert!(body["message"].is_string(), "{body}");
    }
    let wrong = Client::new(&server.base).with_api_key_auth("wrong");
    match wrong
        .update_contact("c-1001", &ContactUpdate::default())
        .await
    {
        Err(ClientError::Api(UpdateContactError::Unauthorized(_))) => {}
        other => panic!("expected 401, got {other:?}"),
    }
}

#[tokio::test]
async fn out_of_range_priority_is_422_naming_priority() {
    let server = start().await;
    let (status, body) = server
        .raw("c-1001", "application/json", r#"{"priority": 7}"#)
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "priority");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("1, 2, 3, 4, 5"),
        "{body}"
    );
}

#[tokio::test]
async fn unknown_source_is_422_naming_source() {
    let server = start().await;
    // The open enum lets a client send an unknown value; the server refuses it.
    let update = ContactUpdate {
        source: Some(ContactSource::Unknown("fax".into())),
        ..Default::default()
    };
    let e = unprocessable(
        server
            .client()
            .update_contact("c-1001", &update)
            .await
            .unwrap_err(),
    );
    assert_eq!(e.field.as_deref(), Some("source"));
    assert!(e.message.contains("fax"), "{e:?}");
    // Nothing changed.
    let stored = server.service.store.get("c-1001").expect("seeded");
    assert_eq!(stored.source, Nullable::Value(ContactSource::Manual));
}

#[tokio::test]
async fn nested_and_type_errors_name_the_path() {
    let server = start().await;
    let cases = [
        (
            r#"{"custom_attributes": [{"key": "a", "value": {"x": 1}}]}"#,
            "custom_attributes[0].value",
        ),
        (
            r#"{"custom_attributes": [{"value": "v"}]}"#,
            "custom_attributes[0].key",
        ),
        (r#"{"first_name": 12}"#, "first_name"),
        (r#"{"first_name": null}"#, "first_name"),
        (
            r#"{"skills": [{"id": "a"}, {"name": "no id"}]}"#,
            "skills[1].id",
        ),
        (
            r#"{"email_marketing_opt_in": "yes"}"#,
            "email_marketing_opt_in",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = server.raw("c-1001", "application/json", body).await;
        assert_eq!(status, 422, "{body} -> {answer}");
        assert_eq!(answer["field"], field, "{body} -> {answer}");
    }
    let (status, _) = server.raw("c-1001", "application/json", "[1, 2]").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn malformed_json_is_400() {
    let server = start().await;
    let (status, body) = server
        .raw("c-1001", "application/json", r#"{"first_name": "#)
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("malformed JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let server = start().await;
    let (status, body) = server
        .raw("c-1001", "text/plain", r#"{"first_name": "A"}"#)
        .await;
    assert_eq!(status, 415, "{body}");
    let (status, _) = server
        .raw(
            "c-1001",
            "application/json; charset=utf-8",
            r#"{"first_name": "A"}"#,
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn oversize_body_is_413() {
    let server = start_with(ServerConfig::default().with_max_body_bytes(1024)).await;
    let big = format!(r#"{{"first_name": "{}"}}"#, "x".repeat(2048));
    let (status, body) = server.raw("c-1001", "application/json", big).await;
    assert_eq!(status, 413, "{body}");
    // Just under the limit is fine.
    let ok = format!(r#"{{"first_name": "{}"}}"#, "x".repeat(900));
    let (status, _) = server.raw("c-1001", "application/json", ok).await;
    assert_eq!(status, 200);
    // The default limit is 1 MiB.
    let server = start().await;
    let big = format!(r#"{{"first_name": "{}"}}"#, "x".repeat(1024 * 1024 + 1));
    let (status, _) = server.raw("c-1001", "application/json", big).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn external_reference_id_needing_percent_encoding() {
    let server = start().await;
    let update = ContactUpdate {
        company_name: Some("Navy".into()),
        ..Default::default()
    };
    // The client encodes `crm/42 #A` as one path segment; the router decodes it.
    let after = server
        .client()
        .update_contact("crm/42 #A", &update)
        .await
        .expect("200");
    assert_eq!(after.id, "c-1002");
    assert_eq!(after.company_name, Nullable::Value("Navy".to_owned()));
    let (status, body) = server
        .raw("crm%2F42%20%23A", "application/json", "{}")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], "c-1002");
}

/// 8 connections × 500 updates, each task writing its own field of the same
/// contact: every answer is right and the final state has every last write.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_are_not_lost() {
    const TASKS: usize = 8;
    const UPDATES: usize = 500;
    let server = start().await;
    let fields: [&'static str; 8] = [
        "first_name",
        "last_name",
        "second_last_name",
        "email",
        "phone",
        "company_name",
        "country_code",
        "language",
    ];
    let mut tasks = Vec::new();
    for (t, field) in fields.into_iter().enumerate().take(TASKS) {
        let url = format!("{}/contacts/c-1003", server.base);
        tasks.push(tokio::spawn(async move {
            // One client per task: separate connections.
            let http = reqwest::Client::new();
            for n in 0..UPDATES {
                let value = format!("t{t}-{n}");
                let response = http
                    .put(&url)
                    .header("X-Api-Key", KEY)
                    .json(&json!({ field: value }))
                    .send()
                    .await
                    .expect("send");
                assert_eq!(response.status().as_u16(), 200);
                let body: Value = response.json().await.expect("json");
                assert_eq!(body[field], value.as_str());
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let stored =
        serde_json::to_value(server.service.store.get("c-1003").expect("seeded")).expect("json");
    for (t, field) in fields.iter().enumerate() {
        assert_eq!(stored[*field], format!("t{t}-{}", UPDATES - 1), "{field}");
    }
    // Fields nobody wrote are unchanged.
    assert_eq!(
        stored["additional_emails"][0]["email"],
        "alan@work.example.com"
    );
}

/// `GET /contacts` with a raw query: status and JSON body.
async fn list_raw(server: &Server, query: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/contacts?{query}", server.base))
        .header("X-Api-Key", KEY)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

#[tokio::test]
async fn lists_contacts_by_page_in_id_order() {
    let server = start().await;
    let seeded = parse_seed(DEFAULT_SEED).expect("seed").len();
    let first = server
        .client()
        .list_contacts(Some(2), None)
        .await
        .expect("list");
    assert_eq!(first.len(), 2.min(seeded));
    assert!(first.windows(2).all(|w| w[0].id < w[1].id), "ordered by ID");
    let second = server
        .client()
        .list_contacts(Some(2), Some(2))
        .await
        .expect("page 2");
    assert!(
        second.iter().all(|c| first.iter().all(|f| f.id < c.id)),
        "page 2 follows page 1"
    );
    let past = server
        .client()
        .list_contacts(Some(100), Some(99))
        .await
        .expect("past the end");
    assert!(past.is_empty(), "a page past the end is empty");
    let (status, body) = list_raw(&server, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        body.as_array().map(Vec::len),
        Some(seeded.min(20)),
        "the default page size is 20"
    );
}

#[tokio::test]
async fn a_limit_out_of_range_is_422_naming_limit() {
    let server = start().await;
    for query in ["limit=0", "limit=101", "page=0", "limit=abc"] {
        let (status, body) = list_raw(&server, query).await;
        assert_eq!(status, 422, "{query}: {body}");
        let field = query.split('=').next().unwrap();
        assert_eq!(body["field"], field, "{query}: {body}");
    }
}
