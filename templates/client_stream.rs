/// Why a body read as it arrives stopped, or why one of its events is an
/// error.
#[derive(Debug)]
pub enum StreamError {
    /// The connection failed while the body was being read.
    Transport(::reqwest::Error),
    /// Nothing arrived for `after` (`ClientOptions::stream_idle_timeout`).
    Idle { after: ::std::time::Duration },
    /// One event, or a collected body, is larger than
    /// `ClientOptions::max_body_bytes`; it was not read past the limit.
    TooLarge { limit: usize },
    /// An event's `data` does not match the type the API description gives
    /// for it. The stream goes on after this item.
    InvalidEvent {
        /// The Rust type the data should have been.
        type_name: &'static str,
        /// What the JSON parser rejected.
        error: ::std::string::String,
        /// The event's data, as sent.
        data: ::std::string::String,
    },
}

impl ::std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            StreamError::Transport(e) => ::std::write!(f, "reading the response body failed: {e}"),
            StreamError::Idle { after } => ::std::write!(f, "nothing arrived for {:.1} s (ClientOptions::stream_idle_timeout)", after.as_secs_f64()),
            StreamError::TooLarge { limit } => ::std::write!(f, "larger than the limit of {limit} bytes (ClientOptions::max_body_bytes)"),
            StreamError::InvalidEvent { type_name, error, .. } => ::std::write!(f, "event data is not a valid {type_name}: {error}"),
        }
    }
}

impl ::std::error::Error for StreamError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            StreamError::Transport(e) => ::std::option::Option::Some(e),
            _ => ::std::option::Option::None,
        }
    }
}

/// A response body read as it arrives, chunk by chunk, without holding
/// more than one chunk: for downloads. `collect` reads it whole, up to
/// `ClientOptions::max_body_bytes`.
#[derive(Debug)]
pub struct ByteStream {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    response: ::reqwest::Response,
    idle: ::std::option::Option<::std::time::Duration>,
    limit: usize,
    finished: bool,
}

impl ByteStream {
    /// The body of `live`, read under `options`' idle timeout and limit.
    pub fn new(live: Live, options: &ClientOptions) -> Self {
        ByteStream {
            status: live.status,
            headers: live.headers,
            response: live.response,
            idle: options.stream_idle_timeout,
            limit: options.max_body_bytes,
            finished: false,
        }
    }

    /// The response status.
    pub fn status(&self) -> ::reqwest::StatusCode {
        self.status
    }

    /// The response headers (`Content-Type`, `Content-Length`,
    /// `Content-Disposition`, …).
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.headers
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> ::std::option::Option<u64> {
        self.response.content_length()
    }

    /// The next chunk of the body; `None` at its end. An error ends the
    /// body: later calls return `None`.
    pub async fn chunk(&mut self) -> ::std::result::Result<::std::option::Option<::bytes::Bytes>, StreamError> {
        if self.finished {
            return ::std::result::Result::Ok(::std::option::Option::None);
        }
        let next = match self.idle {
            ::std::option::Option::Some(after) => match ::tokio::time::timeout(after, self.response.chunk()).await {
                ::std::result::Result::Ok(next) => next.map_err(StreamError::Transport),
                ::std::result::Result::Err(_) => ::std::result::Result::Err(StreamError::Idle { after }),
            },
            ::std::option::Option::None => self.response.chunk().await.map_err(StreamError::Transport),
        };
        if !matches!(next, ::std::result::Result::Ok(::std::option::Option::Some(_))) {
            self.finished = true;
        }
        next
    }

    /// The whole body, up to `ClientOptions::max_body_bytes` (a larger one
    /// is `StreamError::TooLarge`, and is not read past the limit).
    pub async fn collect(mut self) -> ::std::result::Result<::std::vec::Vec<u8>, StreamError> {
        let limit = self.limit;
        if self.content_length().is_some_and(|n| n > limit as u64) {
            return ::std::result::Result::Err(StreamError::TooLarge { limit });
        }
        let mut body = ::std::vec::Vec::new();
        while let ::std::option::Option::Some(chunk) = self.chunk().await? {
            if body.len() + chunk.len() > limit {
                return ::std::result::Result::Err(StreamError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        ::std::result::Result::Ok(body)
    }

    /// The body as a `Stream` of chunks, ending after the first error.
    pub fn into_stream(self) -> impl ::futures_util::Stream<Item = ::std::result::Result<::bytes::Bytes, StreamError>> + ::std::marker::Send {
        ::futures_util::stream::unfold(self, |mut body| async move {
            match body.chunk().await {
                ::std::result::Result::Ok(::std::option::Option::Some(chunk)) => ::std::option::Option::Some((::std::result::Result::Ok(chunk), body)),
                ::std::result::Result::Ok(::std::option::Option::None) => ::std::option::Option::None,
                ::std::result::Result::Err(e) => ::std::option::Option::Some((::std::result::Result::Err(e), body)),
            }
        })
    }
}

/// One server-sent event, its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field (`None`: the default type, `message`).
    pub event: ::std::option::Option<::std::string::String>,
    /// The last `id:` the stream sent, at this event (what a reconnecting
    /// client sends as `Last-Event-ID`).
    pub id: ::std::option::Option<::std::string::String>,
    /// A `retry:` field sent with this event: the reconnection delay the
    /// server asks for.
    pub retry: ::std::option::Option<::std::time::Duration>,
    pub data: T,
}

/// A `text/event-stream` response: its events, each `data` decoded as `T`
/// (as JSON, or as the text itself where that is what `T` reads: a string
/// or a string enum). Comments and events without data are skipped, a
/// `data` of exactly `[DONE]` ends the stream, and an event whose data
/// does not match `T` is an `StreamError::InvalidEvent` item after which
/// the stream goes on. A failed connection, an idle timeout or an event
/// larger than `ClientOptions::max_body_bytes` is the last item.
#[derive(Debug)]
pub struct EventStream<T> {
    body: ByteStream,
    parser: EventParser,
    type_name: &'static str,
    done: bool,
    marker: ::std::marker::PhantomData<fn() -> T>,
}

impl<T: ::serde::de::DeserializeOwned> EventStream<T> {
    /// The events of `live`, decoded as `T` (named `type_name` in errors).
    pub fn new(live: Live, options: &ClientOptions, type_name: &'static str) -> Self {
        let body = ByteStream::new(live, options);
        let parser = EventParser::new(body.limit);
        EventStream { body, parser, type_name, done: false, marker: ::std::marker::PhantomData }
    }

    /// The response status.
    pub fn status(&self) -> ::reqwest::StatusCode {
        self.body.status
    }

    /// The response headers.
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.body.headers
    }

    /// The last event id the stream sent so far.
    pub fn last_event_id(&self) -> ::std::option::Option<&str> {
        self.parser.id.as_deref()
    }

    /// The next event; `None` at the end of the stream.
    pub async fn next_event(&mut self) -> ::std::option::Option<::std::result::Result<Event<T>, StreamError>> {
        loop {
            if let ::std::option::Option::Some(raw) = self.parser.ready.pop_front() {
                if raw.data == "[DONE]" {
                    self.done = true;
                    self.parser.ready.clear();
                    return ::std::option::Option::None;
                }
                return ::std::option::Option::Some(decode_event(raw, self.type_name));
            }
            if self.done {
                return self.parser.failed.take().map(::std::result::Result::Err);
            }
            let failed = match self.body.chunk().await {
                ::std::result::Result::Ok(::std::option::Option::Some(chunk)) => self.parser.feed(&chunk).err(),
                // An event not closed by a blank line is dropped, as the
                // event-stream format says.
                ::std::result::Result::Ok(::std::option::Option::None) => {
                    self.done = true;
                    ::std::option::Option::None
                }
                ::std::result::Result::Err(e) => ::std::option::Option::Some(e),
            };
            if let ::std::option::Option::Some(e) = failed {
                // Events completed before the failure are still delivered.
                self.done = true;
                self.parser.failed = ::std::option::Option::Some(e);
            }
        }
    }

    /// The events as a `Stream`.
    pub fn into_stream(self) -> impl ::futures_util::Stream<Item = ::std::result::Result<Event<T>, StreamError>> + ::std::marker::Send
    where
        T: ::std::marker::Send,
    {
        ::futures_util::stream::unfold(self, |mut events| async move { events.next_event().await.map(|e| (e, events)) })
    }
}

/// An event's data as `T`: JSON first, then the text as a JSON string (so
/// plain text reads as a `String` or a string enum).
fn decode_event<T: ::serde::de::DeserializeOwned>(raw: RawEvent, type_name: &'static str) -> ::std::result::Result<Event<T>, StreamError> {
    let data = match ::serde_json::from_str::<T>(&raw.data) {
        ::std::result::Result::Ok(v) => v,
        ::std::result::Result::Err(error) => match ::serde_json::from_value::<T>(::serde_json::Value::String(raw.data.clone())) {
            ::std::result::Result::Ok(v) => v,
            ::std::result::Result::Err(_) => {
                return ::std::result::Result::Err(StreamError::InvalidEvent { type_name, error: error.to_string(), data: raw.data });
            }
        },
    };
    ::std::result::Result::Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data })
}

/// An event as the stream sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawEvent {
    event: ::std::option::Option<::std::string::String>,
    id: ::std::option::Option<::std::string::String>,
    retry: ::std::option::Option<::std::time::Duration>,
    data: ::std::string::String,
}

/// The `text/event-stream` format, parsed as bytes arrive in chunks of any
/// size: lines end in CR, LF or CRLF (also split across chunks), a blank
/// line ends an event, `:` starts a comment.
#[derive(Debug)]
struct EventParser {
    line: ::std::vec::Vec<u8>,
    /// The last byte was a CR, so an LF next ends no second line.
    after_cr: bool,
    /// Whether the byte-order mark has been looked for.
    started: bool,
    data: ::std::string::String,
    has_data: bool,
    event: ::std::option::Option<::std::string::String>,
    id: ::std::option::Option<::std::string::String>,
    retry: ::std::option::Option<::std::time::Duration>,
    /// The most one event (its line and data) may hold.
    limit: usize,
    ready: ::std::collections::VecDeque<RawEvent>,
    failed: ::std::option::Option<StreamError>,
}

impl EventParser {
    fn new(limit: usize) -> Self {
        EventParser {
            line: ::std::vec::Vec::new(),
            after_cr: false,
            started: false,
            data: ::std::string::String::new(),
            has_data: false,
            event: ::std::option::Option::None,
            id: ::std::option::Option::None,
            retry: ::std::option::Option::None,
            limit,
            ready: ::std::collections::VecDeque::new(),
            failed: ::std::option::Option::None,
        }
    }

    /// Parse `chunk`, queueing the events it completes.
    fn feed(&mut self, mut chunk: &[u8]) -> ::std::result::Result<(), StreamError> {
        if !self.started {
            // The BOM is dropped only at the very start of the stream.
            let bom = b"\xEF\xBB\xBF";
            let have = self.line.len() + chunk.len();
            if have < bom.len() && bom.starts_with(&[&self.line[..], chunk].concat()) {
                self.line.extend_from_slice(chunk);
                return ::std::result::Result::Ok(());
            }
            self.started = true;
            let mut head = ::std::mem::take(&mut self.line);
            head.extend_from_slice(chunk);
            let rest = head.strip_prefix(&bom[..]).unwrap_or(&head).to_vec();
            return self.feed_lines(&rest);
        }
        if self.after_cr && chunk.first() == ::std::option::Option::Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        self.feed_lines(chunk)
    }

    fn feed_lines(&mut self, chunk: &[u8]) -> ::std::result::Result<(), StreamError> {
        let mut rest = chunk;
        while let ::std::option::Option::Some(end) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.grow(end)?;
            self.line.extend_from_slice(&rest[..end]);
            let line = ::std::mem::take(&mut self.line);
            self.line_done(&::std::string::String::from_utf8_lossy(&line))?;
            let cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if cr {
                match rest.first() {
                    ::std::option::Option::Some(b'\n') => rest = &rest[1..],
                    ::std::option::Option::Some(_) => {}
                    ::std::option::Option::None => self.after_cr = true,
                }
            }
        }
        self.grow(rest.len())?;
        self.line.extend_from_slice(rest);
        ::std::result::Result::Ok(())
    }

    /// Refuse to hold more than the limit for one event.
    fn grow(&self, more: usize) -> ::std::result::Result<(), StreamError> {
        if self.line.len() + self.data.len() + more > self.limit {
            return ::std::result::Result::Err(StreamError::TooLarge { limit: self.limit });
        }
        ::std::result::Result::Ok(())
    }

    fn line_done(&mut self, line: &str) -> ::std::result::Result<(), StreamError> {
        if line.is_empty() {
            self.dispatch();
            return ::std::result::Result::Ok(());
        }
        if line.starts_with(':') {
            return ::std::result::Result::Ok(());
        }
        let (field, value) = match line.split_once(':') {
            ::std::option::Option::Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            ::std::option::Option::None => (line, ""),
        };
        match field {
            "data" => {
                self.grow(value.len() + 1)?;
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = ::std::option::Option::Some(value.to_owned()),
            "id" if !value.contains('\0') => self.id = ::std::option::Option::Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let ::std::result::Result::Ok(ms) = value.parse::<u64>() {
                    self.retry = ::std::option::Option::Some(::std::time::Duration::from_millis(ms));
                }
            }
            // Unknown fields are ignored, as the format says.
            _ => {}
        }
        ::std::result::Result::Ok(())
    }

    /// A blank line: the event so far, if it has data.
    fn dispatch(&mut self) {
        let event = self.event.take().filter(|e| !e.is_empty());
        let retry = self.retry.take();
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let data = ::std::mem::take(&mut self.data);
        self.ready.push_back(RawEvent { event, id: self.id.clone(), retry, data });
    }
}

#[cfg(test)]
mod client_stream_tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut p = EventParser::new(1 << 20);
        for c in chunks {
            p.feed(c).unwrap();
        }
        p.ready.into_iter().collect()
    }

    fn raw(data: &str) -> RawEvent {
        RawEvent { event: None, id: None, retry: None, data: data.to_owned() }
    }

    #[test]
    fn events_end_at_a_blank_line_and_an_unclosed_one_waits() {
        assert_eq!(parse(&[b"data: a\n\ndata: b\n"]), vec![raw("a")]);
    }

    #[test]
    fn multi_line_data_is_joined_with_line_feeds() {
        assert_eq!(parse(&[b"data: a\ndata:b\ndata\n\n"]), vec![raw("a\nb\n")]);
    }

    #[test]
    fn cr_lf_and_crlf_all_end_lines_even_split_across_chunks() {
        assert_eq!(parse(&[b"data: a\r\n\r\ndata: b\r\rdata: c\n\n"]), vec![raw("a"), raw("b"), raw("c")]);
        assert_eq!(parse(&[b"data: a\r", b"\n\r", b"\n"]), vec![raw("a")]);
        assert_eq!(parse(&[b"da", b"ta: ", b"split\n", b"\n"]), vec![raw("split")]);
    }

    #[test]
    fn comments_and_events_without_data_are_skipped() {
        assert_eq!(parse(&[b": keep-alive\n\nevent: ping\n\ndata: x\n\n"]), vec![raw("x")]);
    }

    #[test]
    fn event_id_and_retry_fields() {
        let events = parse(&[b"event: delta\nid: 7\nretry: 1500\ndata: {}\n\ndata: next\n\n"]);
        assert_eq!(
            events,
            vec![
                RawEvent { event: Some("delta".into()), id: Some("7".into()), retry: Some(::std::time::Duration::from_millis(1500)), data: "{}".into() },
                // The id carries over; the type and retry do not.
                RawEvent { event: None, id: Some("7".into()), retry: None, data: "next".into() },
            ]
        );
    }

    #[test]
    fn a_bad_retry_and_an_id_with_nul_are_ignored() {
        let events = parse(&[b"retry: 1s\nid: a\0b\ndata: x\n\n"]);
        assert_eq!(events, vec![raw("x")]);
    }

    #[test]
    fn only_one_space_after_the_colon_is_dropped_and_a_bom_at_the_start() {
        assert_eq!(parse(&[b"\xEF\xBB", b"\xBFdata:  two\n\n"]), vec![raw(" two")]);
        assert_eq!(parse(&[b"data: \xEF\xBB\xBF\n\n"]), vec![raw("\u{feff}")]);
    }

    #[test]
    fn an_event_larger_than_the_limit_is_refused() {
        let mut p = EventParser::new(16);
        assert!(p.feed(b"data: 0123456789\n").is_ok());
        assert!(matches!(p.feed(b"data: 0123456789\n"), Err(StreamError::TooLarge { limit: 16 })));
        // A line that never ends is refused too.
        let mut p = EventParser::new(16);
        assert!(matches!(p.feed(&[b'a'; 40]), Err(StreamError::TooLarge { .. })));
    }

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct Delta {
        text: String,
    }

    #[test]
    fn data_decodes_as_json_or_as_text() {
        let e: Event<Delta> = decode_event(raw(r#"{"text":"hi"}"#), "Delta").unwrap();
        assert_eq!(e.data, Delta { text: "hi".into() });
        let e: Event<String> = decode_event(raw("plain words"), "String").unwrap();
        assert_eq!(e.data, "plain words");
        let e: Event<String> = decode_event(raw(r#""quoted""#), "String").unwrap();
        assert_eq!(e.data, "quoted");
        match decode_event::<Delta>(raw("{oops"), "Delta") {
            Err(StreamError::InvalidEvent { type_name, data, .. }) => {
                assert_eq!(type_name, "Delta");
                assert_eq!(data, "{oops");
            }
            other => panic!("{other:?}"),
        }
    }
}
