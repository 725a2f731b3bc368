//! `contacts-client list` end to end: the example server, seeded with 250
//! contacts, served over loopback; the command walks the pages with the
//! generated stream and prints every contact once, in the server's order.

use contacts_server::{app, Config, ServeLimits};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const KEY: &str = "list-key";

/// 250 contacts, `c-0001` to `c-0250`, seeded in reverse so the order the
/// server gives is its own.
fn seed() -> Vec<contacts_api::Contact> {
    let all: Vec<serde_json::Value> = (1..=250)
        .rev()
        .map(|i| serde_json::json!({"id": format!("c-{i:04}"), "first_name": format!("Name {i}")}))
        .collect();
    serde_json::from_value(serde_json::Value::Array(all)).expect("seed")
}

/// The example server on a free port, counting the requests it gets.
async fn serve() -> (String, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let router = app(Config::new(KEY, seed())).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            seen.fetch_add(1, Ordering::SeqCst);
            next.run(request)
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(contacts_server::serve(
        listener,
        router,
        ServeLimits::default(),
        std::future::pending(),
    ));
    (url, requests)
}

async fn list(url: &str, flags: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args(["--base-url", url, "--api-key", KEY, "list"])
        .args(flags)
        .output()
        .await
        .expect("run contacts-client")
}

fn ids(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let contact: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            contact["id"].as_str().expect("an id").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn list_prints_every_contact_once_in_order() {
    let (url, requests) = serve().await;
    let out = list(&url, &["--page-size", "20"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids = ids(&out.stdout);
    assert_eq!(ids.len(), 250);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        250,
        "no duplicates"
    );
    let expected: Vec<String> = (1..=250).map(|i| format!("c-{i:04}")).collect();
    assert_eq!(ids, expected, "in the server's order");
    // 12 full pages of 20 and a short 13th of 10 that ends the list.
    assert_eq!(requests.load(Ordering::SeqCst), 13);
}

#[tokio::test]
async fn without_a_page_size_the_server_default_applies() {
    let (url, requests) = serve().await;
    let out = list(&url, &[]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ids(&out.stdout).len(), 250);
    // The spec's default of 20, applied by the generated server.
    assert_eq!(requests.load(Ordering::SeqCst), 13);
}

#[tokio::test]
async fn a_wrong_key_is_one_line_and_exit_1() {
    let (url, _) = serve().await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
        .args(["--base-url", &url, "--api-key", "wrong", "list"])
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("401") && stderr.contains("invalid API key"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_bad_page_size_is_bad_usage() {
    for flags in [
        &["list", "--page-size", "0"][..],
        &["list", "--page-size", "101"],
        &["update", "x", "{}", "--page-size", "5"],
    ] {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_contacts-client"))
            .args(flags)
            .output()
            .await
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
    }
}
