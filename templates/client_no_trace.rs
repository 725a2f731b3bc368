// The calls of a client generated without `--tracing` record nothing: the
// same interface as `client_trace.rs`, at no cost.

/// A call's span when tracing is off: every method does nothing.
#[derive(Debug)]
pub struct CallSpan;

impl CallSpan {
    pub fn new(method: &::reqwest::Method, operation: Operation) -> Self {
        let _ = (method, operation);
        CallSpan
    }

    pub fn attempt(&self, number: u32) {
        let _ = number;
    }

    pub fn status(&self, status: u16) {
        let _ = status;
    }

    pub fn retry(&self, outcome: &Outcome<'_>, wait: ::std::time::Duration) {
        let _ = (outcome, wait);
    }

    pub fn instrument<F: ::std::future::Future>(&self, future: F) -> F {
        future
    }
}
