//! Small helpers every stage may use. Nothing here knows about specs, the
//! IR or Rust output, so any module can depend on it without a circle.

/// Free a large value on another thread: the parsed document of a big spec
/// is millions of small allocations, and nothing waits for them.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    if std::thread::Builder::new()
        .spawn(move || drop(value))
        .is_err()
    {
        // No thread to be had: the value was dropped with the closure.
    }
}
