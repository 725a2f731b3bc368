//! Spec defaults (`tests/specs/defaults.yaml`): a property the client leaves
//! out arrives at the server as its default, `Default` fills the defaults
//! in, and what is not applied (a nullable property, an array, a default
//! that does not fit) stays absent.

mod common;

use edge_cases::defaults::client::Client;
use edge_cases::defaults::server::{self, Api, SearchResponse};
use edge_cases::defaults::{Order, Search};
use serde_json::json;

/// Echoes the search as the server read it.
struct Echo;

impl Api for Echo {
    async fn search(&self, _page_size: Option<i64>, body: Search) -> SearchResponse {
        SearchResponse::Ok(body)
    }
}

#[tokio::test]
async fn an_absent_property_arrives_as_its_default() {
    let base = common::serve(server::router(Echo)).await;
    let client = Client::new(&base);
    let sent = Search {
        query: None,
        limit: Some(5),
        ratio: None,
        exact: None,
        order: None,
        note: Default::default(),
        tags: None,
        misfit: None,
    };
    let read = client.search(None, &sent).await.expect("search");
    assert_eq!(read.query.as_deref(), Some("*"));
    assert_eq!(read.limit, Some(5), "a value sent is kept");
    assert_eq!(read.ratio, Some(0.5));
    assert_eq!(read.exact, Some(false));
    assert_eq!(read.order, Some(Order::Desc));
    assert!(
        read.note.is_absent(),
        "a nullable property keeps its three states"
    );
    assert_eq!((read.tags, read.misfit), (None, None), "documented only");
}

#[test]
fn default_and_deserialize_agree() {
    let parsed: Search = serde_json::from_value(json!({})).unwrap();
    assert_eq!(parsed, Search::default());
    let parsed: Search = serde_json::from_value(json!({"order": "asc", "exact": null})).unwrap();
    assert_eq!(parsed.order, Some(Order::Asc));
    assert_eq!(parsed.exact, None, "null is not absent");
}
