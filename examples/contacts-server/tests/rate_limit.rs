//! The example server's rate limit against the generated client's retries,
//! end to end over HTTP: the server answers 429 with `Retry-After` in the
//! spec's error shape, and the client waits and tries again on its own.

use contacts_api::client::{Client, Error, RetryPolicy, UpdateContactError};
use contacts_api::forge_support::Nullable;
use contacts_api::server::ServerConfig;
use contacts_api::ContactUpdate;
use contacts_server::{app_with_service, parse_rate_limit, parse_seed, Contacts, DEFAULT_SEED};
use std::time::{Duration, Instant};

const KEY: &str = "test-key";

async fn serve(per_second: u32) -> (String, Contacts) {
    let service = Contacts::new(KEY, parse_seed(DEFAULT_SEED).expect("seed parses"))
        .with_rate_limit(Some(per_second));
    let app = app_with_service(service.clone(), ServerConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, service)
}

fn named(name: &str) -> ContactUpdate {
    ContactUpdate {
        first_name: Some(name.to_owned()),
        ..Default::default()
    }
}

#[tokio::test]
async fn twenty_updates_at_two_per_second_all_land() {
    let (base, service) = serve(2).await;
    let client = Client::new(&base).with_api_key_auth(KEY);
    let start = Instant::now();
    for i in 0..20 {
        let name = format!("n{i}");
        let contact = client
            .update_contact("c-1001", &named(&name))
            .await
            .unwrap_or_else(|e| panic!("update {i}: {e}"));
        assert_eq!(contact.first_name, Nullable::Value(name));
    }
    let took = start.elapsed();
    // Two a second with a burst of two: the last 18 need about 9 s.
    assert!(took >= Duration::from_secs(8), "{took:?}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    let stored = service.store.get("c-1001").unwrap();
    assert_eq!(stored.first_name, Nullable::Value("n19".to_owned()));
}

#[tokio::test]
async fn without_retries_the_429_names_the_wait_in_the_spec_shape() {
    let (base, _) = serve(1).await;
    let client = Client::new(&base)
        .with_api_key_auth(KEY)
        .with_retry(RetryPolicy::none());
    client.update_contact("c-1001", &named("a")).await.unwrap();
    let err = client
        .update_contact("c-1001", &named("b"))
        .await
        .unwrap_err();
    match err {
        Error::Api(UpdateContactError::TooManyRequests { body, retry_after }) => {
            assert_eq!(retry_after, Some(1));
            assert_eq!(body.message, "rate limit exceeded for this API key");
            assert_eq!(body.field.as_deref(), Some("X-Api-Key"));
        }
        other => panic!("expected 429, got {other:?}"),
    }
}

#[test]
fn rate_limits_parse() {
    assert_eq!(parse_rate_limit("2/s"), Ok(2));
    assert_eq!(parse_rate_limit("10"), Ok(10));
    for bad in ["0/s", "-1", "2/m", "fast", ""] {
        assert!(parse_rate_limit(bad).is_err(), "{bad:?}");
    }
}
