//! Path parameters that share a segment (`{sid}.json`, `{base}...{head}`,
//! `v{major}.{minor}`): the generated client against the generated server
//! over real HTTP, and raw requests for segments that do not fit.

mod common;

use edge_cases::paths::client::{Client, CompareError, Error};
use edge_cases::paths::server::{self, Api, CompareResponse, GetCallResponse, GetFileResponse};
use edge_cases::paths::{self as api, Echo};
use serde_json::Value;

struct Echoes;

fn echo(params: &[&dyn ToString]) -> Echo {
    Echo {
        params: params.iter().map(|p| p.to_string()).collect(),
    }
}

impl Api for Echoes {
    async fn get_call(&self, sid: String) -> GetCallResponse {
        GetCallResponse::Ok {
            body: echo(&[&sid]),
            etag: Some(format!("\"v-{sid}\"")),
            x_duration: (sid != "a.json").then_some(42),
        }
    }

    async fn compare(&self, owner: String, base: String, head: String) -> CompareResponse {
        if owner == "nobody" {
            return CompareResponse::NotFound(api::Error {
                message: "no such owner".into(),
            });
        }
        CompareResponse::Ok(echo(&[&owner, &base, &head]))
    }

    async fn get_file(&self, major: i32, minor: i32, name: String) -> GetFileResponse {
        GetFileResponse::Ok(echo(&[&major, &minor, &name]))
    }
}

async fn start() -> String {
    common::serve(server::router(Echoes)).await
}

async fn raw_get(base: &str, path: &str) -> (u16, Value) {
    let response = reqwest::get(format!("{base}{path}")).await.expect("send");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn client_and_server_agree_on_shared_segments() {
    let base = start().await;
    let client = Client::new(&base);
    // The documented success headers come back next to the body.
    let call = client.get_call("CA42").await.unwrap();
    assert_eq!(call.body.params, ["CA42"]);
    assert_eq!(call.etag.as_deref(), Some("\"v-CA42\""));
    assert_eq!(call.x_duration, Some(42));
    // A `.json` inside the value is kept: only the last one is the suffix.
    // (And a header the server leaves out is `None`.)
    let call = client.get_call("a.json").await.unwrap();
    assert_eq!(call.body.params, ["a.json"]);
    assert_eq!(call.x_duration, None);
    assert_eq!(
        client
            .compare("octo", "main", "feature/x y")
            .await
            .unwrap()
            .params,
        ["octo", "main", "feature/x y"]
    );
    // The head may contain the separator; the base ends at its first use.
    assert_eq!(
        client
            .compare("octo", "v1.0", "v2...rc")
            .await
            .unwrap()
            .params,
        ["octo", "v1.0", "v2...rc"]
    );
    assert_eq!(
        client.get_file(3, 14, "ñandú.txt").await.unwrap().params,
        ["3", "14", "ñandú.txt"]
    );
    match client.compare("nobody", "a", "b").await {
        Err(Error::Api(CompareError::NotFound(e))) => assert_eq!(e.message, "no such owner"),
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn segments_that_do_not_fit_are_404_or_422_naming_the_parameter() {
    let base = start().await;
    // Wrong or missing fixed text, or an empty parameter: no such resource.
    for path in [
        "/calls/CA42.xml",
        "/calls/.json",
        "/repos/octo/compare/main..dev",
        "/repos/octo/compare/...dev",
        "/repos/octo/compare/main...",
        "/files/3.14/readme",
        "/files/v3/readme",
    ] {
        let (status, body) = raw_get(&base, path).await;
        assert_eq!(status, 404, "{path}: {body}");
        let message = body.to_string();
        assert!(message.contains("expected `"), "{path}: {message}");
    }
    // The text fits but a part is not the declared type: 422 naming it,
    // like any other invalid parameter.
    let (status, body) = raw_get(&base, "/files/vthree.14/readme").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "major", "{body}");
}
