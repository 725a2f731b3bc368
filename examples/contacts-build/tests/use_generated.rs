//! The code build.rs generated is usable as is: models and a client that
//! talks HTTP (here to a one-shot stub server on loopback).

use contacts_build::client::Client;
use contacts_build::{ContactSource, ContactUpdate};
use std::io::{Read, Write};
use std::net::TcpListener;

/// Answer one request with `response`; hand back the raw request text.
fn one_shot(response: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        // Read headers, then the body by Content-Length.
        loop {
            let n = stream.read(&mut chunk).unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf);
            if let Some(end) = text.find("\r\n\r\n") {
                let len = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if buf.len() >= end + 4 + len {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&buf).into_owned()
    });
    (url, handle)
}

#[tokio::test]
async fn generated_client_sends_the_update_and_parses_the_contact() {
    let body = r#"{"id":"c1","first_name":"Ana","source":"crm"}"#;
    let response: &'static str = Box::leak(
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
            .into_boxed_str(),
    );
    let (url, server) = one_shot(response);
    let client = Client::new(url).with_api_key_auth("secret");
    let update = ContactUpdate {
        first_name: Some("Ana".into()),
        source: Some(ContactSource::Crm),
        ..Default::default()
    };
    let contact = client.update_contact("ext/1 a", &update).await.unwrap();
    assert_eq!(contact.id, "c1");
    let request = server.join().unwrap();
    assert!(
        request.starts_with("PUT /contacts/ext%2F1%20a HTTP/1.1"),
        "{request}"
    );
    assert!(
        request.to_ascii_lowercase().contains("x-api-key: secret"),
        "{request}"
    );
    assert!(
        request.ends_with(r#"{"first_name":"Ana","source":"crm"}"#),
        "{request}"
    );
}
