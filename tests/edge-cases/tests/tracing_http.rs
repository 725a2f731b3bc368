//! A client generated with `--tracing` (`statuses_traced`): each call is a
//! `http.client` span with the operation, method, path template, attempt
//! and final status, and each retry an event inside it. Checked with a
//! subscriber that records what it is given.

mod common;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use edge_cases::statuses_traced::client::Client;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

type Fields = BTreeMap<String, String>;

/// Spans (name and fields, in creation order) and events (with their
/// parent span's index).
#[derive(Default)]
struct Capture {
    spans: Mutex<Vec<(String, Fields)>>,
    events: Mutex<Vec<(Option<usize>, Fields)>>,
}

/// Writes visited fields into a map, as text.
struct Fill<'a>(&'a mut Fields);

impl Visit for Fill<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The subscriber: a handle on the shared record.
struct Recorder(Arc<Capture>);

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        attrs.record(&mut Fill(&mut fields));
        let mut spans = self.0.spans.lock().unwrap();
        spans.push((attrs.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fill(&mut spans[index].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Fill(&mut fields));
        let parent = event.parent().map(|id| id.into_u64() as usize - 1);
        self.0.events.lock().unwrap().push((parent, fields));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_is_a_span_with_attempts_status_and_retries() {
    // `flaky` is a 503 the first time, then found.
    let calls = Arc::new(AtomicUsize::new(0));
    let router = axum::Router::new().route(
        "/jobs/{id}",
        axum::routing::get(
            move |axum::extract::Path(id): axum::extract::Path<String>| {
                let calls = calls.clone();
                async move {
                    if id == "flaky" && calls.fetch_add(1, Ordering::Relaxed) == 0 {
                        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "0")], "")
                            .into_response();
                    }
                    let body = serde_json::json!({ "id": id }).to_string();
                    ([("content-type", "application/json")], body).into_response()
                }
            },
        ),
    );
    let base = common::serve(router).await;
    let capture = Arc::new(Capture::default());
    let _guard = tracing::subscriber::set_default(Recorder(capture.clone()));

    let client = Client::new(&base);
    assert_eq!(client.get_job("one").await.unwrap().id, "one");
    assert_eq!(client.get_job("flaky").await.unwrap().id, "flaky");

    let spans = capture.spans.lock().unwrap().clone();
    let calls: Vec<&(String, Fields)> = spans.iter().filter(|(n, _)| n == "http.client").collect();
    assert_eq!(calls.len(), 2, "{spans:?}");
    let field = |i: usize, k: &str| calls[i].1.get(k).cloned().unwrap_or_default();
    for i in 0..2 {
        assert_eq!(field(i, "operation"), "getJob");
        assert_eq!(field(i, "method"), "GET");
        assert_eq!(field(i, "path"), "/jobs/{id}");
        assert_eq!(field(i, "status"), "200");
    }
    assert_eq!(field(0, "attempt"), "1");
    assert_eq!(
        field(1, "attempt"),
        "2",
        "the flaky call needed a second attempt"
    );
    let flaky = spans
        .iter()
        .position(|(n, f)| n == "http.client" && f.get("attempt").map(String::as_str) == Some("2"));
    let events = capture.events.lock().unwrap().clone();
    let retries: Vec<&(Option<usize>, Fields)> = events
        .iter()
        .filter(|(_, f)| f.get("message").map(String::as_str) == Some("retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(
        retries[0].0, flaky,
        "the retry is inside the flaky call's span"
    );
    assert_eq!(
        retries[0].1.get("reason").map(String::as_str),
        Some("503 Service Unavailable")
    );
}
