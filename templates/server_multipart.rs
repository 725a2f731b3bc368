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
        let request = ::axum::http::Request::builder()
            .header(::axum::http::header::CONTENT_TYPE, content_type)
            .body(::axum::body::Body::from(bytes))
            .map_err(|e| Rejection::new(RejectionKind::Malformed, e.to_string()))?;
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
            ::std::option::Option::Some(value) => decode_param(value, "body", name, check).map(::std::option::Option::Some),
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
