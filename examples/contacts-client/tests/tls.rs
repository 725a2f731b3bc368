//! The generated client calls an `https` API with the dependencies its
//! module header lists (reqwest with rustls): against a local TLS server
//! whose self-signed certificate (`tests/tls/localhost.crt`, valid until
//! 2126) is passed in through reqwest's client builder.

use contacts_api::client::{Client, Error};
use contacts_api::ContactUpdate;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &[u8] = include_bytes!("tls/localhost.crt");
const KEY: &[u8] = include_bytes!("tls/localhost.key");
const CONTACT: &str = r#"{"id":"42","first_name":"Ana"}"#;

/// An HTTPS server on 127.0.0.1 that answers every request with
/// `CONTACT`; returns its base URL.
async fn serve_tls() -> String {
    let certs = vec![CertificateDer::from_pem_slice(CERT).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that does not trust the certificate hangs up
                // during the handshake.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{CONTACT}",
                    CONTACT.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}")
}

fn update() -> ContactUpdate {
    ContactUpdate {
        first_name: Some("Ana".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_https_call_with_a_certificate_from_the_client_builder() {
    let base = serve_tls().await;
    let cert = reqwest::Certificate::from_pem(CERT).unwrap();
    let http = reqwest::Client::builder()
        .tls_certs_only([cert])
        .build()
        .unwrap();
    let client = Client::new(&base)
        .with_http_client(http)
        .with_api_key_auth("k");
    let contact = client.update_contact("42", &update()).await.unwrap();
    assert_eq!(contact.id, "42");
    assert_eq!(contact.first_name.value().map(String::as_str), Some("Ana"));
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    // The default client verifies the chain: a self-signed certificate it
    // was not given fails the handshake (a transport error, not a hang).
    let base = serve_tls().await;
    let client = Client::new(&base).with_api_key_auth("k");
    let err = client.update_contact("42", &update()).await.unwrap_err();
    assert!(matches!(err.last(), Error::Transport(_)), "{err:?}");
}
