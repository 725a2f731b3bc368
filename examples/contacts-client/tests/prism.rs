//! End to end: the generated client against Stoplight Prism mocking
//! `spec/contacts.yaml` on loopback. Prism checks each request against the
//! spec (path, security, body) and answers from the spec's schemas.
//!
//! Prism comes from `tests/prism.sh` (the binary is `$PRISM_BIN`, or the
//! script's default install). Without it the test is skipped with a message,
//! unless `FORGE_REQUIRE_PRISM=1`, which makes a missing Prism a failure.

use contacts_api::client::{Client, Error, UpdateContactError};
use contacts_api::forge_support::Nullable;
use contacts_api::ContactUpdate;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn prism_bin() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("PRISM_BIN") {
        return Some(PathBuf::from(bin)).filter(|p| p.is_file());
    }
    let dir = match std::env::var_os("FORGE_PRISM_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/openapi-forge-prism"),
    };
    Some(dir.join("node_modules/.bin/prism")).filter(|p| p.is_file())
}

/// A running `prism mock`, stopped on drop.
struct Prism {
    child: Child,
    base_url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    fn start(bin: &PathBuf) -> Prism {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/contacts.yaml");
        let log = std::env::temp_dir().join(format!("contacts-prism-{port}.log"));
        let child = Command::new(bin)
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg(&spec)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).expect("log file"))
            .stderr(Stdio::inherit())
            .spawn()
            .expect("prism starts");
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "prism did not listen on {port} within 90 s; log: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }
}

fn update() -> ContactUpdate {
    ContactUpdate {
        first_name: Some("Ana".into()),
        email: Some("ana@example.com".into()),
        custom_attributes: Nullable::Null,
        ..Default::default()
    }
}

/// A reqwest client that asks Prism for a given documented status.
fn prefer(code: u16) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&format!("code={code}")).unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn generated_client_against_prism() {
    let Some(bin) = prism_bin() else {
        if std::env::var("FORGE_REQUIRE_PRISM").as_deref() == Ok("1") {
            panic!("prism not found and FORGE_REQUIRE_PRISM=1 (run tests/prism.sh)");
        }
        eprintln!("skipped: prism not found (run tests/prism.sh)");
        return;
    };
    let prism = Prism::start(&bin);
    let client = Client::new(&prism.base_url).with_api_key_auth("test-key");

    // A valid update: Prism validated path, X-Api-Key and the body.
    let contact = client.update_contact("42", &update()).await.unwrap();
    assert!(!contact.id.is_empty());

    // Ids that need encoding still match /contacts/{id}.
    for id in ["crm/42 #A", "ñandú"] {
        let contact = client.update_contact(id, &update()).await;
        assert!(contact.is_ok(), "id {id:?}: {contact:?}");
    }

    // No key: Prism enforces the security requirement with a 401.
    let err = Client::new(&prism.base_url)
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(UpdateContactError::Unauthorized(_))),
        "{err:?}"
    );

    // Documented error statuses, asked for with `Prefer: code=...`.
    let err = client
        .clone()
        .with_http_client(prefer(404))
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(UpdateContactError::NotFound(_))),
        "{err:?}"
    );
    // A 429 is retried (Prism's example `Retry-After` is negative, so the
    // client backs off on its own) and, answered every time, given up.
    let err = client
        .clone()
        .with_http_client(prefer(429))
        .update_contact("42", &update())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3, "{err:?}");
    assert!(
        matches!(
            err.api(),
            Some(UpdateContactError::TooManyRequests {
                retry_after: Some(_),
                ..
            })
        ),
        "{err:?}"
    );
}
