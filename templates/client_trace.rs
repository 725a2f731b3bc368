// Inlined instead of `client_no_trace.rs` when the client is generated with
// `--tracing`: each call is a `tracing` span.

/// The `tracing` span of one call: `http.client` with the operation id,
/// method and path template, and, as they become known, the attempt number
/// and the final status. Each retry is an event inside it.
#[derive(Debug)]
pub struct CallSpan(::tracing::Span);

impl CallSpan {
    pub fn new(method: &::reqwest::Method, operation: Operation) -> Self {
        CallSpan(::tracing::info_span!(
            "http.client",
            operation = operation.id,
            method = %method,
            path = operation.path,
            attempt = ::tracing::field::Empty,
            status = ::tracing::field::Empty,
        ))
    }

    /// Attempt `number` (1 for the first) is being sent.
    pub fn attempt(&self, number: u32) {
        self.0.record("attempt", number);
    }

    /// The status of the response the call ends with.
    pub fn status(&self, status: u16) {
        self.0.record("status", status);
    }

    /// The client waits `wait` before another attempt, because of `outcome`.
    pub fn retry(&self, outcome: &Outcome<'_>, wait: ::std::time::Duration) {
        let reason = match outcome {
            Outcome::Response { status, .. } => status.to_string(),
            Outcome::Failed(e) => e.to_string(),
            Outcome::TimedOut(after) => ::std::format!("no response within {:.1} s", after.as_secs_f64()),
        };
        ::tracing::info!(parent: &self.0, wait_ms = wait.as_millis() as u64, reason = %reason, "retrying");
    }

    /// `future`, run inside the span.
    pub fn instrument<F: ::std::future::Future>(&self, future: F) -> ::tracing::instrument::Instrumented<F> {
        ::tracing::Instrument::instrument(future, self.0.clone())
    }
}
