//! A `multipart/form-data` upload from the generated client, read on the
//! server side by an independent parser (multer), over real HTTP.

mod common;

use edge_cases::multipart::client::Client;
use edge_cases::multipart::forge_support::{Nullable, Upload};
use edge_cases::multipart::server::{self, Api, UploadFileResponse};
use edge_cases::multipart::{
    ReceivedPart, UploadFileBody, UploadFileBodyMeta, UploadFileBodyPurpose,
};

struct Parts;

impl Api for Parts {
    async fn upload_file(&self, body: axum::body::Bytes) -> UploadFileResponse {
        // The handler gets the body as it came; the boundary opens it.
        let first = body.split(|b| *b == b'\r').next().unwrap_or_default();
        let boundary =
            String::from_utf8_lossy(first.strip_prefix(b"--").expect("opens with a boundary"))
                .into_owned();
        let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]);
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .expect("a well-formed multipart body")
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|m| m.to_string());
            let bytes = field.bytes().await.expect("part bytes");
            parts.push(ReceivedPart {
                name,
                file_name,
                content_type,
                bytes: bytes.iter().map(|b| i32::from(*b)).collect(),
            });
        }
        UploadFileResponse::Ok(parts)
    }
}

fn part(
    name: &str,
    file_name: Option<&str>,
    content_type: Option<&str>,
    bytes: &[u8],
) -> ReceivedPart {
    ReceivedPart {
        name: name.into(),
        file_name: file_name.map(Into::into),
        content_type: content_type.map(Into::into),
        bytes: bytes.iter().map(|b| i32::from(*b)).collect(),
    }
}

#[tokio::test]
async fn every_property_arrives_as_its_own_part() {
    let base = common::serve(server::router(Parts)).await;
    // Binary content: bytes that are not UTF-8, and the boundary the client
    // tries first (so it must pick another).
    let data: Vec<u8> = [
        &[0u8, 159, 146, 150, 255][..],
        b"\r\n--forge-boundary-0000000000000000\r\n",
    ]
    .concat();
    let body = UploadFileBody {
        file: Upload::new(data.clone())
            .with_file_name("train \"v2\".jsonl")
            .with_content_type("application/jsonl"),
        purpose: UploadFileBodyPurpose::FineTune,
        attachments: Some(vec![
            Upload::new("a"),
            Upload::new(vec![1, 2]).with_file_name("b.bin"),
        ]),
        tags: Some(vec!["x".into(), "y z".into()]),
        size: Some(42),
        meta: Some(UploadFileBodyMeta {
            owner: Some("ana".into()),
        }),
        note: Nullable::Null,
    };
    let parts = Client::new(&base)
        .upload_file(&body)
        .await
        .expect("uploaded");
    assert_eq!(
        parts,
        vec![
            part(
                "file",
                Some("train %22v2%22.jsonl"),
                Some("application/jsonl"),
                &data
            ),
            part("purpose", None, None, b"fine-tune"),
            part(
                "attachments",
                Some("attachments"),
                Some("application/octet-stream"),
                b"a"
            ),
            part(
                "attachments",
                Some("b.bin"),
                Some("application/octet-stream"),
                &[1, 2]
            ),
            part("tags", None, None, b"x"),
            part("tags", None, None, b"y z"),
            part("size", None, None, b"42"),
            part(
                "meta",
                None,
                Some("application/json"),
                br#"{"owner":"ana"}"#
            ),
            // `note: null` sends nothing.
        ]
    );
}

#[tokio::test]
async fn absent_optional_properties_send_no_part() {
    let base = common::serve(server::router(Parts)).await;
    let body = UploadFileBody {
        file: Upload::new("only"),
        purpose: UploadFileBodyPurpose::Assistants,
        attachments: None,
        tags: None,
        size: None,
        meta: None,
        note: Nullable::Absent,
    };
    let parts = Client::new(&base)
        .upload_file(&body)
        .await
        .expect("uploaded");
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["file", "purpose"]);
}
