//! An example contact service built on the server that openapi-forge
//! generates from `spec/contacts.yaml`: an in-memory store behind the
//! generated [`Api`] trait. The router checks the API key's presence, the
//! path and the body against the spec; this crate checks the key's value,
//! finds the contact and applies the update.

use axum::response::IntoResponse;
use contacts_api::forge_support::Nullable;
use contacts_api::server::{
    self, Api, ApiKeyAuth, ListContactsResponse, ServerConfig, UpdateContactResponse,
};
use contacts_api::{Contact, ContactUpdate, Error};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The seed data compiled into the binary (`seed.json`).
pub const DEFAULT_SEED: &str = include_str!("../seed.json");

/// How the service is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one API key accepted in `X-Api-Key`.
    pub api_key: String,
    /// The contacts the store starts with.
    pub seed: Vec<Contact>,
    /// Limits of the generated server (body size).
    pub server: ServerConfig,
    /// Requests per second allowed per API key (`None`: no limit).
    pub rate_limit: Option<u32>,
}

impl Config {
    pub fn new(api_key: impl Into<String>, seed: Vec<Contact>) -> Self {
        Config {
            api_key: api_key.into(),
            seed,
            server: ServerConfig::default(),
            rate_limit: None,
        }
    }
}

/// Parses a rate limit: `N/s` or `N` requests per second, N at least 1.
pub fn parse_rate_limit(text: &str) -> Result<u32, String> {
    let number = text.trim().strip_suffix("/s").unwrap_or(text.trim());
    match number.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "the rate limit must be N/s with N a whole number from 1 up, found {text:?}"
        )),
    }
}

/// A token bucket per API key: `per_second` tokens a second, at most that
/// many saved up, one per request.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_second: u32) -> Self {
        RateLimiter {
            per_second: f64::from(per_second),
            buckets: Mutex::default(),
        }
    }

    /// Take a token for `key`, or say how long until there is one.
    pub fn take(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let (tokens, last) = buckets
            .entry(key.to_owned())
            .or_insert((self.per_second, now));
        let refilled = *tokens + now.duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = refilled.min(self.per_second);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / self.per_second))
        }
    }
}

/// Parses a seed file: a JSON array of contacts.
pub fn parse_seed(text: &str) -> Result<Vec<Contact>, serde_json::Error> {
    serde_json::from_str(text)
}

/// The contacts, by ID. One lock: every update is read-modify-write under
/// it, so concurrent updates are never lost.
#[derive(Debug, Default)]
pub struct Store {
    contacts: Mutex<HashMap<String, Contact>>,
}

impl Store {
    pub fn new(seed: Vec<Contact>) -> Self {
        Store {
            contacts: Mutex::new(seed.into_iter().map(|c| (c.id.clone(), c)).collect()),
        }
    }

    /// A copy of the contact with this ID or external reference ID.
    pub fn get(&self, key: &str) -> Option<Contact> {
        let contacts = self.contacts.lock().unwrap_or_else(PoisonError::into_inner);
        find(&contacts, key)
            .and_then(|id| contacts.get(&id))
            .cloned()
    }

    /// Page `page` (from 1) of the contacts ordered by ID, `limit` a page;
    /// a page past the end is empty. The order is stable, so walking the
    /// pages gives every contact once while nothing is added.
    pub fn list(&self, page: u64, limit: u64) -> Vec<Contact> {
        let contacts = self.contacts.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<&Contact> = contacts.values().collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        let skip = page.saturating_sub(1).saturating_mul(limit);
        all.into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }

    /// Applies `update` to the contact with this ID or external reference
    /// ID, and returns the contact as stored.
    pub fn update(&self, key: &str, update: ContactUpdate) -> Option<Contact> {
        let mut contacts = self.contacts.lock().unwrap_or_else(PoisonError::into_inner);
        let id = find(&contacts, key)?;
        let contact = contacts.get_mut(&id)?;
        apply(contact, update);
        contact.updated_at = Nullable::Value(chrono::Utc::now());
        Some(contact.clone())
    }
}

/// The ID of the contact `key` names: its ID, or else its external reference ID.
fn find(contacts: &HashMap<String, Contact>, key: &str) -> Option<String> {
    if contacts.contains_key(key) {
        return Some(key.to_owned());
    }
    let mut matches: Vec<&Contact> = contacts
        .values()
        .filter(|c| c.external_reference_id.value().map(String::as_str) == Some(key))
        .collect();
    matches.sort_by(|a, b| a.id.cmp(&b.id));
    matches.first().map(|c| c.id.clone())
}

/// Three-state update: an absent field keeps its value, `null` clears it
/// (only `custom_attributes` is nullable in `ContactUpdate`), a value sets it.
fn apply(c: &mut Contact, u: ContactUpdate) {
    fn set<T>(field: &mut Nullable<T>, value: Option<T>) {
        if let Some(v) = value {
            *field = Nullable::Value(v);
        }
    }
    set(&mut c.first_name, u.first_name);
    set(&mut c.last_name, u.last_name);
    set(&mut c.second_last_name, u.second_last_name);
    set(&mut c.email, u.email);
    set(&mut c.phone, u.phone);
    set(&mut c.company_name, u.company_name);
    set(&mut c.additional_phones, u.additional_phones);
    set(&mut c.additional_emails, u.additional_emails);
    set(&mut c.priority, u.priority);
    set(&mut c.source, u.source);
    set(&mut c.country_code, u.country_code);
    set(&mut c.language, u.language);
    set(
        &mut c.whatsapp_transactional_opt_in,
        u.whatsapp_transactional_opt_in,
    );
    set(
        &mut c.email_transactional_opt_in,
        u.email_transactional_opt_in,
    );
    set(
        &mut c.whatsapp_marketing_opt_in,
        u.whatsapp_marketing_opt_in,
    );
    set(&mut c.email_marketing_opt_in, u.email_marketing_opt_in);
    set(&mut c.external_reference_id, u.external_reference_id);
    set(&mut c.external_reference_url, u.external_reference_url);
    set(&mut c.skills, u.skills);
    match u.custom_attributes {
        Nullable::Absent => {}
        Nullable::Null => c.custom_attributes = Nullable::Null,
        Nullable::Value(v) => c.custom_attributes = Nullable::Value(v),
    }
}

/// The service: the store and the accepted key.
#[derive(Debug, Clone)]
pub struct Contacts {
    pub store: Arc<Store>,
    api_key: Arc<str>,
    limiter: Option<Arc<RateLimiter>>,
}

impl Contacts {
    pub fn new(api_key: &str, seed: Vec<Contact>) -> Self {
        Contacts {
            store: Arc::new(Store::new(seed)),
            api_key: api_key.into(),
            limiter: None,
        }
    }

    /// The service with at most `per_second` requests a second per API key;
    /// more are answered 429 with `Retry-After` (whole seconds, rounded up).
    pub fn with_rate_limit(mut self, per_second: Option<u32>) -> Self {
        self.limiter = per_second.map(|n| Arc::new(RateLimiter::new(n)));
        self
    }
}

fn error(message: &str, field: Option<&str>) -> Error {
    Error {
        message: message.to_owned(),
        field: field.map(str::to_owned),
    }
}

/// Why a request is refused before it reaches the store: too many requests
/// (with the seconds to wait) or a wrong key.
enum Refused {
    TooMany(i32),
    BadKey,
}

impl Contacts {
    /// The rate limit and the key's value, checked for every operation.
    fn admit(&self, key: &ApiKeyAuth) -> Result<(), Refused> {
        if let Some(limiter) = &self.limiter {
            if let Err(wait) = limiter.take(&key.0) {
                let seconds = wait.as_secs_f64().ceil().max(1.0);
                return Err(Refused::TooMany(seconds as i32));
            }
        }
        if key.0 != *self.api_key {
            return Err(Refused::BadKey);
        }
        Ok(())
    }
}

fn rate_limited() -> Error {
    error("rate limit exceeded for this API key", Some("X-Api-Key"))
}

fn bad_key() -> Error {
    error("invalid API key", Some("X-Api-Key"))
}

impl Api for Contacts {
    async fn list_contacts(
        &self,
        api_key_auth: ApiKeyAuth,
        limit: i32,
        page: i32,
    ) -> ListContactsResponse {
        match self.admit(&api_key_auth) {
            Err(Refused::TooMany(seconds)) => ListContactsResponse::TooManyRequests {
                body: rate_limited(),
                retry_after: Some(seconds),
            },
            Err(Refused::BadKey) => ListContactsResponse::Unauthorized(bad_key()),
            // The router has checked 1 <= limit <= 100 and page >= 1.
            Ok(()) => ListContactsResponse::Ok(self.store.list(
                u64::from(page.unsigned_abs()),
                u64::from(limit.unsigned_abs()),
            )),
        }
    }

    async fn update_contact(
        &self,
        api_key_auth: ApiKeyAuth,
        id: String,
        body: ContactUpdate,
    ) -> UpdateContactResponse {
        match self.admit(&api_key_auth) {
            Err(Refused::TooMany(seconds)) => {
                return UpdateContactResponse::TooManyRequests {
                    body: rate_limited(),
                    retry_after: Some(seconds),
                }
            }
            Err(Refused::BadKey) => return UpdateContactResponse::Unauthorized(bad_key()),
            Ok(()) => {}
        }
        match self.store.update(&id, body) {
            Some(contact) => UpdateContactResponse::Ok(contact),
            None => UpdateContactResponse::NotFound(error(
                &format!("no contact with ID or external reference ID {id:?}"),
                Some("id"),
            )),
        }
    }
}

/// The HTTP application for `config`.
pub fn app(config: Config) -> axum::Router {
    let service = Contacts::new(&config.api_key, config.seed).with_rate_limit(config.rate_limit);
    app_with_service(service, config.server)
}

/// The HTTP application around an existing service (tests keep a handle on
/// its store).
pub fn app_with_service(service: Contacts, server_config: ServerConfig) -> axum::Router {
    server::router_with_config(service, server_config)
}

/// What a connection may cost the server: slow or idle clients are cut
/// off, and the number of connections served at once is bounded, so a
/// few hundred clients trickling one byte a second cannot hold every
/// descriptor.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// Time allowed to send a request's whole head (line and headers).
    pub header_read_timeout: Duration,
    /// Time allowed for a request from its head to the response (the body
    /// included); longer is answered 408.
    pub request_timeout: Duration,
    /// Connections served at once; more are closed as they are accepted.
    pub max_connections: usize,
    /// The most a request head (start line and headers) may take, checked
    /// by hyper (`max_header_size`; its read buffer alone is no exact
    /// bound, a read may overshoot it): a larger head is answered `431` by
    /// hyper itself, with an empty body. Keep it well above the router's
    /// own limits (`ServerConfig::max_uri_bytes` and `max_header_bytes`),
    /// which answer `414`/`431` in the spec's error shape. hyper has two more bounds of
    /// its own that answer with an empty body: more than 100 headers (`431`)
    /// and a target over 65,534 bytes (`414`).
    pub max_head_bytes: usize,
}

impl Default for ServeLimits {
    /// 10 s for the head, 30 s per request, 1,024 connections, 256 KiB of
    /// head (without it hyper stops at its ~400 KiB read buffer, loosely).
    fn default() -> Self {
        ServeLimits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_head_bytes: 256 * 1024,
        }
    }
}

/// Serve `app` on `listener` within `limits` until `shutdown` completes,
/// then stop accepting and let the requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: ServeLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let timeout = limits.request_timeout;
    let app = app.layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| async move {
            match tokio::time::timeout(timeout, next.run(request)).await {
                Ok(response) => response,
                Err(_) => axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
            }
        },
    ));
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of descriptors or similar: wait a moment, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // At the limit, the new connection is closed at once.
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .max_header_size(limits.max_head_bytes)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    graceful.shutdown().await;
}
