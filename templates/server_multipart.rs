/// A `multipart/form-data` body, read into its parts (by axum's multipart
/// parser), for the handler's typed body.
pub struct Form {
    parts: ::std::vec::Vec<FormPart>,
}

struct FormPart {
    name: ::std::string::String,
    file_name: ::std::option::Option<::std::string::String>,
    content_type: ::std::option::Option<::std::string::String>,
    bytes: ::axum::body::Bytes,
}

/// How a text part becomes JSON for its property's check: as the string
/// it is, or parsed as JSON (numbers, booleans, objects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Text,
    Json,
}

fn malformed_multipart(e: ::axum::extract::multipart::MultipartError) -> Rejection {
    Rejection::new(RejectionKind::Malformed, ::std::format!("malformed multipart body: {}", e.body_text()))
}

impl Input {
    /// A `multipart/form-data` body, `None` when empty.
    pub async fn multipart_body(&mut self, media_type: &str) -> ::std::result::Result<::std::option::Option<Form>, Rejection> {
        let ::std::option::Option::Some(bytes) = self.read(media_type, false).await? else {
            return ::std::result::Result::Ok(::std::option::Option::None);
        };
        let content_type = header_values(&self.parts, "content-type").into_iter().next().unwrap_or_default();
        let mut request = ::axum::http::Request::builder()
            .header(::axum::http::header::CONTENT_TYPE, content_type)
            .body(::axum::body::Body::from(bytes))
            .map_err(|e| Rejection::new(RejectionKind::Malformed, e.to_string()))?;
        // Read under `max_body_bytes` already; the extensions carry the
        // router's `DefaultBodyLimit::disable()` (see `decode_form`).
        *request.extensions_mut() = self.parts.extensions.clone();
        let mut multipart = <::axum::extract::Multipart as ::axum::extract::FromRequest<()>>::from_request(request, &())
            .await
            .map_err(|e| Rejection::new(RejectionKind::Malformed, ::std::format!("malformed multipart body: {}", e.body_text())))?;
        let mut parts = ::std::vec::Vec::new();
        while let ::std::option::Option::Some(field) = multipart.next_field().await.map_err(malformed_multipart)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(malformed_multipart)?;
            parts.push(FormPart { name, file_name, content_type, bytes });
        }
        ::std::result::Result::Ok(::std::option::Option::Some(Form { parts }))
    }
}

impl Form {
    fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a FormPart> + 'a {
        self.parts.iter().filter(move |p| p.name == name)
    }

    /// The property `name` as JSON: its part (the last, if repeated), or
    /// with `list` every part of that name as an array (a single part that
    /// holds a JSON array or object is taken as that JSON, as some clients
    /// send arrays); `None` when no part has the name.
    fn json(&self, name: &str, kind: PartKind, list: bool) -> ::std::option::Option<::serde_json::Value> {
        let to_json = |p: &FormPart| {
            let text = ::std::string::String::from_utf8_lossy(&p.bytes).into_owned();
            match kind {
                PartKind::Text => ::serde_json::Value::String(text),
                // Text that is not JSON stays a string, so the check can
                // say what was expected.
                PartKind::Json => ::serde_json::from_str(&text).unwrap_or(::serde_json::Value::String(text)),
            }
        };
        if list {
            let mut parts = self.named(name);
            if let (::std::option::Option::Some(only), ::std::option::Option::None) = (parts.next(), parts.next()) {
                if let ::std::result::Result::Ok(json @ (::serde_json::Value::Array(_) | ::serde_json::Value::Object(_))) =
                    ::serde_json::from_slice::<::serde_json::Value>(&only.bytes)
                {
                    return ::std::option::Option::Some(json);
                }
            }
            let items: ::std::vec::Vec<::serde_json::Value> = self.named(name).map(to_json).collect();
            (!items.is_empty()).then_some(::serde_json::Value::Array(items))
        } else {
            self.named(name).last().map(to_json)
        }
    }

    /// An optional text property, checked and typed.
    pub fn optional<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
        kind: PartKind,
        list: bool,
        check: impl Fn(&::serde_json::Value) -> Checked,
    ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
        match self.json(name, kind, list) {
            ::std::option::Option::Some(value) => decode_param(value, Location::Part, name, check).map(::std::option::Option::Some),
            ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
        }
    }

    /// A required text property: a missing part is a rejection.
    pub fn required<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
        kind: PartKind,
        list: bool,
        check: impl Fn(&::serde_json::Value) -> Checked,
    ) -> ::std::result::Result<T, Rejection> {
        self.optional(name, kind, list, check)?.ok_or_else(|| missing_part(name))
    }

    /// The files of a binary property (every part of that name).
    pub fn files(&self, name: &str) -> ::std::vec::Vec<super::super::forge_support::Upload> {
        self.named(name).map(FormPart::upload).collect()
    }

    /// An optional binary property (the last part of that name).
    pub fn file(&self, name: &str) -> ::std::option::Option<super::super::forge_support::Upload> {
        self.named(name).last().map(FormPart::upload)
    }

    /// A required binary property.
    pub fn required_file(&self, name: &str) -> ::std::result::Result<super::super::forge_support::Upload, Rejection> {
        self.file(name).ok_or_else(|| missing_part(name))
    }
}

impl FormPart {
    fn upload(&self) -> super::super::forge_support::Upload {
        super::super::forge_support::Upload {
            bytes: self.bytes.to_vec(),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
        }
    }
}

/// The same rejection a JSON body gets for a missing required property.
fn missing_part(name: &str) -> Rejection {
    Violation::new("missing required property").in_field(name).reject("invalid request body")
}

#[cfg(test)]
mod multipart_tests {
    use super::*;
    use ::axum::body::Body;
    use ::axum::http::Request;
    use ::serde_json::{json, Value};

    const BOUNDARY: &str = "forge-boundary-7MA4YWxk";
    const FORM_DATA: &str = "multipart/form-data";

    /// One part: name, file name, media type, content.
    type RawPart<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

    fn text(name: &'static str, value: &'static str) -> RawPart<'static> {
        (name, None, None, value.as_bytes())
    }

    fn encode(parts: &[RawPart<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file_name, content_type, bytes) in parts {
            out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
            if let Some(file_name) = file_name {
                disposition.push_str(&format!("; filename=\"{file_name}\""));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        out
    }

    async fn input_for(content_type: Option<&str>, body: Vec<u8>, max_body_bytes: usize) -> Input {
        let mut builder = Request::builder().method("POST").uri("/upload");
        if let Some(content_type) = content_type {
            builder = builder.header("content-type", content_type);
        }
        let request = builder.body(Body::from(body)).unwrap();
        let config = ServerConfig::default().with_max_body_bytes(max_body_bytes);
        Input::new(request, &config, false, false).await.unwrap()
    }

    fn multipart_type() -> String {
        format!("multipart/form-data; boundary={BOUNDARY}")
    }

    async fn form(parts: &[RawPart<'_>]) -> Form {
        let mut input = input_for(Some(&multipart_type()), encode(parts), 1 << 20).await;
        input
            .multipart_body(FORM_DATA)
            .await
            .unwrap()
            .expect("a non-empty body")
    }

    #[tokio::test]
    async fn text_parts_are_read_and_typed() {
        let f = form(&[
            text("name", "Rex"),
            text("age", "3"),
            text("vaccinated", "true"),
            text("empty", ""),
        ])
        .await;
        assert_eq!(
            f.required::<String>("name", PartKind::Text, false, expect_string),
            Ok("Rex".to_owned())
        );
        assert_eq!(
            f.required::<u8>("age", PartKind::Json, false, expect_type::<u8>),
            Ok(3)
        );
        assert_eq!(
            f.required::<bool>("vaccinated", PartKind::Json, false, expect_bool),
            Ok(true)
        );
        assert_eq!(
            f.required::<String>("empty", PartKind::Text, false, expect_string),
            Ok(String::new())
        );
        // Text kind keeps digits as a string.
        assert_eq!(
            f.required::<String>("age", PartKind::Text, false, expect_string),
            Ok("3".to_owned())
        );
        assert_eq!(
            f.optional::<String>("nickname", PartKind::Text, false, expect_string),
            Ok(None)
        );
    }

    #[tokio::test]
    async fn json_parts_hold_objects() {
        let f = form(&[
            text("meta", r#"{"tags":["a"],"n":1}"#),
            text("bad", "{not json"),
        ])
        .await;
        let meta: Value = f
            .required("meta", PartKind::Json, false, expect_any_object)
            .unwrap();
        assert_eq!(meta, json!({"tags": ["a"], "n": 1}));
        // Text that is not JSON stays a string, and the check says what was expected.
        let r = f
            .required::<Value>("bad", PartKind::Json, false, expect_any_object)
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "multipart part `bad`: expected an object, found a string"
        );
        assert_eq!(r.field.as_deref(), Some("bad"));
    }

    #[tokio::test]
    async fn a_part_that_breaks_its_check_is_invalid() {
        let f = form(&[text("age", "old"), text("code", "toolong")]).await;
        let r = f
            .required::<u8>("age", PartKind::Json, false, expect_type::<u8>)
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "multipart part `age`: invalid type: string \"old\", expected u8"
        );
        assert_eq!(r.field.as_deref(), Some("age"));
        let r = f
            .required::<String>(
                "code",
                PartKind::Text,
                false,
                limited(expect_string, Limits::NONE.max_length(4)),
            )
            .unwrap_err();
        assert_eq!(
            r.message,
            "multipart part `code`: must be at most 4 characters long, found 7"
        );
        assert_eq!(policy(422, &[]).respond(r).status().as_u16(), 422);
    }

    #[tokio::test]
    async fn a_repeated_scalar_part_takes_the_last() {
        let f = form(&[text("name", "first"), text("name", "second")]).await;
        assert_eq!(
            f.required::<String>("name", PartKind::Text, false, expect_string),
            Ok("second".to_owned())
        );
    }

    #[tokio::test]
    async fn file_parts_keep_name_and_media_type() {
        let f = form(&[
            text("title", "holiday"),
            (
                "photo",
                Some("beach.png"),
                Some("image/png"),
                &[0x89, b'P', b'N', b'G', 0, 0xff],
            ),
            ("raw", Some("data.bin"), None, b"\x00\x01"),
        ])
        .await;
        let photo = f.required_file("photo").unwrap();
        assert_eq!(photo.bytes, vec![0x89, b'P', b'N', b'G', 0, 0xff]);
        assert_eq!(photo.file_name.as_deref(), Some("beach.png"));
        assert_eq!(photo.content_type.as_deref(), Some("image/png"));
        let raw = f.file("raw").unwrap();
        assert_eq!(raw.bytes, vec![0, 1]);
        assert_eq!(raw.file_name.as_deref(), Some("data.bin"));
        assert_eq!(raw.content_type, None);
        // A text part read as a file has neither.
        let title = f.file("title").unwrap();
        assert_eq!(title.bytes, b"holiday".to_vec());
        assert_eq!(title.file_name, None);
        assert_eq!(title.content_type, None);
        assert_eq!(f.file("missing"), None);
        assert!(f.files("missing").is_empty());
    }

    #[tokio::test]
    async fn repeated_file_parts() {
        let f = form(&[
            ("docs", Some("a.txt"), Some("text/plain"), b"A"),
            text("other", "x"),
            ("docs", Some("b.txt"), Some("text/plain"), b"B"),
        ])
        .await;
        let docs = f.files("docs");
        let names: Vec<Option<&str>> = docs.iter().map(|d| d.file_name.as_deref()).collect();
        assert_eq!(names, vec![Some("a.txt"), Some("b.txt")]);
        assert_eq!(docs[1].bytes, b"B".to_vec());
        // The single-file accessor takes the last.
        assert_eq!(f.file("docs").unwrap().file_name.as_deref(), Some("b.txt"));
    }

    #[tokio::test]
    async fn a_missing_required_part_is_invalid() {
        let f = form(&[text("name", "Rex")]).await;
        let r = f
            .required::<String>("owner", PartKind::Text, false, expect_string)
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "invalid request body: `owner`: missing required property"
        );
        assert_eq!(r.field.as_deref(), Some("owner"));
        let r = f.required_file("photo").unwrap_err();
        assert_eq!(r, missing_part("photo"));
        assert_eq!(
            r.message,
            "invalid request body: `photo`: missing required property"
        );
        let r = f
            .required::<Vec<String>>("tags", PartKind::Text, true, array(expect_string))
            .unwrap_err();
        assert_eq!(r.field.as_deref(), Some("tags"));
        // Same shape as a JSON body missing the property.
        let body = decode_json::<Value>(b"{}", |v: &Value| {
            object(v, &[("owner", true, &expect_string)])
        })
        .unwrap_err();
        assert_eq!(body, missing_part("owner"));
    }

    #[tokio::test]
    async fn arrays_as_repeated_parts() {
        let f = form(&[
            text("tags", "a"),
            text("n", "1"),
            text("tags", "b"),
            text("n", "2"),
            text("one", "x"),
        ])
        .await;
        let tags: Vec<String> = f
            .required("tags", PartKind::Text, true, array(expect_string))
            .unwrap();
        assert_eq!(tags, vec!["a", "b"]);
        let n: Vec<u8> = f
            .required("n", PartKind::Json, true, array(expect_type::<u8>))
            .unwrap();
        assert_eq!(n, vec![1, 2]);
        // A single plain part is a one-item array.
        let one: Vec<String> = f
            .required("one", PartKind::Text, true, array(expect_string))
            .unwrap();
        assert_eq!(one, vec!["x"]);
        assert_eq!(
            f.optional::<Vec<String>>("none", PartKind::Text, true, array(expect_string)),
            Ok(None)
        );
    }

    #[tokio::test]
    async fn arrays_as_one_json_part() {
        let f = form(&[
            text("tags", r#"["a","b"]"#),
            text("ids", "[1, 2, 3]"),
            text("n", "5"),
            text("objs", r#"[{"k":1}]"#),
        ])
        .await;
        let tags: Vec<String> = f
            .required("tags", PartKind::Text, true, array(expect_string))
            .unwrap();
        assert_eq!(tags, vec!["a", "b"]);
        let ids: Vec<u8> = f
            .required("ids", PartKind::Json, true, array(expect_type::<u8>))
            .unwrap();
        assert_eq!(ids, vec![1, 2, 3]);
        // A single JSON scalar is not an array: it becomes the one item.
        let n: Vec<u8> = f
            .required("n", PartKind::Json, true, array(expect_type::<u8>))
            .unwrap();
        assert_eq!(n, vec![5]);
        let objs: Vec<Value> = f
            .required("objs", PartKind::Json, true, array(expect_any_object))
            .unwrap();
        assert_eq!(objs, vec![json!({"k": 1})]);
        // Two parts that hold JSON arrays are two items.
        let f = form(&[text("m", "[1]"), text("m", "[2]")]).await;
        let m: Vec<Value> = f.required("m", PartKind::Json, true, accept_any).unwrap();
        assert_eq!(m, vec![json!([1]), json!([2])]);
    }

    #[tokio::test]
    async fn array_item_that_breaks_its_check() {
        let f = form(&[text("ids", "1"), text("ids", "x")]).await;
        let r = f
            .required::<Vec<u8>>("ids", PartKind::Json, true, array(expect_type::<u8>))
            .unwrap_err();
        assert_eq!(r.kind, RejectionKind::Invalid);
        assert_eq!(
            r.message,
            "multipart part `ids`: `[1]`: invalid type: string \"x\", expected u8"
        );
    }

    #[tokio::test]
    async fn array_item_field_is_named_like_a_json_body() {
        let f = form(&[text("ids", "1"), text("ids", "x")]).await;
        let r = f
            .required::<Vec<u8>>("ids", PartKind::Json, true, array(expect_type::<u8>))
            .unwrap_err();
        assert_eq!(r.field.as_deref(), Some("ids[1]"));
    }

    #[tokio::test]
    async fn parts_with_non_utf8_text_are_read_lossily() {
        let f = form(&[("name", None, None, b"caf\xe9")]).await;
        assert_eq!(
            f.required::<String>("name", PartKind::Text, false, expect_string),
            Ok("caf\u{fffd}".to_owned())
        );
    }

    #[tokio::test]
    async fn an_empty_body_is_none() {
        let mut input = input_for(Some(&multipart_type()), Vec::new(), 1024).await;
        assert!(input.multipart_body(FORM_DATA).await.unwrap().is_none());
        let mut input = input_for(None, Vec::new(), 1024).await;
        assert!(input.multipart_body(FORM_DATA).await.unwrap().is_none());
        let r = require(
            input_for(None, Vec::new(), 1024)
                .await
                .multipart_body(FORM_DATA)
                .await
                .unwrap(),
        )
        .err()
        .unwrap();
        assert_eq!(r.message, "the request body is required");
    }

    #[tokio::test]
    async fn a_form_with_no_parts() {
        let mut input = input_for(Some(&multipart_type()), encode(&[]), 1024).await;
        let f = input.multipart_body(FORM_DATA).await.unwrap().unwrap();
        assert!(f.parts.is_empty());
        assert_eq!(
            f.optional::<String>("x", PartKind::Text, false, expect_string),
            Ok(None)
        );
    }

    #[tokio::test]
    async fn the_wrong_media_type_is_415() {
        let mut input = input_for(Some("application/json"), encode(&[text("a", "b")]), 1024).await;
        let r = input.multipart_body(FORM_DATA).await.err().unwrap();
        assert_eq!(r.kind, RejectionKind::UnsupportedMediaType);
        assert_eq!(
            r.message,
            "unsupported Content-Type \"application/json\"; expected multipart/form-data"
        );
        let mut input = input_for(None, encode(&[text("a", "b")]), 1024).await;
        let r = input.multipart_body(FORM_DATA).await.err().unwrap();
        assert_eq!(
            r.message,
            "missing Content-Type; expected multipart/form-data"
        );
        assert_eq!(policy(422, &[]).respond(r).status().as_u16(), 415);
    }

    #[tokio::test]
    async fn a_missing_boundary_is_malformed() {
        let mut input = input_for(Some(FORM_DATA), encode(&[text("a", "b")]), 1024).await;
        let r = input.multipart_body(FORM_DATA).await.err().unwrap();
        assert_eq!(r.kind, RejectionKind::Malformed);
        assert!(
            r.message.starts_with("malformed multipart body: "),
            "{}",
            r.message
        );
        assert_eq!(policy(422, &[]).respond(r).status().as_u16(), 400);
    }

    #[tokio::test]
    async fn a_truncated_body_is_malformed() {
        let mut body = encode(&[text("a", "b"), text("c", "d")]);
        body.truncate(body.len() - 30);
        let mut input = input_for(Some(&multipart_type()), body, 1024).await;
        let r = input.multipart_body(FORM_DATA).await.err().unwrap();
        assert_eq!(r.kind, RejectionKind::Malformed);
        assert!(
            r.message.starts_with("malformed multipart body: "),
            "{}",
            r.message
        );
    }

    #[tokio::test]
    async fn the_body_limit_applies_to_the_whole_form() {
        let body = encode(&[("f", Some("f.bin"), None, &[7u8; 100])]);
        let len = body.len();
        let mut at = input_for(Some(&multipart_type()), body.clone(), len).await;
        let f = at.multipart_body(FORM_DATA).await.unwrap().unwrap();
        assert_eq!(f.required_file("f").unwrap().bytes.len(), 100);
        let mut over = input_for(Some(&multipart_type()), body, len - 1).await;
        let r = over.multipart_body(FORM_DATA).await.err().unwrap();
        assert_eq!(r.kind, RejectionKind::TooLarge);
        assert_eq!(
            r.message,
            format!("request body is larger than {} bytes", len - 1)
        );
    }

    #[tokio::test]
    async fn a_form_over_two_mebibytes_within_the_configured_limit() {
        let file = vec![b'x'; 3 * 1024 * 1024];
        let body = encode(&[(
            "f",
            Some("big.bin"),
            Some("application/octet-stream"),
            &file,
        )]);
        let request = Request::builder()
            .method("POST")
            .uri("/upload")
            .header("content-type", multipart_type())
            .body(Body::from(body))
            .unwrap();
        let request = super::runtime_tests::through_generated_router(request).await;
        let config = ServerConfig::default().with_max_body_bytes(4 * 1024 * 1024);
        let mut input = Input::new(request, &config, false, false).await.unwrap();
        let f = input.multipart_body(FORM_DATA).await.unwrap().unwrap();
        assert_eq!(f.required_file("f").unwrap().bytes.len(), file.len());
    }
}
