//! Bodies read as they arrive (`tests/specs/streams.yaml`), over loopback:
//! the generated server sends server-sent events and the generated client
//! decodes them as they come; hostile event streams (bad data, CRLF,
//! comments, `[DONE]`, an event over the limit, a stalled stream) end as
//! documented; downloads are read chunk by chunk or collected under the
//! body limit.

mod common;

use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use edge_cases::streams::client::{
    BinaryBody, Client, DownloadFileError, Error, Event, GetExportError, GetReportSuccess,
    RetryPolicy, StreamChatError, StreamError,
};
use edge_cases::streams::server::{
    self, Api, DownloadFileResponse, Events, GetExportResponse, GetReportResponse,
    ReplaceExportResponse, ServerEvent, StreamChatResponse, StreamLevelsResponse,
    StreamTicksResponse, UploadFileResponse,
};
use edge_cases::streams::{Delta, Problem, Stored, StreamLevelsResponse as Level};
use futures_util::{stream, StreamExt};
use std::time::{Duration, Instant};

struct Streams;

/// A hand-written `text/event-stream` response.
fn raw_events(body: impl Into<axum::body::Body>) -> Response {
    ([(header::CONTENT_TYPE, "text/event-stream")], body.into()).into_response()
}

/// The strings the ticks stream sends, each one a way text could be
/// changed on the wire.
const TICKS: [&str; 8] = [
    "plain",
    "12",
    "{\"json\": 1}",
    "a\rb",
    "[DONE]",
    "two\nlines",
    " leading space",
    "last",
];

impl Api for Streams {
    async fn stream_chat(&self, prompt: String) -> StreamChatResponse {
        match prompt.as_str() {
            "hostile" => StreamChatResponse::Custom(raw_events(
                "\u{feff}: a comment\r\n\
                 data: {\"text\":\"a\"}\r\n\r\n\
                 data: {oops\n\n\
                 event: part\nid: 7\ndata: {\"text\":\"b\",\ndata: \"index\": 2}\n\n\
                 event: ping\n\n\
                 data: [DONE]\n\n\
                 data: {\"text\":\"after the end\"}\n\n",
            )),
            "huge" => {
                let big = format!("data: {{\"text\":\"{}\"}}\n\n", "x".repeat(300_000));
                StreamChatResponse::Custom(raw_events(format!(
                    "data: {{\"text\":\"first\"}}\n\n{big}"
                )))
            }
            "stall" => {
                let first = stream::iter([ServerEvent::new(Delta {
                    text: "one".into(),
                    index: None,
                })]);
                StreamChatResponse::Ok(Events::new(first.chain(stream::pending())).keep_alive(None))
            }
            "late" => {
                tokio::time::sleep(Duration::from_secs(3)).await;
                StreamChatResponse::Ok(Events::new(stream::empty::<Delta>()))
            }
            "nothing" => StreamChatResponse::BadRequest(Problem {
                message: "say something".into(),
            }),
            _ => {
                let words: Vec<String> = prompt.split(' ').map(str::to_owned).collect();
                let events =
                    stream::iter(words.into_iter().enumerate()).then(|(i, text)| async move {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        ServerEvent::new(Delta {
                            text,
                            index: Some(i as i32),
                        })
                        .event("delta")
                        .id(i.to_string())
                    });
                StreamChatResponse::Ok(Events::new(events))
            }
        }
    }

    async fn stream_ticks(&self) -> StreamTicksResponse {
        let ticks = TICKS.map(str::to_owned);
        StreamTicksResponse::Ok(Events::new(stream::iter(ticks)))
    }

    async fn stream_levels(&self) -> StreamLevelsResponse {
        StreamLevelsResponse::Ok(Events::new(stream::iter([Level::Low, Level::High])))
    }

    async fn download_file(&self, name: String) -> DownloadFileResponse {
        match name.as_str() {
            "big" => DownloadFileResponse::Ok {
                body: Bytes::from(pattern(3 << 20)),
                x_checksum: Some("c1".into()),
            },
            "part" => DownloadFileResponse::PartialContent(Bytes::from_static(b"half")),
            "small" => DownloadFileResponse::Ok {
                body: Bytes::from_static(b"tiny"),
                x_checksum: None,
            },
            _ => DownloadFileResponse::NotFound(Problem {
                message: format!("no file {name}"),
            }),
        }
    }

    async fn upload_file(&self, name: String, body: Bytes) -> UploadFileResponse {
        if name == "busy" {
            let busy = (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "0")],
            );
            return UploadFileResponse::Custom(busy.into_response());
        }
        // What arrived must be the pattern, whole.
        let intact = body[..] == pattern(body.len())[..];
        UploadFileResponse::Ok(Stored {
            bytes: if intact { body.len() as i64 } else { -1 },
        })
    }

    async fn get_export(&self, id: String) -> GetExportResponse {
        match id.as_str() {
            "ready" => GetExportResponse::Ok(Bytes::from_static(b"export")),
            _ => GetExportResponse::Default {
                status: StatusCode::GONE,
                body: Problem {
                    message: format!("export {id} expired"),
                },
            },
        }
    }

    async fn replace_export(&self, _id: String, body: Option<Bytes>) -> ReplaceExportResponse {
        match body {
            Some(b) if b.len() == 3 => ReplaceExportResponse::NoContent,
            _ => ReplaceExportResponse::Custom(StatusCode::IM_A_TEAPOT.into_response()),
        }
    }

    async fn get_report(&self) -> GetReportResponse {
        GetReportResponse::Accepted(Events::new(stream::iter([
            "10%".to_owned(),
            "20%".to_owned(),
        ])))
    }
}

/// `n` bytes of a repeating pattern.
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

async fn client() -> Client {
    let base = common::serve(server::router(Streams)).await;
    Client::new(&base).with_retry(RetryPolicy::none())
}

#[tokio::test]
async fn typed_events_arrive_as_the_server_sends_them() {
    let client = client().await;
    let mut events = client.stream_chat("the quick fox").await.unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut got = Vec::new();
    while let Some(event) = events.next_event().await {
        got.push(event.unwrap());
    }
    let texts: Vec<&str> = got.iter().map(|e| e.data.text.as_str()).collect();
    assert_eq!(texts, ["the", "quick", "fox"]);
    assert_eq!(got[2].data.index, Some(2));
    assert_eq!(got[2].event.as_deref(), Some("delta"));
    assert_eq!(got[2].id.as_deref(), Some("2"));
    assert_eq!(events.last_event_id(), Some("2"));
}

#[tokio::test]
async fn the_stream_type_is_a_futures_stream() {
    let client = client().await;
    let events = client.stream_chat("a b").await.unwrap();
    let all: Vec<Result<Event<Delta>, StreamError>> = events.into_stream().collect().await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(Result::is_ok));
}

#[tokio::test]
async fn hostile_streams_end_as_documented() {
    let client = client().await;
    let mut events = client.stream_chat("hostile").await.unwrap();
    let first = events.next_event().await.unwrap().unwrap();
    assert_eq!(first.data.text, "a");
    // Data that is not a Delta is an error item naming the type; the
    // stream goes on.
    match events.next_event().await.unwrap() {
        Err(StreamError::InvalidEvent {
            type_name, data, ..
        }) => {
            assert_eq!(type_name, "Delta");
            assert_eq!(data, "{oops");
        }
        other => panic!("expected InvalidEvent, got {other:?}"),
    }
    // Multi-line data is joined; the event type and id come along.
    let joined = events.next_event().await.unwrap().unwrap();
    assert_eq!(
        (joined.data.text.as_str(), joined.data.index),
        ("b", Some(2))
    );
    assert_eq!(
        (joined.event.as_deref(), joined.id.as_deref()),
        (Some("part"), Some("7"))
    );
    // An event without data is skipped, and `[DONE]` ends the stream:
    // what follows it is never decoded.
    assert!(events.next_event().await.is_none());
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn an_event_over_the_limit_ends_the_stream_after_the_ones_before_it() {
    let client = client().await.with_options(|o| o.max_body_bytes = 100_000);
    let mut events = client.stream_chat("huge").await.unwrap();
    assert_eq!(
        events.next_event().await.unwrap().unwrap().data.text,
        "first"
    );
    match events.next_event().await {
        Some(Err(StreamError::TooLarge { limit: 100_000 })) => {}
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn a_stalled_stream_ends_at_the_idle_timeout() {
    let client = client()
        .await
        .with_options(|o| o.stream_idle_timeout = Some(Duration::from_millis(300)));
    let mut events = client.stream_chat("stall").await.unwrap();
    assert_eq!(events.next_event().await.unwrap().unwrap().data.text, "one");
    let started = Instant::now();
    match events.next_event().await {
        Some(Err(StreamError::Idle { after })) => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("expected Idle, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn the_attempt_timeout_bounds_the_wait_for_the_head() {
    let client = client()
        .await
        .with_options(|o| o.attempt_timeout = Some(Duration::from_millis(300)));
    let started = Instant::now();
    match client.stream_chat("late").await {
        Err(Error::TimedOut { after }) => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("expected TimedOut, got {:?}", other.map(|_| ())),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn error_statuses_are_read_whole_and_typed() {
    let client = client().await;
    match client.stream_chat("nothing").await {
        Err(Error::Api(StreamChatError::BadRequest(p))) => assert_eq!(p.message, "say something"),
        other => panic!("expected BadRequest, got {:?}", other.map(|_| ())),
    }
    // The server's own validation (minLength 1) answers before the handler,
    // in the documented error shape, naming the parameter.
    match client.stream_chat("").await {
        Err(Error::Api(StreamChatError::BadRequest(p))) => {
            assert!(p.message.contains("`prompt`"), "{}", p.message)
        }
        other => panic!("expected BadRequest, got {:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn text_and_enum_events_come_back_exactly() {
    let client = client().await;
    let ticks: Vec<String> = client
        .stream_ticks()
        .await
        .unwrap()
        .into_stream()
        .map(|e| e.unwrap().data)
        .collect()
        .await;
    assert_eq!(ticks, TICKS);
    let levels: Vec<Level> = client
        .stream_levels()
        .await
        .unwrap()
        .into_stream()
        .map(|e| e.unwrap().data)
        .collect()
        .await;
    assert_eq!(levels, [Level::Low, Level::High]);
}

#[tokio::test]
async fn events_beside_a_json_success_are_read_whole() {
    let client = client().await;
    match client.get_report().await.unwrap() {
        GetReportSuccess::Accepted(text) => assert_eq!(text, "data: 10%\n\ndata: 20%\n\n"),
        other => panic!("expected Accepted, got {other:?}"),
    }
}

#[tokio::test]
async fn a_download_is_read_chunk_by_chunk_past_the_body_limit() {
    let client = client().await.with_options(|o| o.max_body_bytes = 1 << 20);
    let mut body = client.download_file("big").await.unwrap();
    assert_eq!(body.status(), StatusCode::OK);
    assert_eq!(body.headers()["x-checksum"], "c1");
    assert_eq!(body.content_length(), Some(3 << 20));
    let (mut total, mut chunks, mut largest) = (0usize, 0usize, 0usize);
    let expected = pattern(3 << 20);
    while let Some(chunk) = body.chunk().await.unwrap() {
        assert_eq!(&chunk[..], &expected[total..total + chunk.len()]);
        total += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, 3 << 20);
    // Held one piece at a time, never the whole.
    assert!(
        chunks > 1 && largest < total,
        "{chunks} chunks, largest {largest}"
    );
    // Collected, the same body is refused at the limit.
    let collected = client.download_file("big").await.unwrap().collect().await;
    assert!(
        matches!(collected, Err(StreamError::TooLarge { limit }) if limit == 1 << 20),
        "{collected:?}"
    );
}

#[tokio::test]
async fn small_downloads_collect_and_other_statuses_stay_typed() {
    let client = client().await;
    assert_eq!(
        client
            .download_file("small")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap(),
        b"tiny"
    );
    let part = client.download_file("part").await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.collect().await.unwrap(), b"half");
    match client.download_file("gone").await {
        Err(Error::Api(DownloadFileError::NotFound(p))) => assert_eq!(p.message, "no file gone"),
        other => panic!("expected NotFound, got {:?}", other.map(|_| ())),
    }
    let stored = client.upload_file("f", &pattern(1000)).await.unwrap();
    assert_eq!(stored.bytes, 1000);
}

#[tokio::test]
async fn uploads_stream_from_chunks_and_files_and_are_never_replayed() {
    let base = common::serve(server::router(Streams)).await;
    let client = Client::new(&base);
    // From a stream of chunks, sent as they come.
    let data = pattern(200_000);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        data.chunks(7_000).map(|c| Ok(c.to_vec())).collect();
    let stored = client
        .upload_file("s", BinaryBody::stream(stream::iter(chunks)))
        .await
        .unwrap();
    assert_eq!(stored.bytes, 200_000);
    // From a file, read as it is sent.
    let path = std::env::temp_dir().join(format!("forge-upload-{}", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    let stored = client
        .upload_file("f", BinaryBody::file(file))
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(stored.bytes, 200_000);
    // A 503 is retried for bytes in memory, but a stream cannot be sent
    // again: one attempt.
    let from_memory = client.upload_file("busy", &data[..10]).await.unwrap_err();
    assert_eq!(from_memory.attempts(), 3, "{from_memory:?}");
    let chunks = stream::iter([Ok::<_, std::io::Error>(b"x".to_vec())]);
    let streamed = client
        .upload_file("busy", BinaryBody::stream(chunks))
        .await
        .unwrap_err();
    assert_eq!(streamed.attempts(), 1, "{streamed:?}");
    assert_eq!(streamed.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
}

#[tokio::test]
async fn a_download_whose_only_error_is_default() {
    let client = client().await;
    let export = client.get_export("ready").await.unwrap();
    assert_eq!(export.collect().await.unwrap(), b"export");
    match client.get_export("old").await {
        Err(Error::Api(GetExportError::Default { status, body })) => {
            assert_eq!(status, StatusCode::GONE);
            assert_eq!(body.message, "export old expired");
        }
        other => panic!("expected Default, got {:?}", other.map(|_| ())),
    }
    // An optional binary body: sent, or not.
    client
        .replace_export("e", Some(BinaryBody::from(b"new")))
        .await
        .unwrap();
    let unsent = client.replace_export("e", None).await.unwrap_err();
    assert_eq!(unsent.status(), Some(StatusCode::IM_A_TEAPOT));
}

/// A binary body sent without a `Content-Type` is bytes (HTTP lets a
/// recipient assume `application/octet-stream`); one labelled as something
/// else is still refused.
#[tokio::test]
async fn an_unlabelled_binary_body_is_accepted_and_a_mislabelled_one_is_not() {
    let base = common::serve(server::router(Streams)).await;
    let http = reqwest::Client::new();
    let url = format!("{}/files/plain", base.trim_end_matches('/'));
    let unlabelled = http.put(&url).body(pattern(12)).send().await.unwrap();
    assert_eq!(
        unlabelled.headers().get(header::CONTENT_TYPE),
        Some(&"application/json".parse().unwrap())
    );
    assert_eq!(unlabelled.status(), StatusCode::OK);
    let stored: Stored = unlabelled.json().await.unwrap();
    assert_eq!(stored.bytes, 12);
    let mislabelled = http
        .put(&url)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("twelve bytes")
        .send()
        .await
        .unwrap();
    assert_eq!(mislabelled.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
