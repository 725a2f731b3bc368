/// One server-sent event to send: its `data` and the optional fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEvent<T> {
    pub data: T,
    /// The `event:` field (the event's type; `None` sends none).
    pub event: ::std::option::Option<::std::string::String>,
    /// The `id:` field.
    pub id: ::std::option::Option<::std::string::String>,
    /// The `retry:` field: the reconnection delay asked of the client.
    pub retry: ::std::option::Option<::std::time::Duration>,
}

impl<T> ServerEvent<T> {
    /// An event with only `data`.
    pub fn new(data: T) -> Self {
        ServerEvent { data, event: ::std::option::Option::None, id: ::std::option::Option::None, retry: ::std::option::Option::None }
    }

    /// With an `event:` type.
    pub fn event(mut self, event: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.event = ::std::option::Option::Some(event.into());
        self
    }

    /// With an `id:`.
    pub fn id(mut self, id: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.id = ::std::option::Option::Some(id.into());
        self
    }

    /// With a `retry:` delay.
    pub fn retry(mut self, retry: ::std::time::Duration) -> Self {
        self.retry = ::std::option::Option::Some(retry);
        self
    }
}

impl<T> ::std::convert::From<T> for ServerEvent<T> {
    fn from(data: T) -> Self {
        ServerEvent::new(data)
    }
}

/// A `text/event-stream` response body: the events of a stream, sent as
/// they come, with a keep-alive comment every 15 s while none does (so
/// proxies keep the connection open). The stream ends the response.
pub struct Events<T> {
    stream: ::std::pin::Pin<::std::boxed::Box<dyn ::futures_util::Stream<Item = ServerEvent<T>> + ::std::marker::Send>>,
    keep_alive: ::std::option::Option<::std::time::Duration>,
}

impl<T> ::std::fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Events").field("keep_alive", &self.keep_alive).finish_non_exhaustive()
    }
}

impl<T: ::serde::Serialize + ::std::marker::Send + 'static> Events<T> {
    /// The events of `stream` (items are `ServerEvent<T>`, or anything
    /// that converts into one, such as `T` itself).
    pub fn new<S, I>(stream: S) -> Self
    where
        S: ::futures_util::Stream<Item = I> + ::std::marker::Send + 'static,
        I: ::std::convert::Into<ServerEvent<T>> + 'static,
    {
        Events {
            stream: ::std::boxed::Box::pin(::futures_util::StreamExt::map(stream, ::std::convert::Into::into)),
            keep_alive: ::std::option::Option::Some(::std::time::Duration::from_secs(15)),
        }
    }

    /// Send a keep-alive comment after `every` without an event (`None`:
    /// never).
    pub fn keep_alive(mut self, every: ::std::option::Option<::std::time::Duration>) -> Self {
        self.keep_alive = every;
        self
    }
}

/// One event in the wire format. Text that is not JSON is sent as it is
/// and anything else as JSON, so a client reading data as JSON first and
/// as text second gets back exactly what was sent: a string that is
/// itself JSON, holds a CR (which the format would turn into a line
/// break) or is `[DONE]` (the usual end marker) is sent quoted. Line
/// breaks in `event` and `id`, and NUL in `id`, which the format cannot
/// carry, become spaces.
pub fn sse_event<T: ::serde::Serialize>(event: &ServerEvent<T>) -> ::axum::response::sse::Event {
    let json = ::serde_json::to_value(&event.data).unwrap_or(::serde_json::Value::Null);
    let data = match &json {
        ::serde_json::Value::String(text) if !text.contains('\r') && text != "[DONE]" && ::serde_json::from_str::<::serde::de::IgnoredAny>(text).is_err() => text.clone(),
        other => other.to_string(),
    };
    let clean = |text: &str| text.replace(['\r', '\n', '\0'], " ");
    let mut out = ::axum::response::sse::Event::default().data(data);
    if let ::std::option::Option::Some(name) = &event.event {
        out = out.event(clean(name));
    }
    if let ::std::option::Option::Some(id) = &event.id {
        out = out.id(clean(id));
    }
    if let ::std::option::Option::Some(retry) = event.retry {
        out = out.retry(retry);
    }
    out
}

/// A `text/event-stream` response with status `status`.
pub fn event_stream_response<T: ::serde::Serialize + ::std::marker::Send + 'static>(status: u16, events: Events<T>) -> ::axum::response::Response {
    use ::axum::response::IntoResponse as _;
    let stream = ::futures_util::StreamExt::map(events.stream, |e| ::std::result::Result::<_, ::std::convert::Infallible>::Ok(sse_event(&e)));
    let sse = ::axum::response::sse::Sse::new(stream);
    let mut response = match events.keep_alive {
        ::std::option::Option::Some(every) => sse.keep_alive(::axum::response::sse::KeepAlive::new().interval(every)).into_response(),
        ::std::option::Option::None => sse.into_response(),
    };
    *response.status_mut() = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::OK);
    response
}

#[cfg(test)]
mod server_events_tests {
    use super::*;

    async fn wire<T: ::serde::Serialize + Send + 'static>(events: Vec<ServerEvent<T>>) -> String {
        let response = event_stream_response(200, Events::<T>::new(::futures_util::stream::iter(events)).keep_alive(None));
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let body = ::axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn json_data_and_fields() {
        #[derive(::serde::Serialize)]
        struct Delta {
            text: &'static str,
        }
        let text = wire(vec![ServerEvent::new(Delta { text: "hi" }).event("delta").id("1").retry(::std::time::Duration::from_millis(500))]).await;
        assert_eq!(text, "data: {\"text\":\"hi\"}\nevent: delta\nid: 1\nretry: 500\n\n");
    }

    #[tokio::test]
    async fn strings_go_as_text_unless_that_would_change_them() {
        let text = wire(vec!["plain".to_owned().into(), "12".to_owned().into(), "a\rb".to_owned().into(), "[DONE]".to_owned().into(), "two\nlines".to_owned().into()]).await;
        assert_eq!(text, "data: plain\n\ndata: \"12\"\n\ndata: \"a\\rb\"\n\ndata: \"[DONE]\"\n\ndata: two\ndata: lines\n\n");
    }

    #[tokio::test]
    async fn line_breaks_in_event_and_id_do_not_panic() {
        let text = wire(vec![ServerEvent::new(1).event("a\nb").id("x\r\0y")]).await;
        assert_eq!(text, "data: 1\nevent: a b\nid: x  y\n\n");
    }
}
