//! Multipart shapes the generator cannot support as parts still compile
//! and behave as their warnings say, over real HTTP: a scalar form-data
//! body fails in the client before anything is sent, and a multipart
//! response is raw bytes on both sides.

mod common;

use edge_cases::multipart_edges::client::{Client, Error};
use edge_cases::multipart_edges::server::{self, Api};
use edge_cases::multipart_edges::PostNestedBody;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PARTS: &[u8] = b"--b\r\ncontent-disposition: form-data; name=\"r\"\r\n\r\nx\r\n--b--\r\n";

/// Counts the calls that reach a handler.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl Api for Counting {
    async fn post_scalar(&self, _: Option<axum::body::Bytes>) -> server::PostScalarResponse {
        self.0.fetch_add(1, Ordering::SeqCst);
        server::PostScalarResponse::NoContent
    }

    async fn post_flag(&self, _: Option<axum::body::Bytes>) -> server::PostFlagResponse {
        self.0.fetch_add(1, Ordering::SeqCst);
        server::PostFlagResponse::NoContent
    }

    async fn get_parts(&self) -> server::GetPartsResponse {
        self.0.fetch_add(1, Ordering::SeqCst);
        server::GetPartsResponse::Ok(axum::body::Bytes::from_static(PARTS))
    }

    async fn post_nested(&self, _: Option<PostNestedBody>) -> server::PostNestedResponse {
        self.0.fetch_add(1, Ordering::SeqCst);
        server::PostNestedResponse::NoContent
    }
}

#[tokio::test]
async fn a_scalar_form_data_body_fails_before_sending() {
    let calls = Counting::default();
    let base = common::serve(server::router(calls.clone())).await;
    let err = Client::new(&base).post_scalar(Some(5)).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("must be an object"), "{err}");
    // No body at all is a valid call.
    Client::new(&base).post_flag(None).await.expect("no body");
    assert_eq!(
        calls.0.load(Ordering::SeqCst),
        1,
        "only the call without a body was sent"
    );
}

#[tokio::test]
async fn a_multipart_response_is_raw_bytes() {
    let base = common::serve(server::router(Counting::default())).await;
    let body = Client::new(&base).get_parts().await.expect("the parts");
    let bytes = body.collect().await.expect("read");
    assert_eq!(&bytes[..], PARTS);
}
