/// When and how long the client waits to try a call again.
///
/// A call is retried on a connection that could not be made (nothing
/// reached the server), on `429 Too Many Requests` and `503 Service
/// Unavailable`, and, with `gateway_errors`, on `502` and `504`; only when
/// repeating it is safe: the method is idempotent (GET, HEAD, OPTIONS, PUT,
/// DELETE, TRACE) or the request carries an idempotency key. The delay is
/// exponential backoff with full jitter (a random time up to
/// `base_delay * 2^(attempt - 1)`, at most `max_delay`); a `Retry-After`
/// in seconds or as an HTTP date replaces it, capped at `max_delay`. No
/// retry starts once `max_elapsed` has passed since the first attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: no retries).
    pub max_attempts: u32,
    pub base_delay: ::std::time::Duration,
    /// The longest single wait, a `Retry-After` included.
    pub max_delay: ::std::time::Duration,
    /// No retry starts after this long since the first attempt.
    pub max_elapsed: ::std::time::Duration,
    /// Retry `502 Bad Gateway` and `504 Gateway Timeout` too.
    pub gateway_errors: bool,
}

impl ::std::default::Default for RetryPolicy {
    /// 3 attempts, 0.5 s base delay, waits of at most 30 s, no retry after
    /// 60 s, gateway errors retried.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: ::std::time::Duration::from_millis(500),
            max_delay: ::std::time::Duration::from_secs(30),
            max_elapsed: ::std::time::Duration::from_secs(60),
            gateway_errors: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..::std::default::Default::default()
        }
    }

    /// The default policy with `attempts` attempts in all (0 and 1: none).
    pub fn attempts(attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: attempts.max(1),
            ..::std::default::Default::default()
        }
    }

    /// Whether a response with this status is worth another attempt.
    pub fn retries_status(&self, status: u16) -> bool {
        match status {
            429 | 503 => true,
            502 | 504 => self.gateway_errors,
            _ => false,
        }
    }

    /// The wait before attempt `next` (2 for the first retry): `Retry-After`
    /// when the server sent a usable one, else backoff with full jitter;
    /// never more than `max_delay`.
    pub fn delay(&self, next: u32, retry_after: ::std::option::Option<::std::time::Duration>) -> ::std::time::Duration {
        if let ::std::option::Option::Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let exponent = next.saturating_sub(2).min(30);
        let ceiling = self.base_delay.saturating_mul(1u32 << exponent).min(self.max_delay);
        ceiling.mul_f64(random_fraction())
    }
}

/// How the client sends calls: retries, timeouts, limits and hooks. Set
/// on the client (`Client::with_options`), for all its calls or, on a
/// cheap copy of the client, for one call.
#[derive(Clone)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    /// The longest one attempt may take, from connecting to the last byte
    /// of the body (`None`: no limit). Default 60 s.
    pub attempt_timeout: ::std::option::Option<::std::time::Duration>,
    /// The largest response body read (default 32 MiB); a larger one is
    /// `ClientError::BodyTooLarge`, and is not read past the limit.
    pub max_body_bytes: usize,
    /// For a body read as it arrives (a download, server-sent events): the
    /// longest wait for its next piece (`None`: no limit). Default 60 s.
    /// `max_body_bytes` bounds one event, or a download that is collected.
    pub stream_idle_timeout: ::std::option::Option<::std::time::Duration>,
    /// The header that carries an idempotency key (default
    /// `Idempotency-Key`): a POST or PATCH that has it is retried like an
    /// idempotent call, with the same key on every attempt.
    pub idempotency_header: ::std::borrow::Cow<'static, str>,
    /// Give every POST and PATCH a fresh idempotency key (unless it has
    /// one), so they are retried too. Off by default: the server must
    /// honour the key.
    pub idempotency_keys: bool,
    /// Run around every attempt, in order.
    pub hooks: ::std::vec::Vec<::std::sync::Arc<dyn Hook>>,
}

impl ::std::default::Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            retry: ::std::default::Default::default(),
            attempt_timeout: ::std::option::Option::Some(::std::time::Duration::from_secs(60)),
            max_body_bytes: 32 * 1024 * 1024,
            stream_idle_timeout: ::std::option::Option::Some(::std::time::Duration::from_secs(60)),
            idempotency_header: ::std::borrow::Cow::Borrowed("Idempotency-Key"),
            idempotency_keys: false,
            hooks: ::std::vec::Vec::new(),
        }
    }
}

impl ::std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("idempotency_header", &self.idempotency_header)
            .field("idempotency_keys", &self.idempotency_keys)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

/// The operation a call is for, as hooks and errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId` (or method and path when it has none).
    pub id: &'static str,
    /// The path template, e.g. `/contacts/{id}`.
    pub path: &'static str,
}

/// One attempt of a call, as hooks see it.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    pub operation: Operation,
    /// 1 for the first attempt.
    pub number: u32,
    /// Time since the first attempt started.
    pub elapsed: ::std::time::Duration,
}

/// What an attempt came back with, as hooks see it.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// The server answered (the body is read after the hooks ran).
    Response {
        status: ::reqwest::StatusCode,
        headers: &'a ::reqwest::header::HeaderMap,
    },
    /// No response: the connection failed or the attempt timed out.
    Failed(&'a ::reqwest::Error),
    /// No response head within the attempt timeout, for a call whose body
    /// is read as it arrives (a whole read times out as `Failed`).
    TimedOut(::std::time::Duration),
}

/// Code run around every attempt of every call: add a header or sign a
/// request before it goes out, count or log what comes back. Both methods
/// do nothing unless implemented; a closure
/// `Fn(&mut reqwest::Request, &Attempt)` is a hook that runs before each
/// attempt.
pub trait Hook: ::std::marker::Send + ::std::marker::Sync + 'static {
    /// Before each attempt is sent (the idempotency key and credentials are
    /// already set).
    fn before_attempt(&self, request: &mut ::reqwest::Request, attempt: &Attempt) {
        let _ = (request, attempt);
    }

    /// After each attempt, before the client decides whether to retry.
    fn after_attempt(&self, outcome: &Outcome<'_>, attempt: &Attempt) {
        let _ = (outcome, attempt);
    }

    /// When the client will try again: after `failed` came back with
    /// `outcome`, it waits `wait` (the backoff, or the server's
    /// `Retry-After`) before the next attempt.
    fn before_retry(&self, outcome: &Outcome<'_>, failed: &Attempt, wait: ::std::time::Duration) {
        let _ = (outcome, failed, wait);
    }
}

impl<F> Hook for F
where
    F: ::std::ops::Fn(&mut ::reqwest::Request, &Attempt) + ::std::marker::Send + ::std::marker::Sync + 'static,
{
    fn before_attempt(&self, request: &mut ::reqwest::Request, attempt: &Attempt) {
        self(request, attempt)
    }
}

/// A retry given up: how many attempts were made and over how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp {
    pub attempts: u32,
    pub elapsed: ::std::time::Duration,
}

/// Whether repeating a request cannot do twice what it does once: the
/// method is idempotent, or the request carries an idempotency key.
pub fn safe_to_repeat(method: &::reqwest::Method, has_idempotency_key: bool) -> bool {
    has_idempotency_key
        || matches!(
            *method,
            ::reqwest::Method::GET
                | ::reqwest::Method::HEAD
                | ::reqwest::Method::OPTIONS
                | ::reqwest::Method::PUT
                | ::reqwest::Method::DELETE
                | ::reqwest::Method::TRACE
        )
}

/// Whether a transport error is the connection closing or resetting
/// before a response head arrived (the server may or may not have acted on
/// the request, so only a call that is safe to repeat is retried). hyper
/// says so with an I/O error of one of these kinds in the error's sources,
/// or, for a clean close, with its "incomplete message" error, whose type
/// generated code cannot name (it would need hyper as a dependency), so its
/// text is matched: it has been the same since hyper 0.14.
pub fn connection_dropped(error: &::reqwest::Error) -> bool {
    let mut source: ::std::option::Option<&(dyn ::std::error::Error + 'static)> = ::std::option::Option::Some(error);
    while let ::std::option::Option::Some(e) = source {
        if let ::std::option::Option::Some(io) = e.downcast_ref::<::std::io::Error>() {
            if matches!(
                io.kind(),
                ::std::io::ErrorKind::ConnectionReset
                    | ::std::io::ErrorKind::ConnectionAborted
                    | ::std::io::ErrorKind::BrokenPipe
                    | ::std::io::ErrorKind::UnexpectedEof
            ) {
                return true;
            }
        }
        if e.to_string().starts_with("connection closed before message completed") {
            return true;
        }
        source = e.source();
    }
    false
}

/// `Retry-After` as a wait from `now`: delay-seconds, or an HTTP date
/// (a date in the past is no wait). `None` for anything else (a negative
/// or malformed value), so the caller falls back to backoff.
pub fn retry_after(value: &str, now: ::std::time::SystemTime) -> ::std::option::Option<::std::time::Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Longer than u64 seconds is "very long": the policy caps it anyway.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return ::std::option::Option::Some(::std::time::Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    ::std::option::Option::Some(at.duration_since(now).unwrap_or_default())
}

/// An HTTP date in the preferred format (`Sun, 06 Nov 1994 08:49:37 GMT`)
/// or the obsolete RFC 850 one (`Sunday, 06-Nov-94 08:49:37 GMT`), which
/// recipients must accept too.
pub fn http_date(text: &str) -> ::std::option::Option<::std::time::SystemTime> {
    let (_, rest) = text.split_once(", ")?;
    let parts: ::std::vec::Vec<&str> = rest.split([' ', '-']).collect();
    let [day, month, year, time, zone] = parts.as_slice() else {
        return ::std::option::Option::None;
    };
    if *zone != "GMT" {
        return ::std::option::Option::None;
    }
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let mut year: i64 = year.parse().ok()?;
    if year < 100 {
        // RFC 850's two-digit year: the nearest century that is not more
        // than 50 years ahead.
        year += if year < 70 { 2000 } else { 1900 };
    }
    let mut clock = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return ::std::option::Option::None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    let seconds = u64::try_from(seconds).ok()?;
    ::std::time::UNIX_EPOCH.checked_add(::std::time::Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// 64 random bits from the standard library's per-process random hash
/// keys and a counter: enough for jitter and idempotency keys (not for
/// secrets), with no random-number crate to depend on.
fn random_u64() -> u64 {
    use ::std::hash::{BuildHasher, Hasher};
    static COUNTER: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(0);
    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed));
    if let ::std::result::Result::Ok(now) = ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// A random number in [0, 1).
fn random_fraction() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A fresh idempotency key: 128 random bits in the UUID text form.
pub fn idempotency_key() -> ::std::string::String {
    let (a, b) = (random_u64(), random_u64());
    ::std::format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod client_retry_tests {
    use super::*;
    use ::std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = at(1000);
        assert_eq!(retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn negative_or_garbage_retry_after_is_none() {
        let now = at(1000);
        for bad in ["-5", "", "soon", "1.5", "+3", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 31 Feb"] {
            assert_eq!(retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn http_dates_in_both_formats() {
        // 784111777 is 1994-11-06T08:49:37Z (RFC 9110's example).
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(at(784_111_777)));
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(at(784_111_777)));
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(at(0)));
        assert_eq!(http_date("Tue, 29 Feb 2028 12:00:00 GMT"), Some(at(1_835_438_400)));
        assert_eq!(http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
        assert_eq!(http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        assert_eq!(http_date("Wed, 31 Dec 1969 23:59:59 GMT"), None, "before the epoch");
    }

    #[test]
    fn retry_after_dates_are_waits_from_now() {
        let now = at(784_111_777 - 90);
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(90))
        );
        // A date in the past: go now.
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at(784_111_777 + 5)),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn delays_grow_with_full_jitter_and_stay_capped() {
        let policy = RetryPolicy::default();
        for _ in 0..200 {
            assert!(policy.delay(2, None) <= Duration::from_millis(500));
            assert!(policy.delay(3, None) <= Duration::from_secs(1));
            assert!(policy.delay(40, None) <= Duration::from_secs(30));
        }
        // Full jitter: not always the ceiling.
        let waits: Vec<Duration> = (0..50).map(|_| policy.delay(5, None)).collect();
        assert!(waits.iter().any(|w| *w < Duration::from_secs(3)), "{waits:?}");
        assert!(waits.iter().any(|w| *w != waits[0]), "{waits:?}");
    }

    #[test]
    fn retry_after_overrides_backoff_capped_by_the_policy() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(2, Some(Duration::from_secs(2))), Duration::from_secs(2));
        assert_eq!(policy.delay(2, Some(Duration::from_secs(86_400))), Duration::from_secs(30));
    }

    #[test]
    fn which_statuses_and_methods_are_retried() {
        let policy = RetryPolicy::default();
        assert!(policy.retries_status(429) && policy.retries_status(503));
        assert!(policy.retries_status(502) && policy.retries_status(504));
        assert!(!policy.retries_status(500) && !policy.retries_status(404));
        let strict = RetryPolicy { gateway_errors: false, ..policy };
        assert!(!strict.retries_status(502));
        use ::reqwest::Method;
        for m in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD, Method::OPTIONS] {
            assert!(safe_to_repeat(&m, false), "{m}");
        }
        assert!(!safe_to_repeat(&Method::POST, false));
        assert!(!safe_to_repeat(&Method::PATCH, false));
        assert!(safe_to_repeat(&Method::POST, true));
        assert_eq!(RetryPolicy::attempts(0).max_attempts, 1);
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn idempotency_keys_are_fresh_uuids() {
        let a = idempotency_key();
        let b = idempotency_key();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(&a[14..15], "4", "version 4");
    }
}

#[cfg(test)]
mod client_retry_http_tests {
    //! Retries, timeouts and the body limit against a scripted loopback
    //! server that speaks just enough HTTP/1.1 to answer, stall or stream.

    use super::*;
    use ::reqwest::Method;
    use ::std::sync::atomic::{AtomicUsize, Ordering};
    use ::std::sync::{Arc, Mutex};
    use ::std::time::{Duration, Instant};
    use ::tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// What the server does with one request; the last one repeats.
    #[derive(Clone)]
    enum Reply {
        /// Answer with this status, extra header lines and body.
        Status(u16, &'static str, &'static str),
        /// Accept the request and never answer.
        Hang,
        /// A 200 whose body is `total` bytes, sent in chunks without a
        /// `Content-Length` (so only counting can stop it).
        Stream { total: usize },
        /// A 200 that declares a `Content-Length` of `total` bytes.
        Declared { total: usize },
        /// Read the request and close the connection without a word (what
        /// a load balancer does to a stale keep-alive connection).
        Close,
        /// Read the request and reset the connection (RST, not FIN).
        Reset,
        /// A 200 on a connection kept alive, which the server then closes
        /// without saying so: the client's next call finds it stale.
        KeepAliveThenClose,
    }

    /// One request as the server saw it.
    #[derive(Debug, Clone)]
    struct Seen {
        method: String,
        head: String,
        at: Instant,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<String> {
            self.head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        }
    }

    struct Stub {
        base: String,
        seen: Arc<Mutex<Vec<Seen>>>,
        /// Body bytes the server managed to write.
        written: Arc<AtomicUsize>,
    }

    impl Stub {
        fn seen(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }
    }

    async fn stub(replies: Vec<Reply>) -> Stub {
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicUsize::new(0));
        let (seen2, written2) = (seen.clone(), written.clone());
        ::tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let (seen, written) = (seen2.clone(), written2.clone());
                let replies = replies.clone();
                ::tokio::spawn(async move {
                    let Some((method, head)) = read_request(&mut socket).await else { return };
                    let index = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(Seen { method, head, at: Instant::now() });
                        seen.len() - 1
                    };
                    let reply = replies[index.min(replies.len() - 1)].clone();
                    answer(&mut socket, reply, &written).await;
                });
            }
        });
        Stub { base, seen, written }
    }

    /// The request line's method and the head; the body is read and dropped.
    async fn read_request(socket: &mut ::tokio::net::TcpStream) -> Option<(String, String)> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let end = loop {
            let n = socket.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
            buf.extend_from_slice(&chunk[..n]);
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
            .unwrap_or(0);
        let mut have = buf.len() - end;
        while have < length {
            have += socket.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        }
        Some((head.split(' ').next()?.to_owned(), head))
    }

    async fn answer(socket: &mut ::tokio::net::TcpStream, reply: Reply, written: &AtomicUsize) {
        match reply {
            Reply::Status(code, headers, body) => {
                let text = format!(
                    "HTTP/1.1 {code} X\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(text.as_bytes()).await;
            }
            Reply::Hang => ::tokio::time::sleep(Duration::from_secs(3600)).await,
            Reply::Close => {
                let _ = socket.shutdown().await;
            }
            Reply::Reset => {
                // Linger 0: closing sends RST instead of FIN (a zero
                // linger does not block on drop, which the lint is about).
                #[allow(deprecated)]
                let _ = socket.set_linger(Some(Duration::ZERO));
            }
            Reply::KeepAliveThenClose => {
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await;
                ::tokio::time::sleep(Duration::from_millis(50)).await;
                let _ = socket.shutdown().await;
            }
            Reply::Stream { total } => {
                let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let piece = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < total {
                    let frame = [format!("{:x}\r\n", piece.len()).as_bytes(), &piece, b"\r\n"].concat();
                    if socket.write_all(&frame).await.is_err() {
                        return;
                    }
                    sent += piece.len();
                    written.fetch_add(piece.len(), Ordering::Relaxed);
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            }
            Reply::Declared { total } => {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {total}\r\nconnection: close\r\n\r\n");
                let _ = socket.write_all(head.as_bytes()).await;
                let piece = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < total && socket.write_all(&piece).await.is_ok() {
                    sent += piece.len();
                    written.fetch_add(piece.len(), Ordering::Relaxed);
                }
            }
        }
    }

    const OP: Operation = Operation { id: "getThing", path: "/thing" };

    /// Fast backoff, so tests that retry on backoff alone take milliseconds.
    fn options() -> ClientOptions {
        ClientOptions {
            retry: RetryPolicy {
                base_delay: Duration::from_millis(20),
                ..RetryPolicy::default()
            },
            ..ClientOptions::default()
        }
    }

    type Error = ClientError<::std::convert::Infallible>;

    async fn call(stub: &Stub, method: Method, options: &ClientOptions) -> Result<Response, Error> {
        let http = ::reqwest::Client::new();
        let mut request = Request::for_operation(method, &stub.base, OP.id, OP.path);
        request.path("/thing");
        Ok(request.send(&http, options).await?)
    }

    #[tokio::test]
    async fn retry_after_seconds_then_success() {
        let stub = stub(vec![Reply::Status(429, "retry-after: 1\r\n", "slow down"), Reply::Status(200, "", "{}")]).await;
        let start = Instant::now();
        let response = call(&stub, Method::PUT, &ClientOptions::default()).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.gave_up, None, "a success after retries is just a success");
        assert!(start.elapsed() >= Duration::from_secs(1), "{:?}", start.elapsed());
        let seen = stub.seen();
        assert_eq!(seen.len(), 2);
        assert!(seen[1].at - seen[0].at >= Duration::from_secs(1));
    }

    #[tokio::test]
    async fn retry_after_as_an_http_date() {
        // Two seconds from now, to the second: a wait of one to two seconds.
        let at = ::std::time::SystemTime::now() + Duration::from_secs(2);
        let seconds = at.duration_since(::std::time::UNIX_EPOCH).unwrap().as_secs();
        let date = format_http_date(seconds);
        let header: &'static str = Box::leak(format!("retry-after: {date}\r\n").into_boxed_str());
        let stub = stub(vec![Reply::Status(503, header, ""), Reply::Status(200, "", "ok")]).await;
        let response = call(&stub, Method::GET, &options()).await.unwrap();
        assert_eq!(response.status, 200);
        let seen = stub.seen();
        let waited = seen[1].at - seen[0].at;
        assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(3), "{waited:?} for {date}");
    }

    /// The preferred HTTP date form of a time (for the test above).
    fn format_http_date(unix: u64) -> String {
        let (days, rest) = ((unix / 86_400) as i64, unix % 86_400);
        // Invert days_from_civil by search: fine for a test.
        let mut year = 1970;
        while days_from_civil(year + 1, 1, 1) <= days {
            year += 1;
        }
        let mut month = 1;
        while month < 12 && days_from_civil(year, month + 1, 1) <= days {
            month += 1;
        }
        let day = days - days_from_civil(year, month, 1) + 1;
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        format!(
            "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[(days % 7) as usize],
            MONTHS[month as usize - 1],
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        )
    }

    #[tokio::test]
    async fn a_day_of_retry_after_is_capped_by_the_policy() {
        let stub = stub(vec![Reply::Status(429, "retry-after: 86400\r\n", ""), Reply::Status(200, "", "")]).await;
        let mut options = options();
        options.retry.max_delay = Duration::from_millis(300);
        let start = Instant::now();
        call(&stub, Method::GET, &options).await.unwrap();
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        assert!(stub.seen()[1].at - stub.seen()[0].at >= Duration::from_millis(300));
    }

    #[tokio::test]
    async fn negative_or_garbage_retry_after_falls_back_to_backoff() {
        for header in ["retry-after: -5\r\n", "retry-after: soon\r\n"] {
            let stub = stub(vec![Reply::Status(503, header, ""), Reply::Status(200, "", "")]).await;
            let start = Instant::now();
            call(&stub, Method::GET, &options()).await.unwrap();
            assert_eq!(stub.seen().len(), 2, "{header}");
            assert!(start.elapsed() < Duration::from_secs(1), "{header}: {:?}", start.elapsed());
        }
    }

    #[tokio::test]
    async fn gives_up_after_the_configured_attempts() {
        let stub = stub(vec![Reply::Status(503, "", "down")]).await;
        let mut options = options();
        options.retry.max_attempts = 4;
        let response = call(&stub, Method::GET, &options).await.unwrap();
        assert_eq!(response.gave_up.map(|g| g.attempts), Some(4));
        let err = response.unexpected::<::std::convert::Infallible>();
        assert_eq!(err.attempts(), 4);
        assert!(err.to_string().starts_with("gave up after 4 attempts in "), "{err}");
        assert!(err.to_string().ends_with("503 Service Unavailable: status not documented for this operation: down"), "{err}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(stub.seen().len(), 4);
        assert!(matches!(err.last(), ClientError::Unexpected { .. }));
    }

    #[tokio::test]
    async fn post_without_a_key_is_not_retried() {
        let stub = stub(vec![Reply::Status(503, "", ""), Reply::Status(200, "", "")]).await;
        let response = call(&stub, Method::POST, &options()).await.unwrap();
        assert_eq!(response.status, 503);
        assert_eq!(response.gave_up, None, "not retried, so nothing was given up");
        assert_eq!(stub.seen().len(), 1);
        assert_eq!(stub.seen()[0].header("idempotency-key"), None);
    }

    #[tokio::test]
    async fn post_with_a_key_is_retried_with_the_same_key() {
        let stub = stub(vec![Reply::Status(503, "", ""), Reply::Status(429, "", ""), Reply::Status(201, "", "")]).await;
        let mut options = options();
        options.idempotency_keys = true;
        let response = call(&stub, Method::POST, &options).await.unwrap();
        assert_eq!(response.status, 201);
        let keys: Vec<Option<String>> = stub.seen().iter().map(|s| s.header("idempotency-key")).collect();
        assert_eq!(keys.len(), 3);
        assert!(keys[0].as_ref().is_some_and(|k| k.len() == 36), "{keys:?}");
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        // A key the caller set (under a renamed header) is kept and honoured.
        let stub2 = self::stub(vec![Reply::Status(503, "", ""), Reply::Status(200, "", "")]).await;
        let mut options = self::options();
        options.idempotency_header = "X-Request-Key".into();
        let http = ::reqwest::Client::new();
        let mut request = Request::for_operation(Method::PATCH, &stub2.base, OP.id, OP.path);
        request.header("X-Request-Key", "mine", false).unwrap();
        let response = request.send(&http, &options).await.unwrap();
        assert_eq!(response.status, 200);
        let keys: Vec<Option<String>> = stub2.seen().iter().map(|s| s.header("x-request-key")).collect();
        assert_eq!(keys, [Some("mine".to_owned()), Some("mine".to_owned())]);
    }

    #[tokio::test]
    async fn a_server_that_never_answers_times_out() {
        let stub = stub(vec![Reply::Hang]).await;
        let mut options = options();
        options.attempt_timeout = Some(Duration::from_millis(300));
        options.retry.max_attempts = 2;
        let start = Instant::now();
        let err = call(&stub, Method::GET, &options).await.unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
        assert_eq!(err.attempts(), 2, "{err}");
        match err.last() {
            ClientError::Transport(e) => assert!(e.is_timeout(), "{e:?}"),
            other => panic!("{other}"),
        }
        // A POST that timed out may have been processed: not repeated.
        let err = call(&stub, Method::POST, &options).await.unwrap_err();
        assert_eq!(err.attempts(), 1, "{err}");
    }

    #[tokio::test]
    async fn a_huge_streamed_body_stops_at_the_limit() {
        let total = 200 * 1024 * 1024;
        let stub = stub(vec![Reply::Stream { total }]).await;
        let mut options = options();
        options.max_body_bytes = 1024 * 1024;
        let err = call(&stub, Method::GET, &options).await.unwrap_err();
        assert!(
            matches!(err, ClientError::BodyTooLarge { limit: 1_048_576, .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "200 OK: response body is larger than the limit of 1048576 bytes (ClientOptions::max_body_bytes)"
        );
        // The client stopped reading: the server could not send much more
        // than the limit and the socket buffers.
        ::tokio::time::sleep(Duration::from_millis(200)).await;
        let written = stub.written.load(Ordering::Relaxed);
        assert!(written < 32 * 1024 * 1024, "{written} of {total} bytes were sent");
    }

    #[tokio::test]
    async fn a_declared_huge_body_is_refused_before_reading() {
        let stub = stub(vec![Reply::Declared { total: 200 * 1024 * 1024 }]).await;
        let mut options = options();
        options.max_body_bytes = 1024;
        let err = call(&stub, Method::GET, &options).await.unwrap_err();
        assert!(matches!(err, ClientError::BodyTooLarge { limit: 1024, .. }), "{err}");
    }

    #[tokio::test]
    async fn refused_connections_are_retried_then_a_transport_error() {
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let http = ::reqwest::Client::new();
        // Even a POST: a connection never made reached no server.
        let request = Request::new(Method::POST, &format!("http://{address}"));
        let err: Error = request.send(&http, &options()).await.unwrap_err().into();
        assert_eq!(err.attempts(), 3, "{err}");
        assert!(err.to_string().starts_with("gave up after 3 attempts in "), "{err}");
        match err.last() {
            ClientError::Transport(e) => assert!(e.is_connect(), "{e:?}"),
            other => panic!("{other}"),
        }
        assert!(::std::error::Error::source(&err).is_some(), "the cause is kept");
    }

    #[tokio::test]
    async fn a_put_whose_connection_is_closed_unanswered_is_retried() {
        let stub = stub(vec![Reply::Close, Reply::Status(200, "", "{}")]).await;
        let response = call(&stub, Method::PUT, &options()).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(stub.seen().len(), 2, "the PUT was sent again");
    }

    #[tokio::test]
    async fn a_get_whose_connection_is_reset_is_retried() {
        let stub = stub(vec![Reply::Reset, Reply::Reset, Reply::Status(200, "", "{}")]).await;
        let response = call(&stub, Method::GET, &options()).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(stub.seen().len(), 3);
    }

    #[tokio::test]
    async fn a_post_closed_unanswered_is_not_repeated_without_a_key() {
        // The server read the request and may have acted on it.
        let first = stub(vec![Reply::Close, Reply::Status(200, "", "{}")]).await;
        let err: Error = call(&first, Method::POST, &options()).await.unwrap_err();
        assert_eq!(first.seen().len(), 1);
        match err.last() {
            ClientError::Transport(e) => assert!(connection_dropped(e), "{e:?}"),
            other => panic!("{other}"),
        }
        // With an idempotency key it is safe to repeat.
        let second = stub(vec![Reply::Close, Reply::Status(200, "", "{}")]).await;
        let keyed = ClientOptions { idempotency_keys: true, ..options() };
        let response = call(&second, Method::POST, &keyed).await.unwrap();
        assert_eq!(response.status, 200);
        let seen = second.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].header("idempotency-key"), seen[1].header("idempotency-key"));
    }

    #[tokio::test]
    async fn a_stale_pooled_connection_does_not_fail_the_next_call() {
        // The first call leaves its connection in the pool; the server then
        // closes it. A POST on it would have been written to a dead socket:
        // it must go out on a new connection and succeed.
        let stub = stub(vec![Reply::KeepAliveThenClose, Reply::Status(200, "", "{}")]).await;
        let http = ::reqwest::Client::new();
        for method in [Method::GET, Method::POST] {
            let mut request = Request::for_operation(method, &stub.base, OP.id, OP.path);
            request.path("/thing");
            let response = request.send(&http, &options()).await.unwrap();
            assert_eq!(response.status, 200);
            ::tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(stub.seen().len(), 2, "each call reached the server once");
    }

    #[tokio::test]
    async fn retries_are_off_with_one_attempt() {
        let stub = stub(vec![Reply::Status(429, "retry-after: 1\r\n", ""), Reply::Status(200, "", "")]).await;
        let options = ClientOptions { retry: RetryPolicy::none(), ..options() };
        let response = call(&stub, Method::GET, &options).await.unwrap();
        assert_eq!(response.status, 429);
        assert_eq!(response.gave_up, None);
        assert_eq!(stub.seen().len(), 1);
    }

    /// Adds `x-attempt` to every attempt and counts the statuses it sees.
    #[derive(Default)]
    struct Counting {
        statuses: Mutex<Vec<u16>>,
        waits: Mutex<Vec<(u32, Duration)>>,
    }

    impl Hook for Counting {
        fn before_attempt(&self, request: &mut ::reqwest::Request, attempt: &Attempt) {
            let value = format!("{} {}", attempt.operation.id, attempt.number);
            request.headers_mut().insert("x-attempt", value.parse().unwrap());
        }

        fn after_attempt(&self, outcome: &Outcome<'_>, _: &Attempt) {
            if let Outcome::Response { status, .. } = outcome {
                self.statuses.lock().unwrap().push(status.as_u16());
            }
        }

        fn before_retry(&self, _: &Outcome<'_>, failed: &Attempt, wait: Duration) {
            self.waits.lock().unwrap().push((failed.number, wait));
        }
    }

    #[tokio::test]
    async fn hooks_run_around_every_attempt() {
        let stub = stub(vec![Reply::Status(503, "retry-after: 0\r\n", ""), Reply::Status(200, "", "")]).await;
        let counting = Arc::new(Counting::default());
        let mut options = options();
        options.hooks.push(counting.clone());
        // A closure is a before-attempt hook too.
        options.hooks.push(Arc::new(|request: &mut ::reqwest::Request, _: &Attempt| {
            request.headers_mut().insert("x-signed", "yes".parse().unwrap());
        }));
        call(&stub, Method::GET, &options).await.unwrap();
        let seen = stub.seen();
        let attempts: Vec<Option<String>> = seen.iter().map(|s| s.header("x-attempt")).collect();
        assert_eq!(attempts, [Some("getThing 1".to_owned()), Some("getThing 2".to_owned())]);
        assert!(seen.iter().all(|s| s.header("x-signed").as_deref() == Some("yes")));
        assert_eq!(*counting.statuses.lock().unwrap(), [503, 200]);
        assert_eq!(*counting.waits.lock().unwrap(), [(1, Duration::ZERO)], "one retry, told to wait 0 s");
    }
}
