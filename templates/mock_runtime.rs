/// One operation of a mock: its expectations, in the order they were
/// registered, the typed inputs of every call, and the calls no
/// expectation took.
pub struct Operation<I, R> {
    /// How reports name the operation (`update_contact (PUT /contacts/{id})`).
    label: &'static str,
    state: ::std::sync::Mutex<OperationState<I, R>>,
}

struct OperationState<I, R> {
    expectations: ::std::vec::Vec<Expectation<I, R>>,
    calls: ::std::vec::Vec<::std::sync::Arc<I>>,
    unmatched: ::std::vec::Vec<::std::string::String>,
}

type Predicate<I> = ::std::sync::Arc<dyn Fn(&I) -> bool + ::std::marker::Send + ::std::marker::Sync>;
type Responder<I, R> = ::std::sync::Arc<dyn Fn(&I) -> R + ::std::marker::Send + ::std::marker::Sync>;

/// One expectation: which calls it takes, how often, and its answer.
struct Expectation<I, R> {
    when: ::std::option::Option<Predicate<I>>,
    answer: Answer<I, R>,
    delay: ::std::option::Option<::std::time::Duration>,
    min: usize,
    max: ::std::option::Option<usize>,
    /// Whether `times`, `at_least` or `never` set the counts (otherwise
    /// at least one call is expected).
    counted: bool,
    hits: usize,
}

enum Answer<I, R> {
    /// None given: the call is answered 501 and the report says so.
    Missing,
    With(Responder<I, R>),
    Canned(Canned),
    /// A response whose body is still being produced (a stream): sent once.
    Once(::std::sync::Arc<::std::sync::Mutex<::std::option::Option<::axum::response::Response>>>),
    DropConnection,
}

/// A response buffered when it was given, sent as often as it is asked for.
#[derive(Clone)]
struct Canned {
    status: ::axum::http::StatusCode,
    headers: ::axum::http::HeaderMap,
    body: ::axum::body::Bytes,
}

impl Canned {
    fn response(&self) -> ::axum::response::Response {
        let mut response = ::axum::response::Response::new(::axum::body::Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

impl<I, R> Clone for Answer<I, R> {
    fn clone(&self) -> Self {
        match self {
            Answer::Missing => Answer::Missing,
            Answer::With(f) => Answer::With(f.clone()),
            Answer::Canned(c) => Answer::Canned(c.clone()),
            Answer::Once(r) => Answer::Once(r.clone()),
            Answer::DropConnection => Answer::DropConnection,
        }
    }
}

/// What a call is answered with: the operation's typed response, or a
/// response the mock made itself.
pub enum Reply<R> {
    Typed(R),
    Raw(::axum::response::Response),
}

impl<I, R> Operation<I, R>
where
    I: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
    R: ::axum::response::IntoResponse + 'static,
{
    pub fn new(label: &'static str) -> Self {
        Operation {
            label,
            state: ::std::sync::Mutex::new(OperationState {
                expectations: ::std::vec::Vec::new(),
                calls: ::std::vec::Vec::new(),
                unmatched: ::std::vec::Vec::new(),
            }),
        }
    }

    fn lock(&self) -> ::std::sync::MutexGuard<'_, OperationState<I, R>> {
        // A panic in a user's closure must not hide every later call.
        self.state.lock().unwrap_or_else(::std::sync::PoisonError::into_inner)
    }

    /// Records a call and finds its answer: the first expectation, in
    /// registration order, whose predicate takes the input and whose count
    /// is not used up.
    pub async fn call(&self, input: I) -> Reply<R> {
        let input = ::std::sync::Arc::new(input);
        let picked = {
            let mut state = self.lock();
            state.calls.push(input.clone());
            let mut tried = ::std::vec::Vec::new();
            let mut picked = ::std::option::Option::None;
            for (index, expectation) in state.expectations.iter_mut().enumerate() {
                let takes = expectation.when.as_ref().is_none_or(|when| when(&input));
                let full = expectation.max.is_some_and(|max| expectation.hits >= max);
                if takes && !full {
                    expectation.hits += 1;
                    picked = ::std::option::Option::Some((expectation.answer.clone(), expectation.delay));
                    break;
                }
                tried.push(::std::format!(
                    "#{} {}",
                    index + 1,
                    if !takes { "(its `when` did not match)".to_owned() } else { ::std::format!("(already called {} times)", expectation.hits) }
                ));
            }
            if picked.is_none() {
                let tried = if tried.is_empty() { "no expectation is registered".to_owned() } else { ::std::format!("tried {}", tried.join(", ")) };
                state.unmatched.push(::std::format!("{input:?}; {tried}"));
            }
            picked
        };
        let ::std::option::Option::Some((answer, delay)) = picked else {
            return Reply::Raw(unmatched(self.label));
        };
        if let ::std::option::Option::Some(delay) = delay {
            ::tokio::time::sleep(delay).await;
        }
        match answer {
            Answer::Missing => Reply::Raw(error_response(501, &::std::format!("{}: the expectation has no response", self.label))),
            Answer::With(respond) => Reply::Typed(respond(&input)),
            Answer::Canned(canned) => Reply::Raw(canned.response()),
            Answer::Once(response) => {
                let response = response.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).take();
                Reply::Raw(response.unwrap_or_else(|| {
                    error_response(500, "a streamed response given to `respond` is sent once; use `respond_with`")
                }))
            }
            // The connection's task unwinds without a response: the client
            // sees the connection close. `resume_unwind` skips the panic hook,
            // so nothing is printed.
            Answer::DropConnection => ::std::panic::resume_unwind(::std::boxed::Box::new("mock: connection dropped on purpose")),
        }
    }

    /// The inputs of every call so far, in order (matched or not).
    pub fn calls(&self) -> ::std::vec::Vec<::std::sync::Arc<I>> {
        self.lock().calls.clone()
    }

    /// What is wrong with this operation's expectations and calls, one line
    /// each.
    pub fn problems(&self) -> ::std::vec::Vec<::std::string::String> {
        let state = self.lock();
        let mut out = ::std::vec::Vec::new();
        for (index, e) in state.expectations.iter().enumerate() {
            let min = if e.counted { e.min } else { 1 };
            let low = e.hits < min;
            let high = e.max.is_some_and(|max| e.hits > max);
            if low || high {
                let wanted = match e.max {
                    ::std::option::Option::Some(max) if max == min => ::std::format!("exactly {max}"),
                    ::std::option::Option::Some(max) => ::std::format!("{min} to {max}"),
                    ::std::option::Option::None => ::std::format!("at least {min}"),
                };
                out.push(::std::format!("{}: expectation #{} expected {wanted} call(s), got {}", self.label, index + 1, e.hits));
            }
        }
        for call in &state.unmatched {
            out.push(::std::format!("{}: unmatched call {call}", self.label));
        }
        out
    }

    /// A new expectation taking only calls whose input `predicate` accepts.
    pub fn when(&self, predicate: impl Fn(&I) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Expect<'_, I, R> {
        self.expect().when(predicate)
    }

    /// A new expectation answering every call with `response`.
    pub fn respond(&self, response: R) -> Expect<'_, I, R> {
        self.expect().respond(response)
    }

    /// A new expectation answering with what `respond` makes of the input.
    pub fn respond_with(&self, respond: impl Fn(&I) -> R + ::std::marker::Send + ::std::marker::Sync + 'static) -> Expect<'_, I, R> {
        self.expect().respond_with(respond)
    }

    /// A new expectation answering with a status and a JSON body.
    pub fn respond_status(&self, status: u16, body: &::serde_json::Value) -> Expect<'_, I, R> {
        self.expect().respond_status(status, body)
    }

    /// A new expectation closing the connection without answering.
    pub fn drop_connection(&self) -> Expect<'_, I, R> {
        self.expect().drop_connection()
    }

    /// A new expectation that no call comes.
    pub fn never(&self) -> Expect<'_, I, R> {
        self.expect().never()
    }

    /// A handle on a new expectation (registered at once).
    pub fn expect(&self) -> Expect<'_, I, R> {
        let mut state = self.lock();
        state.expectations.push(Expectation {
            when: ::std::option::Option::None,
            answer: Answer::Missing,
            delay: ::std::option::Option::None,
            min: 0,
            max: ::std::option::Option::None,
            counted: false,
            hits: 0,
        });
        Expect {
            operation: self,
            index: state.expectations.len() - 1,
        }
    }

    fn edit(&self, index: usize, change: impl FnOnce(&mut Expectation<I, R>)) {
        if let ::std::option::Option::Some(e) = self.lock().expectations.get_mut(index) {
            change(e);
        }
    }
}

/// One registered expectation of an operation; each method changes it in
/// place and returns it, so calls chain.
pub struct Expect<'m, I, R> {
    operation: &'m Operation<I, R>,
    index: usize,
}

impl<I, R> Expect<'_, I, R>
where
    I: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
    R: ::axum::response::IntoResponse + 'static,
{
    /// Takes only calls whose typed input `predicate` accepts.
    pub fn when(self, predicate: impl Fn(&I) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
        self.operation.edit(self.index, |e| e.when = ::std::option::Option::Some(::std::sync::Arc::new(predicate)));
        self
    }

    /// Answers with `response` (one of the operation's documented
    /// responses, or its `Custom` variant), as often as it is called.
    pub fn respond(self, response: R) -> Self {
        let answer = buffered(response.into_response());
        self.operation.edit(self.index, |e| e.answer = answer);
        self
    }

    /// Answers with what `respond` makes of each call's input.
    pub fn respond_with(self, respond: impl Fn(&I) -> R + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
        self.operation.edit(self.index, |e| e.answer = Answer::With(::std::sync::Arc::new(respond)));
        self
    }

    /// Answers with a status and a JSON body, for a status the spec does not
    /// document (the operation's typed responses cover the others).
    pub fn respond_status(self, status: u16, body: &::serde_json::Value) -> Self {
        let answer = buffered(json_response(status, body));
        self.operation.edit(self.index, |e| e.answer = answer);
        self
    }

    /// Closes the connection without answering (a client's retry and error
    /// paths).
    pub fn drop_connection(self) -> Self {
        self.operation.edit(self.index, |e| e.answer = Answer::DropConnection);
        self
    }

    /// Waits `delay` before answering (a client's timeouts).
    pub fn delay(self, delay: ::std::time::Duration) -> Self {
        self.operation.edit(self.index, |e| e.delay = ::std::option::Option::Some(delay));
        self
    }

    /// Expects exactly `n` calls, and takes no more.
    pub fn times(self, n: usize) -> Self {
        self.counts(n, ::std::option::Option::Some(n))
    }

    /// Expects at least `n` calls.
    pub fn at_least(self, n: usize) -> Self {
        self.counts(n, ::std::option::Option::None)
    }

    /// Expects no call (a call it would take fails `verify`).
    pub fn never(self) -> Self {
        self.counts(0, ::std::option::Option::Some(0))
    }

    fn counts(self, min: usize, max: ::std::option::Option<usize>) -> Self {
        self.operation.edit(self.index, |e| {
            e.min = min;
            e.max = max;
            e.counted = true;
        });
        self
    }

    /// Answers with a spec example, given as JSON with its status.
    #[doc(hidden)]
    pub fn respond_json(self, status: u16, media_type: &str, body: &str) -> Self {
        let answer = Answer::Canned(Canned {
            status: status_code(status),
            headers: ::axum::http::HeaderMap::from_iter([(
                ::axum::http::header::CONTENT_TYPE,
                ::axum::http::HeaderValue::from_str(media_type).unwrap_or(::axum::http::HeaderValue::from_static("application/json")),
            )]),
            body: ::axum::body::Bytes::copy_from_slice(body.as_bytes()),
        });
        self.operation.edit(self.index, |e| e.answer = answer);
        self
    }
}

/// A response kept to be sent: buffered when its body is at hand (then it
/// can be sent any number of times), else sent once as it is.
fn buffered<I, R>(response: ::axum::response::Response) -> Answer<I, R> {
    let (parts, body) = response.into_parts();
    let mut read = ::std::boxed::Box::pin(::axum::body::to_bytes(body, usize::MAX));
    let mut cx = ::std::task::Context::from_waker(::std::task::Waker::noop());
    match read.as_mut().poll(&mut cx) {
        ::std::task::Poll::Ready(::std::result::Result::Ok(body)) => Answer::Canned(Canned {
            status: parts.status,
            headers: parts.headers,
            body,
        }),
        ::std::task::Poll::Ready(::std::result::Result::Err(_)) => Answer::DropConnection,
        ::std::task::Poll::Pending => {
            // Its body is produced as it is sent: the rest of the stream is
            // handed on as a body of its own.
            let rest = ::axum::body::Body::from_stream(Rest { read: ::std::option::Option::Some(read) });
            let response = ::axum::response::Response::from_parts(parts, rest);
            Answer::Once(::std::sync::Arc::new(::std::sync::Mutex::new(::std::option::Option::Some(response))))
        }
    }
}

type Reading = ::std::pin::Pin<
    ::std::boxed::Box<
        dyn ::std::future::Future<Output = ::std::result::Result<::axum::body::Bytes, ::axum::Error>> + ::std::marker::Send,
    >,
>;

/// The rest of a body whose reading started: one chunk when it ends.
struct Rest {
    read: ::std::option::Option<Reading>,
}

impl ::futures_util::Stream for Rest {
    type Item = ::std::result::Result<::axum::body::Bytes, ::axum::Error>;

    fn poll_next(mut self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        let ::std::option::Option::Some(read) = self.read.as_mut() else {
            return ::std::task::Poll::Ready(::std::option::Option::None);
        };
        match read.as_mut().poll(cx) {
            ::std::task::Poll::Ready(chunk) => {
                self.read = ::std::option::Option::None;
                ::std::task::Poll::Ready(::std::option::Option::Some(chunk))
            }
            ::std::task::Poll::Pending => ::std::task::Poll::Pending,
        }
    }
}

use ::std::future::Future as _;

fn status_code(status: u16) -> ::axum::http::StatusCode {
    ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: u16, body: &::serde_json::Value) -> ::axum::response::Response {
    let mut response = ::axum::response::Response::new(::axum::body::Body::from(body.to_string()));
    *response.status_mut() = status_code(status);
    response.headers_mut().insert(
        ::axum::http::header::CONTENT_TYPE,
        ::axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

fn error_response(status: u16, message: &str) -> ::axum::response::Response {
    json_response(status, &::serde_json::json!({ "message": message }))
}

/// The answer to a call no expectation takes: 501 Not Implemented.
fn unmatched(label: &str) -> ::axum::response::Response {
    error_response(501, &::std::format!("mock: no expectation of {label} takes this call"))
}

/// A request the generated server refused (the client broke the spec):
/// what was asked and why it was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `PUT /contacts/42`.
    pub request: ::std::string::String,
    /// The status the server answered.
    pub status: u16,
    pub message: ::std::string::String,
    /// The request field the server names.
    pub field: ::std::option::Option<::std::string::String>,
}

impl ::std::fmt::Display for Violation {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "{}: refused with {}: {}", self.request, self.status, self.message)?;
        if let ::std::option::Option::Some(field) = &self.field {
            write!(f, " (field `{field}`)")?;
        }
        ::std::result::Result::Ok(())
    }
}

/// The requests the server refused, shared with the layer that sees them.
pub type Violations = ::std::sync::Arc<::std::sync::Mutex<::std::vec::Vec<Violation>>>;

/// The router, with a layer that records every request the server's
/// checks refused.
pub fn recording(router: ::axum::Router, violations: Violations) -> ::axum::Router {
    router.layer(::axum::middleware::from_fn(move |request: ::axum::extract::Request, next: ::axum::middleware::Next| {
        let violations = violations.clone();
        async move {
            let asked = ::std::format!("{} {}", request.method(), request.uri());
            let response = next.run(request).await;
            if let ::std::option::Option::Some(rejection) = response.extensions().get::<super::super::server::runtime::Rejection>() {
                violations.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).push(Violation {
                    request: asked,
                    status: response.status().as_u16(),
                    message: rejection.message.clone(),
                    field: rejection.field.clone(),
                });
            }
            response
        }
    }))
}

/// The running server: its address, and its task, stopped when dropped.
pub struct Running {
    address: ::std::net::SocketAddr,
    task: ::tokio::task::JoinHandle<()>,
}

impl Running {
    /// Serves `router` on a free port of 127.0.0.1.
    pub async fn start(router: ::axum::Router) -> Self {
        let listener = match ::tokio::net::TcpListener::bind((::std::net::Ipv4Addr::LOCALHOST, 0)).await {
            ::std::result::Result::Ok(listener) => listener,
            ::std::result::Result::Err(e) => panic!("mock: cannot listen on 127.0.0.1: {e}"),
        };
        let address = match listener.local_addr() {
            ::std::result::Result::Ok(address) => address,
            ::std::result::Result::Err(e) => panic!("mock: no local address: {e}"),
        };
        let task = ::tokio::spawn(async move {
            // An error here is the listener failing; the calls that follow
            // fail to connect, which tells the test.
            let _ = ::axum::serve(listener, router).await;
        });
        Running { address, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> ::std::string::String {
        ::std::format!("http://{}", self.address)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The report of `verify`: every problem, or `None`.
pub fn report(problems: ::std::vec::Vec<::std::string::String>) -> ::std::option::Option<::std::string::String> {
    if problems.is_empty() {
        return ::std::option::Option::None;
    }
    let mut text = ::std::string::String::from("the mock server's expectations were not met:");
    for problem in problems {
        text.push_str("\n  - ");
        text.push_str(&problem);
    }
    ::std::option::Option::Some(text)
}

#[cfg(test)]
mod mock_tests {
    use super::*;

    #[derive(Debug)]
    struct Input(u32);

    fn op() -> Operation<Input, (::axum::http::StatusCode, &'static str)> {
        Operation::new("op (GET /op)")
    }

    async fn text(reply: Reply<(::axum::http::StatusCode, &'static str)>) -> (u16, ::std::string::String) {
        let response = match reply {
            Reply::Typed(r) => ::axum::response::IntoResponse::into_response(r),
            Reply::Raw(r) => r,
        };
        let status = response.status().as_u16();
        let body = ::axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, ::std::string::String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn expectations_are_tried_in_order_and_counted() {
        let op = op();
        op.expect().when(|i| i.0 == 1).respond((::axum::http::StatusCode::OK, "one")).times(1);
        op.expect().respond_with(|i| if i.0 > 5 { (::axum::http::StatusCode::OK, "big") } else { (::axum::http::StatusCode::OK, "small") });
        assert_eq!(text(op.call(Input(1)).await).await, (200, "one".into()));
        // The first is used up.
        assert_eq!(text(op.call(Input(1)).await).await, (200, "small".into()));
        assert_eq!(text(op.call(Input(9)).await).await, (200, "big".into()));
        assert_eq!(op.calls().len(), 3);
        assert!(op.problems().is_empty(), "{:?}", op.problems());
    }

    #[tokio::test]
    async fn unmatched_calls_and_counts_are_reported() {
        let op = op();
        op.expect().when(|i| i.0 == 1).respond((::axum::http::StatusCode::OK, "one")).times(2);
        op.expect().never();
        let (status, body) = text(op.call(Input(7)).await).await;
        assert_eq!(status, 501);
        assert!(body.contains("no expectation of op (GET /op)"), "{body}");
        let problems = op.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("expectation #1 expected exactly 2 call(s), got 0"), "{problems:?}");
        assert!(problems[1].contains("unmatched call Input(7)"), "{problems:?}");
        assert!(problems[1].contains("#1 (its `when` did not match)"), "{problems:?}");
        assert!(problems[1].contains("#2 (already called 0 times)"), "{problems:?}");
        assert!(report(problems).unwrap().starts_with("the mock server's expectations were not met:"));
    }

    #[tokio::test]
    async fn an_expectation_without_calls_or_response_is_a_problem() {
        let op = op();
        op.expect();
        assert_eq!(op.problems(), ["op (GET /op): expectation #1 expected at least 1 call(s), got 0"]);
        assert_eq!(text(op.call(Input(1)).await).await.0, 501);
        assert!(op.problems().is_empty());
    }

    #[tokio::test]
    async fn a_canned_response_is_sent_again_and_a_status_is_any() {
        let op = op();
        op.expect().respond((::axum::http::StatusCode::CREATED, "made")).times(2);
        op.expect().respond_status(503, &::serde_json::json!({ "down": true }));
        assert_eq!(text(op.call(Input(1)).await).await, (201, "made".into()));
        assert_eq!(text(op.call(Input(1)).await).await, (201, "made".into()));
        assert_eq!(text(op.call(Input(1)).await).await, (503, "{\"down\":true}".into()));
    }
}
