//! A client-only file against a server-only file of the same spec, over real
//! HTTP: each compiles with only the serde impls its side needs (the client
//! serializes requests and deserializes responses, the server the reverse),
//! while a model no operation reaches keeps both impls in every file, and so
//! does every type inside it (`tests/specs/directions.yaml`).

mod common;

use edge_cases::directions_client::client::Client;
use edge_cases::directions_server::server::{self, Api, CreateItemResponse, ListItemsResponse};
use edge_cases::{directions_client, directions_models, directions_server};
use serde_json::{json, Value};
use std::sync::Mutex;

/// Remembers the tag of the last item created and lists it back.
#[derive(Default)]
struct Items {
    last_tag: Mutex<Option<String>>,
}

impl Api for Items {
    async fn list_items(&self) -> ListItemsResponse {
        let tag = self.last_tag.lock().unwrap().clone();
        ListItemsResponse::Ok(directions_server::ListItemsResponse {
            owner: Some(directions_server::User {
                login: tag.unwrap_or_default(),
            }),
            links: Some(directions_server::ListItemsResponseLinks {
                self_: Some("/items".into()),
            }),
        })
    }

    async fn create_item(&self, body: directions_server::NewItem) -> CreateItemResponse {
        *self.last_tag.lock().unwrap() = body.tag.and_then(|t| t.name);
        CreateItemResponse::NoContent
    }
}

#[tokio::test]
async fn client_only_talks_to_server_only() {
    let base = common::serve(server::router(Items::default())).await;
    let client = Client::new(&base);
    let item = directions_client::NewItem {
        tag: Some(directions_client::Tag {
            name: Some("blue".into()),
        }),
    };
    client.create_item(&item).await.expect("create");
    let listed = client.list_items().await.expect("list");
    assert_eq!(listed.owner.expect("owner").login, "blue");
    assert_eq!(
        listed.links.expect("links").self_.as_deref(),
        Some("/items")
    );
}

/// Serializes and parses back: needs both impls.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(input: Value) -> Value {
    let parsed: T = serde_json::from_value(input.clone()).expect("parses");
    serde_json::to_value(&parsed).unwrap()
}

#[test]
fn unreached_model_keeps_both_impls_in_every_file() {
    let archive = json!({"owner": {"login": "ana"}, "tag": {"name": "x"}, "links": {"self": "/a"}});
    assert_eq!(
        round_trip::<directions_client::Archive>(archive.clone()),
        archive
    );
    assert_eq!(
        round_trip::<directions_server::Archive>(archive.clone()),
        archive
    );
    assert_eq!(
        round_trip::<directions_models::Archive>(archive.clone()),
        archive
    );
    // The types inside it too, though only one direction of operations
    // reaches each (the alias resolves to the response's inline type).
    let links = json!({"self": "/b"});
    assert_eq!(
        round_trip::<directions_client::ArchiveLinks>(links.clone()),
        links
    );
    assert_eq!(
        round_trip::<directions_server::Tag>(json!({"name": "y"})),
        json!({"name": "y"})
    );
}
