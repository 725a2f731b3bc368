//! The command line's parts: its shape ([`args`]), how it reports
//! ([`report`]) and `init` ([`init`]). `main.rs` wires them to the library.

pub mod args;
pub mod init;
pub mod report;
