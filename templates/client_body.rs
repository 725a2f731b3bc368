/// A binary request body: bytes in memory, or a stream (a file, a
/// channel…) sent as it is read, never held whole. Bytes are sent again
/// when a call is retried; a call with a streamed body is sent once and
/// never retried, since a stream cannot be replayed.
#[derive(Debug)]
pub struct BinaryBody(BinaryKind);

#[derive(Debug)]
enum BinaryKind {
    Bytes(::std::vec::Vec<u8>),
    Stream(::reqwest::Body),
}

impl BinaryBody {
    /// The chunks of `stream`, sent as they come.
    pub fn stream<S>(stream: S) -> Self
    where
        S: ::futures_util::TryStream + ::std::marker::Send + 'static,
        S::Error: ::std::convert::Into<::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>>,
        ::bytes::Bytes: ::std::convert::From<S::Ok>,
    {
        BinaryBody(BinaryKind::Stream(::reqwest::Body::wrap_stream(stream)))
    }

    /// An open file, read as it is sent.
    pub fn file(file: ::tokio::fs::File) -> Self {
        BinaryBody(BinaryKind::Stream(::reqwest::Body::from(file)))
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> ::std::option::Option<&[u8]> {
        match &self.0 {
            BinaryKind::Bytes(bytes) => ::std::option::Option::Some(bytes),
            BinaryKind::Stream(_) => ::std::option::Option::None,
        }
    }
}

impl ::std::convert::From<::std::vec::Vec<u8>> for BinaryBody {
    fn from(bytes: ::std::vec::Vec<u8>) -> Self {
        BinaryBody(BinaryKind::Bytes(bytes))
    }
}

impl ::std::convert::From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        BinaryBody(BinaryKind::Bytes(bytes.to_vec()))
    }
}

impl ::std::convert::From<&::std::vec::Vec<u8>> for BinaryBody {
    fn from(bytes: &::std::vec::Vec<u8>) -> Self {
        BinaryBody(BinaryKind::Bytes(bytes.clone()))
    }
}

impl<const N: usize> ::std::convert::From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        BinaryBody(BinaryKind::Bytes(bytes.to_vec()))
    }
}

impl ::std::convert::From<::bytes::Bytes> for BinaryBody {
    fn from(bytes: ::bytes::Bytes) -> Self {
        BinaryBody(BinaryKind::Bytes(bytes.to_vec()))
    }
}

impl Request {
    /// A binary body with its media type: in memory, or streamed.
    pub fn binary(&mut self, content_type: &str, body: BinaryBody) -> ::std::result::Result<(), InvalidRequest> {
        match body.0 {
            BinaryKind::Bytes(bytes) => self.bytes(content_type, bytes),
            BinaryKind::Stream(stream) => self.stream_body(content_type, stream),
        }
    }
}

#[cfg(test)]
mod client_body_tests {
    use super::*;

    #[test]
    fn bytes_in_memory_stay_readable() {
        assert_eq!(BinaryBody::from(&b"abc"[..]).as_bytes(), Some(&b"abc"[..]));
        assert_eq!(BinaryBody::from(b"abc").as_bytes(), Some(&b"abc"[..]));
        assert_eq!(BinaryBody::from(vec![1u8, 2]).as_bytes(), Some(&[1u8, 2][..]));
        assert_eq!(BinaryBody::from(::bytes::Bytes::from_static(b"x")).as_bytes(), Some(&b"x"[..]));
        let chunks = ::futures_util::stream::iter([Ok::<_, ::std::io::Error>(b"a".to_vec())]);
        assert_eq!(BinaryBody::stream(chunks).as_bytes(), None);
    }
}
