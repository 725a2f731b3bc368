//! A downstream crate that generates its API client in `build.rs` instead of
//! committing it: the models and client for `spec/contacts.yaml` land in
//! `OUT_DIR/contacts.rs` and are included here.

include!(concat!(env!("OUT_DIR"), "/contacts.rs"));
