//! Spec defaults (`tests/specs/defaults.yaml`): a property the client leaves
//! out arrives at the server as its default, `Default` fills the defaults
//! in, and what is not applied (a nullable property, an array, a default
//! that does not fit) stays absent. An absent optional parameter reaches
//! the server's handler as its default.

mod common;

use edge_cases::defaults::client::{Client, EchoParamsParams};
use edge_cases::defaults::server::{self, Api, EchoParamsResponse, SearchResponse};
use edge_cases::defaults::{EchoParamsMode, Echoed, Order, Search};
use serde_json::json;

/// Echoes the search as the server read it.
struct Echo;

impl Api for Echo {
    async fn search(&self, _page_size: i64, body: Search) -> SearchResponse {
        SearchResponse::Ok(body)
    }

    #[allow(clippy::too_many_arguments)]
    async fn echo_params(
        &self,
        mode: EchoParamsMode,
        verbose: bool,
        x_trace: String,
        ratio: f64,
        since: Option<chrono::NaiveDate>,
        bad: Option<i64>,
        size: Option<i64>,
        required_one: i64,
        scale: Option<f32>,
    ) -> EchoParamsResponse {
        assert_eq!(size, None, "a default above the maximum is not applied");
        assert_eq!(scale, None, "an f32 default above f32::MAX is not applied");
        EchoParamsResponse::Ok(Echoed {
            mode: mode.to_string(),
            verbose,
            trace: x_trace,
            ratio,
            since: since.map(|d| d.to_string()),
            bad,
            required_one,
        })
    }
}

#[tokio::test]
async fn an_absent_parameter_reaches_the_handler_as_its_default() {
    let base = common::serve(server::router(Echo)).await;
    let client = Client::new(&base);
    let read = client
        .echo_params(7, &EchoParamsParams::default())
        .await
        .expect("echo");
    assert_eq!(read.mode, "thorough");
    assert!(read.verbose);
    assert_eq!(read.trace, "none", "a header parameter too");
    assert_eq!(read.ratio, 0.25);
    assert_eq!(read.required_one, 7);
    assert_eq!(
        (read.since, read.bad),
        (None, None),
        "a date default is documented only, and one that does not fit is not applied"
    );
}

#[tokio::test]
async fn a_parameter_that_is_sent_wins_over_its_default() {
    let base = common::serve(server::router(Echo)).await;
    let client = Client::new(&base);
    let params = EchoParamsParams {
        mode: Some(EchoParamsMode::Fast),
        verbose: Some(false),
        x_trace: Some("abc".to_owned()),
        ratio: Some(2.5),
        since: chrono::NaiveDate::from_ymd_opt(2024, 2, 29),
        bad: Some(-1),
        size: None,
        scale: None,
    };
    let read = client.echo_params(1, &params).await.expect("echo");
    assert_eq!(read.mode, "fast");
    assert!(!read.verbose);
    assert_eq!(read.trace, "abc");
    assert_eq!(read.ratio, 2.5);
    assert_eq!(read.since.as_deref(), Some("2024-02-29"));
    assert_eq!(read.bad, Some(-1));
}

#[tokio::test]
async fn a_bad_value_is_refused_not_replaced_by_the_default() {
    let base = common::serve(server::router(Echo)).await;
    let response = reqwest::get(format!("{base}/echo?required_one=1&verbose=maybe"))
        .await
        .expect("request");
    assert_eq!(response.status(), 422);
    let text = response.text().await.expect("body");
    assert!(
        text.contains("verbose"),
        "the error names the field: {text}"
    );
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
        outside: None,
        huge: None,
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
    assert_eq!(
        read.huge, None,
        "an f32 default above f32::MAX is not applied"
    );
    assert_eq!(
        read.outside, None,
        "a default below the minimum is not applied"
    );
}

#[test]
fn default_and_deserialize_agree() {
    let parsed: Search = serde_json::from_value(json!({})).unwrap();
    assert_eq!(parsed, Search::default());
    let parsed: Search = serde_json::from_value(json!({"order": "asc", "exact": null})).unwrap();
    assert_eq!(parsed.order, Some(Order::Asc));
    assert_eq!(parsed.exact, None, "null is not absent");
}
