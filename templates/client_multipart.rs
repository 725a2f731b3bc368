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
