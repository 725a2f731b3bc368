/// A `multipart/form-data` body, part by part.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: ::std::vec::Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: ::std::string::String,
    file_name: ::std::option::Option<::std::string::String>,
    content_type: ::std::option::Option<::std::string::String>,
    bytes: ::std::vec::Vec<u8>,
}

/// What a binary property of a multipart body holds: one file, maybe one,
/// or several (each its own part under the same name).
pub trait FileParts {
    fn uploads(&self) -> ::std::vec::Vec<&Upload>;
}

impl FileParts for Upload {
    fn uploads(&self) -> ::std::vec::Vec<&Upload> {
        ::std::vec![self]
    }
}

impl<T: FileParts> FileParts for ::std::option::Option<T> {
    fn uploads(&self) -> ::std::vec::Vec<&Upload> {
        self.iter().flat_map(FileParts::uploads).collect()
    }
}

impl<T: FileParts> FileParts for ::std::vec::Vec<T> {
    fn uploads(&self) -> ::std::vec::Vec<&Upload> {
        self.iter().flat_map(FileParts::uploads).collect()
    }
}

impl Multipart {
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A property as text parts: a string as it is, a number or boolean as
    /// JSON text, an array as one part per item, an object as JSON
    /// (`application/json`); `null` and absent values send nothing.
    pub fn field<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> ::std::result::Result<(), InvalidRequest> {
        let json = ::serde_json::to_value(value).map_err(|e| InvalidRequest(::std::format!("body field {name}: {e}")))?;
        let items = match json {
            ::serde_json::Value::Array(items) => items,
            other => ::std::vec![other],
        };
        for item in items {
            let (bytes, content_type) = match item {
                ::serde_json::Value::Null => continue,
                ::serde_json::Value::String(s) => (s.into_bytes(), ::std::option::Option::None),
                object @ (::serde_json::Value::Object(_) | ::serde_json::Value::Array(_)) => {
                    (object.to_string().into_bytes(), ::std::option::Option::Some("application/json".to_owned()))
                }
                other => (other.to_string().into_bytes(), ::std::option::Option::None),
            };
            self.parts.push(Part {
                name: name.to_owned(),
                file_name: ::std::option::Option::None,
                content_type,
                bytes,
            });
        }
        ::std::result::Result::Ok(())
    }

    /// A binary property as file parts.
    pub fn file(&mut self, name: &str, value: &impl FileParts) {
        for upload in value.uploads() {
            self.parts.push(Part {
                name: name.to_owned(),
                file_name: ::std::option::Option::Some(upload.file_name.clone().unwrap_or_else(|| name.to_owned())),
                content_type: ::std::option::Option::Some(
                    upload.content_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned()),
                ),
                bytes: upload.bytes.clone(),
            });
        }
    }

    /// Every property of an object body as text parts (for bodies that are
    /// not a generated struct).
    pub fn fields<T: ::serde::Serialize + ?Sized>(&mut self, body: &T) -> ::std::result::Result<(), InvalidRequest> {
        match ::serde_json::to_value(body).map_err(|e| InvalidRequest(::std::format!("request body: {e}")))? {
            ::serde_json::Value::Object(map) => {
                for (k, v) in &map {
                    self.field(k, v)?;
                }
                ::std::result::Result::Ok(())
            }
            other => ::std::result::Result::Err(InvalidRequest(::std::format!(
                "a multipart body must be an object, not {other}"
            ))),
        }
    }

    /// The encoded body and its boundary: one that occurs in no part.
    fn encode(&self) -> (::std::string::String, ::std::vec::Vec<u8>) {
        let mut seed: u64 = 0;
        let boundary = loop {
            let candidate = ::std::format!("forge-boundary-{seed:016x}");
            let clash = self.parts.iter().any(|p| {
                p.bytes.windows(candidate.len()).any(|w| w == candidate.as_bytes())
            });
            if !clash {
                break candidate;
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        };
        // Quotes and line breaks cannot appear inside a quoted name.
        let quoted = |s: &str| s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        let mut out = ::std::vec::Vec::new();
        for p in &self.parts {
            out.extend_from_slice(::std::format!("--{boundary}\r\n").as_bytes());
            let mut disposition = ::std::format!("Content-Disposition: form-data; name=\"{}\"", quoted(&p.name));
            if let ::std::option::Option::Some(f) = &p.file_name {
                disposition.push_str(&::std::format!("; filename=\"{}\"", quoted(f)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let ::std::option::Option::Some(t) = &p.content_type {
                out.extend_from_slice(::std::format!("Content-Type: {}\r\n", quoted(t)).as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&p.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(::std::format!("--{boundary}--\r\n").as_bytes());
        (boundary, out)
    }
}

impl Request {
    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) -> ::std::result::Result<(), InvalidRequest> {
        let (boundary, bytes) = form.encode();
        self.bytes(&::std::format!("multipart/form-data; boundary={boundary}"), bytes)
    }
}

#[cfg(test)]
mod client_multipart_tests {
    use super::*;
    use ::serde_json::json;

    /// A part as (name, file name, content type, body text).
    type Seen = (String, Option<String>, Option<String>, String);

    fn parts(form: &Multipart) -> Vec<Seen> {
        form.parts
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.file_name.clone(),
                    p.content_type.clone(),
                    String::from_utf8_lossy(&p.bytes).into_owned(),
                )
            })
            .collect()
    }

    fn text(name: &str, body: &str) -> Seen {
        (name.to_owned(), None, None, body.to_owned())
    }

    fn json_part(name: &str, body: &str) -> Seen {
        (
            name.to_owned(),
            None,
            Some("application/json".to_owned()),
            body.to_owned(),
        )
    }

    fn file(name: &str, file_name: &str, content_type: &str, body: &str) -> Seen {
        (
            name.to_owned(),
            Some(file_name.to_owned()),
            Some(content_type.to_owned()),
            body.to_owned(),
        )
    }

    /// A part as a real parser sees it: (name, file name, content type, bytes).
    type Parsed = (String, Option<String>, Option<String>, Vec<u8>);

    /// A value whose serialization fails.
    struct Failing;

    impl ::serde::Serialize for Failing {
        fn serialize<S: ::serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(<S::Error as ::serde::ser::Error>::custom("no way"))
        }
    }

    const FIRST_BOUNDARY: &str = "forge-boundary-0000000000000000";

    #[test]
    fn new_is_empty() {
        assert!(Multipart::new().parts.is_empty());
    }

    #[test]
    fn text_number_and_boolean_fields() {
        let mut form = Multipart::new();
        form.field("name", "Ada Lovelace").unwrap();
        form.field("empty", "").unwrap();
        form.field("age", &36).unwrap();
        form.field("ratio", &0.5).unwrap();
        form.field("neg", &-7i64).unwrap();
        form.field("active", &true).unwrap();
        form.field("unicode", &String::from("ünï ✓")).unwrap();
        assert_eq!(
            parts(&form),
            vec![
                text("name", "Ada Lovelace"),
                text("empty", ""),
                text("age", "36"),
                text("ratio", "0.5"),
                text("neg", "-7"),
                text("active", "true"),
                text("unicode", "ünï ✓"),
            ]
        );
    }

    #[test]
    fn null_and_absent_send_nothing() {
        let mut form = Multipart::new();
        form.field("a", &None::<String>).unwrap();
        form.field("b", &()).unwrap();
        form.field("c", &::serde_json::Value::Null).unwrap();
        form.field("d", &Some(1)).unwrap();
        assert_eq!(parts(&form), vec![text("d", "1")]);
    }

    #[test]
    fn arrays_send_one_part_per_item() {
        let mut form = Multipart::new();
        form.field("tags", &["a", "b"]).unwrap();
        form.field("ids", &vec![1, 2, 3]).unwrap();
        form.field("maybe", &[Some("x"), None, Some("y")]).unwrap();
        form.field("none", &Vec::<String>::new()).unwrap();
        assert_eq!(
            parts(&form),
            vec![
                text("tags", "a"),
                text("tags", "b"),
                text("ids", "1"),
                text("ids", "2"),
                text("ids", "3"),
                text("maybe", "x"),
                text("maybe", "y"),
            ]
        );
    }

    #[test]
    fn objects_are_json_parts() {
        #[derive(::serde::Serialize)]
        struct Address {
            city: &'static str,
            zip: Option<u32>,
        }
        let mut form = Multipart::new();
        form.field(
            "address",
            &Address {
                city: "Paris",
                zip: None,
            },
        )
        .unwrap();
        form.field("meta", &json!({"a": [1, 2], "b": {"c": null}}))
            .unwrap();
        assert_eq!(
            parts(&form),
            vec![
                json_part("address", r#"{"city":"Paris","zip":null}"#),
                json_part("meta", r#"{"a":[1,2],"b":{"c":null}}"#),
            ]
        );
    }

    #[test]
    fn arrays_of_objects_and_nested_arrays_are_json_parts() {
        let mut form = Multipart::new();
        form.field("items", &json!([{"id": 1}, {"id": 2}])).unwrap();
        form.field("matrix", &json!([[1, 2], [3]])).unwrap();
        assert_eq!(
            parts(&form),
            vec![
                json_part("items", r#"{"id":1}"#),
                json_part("items", r#"{"id":2}"#),
                json_part("matrix", "[1,2]"),
                json_part("matrix", "[3]"),
            ]
        );
    }

    #[test]
    fn field_serialization_error() {
        let err = Multipart::new().field("x", &Failing).unwrap_err();
        assert_eq!(err, InvalidRequest("body field x: no way".to_owned()));
    }

    #[test]
    fn files_with_name_and_media_type() {
        let mut form = Multipart::new();
        form.file(
            "avatar",
            &Upload::new(vec![0x89, b'P', b'N', b'G'])
                .with_file_name("me.png")
                .with_content_type("image/png"),
        );
        assert_eq!(form.parts.len(), 1);
        let p = &form.parts[0];
        assert_eq!(p.name, "avatar");
        assert_eq!(p.file_name.as_deref(), Some("me.png"));
        assert_eq!(p.content_type.as_deref(), Some("image/png"));
        assert_eq!(p.bytes, vec![0x89, b'P', b'N', b'G']);
    }

    #[test]
    fn files_default_to_the_field_name_and_octet_stream() {
        let mut form = Multipart::new();
        form.file("doc", &Upload::new("raw"));
        form.file("typed", &Upload::new("x").with_content_type("text/plain"));
        form.file("named", &Upload::new("y").with_file_name("y.bin"));
        assert_eq!(
            parts(&form),
            vec![
                file("doc", "doc", "application/octet-stream", "raw"),
                file("typed", "typed", "text/plain", "x"),
                file("named", "y.bin", "application/octet-stream", "y"),
            ]
        );
    }

    #[test]
    fn optional_and_repeated_files() {
        let mut form = Multipart::new();
        form.file("none", &None::<Upload>);
        form.file("some", &Some(Upload::new("1").with_file_name("1.txt")));
        form.file(
            "many",
            &vec![Upload::new("a").with_file_name("a.txt"), Upload::new("b")],
        );
        form.file("maybe_many", &Some(vec![Upload::new("c")]));
        form.file("empty", &Vec::<Upload>::new());
        form.file("sparse", &vec![None, Some(Upload::new("d"))]);
        assert_eq!(
            parts(&form),
            vec![
                file("some", "1.txt", "application/octet-stream", "1"),
                file("many", "a.txt", "application/octet-stream", "a"),
                file("many", "many", "application/octet-stream", "b"),
                file("maybe_many", "maybe_many", "application/octet-stream", "c"),
                file("sparse", "sparse", "application/octet-stream", "d"),
            ]
        );
    }

    #[test]
    fn file_parts_uploads() {
        let u = Upload::new("z");
        assert_eq!(u.uploads(), vec![&u]);
        assert!(None::<Upload>.uploads().is_empty());
        let v = vec![Upload::new("1"), Upload::new("2")];
        assert_eq!(v.uploads(), vec![&v[0], &v[1]]);
    }

    #[test]
    fn fields_of_an_object_body() {
        // Keys in alphabetical order, so the test holds with and without
        // serde_json's `preserve_order`.
        let body = json!({
            "a_name": "Ada",
            "b_ids": [1, 2],
            "c_none": null,
            "d_meta": {"k": "v"},
            "e_flag": false,
        });
        let mut form = Multipart::new();
        form.fields(&body).unwrap();
        assert_eq!(
            parts(&form),
            vec![
                text("a_name", "Ada"),
                text("b_ids", "1"),
                text("b_ids", "2"),
                json_part("d_meta", r#"{"k":"v"}"#),
                text("e_flag", "false"),
            ]
        );
    }

    #[test]
    fn fields_of_a_non_object_body_is_an_error() {
        let err = Multipart::new().fields(&[1, 2]).unwrap_err();
        assert_eq!(err.0, "a multipart body must be an object, not [1,2]");
        let err = Multipart::new().fields("text").unwrap_err();
        assert_eq!(err.0, "a multipart body must be an object, not \"text\"");
        let err = Multipart::new().fields(&None::<u8>).unwrap_err();
        assert_eq!(err.0, "a multipart body must be an object, not null");
        let err = Multipart::new().fields(&Failing).unwrap_err();
        assert_eq!(err.0, "request body: no way");
    }

    #[test]
    fn encode_writes_every_part_with_its_headers() {
        let mut form = Multipart::new();
        form.field("name", "Ada").unwrap();
        form.field("meta", &json!({"k": 1})).unwrap();
        form.file(
            "doc",
            &Upload::new("a,b\r\n")
                .with_file_name("d.csv")
                .with_content_type("text/csv"),
        );
        let (boundary, bytes) = form.encode();
        assert_eq!(boundary, FIRST_BOUNDARY);
        let expected = format!(
            "--{b}\r\n\
             Content-Disposition: form-data; name=\"name\"\r\n\
             \r\n\
             Ada\r\n\
             --{b}\r\n\
             Content-Disposition: form-data; name=\"meta\"\r\n\
             Content-Type: application/json\r\n\
             \r\n\
             {{\"k\":1}}\r\n\
             --{b}\r\n\
             Content-Disposition: form-data; name=\"doc\"; filename=\"d.csv\"\r\n\
             Content-Type: text/csv\r\n\
             \r\n\
             a,b\r\n\r\n\
             --{b}--\r\n",
            b = FIRST_BOUNDARY
        );
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }

    #[test]
    fn encode_an_empty_form() {
        let (boundary, bytes) = Multipart::new().encode();
        assert_eq!(boundary, FIRST_BOUNDARY);
        assert_eq!(bytes, format!("--{FIRST_BOUNDARY}--\r\n").into_bytes());
    }

    #[test]
    fn encode_keeps_binary_bytes_as_they_are() {
        let all: Vec<u8> = (0..=255u8).collect();
        let mut form = Multipart::new();
        form.file("bin", &Upload::new(all.clone()));
        let (_, bytes) = form.encode();
        assert!(bytes.windows(all.len()).any(|w| w == all.as_slice()));
    }

    #[test]
    fn encode_picks_a_boundary_that_occurs_in_no_part() {
        let mut form = Multipart::new();
        form.field("a", &format!("text with --{FIRST_BOUNDARY} inside"))
            .unwrap();
        let (boundary, bytes) = form.encode();
        assert_ne!(boundary, FIRST_BOUNDARY);
        assert_eq!(
            boundary,
            format!("forge-boundary-{:016x}", 1442695040888963407u64)
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with(&format!("--{boundary}\r\n")));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert!(text.contains(&format!("text with --{FIRST_BOUNDARY} inside")));
        // The chosen boundary is not in the part.
        assert!(!form.parts[0]
            .bytes
            .windows(boundary.len())
            .any(|w| w == boundary.as_bytes()));
    }

    #[test]
    fn encode_keeps_trying_until_no_part_clashes() {
        let second = format!("forge-boundary-{:016x}", 1442695040888963407u64);
        let mut form = Multipart::new();
        form.field("a", FIRST_BOUNDARY).unwrap();
        form.file("b", &Upload::new(second.clone()));
        let (boundary, _) = form.encode();
        assert_ne!(boundary, FIRST_BOUNDARY);
        assert_ne!(boundary, second);
        assert!(boundary.starts_with("forge-boundary-"));
        assert_eq!(boundary.len(), FIRST_BOUNDARY.len());
    }

    #[test]
    fn encode_escapes_quotes_and_line_breaks_in_names() {
        let mut form = Multipart::new();
        form.file(
            "we\"ird\r\nname",
            &Upload::new("x")
                .with_file_name("a\"b\nc.txt")
                .with_content_type("text/plain\r\nX-Evil: 1"),
        );
        let (_, bytes) = form.encode();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("Content-Disposition: form-data; name=\"we%22ird%0D%0Aname\"; filename=\"a%22b%0Ac.txt\"\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Content-Type: text/plain%0D%0AX-Evil: 1\r\n"),
            "{text}"
        );
        assert!(!text.contains("\r\nX-Evil"));
    }

    #[test]
    fn request_multipart_sets_the_content_type_and_body() {
        let mut form = Multipart::new();
        form.field("a", "1").unwrap();
        let (_, expected) = form.encode();
        let mut req = Request::new(::reqwest::Method::POST, "http://example.test");
        req.multipart(form).unwrap();
        assert_eq!(
            req.headers["content-type"].to_str().unwrap(),
            format!("multipart/form-data; boundary={FIRST_BOUNDARY}")
        );
        assert_eq!(req.body, Some(expected));
    }

    /// Parses a multipart body with axum's parser and lists its parts as JSON.
    async fn parse(mut multipart: ::axum::extract::Multipart) -> String {
        let mut seen = Vec::new();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().map(str::to_owned);
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.unwrap();
            seen.push(json!([name, file_name, content_type, bytes.to_vec()]));
        }
        ::serde_json::Value::Array(seen).to_string()
    }

    #[tokio::test]
    async fn a_real_multipart_parser_reads_every_part() {
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap();
        let address = listener.local_addr().unwrap();
        let app = ::axum::Router::new().route("/upload", ::axum::routing::post(parse));
        ::tokio::spawn(async move { ::axum::serve(listener, app).await.unwrap() });

        let mut form = Multipart::new();
        form.field("title", "Q3 report ✓").unwrap();
        form.field("count", &2).unwrap();
        form.field("meta", &json!({"k": "v"})).unwrap();
        form.file(
            "files",
            &vec![
                Upload::new(vec![0u8, 13, 10, 45, 45, 255]).with_file_name("a.bin"),
                Upload::new("x,y\n")
                    .with_file_name("b.csv")
                    .with_content_type("text/csv"),
            ],
        );
        form.field("tags", &["p", "q"]).unwrap();
        let mut req = Request::new(::reqwest::Method::POST, &format!("http://{address}"));
        req.path("/upload");
        req.multipart(form).unwrap();
        let http = ::reqwest::Client::builder().no_proxy().build().unwrap();
        let response = req.send(&http, &super::client_request_tests::once()).await.unwrap();
        assert_eq!(
            response.status,
            ::reqwest::StatusCode::OK,
            "{}",
            response.text()
        );
        let seen: Vec<Parsed> = response.json("parts").unwrap();
        let expected: Vec<Parsed> = vec![
            (
                "title".to_owned(),
                None,
                None,
                "Q3 report ✓".as_bytes().to_vec(),
            ),
            ("count".to_owned(), None, None, b"2".to_vec()),
            (
                "meta".to_owned(),
                None,
                Some("application/json".to_owned()),
                br#"{"k":"v"}"#.to_vec(),
            ),
            (
                "files".to_owned(),
                Some("a.bin".to_owned()),
                Some("application/octet-stream".to_owned()),
                vec![0, 13, 10, 45, 45, 255],
            ),
            (
                "files".to_owned(),
                Some("b.csv".to_owned()),
                Some("text/csv".to_owned()),
                b"x,y\n".to_vec(),
            ),
            ("tags".to_owned(), None, None, b"p".to_vec()),
            ("tags".to_owned(), None, None, b"q".to_vec()),
        ];
        assert_eq!(seen, expected);
    }
}
