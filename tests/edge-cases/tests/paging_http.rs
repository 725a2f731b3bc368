//! Paged lists (`tests/specs/paging.yaml`) walked over loopback against a
//! stub that counts requests: every item once and in order, a page fetched
//! only when its first item is asked for, an error after the items before
//! it, and each rule (page number, offset, cursor, has_more, extension).

mod common;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use edge_cases::paging::client::{Client, Error, ListBooksByOffsetParams};
use edge_cases::paging::Book;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Five books, `b1` to `b5`.
fn books() -> Vec<Value> {
    (1..=5)
        .map(|i| json!({"id": format!("b{i}"), "title": format!("Book {i}")}))
        .collect()
}

#[derive(Clone, Default)]
struct Stub {
    requests: Arc<AtomicUsize>,
    /// The query of each request, in order.
    queries: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

type Q = Query<HashMap<String, String>>;

impl Stub {
    fn seen(&self, q: &HashMap<String, String>) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.queries.lock().unwrap().push(q.clone());
    }

    fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// A JSON response (the generated client checks the media type).
struct Json(Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
        (json, self.0.to_string()).into_response()
    }
}

fn number(q: &HashMap<String, String>, key: &str, default: usize) -> usize {
    q.get(key).map_or(default, |v| v.parse().expect("a number"))
}

/// Books `from..from + n` of the five, as JSON.
fn slice(from: usize, n: usize) -> Vec<Value> {
    books().into_iter().skip(from).take(n).collect()
}

async fn by_page(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    let page = number(&q, "page", 1);
    if page == 2 && q.get("q").map(String::as_str) == Some("fail") {
        return (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response();
    }
    let per = number(&q, "per_page", 2);
    Json(slice((page - 1) * per, per).into()).into_response()
}

async fn by_offset(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    let offset = number(&q, "offset", 0);
    Json(json!({"total": 5, "items": slice(offset, number(&q, "limit", 2))})).into_response()
}

/// Cursors are the index of the next book; the last page has none.
async fn by_cursor(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    let from = number(&q, "cursor", 0);
    let mut body = json!({"data": slice(from, 2)});
    if from + 2 < 5 {
        body["next_cursor"] = json!((from + 2).to_string());
    }
    ([("x-total-count", "5")], Json(body)).into_response()
}

async fn after(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    let from = match q.get("starting_after") {
        Some(id) => id.trim_start_matches('b').parse::<usize>().unwrap(),
        None => 0,
    };
    Json(json!({"data": slice(from, 2), "has_more": from + 2 < 5})).into_response()
}

async fn declared(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    let from = number(&q, "from", 0);
    let mut body = json!({"books": slice(from, 3), "shelves": ["a"]});
    if from + 3 < 5 {
        body["continue_from"] = json!((from + 3).to_string());
    }
    Json(body).into_response()
}

/// A hostile server that hands out the same cursor forever.
async fn repeating(State(s): State<Stub>, Query(q): Q) -> Response {
    s.seen(&q);
    Json(json!({"entries": slice(0, 1), "next": "again"})).into_response()
}

/// Pages of two named by `Link` headers (absolute on this origin, as
/// GitHub writes them); shelf `thief` links to another origin instead.
async fn linked(
    State(s): State<Stub>,
    axum::extract::Path(shelf): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
    Query(mut q): Q,
) -> Response {
    let trace = headers
        .get("x-trace")
        .map(|v| v.to_str().unwrap().to_owned());
    q.insert("x-trace".into(), trace.unwrap_or_default());
    s.seen(&q);
    let host = headers["host"].to_str().unwrap().to_owned();
    let page = number(&q, "page", 1);
    let mut links = vec![format!(
        "<http://{host}/shelves/{shelf}/linked?page=1&per_page=2>; rel=\"first\""
    )];
    if page * 2 < 5 {
        let next = match shelf.as_str() {
            "thief" => "http://127.0.0.1:9/steal?page=2".to_owned(),
            _ => format!(
                "http://{host}/shelves/{shelf}/linked?page={}&per_page=2",
                page + 1
            ),
        };
        links.push(format!("<{next}>; rel=\"next\""));
    }
    (
        [("link", links.join(", "))],
        Json(slice((page - 1) * 2, 2).into()),
    )
        .into_response()
}

async fn serve() -> (Client, Stub) {
    let stub = Stub::default();
    let router = Router::new()
        .route("/shelves/{shelf}/books", get(by_page))
        .route("/books/by-offset", get(by_offset))
        .route("/books/by-cursor", get(by_cursor))
        .route("/books/after", get(after))
        .route("/books/declared", get(declared))
        .route("/books/fern", get(repeating))
        .route("/shelves/{shelf}/linked", get(linked))
        .with_state(stub.clone());
    let base = common::serve(router).await;
    (Client::new(&base), stub)
}

fn ids(items: &[Book]) -> Vec<&str> {
    items.iter().map(|b| b.id.as_str()).collect()
}

#[tokio::test]
async fn three_pages_give_every_item_once_in_order_with_three_requests() {
    let (client, stub) = serve().await;
    let stream = client.list_books_stream("s1", Some("x"), None, Some(2));
    let mut stream = std::pin::pin!(stream);
    assert_eq!(
        stub.count(),
        0,
        "nothing is sent before the stream is polled"
    );
    let mut got = Vec::new();
    for _ in 0..2 {
        got.push(stream.next().await.unwrap().unwrap());
    }
    assert_eq!(
        stub.count(),
        1,
        "page 2 waits until its first item is asked for"
    );
    got.push(stream.next().await.unwrap().unwrap());
    assert_eq!(stub.count(), 2);
    while let Some(book) = stream.next().await {
        got.push(book.unwrap());
    }
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    assert_eq!(stub.count(), 3, "the short third page is the last");
    let queries = stub.queries.lock().unwrap().clone();
    let pages: Vec<_> = queries.iter().map(|q| q.get("page").cloned()).collect();
    assert_eq!(pages, [None, Some("2".into()), Some("3".into())]);
    assert!(
        queries
            .iter()
            .all(|q| q["q"] == "x" && q["per_page"] == "2"),
        "the other arguments are sent with every page"
    );
}

#[tokio::test]
async fn link_headers_are_followed_to_the_end_with_the_same_headers() {
    let (client, stub) = serve().await;
    let got: Vec<Book> = client
        .list_books_linked_stream("s1", None, Some(2), "t-1")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    let queries = stub.queries.lock().unwrap().clone();
    let pages: Vec<_> = queries.iter().map(|q| q.get("page").cloned()).collect();
    assert_eq!(
        pages,
        [None, Some("2".into()), Some("3".into())],
        "the link's URL, as it is"
    );
    assert!(queries.iter().all(|q| q["x-trace"] == "t-1"), "{queries:?}");
}

#[tokio::test]
async fn a_link_to_another_origin_is_an_error_not_a_request() {
    let (client, stub) = serve().await;
    let all: Vec<_> = client
        .list_books_linked_stream("thief", None, None, "t")
        .collect()
        .await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[1].as_ref().unwrap().id, "b2");
    match &all[2] {
        Err(Error::InvalidRequest(why)) => assert!(why.contains("origin"), "{why}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(stub.count(), 1, "nothing is sent to the other origin");
}

#[tokio::test]
async fn an_error_on_page_two_comes_after_page_one_and_ends_the_stream() {
    let (client, stub) = serve().await;
    let all: Vec<_> = client
        .list_books_stream("s1", Some("fail"), None, Some(2))
        .collect()
        .await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[0].as_ref().unwrap().id, "b1");
    assert_eq!(all[1].as_ref().unwrap().id, "b2");
    assert!(all[2].is_err());
    assert_eq!(stub.count(), 2);
}

#[tokio::test]
async fn the_page_argument_says_where_the_stream_starts() {
    let (client, _) = serve().await;
    let got: Vec<Book> = client
        .list_books_stream("s1", None, Some(2), Some(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b3", "b4", "b5"]);
}

#[tokio::test]
async fn an_offset_moves_by_the_items_of_each_page() {
    let (client, stub) = serve().await;
    let params = ListBooksByOffsetParams {
        limit: Some(2),
        genre: Some("poetry".into()),
        ..Default::default()
    };
    let got: Vec<Book> = client
        .list_books_by_offset_stream(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    let offsets: Vec<_> = stub
        .queries
        .lock()
        .unwrap()
        .iter()
        .map(|q| q.get("offset").cloned())
        .collect();
    assert_eq!(offsets, [None, Some("2".into()), Some("4".into())]);
}

#[tokio::test]
async fn a_cursor_is_followed_until_there_is_none_and_pages_keep_their_headers() {
    let (client, stub) = serve().await;
    let pages: Vec<_> = client
        .list_books_by_cursor_pages(None, None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages[0].x_total_count,
        Some(5),
        "a page is the whole success response"
    );
    assert_eq!(pages[2].body.next_cursor, None);
    let got: Vec<Book> = client
        .list_books_by_cursor_stream(None, None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    assert_eq!(stub.count(), 6);
}

#[tokio::test]
async fn has_more_moves_past_the_last_id() {
    let (client, stub) = serve().await;
    let got: Vec<Book> = client
        .list_books_after_stream(None, Some(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    let after: Vec<_> = stub
        .queries
        .lock()
        .unwrap()
        .iter()
        .map(|q| q.get("starting_after").cloned())
        .collect();
    assert_eq!(after, [None, Some("b2".into()), Some("b4".into())]);
}

#[tokio::test]
async fn the_extension_names_what_no_rule_knows() {
    let (client, stub) = serve().await;
    let got: Vec<Book> = client
        .list_books_declared_stream(None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["b1", "b2", "b3", "b4", "b5"]);
    assert_eq!(stub.count(), 2);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_list_instead_of_looping() {
    let (client, stub) = serve().await;
    let got: Vec<Book> = client
        .list_books_fern_stream(None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids(&got),
        ["b1", "b1"],
        "the first cursor is new, the second a repeat"
    );
    assert_eq!(stub.count(), 2);
}

#[tokio::test]
async fn a_selected_list_streams_as_it_does_unselected() {
    let (client, stub) = serve().await;
    let client = edge_cases::paging_selected::client::Client::new(client.base_url());
    let got: Vec<edge_cases::paging_selected::Book> = client
        .list_books_after_stream(None, Some(2))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = got.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["b1", "b2", "b3", "b4", "b5"]);
    assert_eq!(stub.count(), 3);
}
