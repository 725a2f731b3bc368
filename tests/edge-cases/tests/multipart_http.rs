//! A `multipart/form-data` upload over real HTTP: the generated client
//! encodes the body part by part, the generated server parses it (with
//! axum's multipart parser) back into the same struct, checking each part.

mod common;

use edge_cases::multipart::client::Client;
use edge_cases::multipart::forge_support::{Nullable, Upload};
use edge_cases::multipart::server::{self, Api};
use edge_cases::multipart::{
    UploadFileBody, UploadFileBodyMeta, UploadFileBodyPurpose, UploadFileResponse as Ack,
};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// Keeps every body the handler receives.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<UploadFileBody>>>);

impl Api for Received {
    async fn upload_file(&self, body: UploadFileBody) -> server::UploadFileResponse {
        let files = 1 + body.attachments.as_ref().map_or(0, Vec::len) as i32;
        self.0.lock().unwrap().push(body);
        server::UploadFileResponse::Ok(Ack { files })
    }
}

async fn start() -> (String, Received) {
    let received = Received::default();
    (
        common::serve(server::router(received.clone())).await,
        received,
    )
}

fn upload(bytes: &[u8], file_name: &str, content_type: &str) -> Upload {
    Upload::new(bytes)
        .with_file_name(file_name)
        .with_content_type(content_type)
}

#[tokio::test]
async fn the_server_reads_back_what_the_client_sent() {
    let (base, received) = start().await;
    // Bytes that are not UTF-8, and the boundary the client tries first (so
    // it must pick another).
    let data: Vec<u8> = [
        &[0u8, 159, 146, 150, 255][..],
        b"\r\n--forge-boundary-0000000000000000\r\n",
    ]
    .concat();
    let sent = UploadFileBody {
        file: upload(&data, "train.jsonl", "application/jsonl"),
        purpose: UploadFileBodyPurpose::FineTune,
        attachments: Some(vec![
            Upload::new("a"),
            upload(&[1, 2], "b.bin", "image/png"),
        ]),
        tags: Some(vec!["x".into(), "y z".into()]),
        size: Some(42),
        meta: Some(UploadFileBodyMeta {
            owner: Some("ana".into()),
        }),
        note: Nullable::Value("fünf".into()),
    };
    let answer = Client::new(&base)
        .upload_file(&sent)
        .await
        .expect("uploaded");
    assert_eq!(answer.files, 3);
    let got = received.0.lock().unwrap().pop().expect("the handler ran");
    // A file without a name or media type gets the property's name and
    // application/octet-stream on the wire.
    let expected = UploadFileBody {
        attachments: Some(vec![
            upload(b"a", "attachments", "application/octet-stream"),
            upload(&[1, 2], "b.bin", "image/png"),
        ]),
        ..sent
    };
    assert_eq!(got, expected);
}

#[tokio::test]
async fn absent_properties_stay_absent() {
    let (base, received) = start().await;
    let sent = UploadFileBody {
        file: upload(b"only", "only.txt", "text/plain"),
        purpose: UploadFileBodyPurpose::Assistants,
        attachments: None,
        tags: None,
        size: None,
        meta: None,
        note: Nullable::Absent,
    };
    Client::new(&base)
        .upload_file(&sent)
        .await
        .expect("uploaded");
    assert_eq!(received.0.lock().unwrap().pop(), Some(sent));
}

/// A hand-written multipart body with the given parts (name, file name, text).
async fn raw(
    base: &str,
    parts: &[(&str, Option<&str>, &str)],
    content_type: Option<&str>,
) -> (u16, Value) {
    let mut body = String::new();
    for (name, file, text) in parts {
        body.push_str("--XyZ\r\n");
        match file {
            Some(f) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\r\n"
            )),
            None => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            )),
        }
        body.push_str(text);
        body.push_str("\r\n");
    }
    body.push_str("--XyZ--\r\n");
    let response = reqwest::Client::new()
        .post(format!("{base}/files"))
        .header(
            "content-type",
            content_type.unwrap_or("multipart/form-data; boundary=XyZ"),
        )
        .body(body)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn hand_written_parts_are_read_and_checked() {
    let (base, received) = start().await;
    let file = ("file", Some("f.txt"), "data");
    let purpose = ("purpose", None, "assistants");
    let (status, _) = raw(&base, &[file, purpose], None).await;
    assert_eq!(status, 200);
    // An array is one part per item, or (as some clients send it) one part
    // holding a JSON array.
    for tags in [
        vec![file, purpose, ("tags", None, "a"), ("tags", None, "b")],
        vec![file, purpose, ("tags", None, "[\"a\", \"b\"]")],
    ] {
        let (status, answer) = raw(&base, &tags, None).await;
        assert_eq!(status, 200, "{answer}");
        let got = received.0.lock().unwrap().pop().expect("the handler ran");
        assert_eq!(got.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    }
    for (parts, field) in [
        (vec![purpose], "file"),
        (vec![file], "purpose"),
        (vec![file, ("purpose", None, "other")], "purpose"),
        (vec![file, purpose, ("size", None, "abc")], "size"),
        (vec![file, purpose, ("size", None, "0")], "size"),
        (
            vec![file, purpose, ("meta", None, "{\"owner\": 7}")],
            "meta.owner",
        ),
    ] {
        let (status, answer) = raw(&base, &parts, None).await;
        assert_eq!(status, 422, "{parts:?}: {answer}");
        assert_eq!(answer["field"], field, "{parts:?}: {answer}");
    }
    let (status, answer) = raw(&base, &[file, purpose], Some("application/json")).await;
    assert_eq!(status, 415, "{answer}");
    let (status, answer) = raw(&base, &[file, purpose], Some("multipart/form-data")).await;
    assert_eq!(status, 400, "no boundary: {answer}");
}
